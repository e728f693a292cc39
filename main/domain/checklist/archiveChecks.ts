/**
 * Runs the archive-management checks (附件7) of a pack on one case. Checks the
 * pack marks "automated" are decided by the engines; "manual" ones are listed
 * for an inspector, who records pass/fail with a note elsewhere.
 */
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { evaluateCase, type CaseCompleteness } from './completeness';
import type { ArchiveCheck, Pack } from './packSchema';
import { isOverdue, reviewSchedule } from './review';
import { checkTimeline, type TimelineCheck, type TimelineCheckKind } from './timeline';

export type ArchiveCheckResult = '通过' | '不通过' | '待确认' | '人工检查';

export interface ArchiveCheckOutcome {
  no: number;
  name: string;
  mode: ArchiveCheck['mode'];
  result: ArchiveCheckResult;
  detail: string;
}

export interface ArchiveCheckInput {
  case: CaseInput;
  documents: readonly CaseDocument[];
  householdFacts?: Facts;
  today: string;
}

interface Context {
  pack: Pack;
  input: ArchiveCheckInput;
  completeness: CaseCompleteness;
  timeline: TimelineCheck[];
}

type Decision = { result: ArchiveCheckResult; detail: string };

function fromTimeline(ctx: Context, kinds: TimelineCheckKind[], none: string): Decision {
  const checks = ctx.timeline.filter((c) => kinds.includes(c.kind));
  if (!checks.some((c) => c.kind === kinds[0])) return { result: '待确认', detail: none };
  const failed = checks.filter((c) => c.ok === false);
  if (failed.length > 0) return { result: '不通过', detail: failed.map((c) => c.detail).join('；') };
  // A time limit in a year whose holidays are not imported is an open question, never a failure.
  const pending = checks.filter((c) => c.ok === null);
  if (pending.length > 0) return { result: '待确认', detail: pending.map((c) => c.detail).join('；') };
  return { result: '通过', detail: checks.map((c) => c.detail).join('；') };
}

function fromItems(ctx: Context, codes: readonly string[]): Decision {
  const items = ctx.completeness.items.filter((i) => codes.includes(i.code));
  const text = items.map((i) => `${i.name}：${i.status}（${i.reason}）`).join('；');
  if (items.some((i) => i.status === '缺件')) return { result: '不通过', detail: text };
  if (items.some((i) => i.status === '待确认')) return { result: '待确认', detail: text };
  return { result: '通过', detail: text };
}

function completenessDecision(c: CaseCompleteness): Decision {
  if (c.status === '缺件') return { result: '不通过', detail: `缺件：${c.missing.join('、')}` };
  if (c.status === '待确认') return { result: '待确认', detail: `待确认：${c.unconfirmed.join('、')}` };
  return { result: '通过', detail: '要件清单所列适用材料均已归档' };
}

function reviewDecision(ctx: Context, codes: readonly string[]): Decision {
  const items = fromItems(ctx, codes);
  const { pack, input } = ctx;
  const facts = input.householdFacts ?? {};
  const schedule = reviewSchedule(pack, input.case, facts, input.today);
  if (!schedule) return items;
  if (isOverdue(pack, input.case, facts, input.today)) {
    return { result: '不通过', detail: `${items.detail}；复核已逾期：${schedule.detail}` };
  }
  return { ...items, detail: `${items.detail}；${schedule.detail}` };
}

function decide(check: ArchiveCheck, ctx: Context): Decision {
  if (check.mode === 'manual') return { result: '人工检查', detail: check.note ?? '需人工检查并记录结果' };
  switch (check.engineCheck) {
    case 'completeness':
      return completenessDecision(ctx.completeness);
    case 'timelineOrder':
      return fromTimeline(ctx, ['order', 'missing', 'format'], '登记的关键日期不足两个，无法判断先后顺序');
    case 'deadlines':
      return fromTimeline(ctx, ['workingDays'], '缺少计算时限所需的日期，无法判断');
    case 'itemsPresent':
      return fromItems(ctx, check.items ?? []);
    case 'reviewRecords':
      return reviewDecision(ctx, check.items ?? []);
    default:
      return { result: '人工检查', detail: `未知的自动检查“${check.engineCheck}”，请人工检查` };
  }
}

/** Empty when the pack has no archive checks for this assistance type. */
export function runArchiveChecks(pack: Pack, input: ArchiveCheckInput): ArchiveCheckOutcome[] {
  const checks = pack.archiveChecks;
  if (!checks || !checks.appliesTo.includes(input.case.assistanceType)) return [];
  const ctx: Context = {
    pack,
    input,
    completeness: evaluateCase(pack, input.case, input.documents, input.householdFacts ?? {}),
    timeline: checkTimeline(pack, input.case),
  };
  return checks.items.map((check) => ({ no: check.no, name: check.name, mode: check.mode, ...decide(check, ctx) }));
}
