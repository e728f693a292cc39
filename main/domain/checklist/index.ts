/**
 * Checklist domain (pure, no I/O): the pack format and the engines that judge
 * a household file against it — completeness (要件齐全), timeline (时间逻辑
 * and 时限), dynamic review scheduling (动态复核), archive-management checks
 * (附件7) and pack comparison. Loading packs from disk lives in main/checklist.
 */
export {
  parsePack,
  packSchema,
  PACK_ERROR_PREFIX,
  type Pack,
  type ChecklistItem,
  type ItemRule,
  type Annex,
  type TownRegister,
  type ArchiveCheck,
  type ProcessStep,
  type Condition,
} from './packSchema';
export {
  DATE_FIELDS,
  DATE_FIELD_LABELS,
  ENGINE_CHECKS,
  ENGINE_CHECK_IDS,
  type DateField,
  type EngineCheckId,
} from './vocabulary';
export type { CaseInput, CaseDocument, CaseDates, DateSources, Facts, CareMode, CaseOutcome, CaseSteps } from './caseTypes';
export { caseDates, caseSteps } from './caseTypes';
export { evaluateCondition, conditionFacts, describeCondition, type FactValue } from './conditions';
export { resolveFacts } from './facts';
export {
  evaluateCase,
  evaluateHousehold,
  WAITING_REASON,
  type ItemStatus,
  type CaseStatus,
  type ItemResult,
  type Evidence,
  type CaseCompleteness,
  type HouseholdInput,
  type HouseholdCompleteness,
} from './completeness';
export { reviewRecordChecks, reviewRecordItems, VERIFICATION_REPORT } from './reviewRecords';
export { AMOUNT_FACT, AMOUNT_THRESHOLD, DELIBERATION_FACT, recordedFacts } from './facts';
export { checkTimeline, caseTimeline, settleTimeline, orderFields, isEmergency, statusWithTimeline, type TimelineCheck, type TimelineCheckKind, type TimelineInput } from './timeline';
export { nextReviewDate, isOverdue, reviewSchedule, type ReviewSchedule } from './review';
export { diffPacks, type PackDiff, type ListDiff, type ItemRef } from './packDiff';
export {
  runArchiveChecks,
  judgeArchiveChecks,
  settleArchiveChecks,
  archiveChecksApply,
  rememberArchiveChecks,
  recallArchiveChecks,
  type RememberedArchiveChecks,
  type ArchiveCheckInput,
  type ArchiveCheckOutcome,
  type ArchiveCheckResult,
  type PendingArchiveCheck,
} from './archiveChecks';
export {
  archiveCheckViews,
  archiveCheckCode,
  checkRowPoints,
  combinedState,
  describeRecord,
  recordRefusal,
  STATE_LABELS,
  type ArchiveCheckRecord,
  type ArchiveCheckState,
  type ArchiveCheckView,
  type RecordedState,
} from './archiveCheckState';
export { archiveCheckLabel, type ArchiveCheckLabel } from './archiveCheckState';
export { coveredYears, isYearCovered, workCalendar, type HolidayDay, type HolidayKind, type WorkCalendar } from './workdays';
export { isIsoDate, addMonths, daysInclusive } from './dates';
export { caseItems, findItem } from './lists';
export { factKeys, parseFactValue, factValueLabel, FACT_VALUE_WORDS, type FactKeyView } from './factKeys';
