/**
 * Runs the archive-management checks (附件7) of a pack on one case. Checks the
 * pack marks "automated" are decided by the engines; "manual" ones are listed
 * for an inspector, who records pass/fail with a note elsewhere.
 */
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { evaluateCase, type CaseCompleteness } from './completeness';
import type { ArchiveCheck, Pack } from './packSchema';
import { isClosed, reviewSchedule } from './review';
import { reviewRecordChecks } from './reviewRecords';
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
  /** Items a page waiting in the review inbox could be: 待确认, not 缺件 (as `check` judges them). */
  waiting?: readonly string[];
  /** The case's completeness when the caller has judged it already (saves judging it twice). */
  completeness?: CaseCompleteness;
  today: string;
}

/**
 * An outcome before the day is known: the 动态复核 check (reviewRecords)
 * keeps the review schedule apart, as if the case were open, so an answer
 * remembered today can be finished on any later day (settleArchiveChecks).
 */
export interface PendingArchiveCheck extends ArchiveCheckOutcome {
  review?: { dueOn: string; detail: string };
}

interface Context {
  pack: Pack;
  input: Omit<ArchiveCheckInput, 'today'>;
  completeness: CaseCompleteness;
  timeline: TimelineCheck[];
}

type Decision = { result: ArchiveCheckResult; detail: string; review?: PendingArchiveCheck['review'] };

/** Today only decides whether a case is closed yet; the schedule is judged as if open and closure applied when settling. */
const ANY_DAY = '2000-01-01';

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
  // The latest review's own records (its 动态管理记录 and a new 核对报告, reviewRecords.ts) count as well as the items being on file.
  const records = reviewRecordChecks(ctx.pack, ctx.input.case, ctx.input.documents)[0];
  const listed = fromItems(ctx, codes);
  const items: Decision =
    !records || records.ok === true || listed.result === '不通过'
      ? listed
      : { result: records.ok === false ? '不通过' : listed.result === '通过' ? '待确认' : listed.result, detail: `${listed.detail}；${records.detail}` };
  const { pack, input } = ctx;
  const schedule = reviewSchedule(pack, { ...input.case, closedOn: null }, input.householdFacts ?? {}, ANY_DAY);
  return schedule ? { ...items, review: { dueOn: schedule.dueOn, detail: schedule.detail } } : items;
}

/** Overdue once today is past the due date (the due date itself is still on time), as review.ts says. */
function settleReview(check: PendingArchiveCheck, today: string, closed: boolean): ArchiveCheckOutcome {
  const { review, ...outcome } = check;
  if (!review || closed) return outcome;
  if (today > review.dueOn) return { ...outcome, result: '不通过', detail: `${outcome.detail}；复核已逾期：${review.detail}` };
  return { ...outcome, detail: `${outcome.detail}；${review.detail}` };
}

const manualDecision = (check: ArchiveCheck): Decision => ({ result: '人工检查', detail: check.note ?? '需人工检查并记录结果' });

function decide(check: ArchiveCheck, ctx: Context): Decision {
  if (check.mode === 'manual') return manualDecision(check);
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

/** Whether a pack's 附件7 checks apply to a case of this type. */
export function archiveChecksApply(pack: Pack, type: CaseInput['assistanceType']): boolean {
  return pack.archiveChecks?.appliesTo.includes(type) ?? false;
}

/** The day-independent outcomes of a case (what `check` remembers); empty when the pack has none for its type. */
export function judgeArchiveChecks(pack: Pack, input: Omit<ArchiveCheckInput, 'today'>): PendingArchiveCheck[] {
  const checks = pack.archiveChecks;
  if (!checks || !archiveChecksApply(pack, input.case.assistanceType)) return [];
  const ctx: Context = {
    pack,
    input,
    completeness: input.completeness ?? evaluateCase(pack, input.case, input.documents, input.householdFacts ?? {}, input.waiting ?? []),
    timeline: checkTimeline(pack, input.case),
  };
  return checks.items.map((check) => ({ no: check.no, name: check.name, mode: check.mode, ...decide(check, ctx) }));
}

/** What `check` remembers per case: the automated outcomes only (the manual ones follow from the pack). */
export type RememberedArchiveChecks = Pick<PendingArchiveCheck, 'no' | 'result' | 'detail' | 'review'>[];

export function rememberArchiveChecks(pending: readonly PendingArchiveCheck[]): RememberedArchiveChecks {
  return pending.filter((c) => c.mode === 'automated').map(({ no, result, detail, review }) => ({ no, result, detail, ...(review ? { review } : {}) }));
}

/** The pending outcomes again from what was remembered, with the manual points from the pack. */
export function recallArchiveChecks(pack: Pack, type: CaseInput['assistanceType'], remembered: RememberedArchiveChecks): PendingArchiveCheck[] {
  const checks = pack.archiveChecks;
  if (!checks || !archiveChecksApply(pack, type)) return [];
  const byNo = new Map(remembered.map((r) => [r.no, r]));
  return checks.items.map((check) => {
    const known = check.mode === 'automated' ? byNo.get(check.no) : undefined;
    const decision: Decision = known ?? (check.mode === 'manual' ? manualDecision(check) : { result: '待确认', detail: '尚未检查，请稍后再看' });
    return { no: check.no, name: check.name, mode: check.mode, ...decision };
  });
}

/** Finishes remembered outcomes on a given day: a review past due fails; a closed case has none due. */
export function settleArchiveChecks(pending: readonly PendingArchiveCheck[], today: string, closedOn: string | null | undefined): ArchiveCheckOutcome[] {
  const closed = isClosed({ closedOn }, today);
  return pending.map((check) => settleReview(check, today, closed));
}

/** Empty when the pack has no archive checks for this assistance type. */
export function runArchiveChecks(pack: Pack, input: ArchiveCheckInput): ArchiveCheckOutcome[] {
  return settleArchiveChecks(judgeArchiveChecks(pack, input), input.today, input.case.closedOn);
}
