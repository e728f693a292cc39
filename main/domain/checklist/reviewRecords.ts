/**
 * The records of each review (定期核查). 天津通知(三)：“根据定期核查结果,填写《社会救助定期核查表》,
 * 连同核对报告一并存入审核确认档案。” — a review needs its record and a new 核对报告 in the file.
 *
 * Item names are the pack's: it has no item called 社会救助定期核查表. Its review record is
 * the item its 附件7 review check points at (开原 附件8 第十八项 最低生活保障对象动态管理记录,
 * so 低保 only); the 核对报告 is the item named 居民家庭经济状况核对报告 on each list. A
 * document counts for the latest review when it is dated on or after it: the date on the
 * paper (文件日期) where recorded, else the day it was filed.
 */
import type { CaseDocument, CaseInput } from './caseTypes';
import { isIsoDate } from './dates';
import { caseItems } from './lists';
import type { ChecklistItem, Pack } from './packSchema';
import type { TimelineCheck } from './timeline';

/** The 核对报告's name on the pack's lists (verbatim). */
export const VERIFICATION_REPORT = '居民家庭经济状况核对报告';

/** The items each review must leave in the file, in checklist order. */
export function reviewRecordItems(pack: Pack, type: CaseInput['assistanceType']): ChecklistItem[] {
  const points = (pack.archiveChecks?.items ?? []).filter((c) => c.mode === 'automated' && c.engineCheck === 'reviewRecords');
  const records = new Set(points.flatMap((c) => (c.mode === 'automated' ? (c.items ?? []) : [])));
  return caseItems(pack, type).filter((i) => records.has(i.code) || i.name === VERIFICATION_REPORT);
}

type ItemState = 'ok' | 'unconfirmed' | 'undated' | 'missing';

function itemState(item: ChecklistItem, documents: readonly CaseDocument[], reviewedOn: string): { state: ItemState; text: string } {
  const docs = documents.filter((d) => d.itemCode === item.code);
  const after = docs.filter((d) => typeof d.datedOn === 'string' && d.datedOn >= reviewedOn);
  const latest = after.map((d) => d.datedOn as string).sort().at(-1);
  if (after.some((d) => d.confirmed)) return { state: 'ok', text: `《${item.name}》已归档（${latest}）` };
  if (after.length > 0) return { state: 'unconfirmed', text: `《${item.name}》已有文件（${latest}），但分类尚未确认` };
  if (docs.some((d) => !d.datedOn)) return { state: 'undated', text: `《${item.name}》的文件没有日期，无法判断是否为本次复核所作` };
  return { state: 'missing', text: `《${item.name}》复核后未归档` };
}

/** One row for the latest review of a case that is reviewed at all (not a 不予确认 application); none before the first review. */
export function reviewRecordChecks(pack: Pack, input: CaseInput, documents: readonly CaseDocument[]): TimelineCheck[] {
  const reviewedOn = input.dates?.lastReviewOn;
  if (!isIsoDate(reviewedOn) || !pack.review.appliesTo.includes(input.assistanceType) || input.outcome === '不予确认') return [];
  const items = reviewRecordItems(pack, input.assistanceType);
  if (items.length === 0) return [];
  const states = items.map((item) => itemState(item, documents, reviewedOn));
  const ok = states.some((s) => s.state === 'missing') ? false : states.every((s) => s.state === 'ok') ? true : null;
  return [
    {
      kind: 'review',
      check: `定期核查材料：每次复核后归档${items.map((i) => `《${i.name}》`).join('和')}`,
      ok,
      detail: `最近复核日期 ${reviewedOn}：${states.map((s) => s.text).join('；')}${ok === false ? '（天津通知(三)：核查表连同核对报告一并存入审核确认档案）' : ''}`,
    },
  ];
}
