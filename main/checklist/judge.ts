import { sql, type Kysely } from 'kysely';
import { caseDates, caseItems, checkTimeline, type CaseDocument, type CaseInput, type Facts, type Pack } from '../domain/checklist';
import type { AuditContext } from '../db/audit';
import type { AssistanceCase, Database } from '../db/schema';
import { packResolver } from './packStore';

/**
 * Loads households, cases and documents in a few set-wise queries and pairs
 * each case with its pack, facts and documents, ready for the pure engines.
 * Whole-archive answers are remembered per case (caseCheckCache.ts); one
 * household's checklist is judged live.
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
  /** A refresh's chunk of stale households. */
  householdIds?: number[];
  /** Load each document's page ids: evidence for one household's checklist, not needed for statuses. */
  evidence?: boolean;
}

async function loadScope(db: Kysely<Database>, scope: Scope) {
  let households = db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.idNumber', 'h.headName', 'h.facts', 't.name as town', 'v.name as village']);
  if (scope.village) households = households.where('v.name', '=', scope.village);
  if (scope.householdId !== undefined) households = households.where('h.id', '=', scope.householdId);
  if (scope.householdIds) households = households.where('h.id', 'in', scope.householdIds);
  const hs: HouseholdRecord[] = await households.orderBy('t.name').orderBy('v.name').orderBy('h.id').execute();
  const ids = hs.map((h) => h.id);
  if (ids.length === 0) return { households: hs, cases: [], documents: [] };
  // Whole-archive checks skip the IN list: one scan beats a 50,000-item parameter list.
  const inScope = scope.village || scope.householdId !== undefined || scope.householdIds;
  let cases = db.selectFrom('assistanceCase').selectAll();
  let documents = db
    .selectFrom('document as d')
    .where('d.checklistItemCode', 'is not', null)
    .select(['d.id', 'd.householdId', 'd.caseId', 'd.checklistItemCode as itemCode', 'd.confirmed'])
    .select((eb) =>
      scope.evidence
        ? eb
            .selectFrom('page as p')
            .whereRef('p.documentId', '=', 'd.id')
            .select((e) => e.fn<string>('group_concat', [e.ref('p.id')]).as('ids'))
            .as('pageIds')
        : sql<string | null>`null`.as('pageIds'),
    );
  if (inScope) {
    cases = cases.where('householdId', 'in', ids);
    documents = documents.where('d.householdId', 'in', ids);
  }
  return {
    households: hs,
    cases: await cases.orderBy('householdId').orderBy('id').execute(),
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

export interface Judged {
  household: HouseholdRecord;
  record: AssistanceCase;
  packKey: string;
  pack: Pack;
  input: CaseInput;
  facts: Facts;
  documents: CaseDocument[];
}

export async function judgeEach(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<Judged[]> {
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

export const timelineRows = (pack: Pack, input: CaseInput) =>
  checkTimeline(pack, input).map(({ check, ok, detail }) => ({ check, ok, detail }));
