import type { Kysely } from 'kysely';
import type { CaseChecklist, CheckRow, OverdueRow } from '../api/contract';
import {
  caseDates,
  caseItems,
  checkTimeline,
  evaluateCase,
  reviewSchedule,
  type CaseDocument,
  type CaseInput,
  type Facts,
  type Pack,
} from '../domain/checklist';
import type { AuditContext } from '../db/audit';
import type { AssistanceCase, Database } from '../db/schema';
import { packResolver } from './packStore';

/**
 * Judges household files against their checklist packs: loads households,
 * cases and documents in a few set-wise queries, then runs the pure engines.
 * The same answers feed the CLI, the UI and (later) the inspector.
 */

interface HouseholdRecord {
  id: number;
  idNumber: string;
  headName: string;
  town: string;
  village: string;
  facts: string;
}

interface DocumentRecord {
  id: number;
  householdId: number;
  caseId: number | null;
  itemCode: string;
  confirmed: number;
  pageIds: string | null;
}

export interface Scope {
  village?: string;
  householdId?: number;
}

async function loadScope(db: Kysely<Database>, scope: Scope) {
  let households = db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.idNumber', 'h.headName', 'h.facts', 't.name as town', 'v.name as village']);
  if (scope.village) households = households.where('v.name', '=', scope.village);
  if (scope.householdId !== undefined) households = households.where('h.id', '=', scope.householdId);
  const hs: HouseholdRecord[] = await households.orderBy('t.name').orderBy('v.name').orderBy('h.id').execute();
  const ids = hs.map((h) => h.id);
  if (ids.length === 0) return { households: hs, cases: [], documents: [] };
  // Whole-archive checks skip the IN list: one scan beats a 50,000-item parameter list.
  const inScope = scope.village || scope.householdId !== undefined;
  let cases = db.selectFrom('assistanceCase').selectAll();
  let documents = db
    .selectFrom('document as d')
    .where('d.checklistItemCode', 'is not', null)
    .select(['d.id', 'd.householdId', 'd.caseId', 'd.checklistItemCode as itemCode', 'd.confirmed'])
    .select((eb) =>
      eb
        .selectFrom('page as p')
        .whereRef('p.documentId', '=', 'd.id')
        .select((e) => e.fn<string>('group_concat', [e.ref('p.id')]).as('ids'))
        .as('pageIds'),
    );
  if (inScope) {
    cases = cases.where('householdId', 'in', ids);
    documents = documents.where('d.householdId', 'in', ids);
  }
  return {
    households: hs,
    cases: await cases.orderBy('id').execute(),
    documents: (await documents.execute()) as DocumentRecord[],
  };
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

function toCaseInput(c: AssistanceCase): CaseInput {
  return {
    id: String(c.id),
    assistanceType: c.assistanceType,
    facts: JSON.parse(c.facts) as Facts,
    dates: caseDates(c),
    dateSources: JSON.parse(c.dateSources) as CaseInput['dateSources'],
    careMode: c.careMode,
    closedOn: c.closedOn,
  };
}

/** A household's documents that belong to this case: filed to it, or unfiled with one of its item codes. */
function caseDocuments(pack: Pack, c: AssistanceCase, docs: DocumentRecord[]): CaseDocument[] {
  const codes = new Set(caseItems(pack, c.assistanceType).map((i) => i.code));
  return docs
    .filter((d) => d.caseId === c.id || (d.caseId === null && codes.has(d.itemCode)))
    .map((d) => ({
      id: String(d.id),
      itemCode: d.itemCode,
      pages: d.pageIds ? d.pageIds.split(',').map(Number) : [],
      confirmed: d.confirmed === 1,
    }));
}

interface Judged {
  household: HouseholdRecord;
  record: AssistanceCase;
  packKey: string;
  pack: Pack;
  input: CaseInput;
  facts: Facts;
  documents: CaseDocument[];
}

async function judgeEach(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<Judged[]> {
  const { households, cases, documents } = await loadScope(db, scope);
  const casesOf = groupBy(cases, (c) => c.householdId);
  const docsOf = groupBy(documents, (d) => d.householdId);
  const resolve = await packResolver(db, ctx);
  const judged: Judged[] = [];
  for (const household of households) {
    const { key, pack } = await resolve(household.town);
    const facts = JSON.parse(household.facts) as Facts;
    for (const record of casesOf.get(household.id) ?? []) {
      const input = toCaseInput(record);
      judged.push({ household, record, packKey: key, pack, input, facts, documents: caseDocuments(pack, record, docsOf.get(household.id) ?? []) });
    }
  }
  return judged;
}

const timelineRows = (pack: Pack, input: CaseInput) =>
  checkTimeline(pack, input).map(({ check, ok, detail }) => ({ check, ok, detail }));

export async function checkHouseholds(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<CheckRow[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  return (await judgeEach(db, ctx, scope)).map(({ household, pack, input, facts, documents }) => {
    const result = evaluateCase(pack, input, documents, facts);
    return {
      household: household.idNumber,
      name: household.headName,
      village: household.village,
      assistance: input.assistanceType,
      status: result.status,
      missing: result.missing,
      unconfirmed: result.unconfirmed,
      timeline: timelineRows(pack, input),
      nextReview: reviewSchedule(pack, input, facts, today)?.dueOn ?? null,
    };
  });
}

export async function householdChecklist(db: Kysely<Database>, ctx: AuditContext, householdId: number): Promise<CaseChecklist[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  return (await judgeEach(db, ctx, { householdId })).map(({ record, packKey, pack, input, facts, documents }) => {
    const result = evaluateCase(pack, input, documents, facts);
    const review = reviewSchedule(pack, input, facts, today);
    return {
      caseId: record.id,
      assistance: input.assistanceType,
      pack: packKey,
      status: result.status,
      items: result.items.map(({ list, code, no, name, status, reason, evidence }) => ({ list, code, no, name, status, reason, evidence })),
      timeline: timelineRows(pack, input),
      nextReview: review?.dueOn ?? null,
      reviewDetail: review?.detail ?? null,
    };
  });
}

/** What the workbench counts, per case: its completeness and whether its review is overdue, in one pass without details. */
export async function caseStatuses(db: Kysely<Database>, ctx: AuditContext): Promise<{ village: string; householdId: number; status: CheckRow['status']; overdue: boolean }[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  return (await judgeEach(db, ctx, {})).map(({ household, record, pack, input, facts, documents }) => {
    const review = record.closedOn ? null : reviewSchedule(pack, input, facts, today);
    return { village: household.village, householdId: household.id, status: evaluateCase(pack, input, documents, facts).status, overdue: review !== null && review.dueOn < today };
  });
}

const DAY = 86_400_000;

/** Open cases of households on the rolls whose 动态核查 date has passed. */
export async function overdueReviews(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<OverdueRow[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  const rows: OverdueRow[] = [];
  for (const { household, record, pack, input, facts } of await judgeEach(db, ctx, scope)) {
    if (record.closedOn) continue;
    const review = reviewSchedule(pack, input, facts, today);
    if (!review || review.dueOn >= today) continue;
    rows.push({
      household: household.idNumber,
      name: household.headName,
      village: household.village,
      assistance: input.assistanceType,
      dueOn: review.dueOn,
      daysOverdue: Math.round((Date.parse(today) - Date.parse(review.dueOn)) / DAY),
      detail: review.detail,
    });
  }
  return rows.sort((a, b) => b.daysOverdue - a.daysOverdue);
}
