import type { CheckRow } from '../api/contract';
import {
  caseItems,
  caseSteps,
  caseTimeline,
  evaluateCase,
  parsePack,
  reviewSchedule,
  statusWithTimeline,
  workCalendar,
  runArchiveChecks,
  archiveCheckViews,
  checkRowPoints,
  type ArchiveCheckView,
  type CaseCompleteness,
  type CaseDocument,
  type CaseInput,
  type Pack,
  type WorkCalendar,
} from '../domain/checklist';
import type { CaseMetadata, PackageMetadata } from '../export/metadataSchema';
import { caseDates } from '../domain/checklist';
import { isExitedCase } from '../domain/retention';
import { beijingDateOf } from '../domain/beijingDate';
import { birthDateOf } from '../domain/idNumber';

/**
 * Judges a household again from its package alone: the checklist pack the
 * town used (recorded in the package) and the pure engines of
 * main/domain/checklist, exactly as `check` does against the database.
 */

export interface JudgedCase {
  row: CheckRow;
  result: CaseCompleteness;
  /** The 附件7 points on the inspection day, with the results the town recorded (carried in the package). */
  archiveChecks: ArchiveCheckView[];
  /** Why the next 动态核查 falls when it does (the household view shows it under the checklist). */
  reviewDetail: string | null;
}

function caseInput(c: CaseMetadata, calendar: WorkCalendar, headIdNumber: string): CaseInput {
  return {
    id: String(c.sourceId),
    assistanceType: c.assistanceType,
    facts: c.facts,
    dates: caseDates(c),
    dateSources: c.dateSources,
    careMode: c.careMode,
    closedOn: c.closedOn,
    calendar,
    // As the town judged it: the head's birth date (none in a masked package, where age waives nothing).
    applicantBirthDate: birthDateOf(headIdNumber),
    registeredOn: beijingDateOf(c.createdAt),
    ...caseSteps(c),
  };
}

/** Documents of this case: filed to it, or filed to no case with one of its items (as checkArchive does). */
function caseDocuments(pack: Pack, c: CaseMetadata, m: PackageMetadata): CaseDocument[] {
  const codes = new Set(caseItems(pack, c.assistanceType).map((i) => i.code));
  return m.documents
    .filter((d) => d.itemCode !== null && (d.caseSourceId === c.sourceId || (d.caseSourceId === null && codes.has(d.itemCode))))
    .map((d) => ({ id: String(d.sourceId), itemCode: d.itemCode ?? '', pages: d.pageIds, confirmed: d.confirmed, datedOn: d.docDate ?? beijingDateOf(d.createdAt) }));
}

/** The 保管期满 of the household's latest exit, as `check` shows it on an exited file's rows. */
export function retentionUntil(m: PackageMetadata): string | null {
  const latest = [...m.exits].sort((a, b) => (a.exitedOn < b.exitedOn ? -1 : a.exitedOn > b.exitedOn ? 1 : a.sourceId - b.sourceId)).at(-1);
  return latest?.retentionUntil ?? null;
}

export function judgePackage(m: PackageMetadata, today: string): JudgedCase[] {
  const pack = parsePack(m.checklist.pack);
  const facts = m.household.facts;
  // The town's imported holiday tables, carried in the package: working days are counted as the town counted them.
  const calendar = workCalendar(m.holidays ?? []);
  return m.cases.map((c) => {
    const input = caseInput(c, calendar, m.household.idNumber);
    const documents = caseDocuments(pack, c, m);
    const result = evaluateCase(pack, input, documents, facts);
    const timeline = caseTimeline(pack, input, documents, today).map(({ check, ok, detail }) => ({ check, ok, detail }));
    const records = m.archiveCheckRecords.filter((r) => r.caseSourceId === c.sourceId);
    const archiveChecks = archiveCheckViews(pack, runArchiveChecks(pack, { case: input, documents, householdFacts: facts, completeness: result, today }), records);
    const review = reviewSchedule(pack, input, facts, today);
    const row: CheckRow = {
      household: m.household.idNumber,
      name: m.household.headName,
      village: m.source.village,
      assistance: c.assistanceType,
      status: statusWithTimeline(result.status, timeline),
      missing: result.missing,
      unconfirmed: result.unconfirmed,
      timeline,
      nextReview: review?.dueOn ?? null,
      archiveChecks: checkRowPoints(archiveChecks),
      ...(isExitedCase(m.household.status, c.closedOn) ? { exited: true as const, retentionUntil: retentionUntil(m) } : {}),
    };
    return { row, result, archiveChecks, reviewDetail: review?.detail ?? null };
  });
}
