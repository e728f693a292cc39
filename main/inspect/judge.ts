import type { CheckRow } from '../api/contract';
import {
  caseItems,
  checkTimeline,
  evaluateCase,
  parsePack,
  reviewSchedule,
  runArchiveChecks,
  archiveCheckViews,
  checkRowPoints,
  type ArchiveCheckView,
  type CaseCompleteness,
  type CaseDocument,
  type CaseInput,
  type Pack,
} from '../domain/checklist';
import type { CaseMetadata, PackageMetadata } from '../export/metadataSchema';
import { caseDates } from '../domain/checklist';

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
}

function caseInput(c: CaseMetadata): CaseInput {
  return {
    id: String(c.sourceId),
    assistanceType: c.assistanceType,
    facts: c.facts,
    dates: caseDates(c),
    dateSources: c.dateSources,
    careMode: c.careMode,
    closedOn: c.closedOn,
  };
}

/** Documents of this case: filed to it, or filed to no case with one of its items (as checkArchive does). */
function caseDocuments(pack: Pack, c: CaseMetadata, m: PackageMetadata): CaseDocument[] {
  const codes = new Set(caseItems(pack, c.assistanceType).map((i) => i.code));
  return m.documents
    .filter((d) => d.itemCode !== null && (d.caseSourceId === c.sourceId || (d.caseSourceId === null && codes.has(d.itemCode))))
    .map((d) => ({ id: String(d.sourceId), itemCode: d.itemCode ?? '', pages: d.pageIds, confirmed: d.confirmed }));
}

export function judgePackage(m: PackageMetadata, today: string): JudgedCase[] {
  const pack = parsePack(m.checklist.pack);
  const facts = m.household.facts;
  return m.cases.map((c) => {
    const input = caseInput(c);
    const documents = caseDocuments(pack, c, m);
    const result = evaluateCase(pack, input, documents, facts);
    const records = m.archiveCheckRecords.filter((r) => r.caseSourceId === c.sourceId);
    const archiveChecks = archiveCheckViews(pack, runArchiveChecks(pack, { case: input, documents, householdFacts: facts, completeness: result, today }), records);
    const row: CheckRow = {
      household: m.household.idNumber,
      name: m.household.headName,
      village: m.source.village,
      assistance: c.assistanceType,
      status: result.status,
      missing: result.missing,
      unconfirmed: result.unconfirmed,
      timeline: checkTimeline(pack, input).map(({ check, ok, detail }) => ({ check, ok, detail })),
      nextReview: reviewSchedule(pack, input, facts, today)?.dueOn ?? null,
      archiveChecks: checkRowPoints(archiveChecks),
    };
    return { row, result, archiveChecks };
  });
}
