/**
 * Dynamic review scheduling (动态管理/定期核查): when is the next review of a
 * household due? Base date is the last review, else the confirmation date.
 * Only a fact known to be true shortens the interval; an unknown fact keeps
 * the default so households are not flagged on a guess.
 */
import type { CaseInput, Facts } from './caseTypes';
import { evaluateCondition } from './conditions';
import { addMonths, isIsoDate } from './dates';
import { resolveFacts } from './facts';
import type { Pack } from './packSchema';
import { DATE_FIELD_LABELS } from './vocabulary';

export interface ReviewSchedule {
  dueOn: string;
  intervalMonths: number;
  basisField: 'lastReviewOn' | 'confirmedOn';
  basisDate: string;
  /** Chinese explanation, e.g. "最近复核日期 2025-03-01 起每 6 个月复核一次…". */
  detail: string;
}

function assertToday(today: string): void {
  if (!isIsoDate(today)) throw new Error(`当前日期格式错误：“${today}”，应为 YYYY-MM-DD`);
}

/** A case is closed once its closing date has come; a closed case has no review due. */
export function isClosed(caseInput: Pick<CaseInput, 'closedOn'>, today: string): boolean {
  const closedOn = caseInput.closedOn;
  return typeof closedOn === 'string' && closedOn !== '' && closedOn <= today;
}

function intervalFor(pack: Pack, caseInput: CaseInput, facts: Facts): { months: number; why: string } {
  const resolved = resolveFacts(pack, caseInput, facts);
  for (const o of pack.review.overrides) {
    if (o.assistanceType === caseInput.assistanceType && evaluateCondition(o.when, resolved) === true) {
      return { months: o.intervalMonths, why: '符合缩短复核周期的条件' };
    }
  }
  return { months: pack.review.defaultIntervalMonths, why: '一般复核周期' };
}

/** Full schedule with its reasoning; null when there is nothing to schedule. */
export function reviewSchedule(pack: Pack, caseInput: CaseInput, facts: Facts, today: string): ReviewSchedule | null {
  assertToday(today);
  if (!pack.review.appliesTo.includes(caseInput.assistanceType) || isClosed(caseInput, today)) return null;
  // 不予确认: the applicant is not on the rolls, so there is nobody to review (天津通知(一)3 发放不予确认通知书).
  if (caseInput.outcome === '不予确认') return null;
  const last = caseInput.dates?.lastReviewOn;
  const confirmed = caseInput.dates?.confirmedOn;
  const basisField = isIsoDate(last) ? 'lastReviewOn' : isIsoDate(confirmed) ? 'confirmedOn' : null;
  if (!basisField) return null;
  const basisDate = caseInput.dates?.[basisField] as string;
  const { months, why } = intervalFor(pack, caseInput, facts);
  const dueOn = addMonths(basisDate, months);
  return {
    dueOn,
    intervalMonths: months,
    basisField,
    basisDate,
    detail: `${DATE_FIELD_LABELS[basisField]} ${basisDate} 起每 ${months} 个月复核一次（${why}），下次复核应于 ${dueOn} 前完成`,
  };
}

export function nextReviewDate(pack: Pack, caseInput: CaseInput, facts: Facts, today: string): string | null {
  return reviewSchedule(pack, caseInput, facts, today)?.dueOn ?? null;
}

/** Overdue once today is past the due date (the due date itself is still on time). */
export function isOverdue(pack: Pack, caseInput: CaseInput, facts: Facts, today: string): boolean {
  const due = nextReviewDate(pack, caseInput, facts, today);
  return due !== null && today > due;
}
