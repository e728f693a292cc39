import {
  caseDates,
  caseItems,
  caseSteps,
  caseTimeline,
  evaluateCase,
  judgeArchiveChecks,
  rememberArchiveChecks,
  reviewSchedule,
  statusWithTimeline,
  workCalendar,
  type CaseDocument,
  type CaseInput,
  type Facts,
  type Pack,
  type WorkCalendar,
} from '../domain/checklist';
import type { AssistanceType } from '../domain/assistance';
import { beijingDateOf } from '../domain/beijingDate';
import { birthDateOf } from '../domain/idNumber';
import { candidateItems } from '../domain/classify';
import type { AssistanceCase, CaseCheckTable } from '../db/schema';
import type { DocumentRecord, HouseholdRecord, JudgeRecords, WaitingPageRecord } from './judge';

/**
 * From loaded records to judgements, with no I/O: pairs every case with its
 * pack, facts and documents, and turns judgements into the rows remembered in
 * case_check. Runs on the main thread or on a worker thread (judgeWorker.ts).
 */

export interface Judged {
  household: HouseholdRecord;
  record: AssistanceCase;
  packKey: string;
  pack: Pack;
  input: CaseInput;
  facts: Facts;
  documents: CaseDocument[];
  /** Item codes the household's pages in the review inbox could be: 待确认, not 缺件, while they wait. */
  waiting: string[];
}

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const group = map.get(key(row));
    if (group) group.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

function toCaseInput(c: AssistanceCase, calendar: WorkCalendar, headIdNumber: string): CaseInput {
  return {
    id: String(c.id),
    assistanceType: c.assistanceType,
    facts: JSON.parse(c.facts) as Facts,
    dates: caseDates(c),
    dateSources: JSON.parse(c.dateSources) as CaseInput['dateSources'],
    careMode: c.careMode,
    closedOn: c.closedOn,
    calendar,
    // The applicant is the household's head (户主): items the pack waives by age go by the birth date in that ID.
    applicantBirthDate: birthDateOf(headIdNumber),
    registeredOn: beijingDateOf(c.createdAt),
    ...caseSteps(c),
  };
}

/** The item codes of a case type, once per pack and type rather than once per case. */
const codesByPack = new WeakMap<Pack, Map<AssistanceType, Set<string>>>();

function itemCodes(pack: Pack, type: AssistanceType): Set<string> {
  let byType = codesByPack.get(pack);
  if (!byType) codesByPack.set(pack, (byType = new Map()));
  let codes = byType.get(type);
  if (!codes) byType.set(type, (codes = new Set(caseItems(pack, type).map((i) => i.code))));
  return codes;
}

/** A household's documents that belong to this case: filed to it, or unfiled with one of its item codes. */
function caseDocuments(pack: Pack, c: AssistanceCase, docs: DocumentRecord[]): CaseDocument[] {
  const codes = itemCodes(pack, c.assistanceType);
  return docs
    .filter((d) => d.caseId === c.id || (d.caseId === null && codes.has(d.itemCode)))
    .map((d) => ({
      id: String(d.id),
      itemCode: d.itemCode,
      pages: d.pageIds ? d.pageIds.split(',').map(Number) : [],
      confirmed: d.confirmed === 1,
      // The date on the paper where a clerk recorded it, else the Beijing day it was filed: what a review's records are dated by.
      datedOn: d.docDate ?? beijingDateOf(d.createdAt),
    }));
}

/** What a household's waiting pages could be, each code once; a page without candidates blocks nothing. */
function waitingItems(pages: WaitingPageRecord[] | undefined): string[] {
  if (!pages) return [];
  return [...new Set(pages.flatMap((p) => candidateItems(p.suggestions, p.classification)))];
}

export function pairCases({ households, cases, documents, waiting, packs, holidays }: JudgeRecords): Judged[] {
  const calendar = workCalendar(holidays);
  const casesOf = groupBy(cases, (c) => c.householdId);
  const docsOf = groupBy(documents, (d) => d.householdId);
  const waitingOf = groupBy(waiting, (p) => p.householdId);
  const judged: Judged[] = [];
  for (const { packKey, ...household } of households) {
    const pack = packs[packKey] as Pack;
    const facts = JSON.parse(household.facts) as Facts;
    const records = casesOf.get(household.id) ?? [];
    const items = records.length > 0 ? waitingItems(waitingOf.get(household.id)) : [];
    for (const record of records) {
      const input = toCaseInput(record, calendar, household.idNumber);
      judged.push({ household, record, packKey, pack, input, facts, documents: caseDocuments(pack, record, docsOf.get(household.id) ?? []), waiting: items });
    }
  }
  return judged;
}

/** The rows `check` shows; without `today` (remembered answers) an open step keeps its `pending` day for settleTimeline. */
export const timelineRows = (pack: Pack, input: CaseInput, documents: readonly CaseDocument[], today?: string) =>
  caseTimeline(pack, input, documents, today).map(({ check, ok, detail, pending }) => ({ check, ok, detail, ...(pending ? { pending } : {}) }));

/** Today only decides whether a case is closed yet, so the due date is kept as if open and closure is applied on reading. */
const ANY_DAY = '2000-01-01';

/** The rows case_check remembers for these households. */
export function caseCheckRows(records: JudgeRecords): CaseCheckTable[] {
  return pairCases(records).map(({ household, record, pack, input, facts, documents, waiting }) => {
    const result = evaluateCase(pack, input, documents, facts, waiting);
    const review = reviewSchedule(pack, { ...input, closedOn: null }, facts, ANY_DAY);
    const timeline = timelineRows(pack, input, documents);
    return {
      caseId: record.id,
      householdId: household.id,
      status: statusWithTimeline(result.status, timeline),
      missing: JSON.stringify(result.missing),
      unconfirmed: JSON.stringify(result.unconfirmed),
      waiting: JSON.stringify(result.waiting),
      timeline: JSON.stringify(timeline),
      reviewDueOn: review?.dueOn ?? null,
      reviewDetail: review?.detail ?? null,
      archiveChecks: JSON.stringify(rememberArchiveChecks(judgeArchiveChecks(pack, { case: input, documents, householdFacts: facts, waiting, completeness: result }))),
    };
  });
}
