import { sql, type Kysely } from 'kysely';
import { commaJoined, jsonIntegerRows, jsonValues } from '../db/database';
import type { HolidayDay, Pack } from '../domain/checklist';
import { importedHolidays } from '../holidays/importedHolidays';
import type { AuditContext } from '../db/audit';
import type { AssistanceCase, Database } from '../db/schema';
import { pairCases, type Judged } from './judgeRecords';
import { packResolver } from './packStore';

export type { Judged } from './judgeRecords';
export { timelineRows } from './judgeRecords';

/**
 * Loads households, cases and documents in a few set-wise queries and pairs
 * each case with its pack, facts and documents, ready for the pure engines.
 * Whole-archive answers are remembered per case (caseCheckCache.ts); one
 * household's checklist is judged live.
 */

export interface HouseholdRecord {
  id: number;
  idNumber: string;
  headName: string;
  town: string;
  village: string;
  facts: string;
}

export interface DocumentRecord {
  id: number;
  householdId: number;
  caseId: number | null;
  itemCode: string;
  confirmed: number;
  pageIds: string | null;
  /** 文件日期, and when the document was filed (ISO timestamp). */
  docDate: string | null;
  createdAt: string;
}

/** A page waiting in the review inbox, under its household or one its text names: what it could be decides what is 待确认 rather than 缺件. */
export interface WaitingPageRecord {
  householdId: number;
  suggestions: string | null;
  classification: string | null;
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
  if (scope.householdIds) households = households.where('h.id', 'in', jsonValues(db, scope.householdIds));
  const hs: HouseholdRecord[] = await households.orderBy('t.name').orderBy('v.name').orderBy('h.id').execute();
  const ids = hs.map((h) => h.id);
  if (ids.length === 0) return { households: hs, cases: [], documents: [], waiting: [] };
  // Whole-archive checks skip the IN list: one scan beats a 50,000-item parameter list.
  const inScope = scope.village || scope.householdId !== undefined || scope.householdIds;
  let cases = db.selectFrom('assistanceCase').selectAll();
  let documents = db
    .selectFrom('document as d')
    .where('d.checklistItemCode', 'is not', null)
    .select(['d.id', 'd.householdId', 'd.caseId', 'd.checklistItemCode as itemCode', 'd.confirmed', 'd.docDate', 'd.createdAt'])
    .select((eb) =>
      scope.evidence
        ? eb
            .selectFrom('page as p')
            .whereRef('p.documentId', '=', 'd.id')
            .select(commaJoined(db, 'p.id').as('ids'))
            .as('pageIds')
        : sql<string | null>`null`.as('pageIds'),
    );
  // The inbox is small beside the archive, and index page_review finds it.
  let waiting = db
    .selectFrom('page')
    .select(['householdId', 'suggestions', 'classification'])
    .where('review', '=', 'pending')
    .where('householdId', 'is not', null);
  // A page waiting with no household counts for every household its text names (a 公示 listing several).
  let named = db
    .selectFrom('page as p')
    .innerJoin(jsonIntegerRows(db, 'p.namedHouseholds').as('j'), (join) => join.onTrue())
    .select(['j.value as householdId', 'p.suggestions', 'p.classification'])
    .where('p.review', '=', 'pending')
    .where('p.householdId', 'is', null)
    .where('p.namedHouseholds', 'is not', null);
  if (inScope) {
    cases = cases.where('householdId', 'in', jsonValues(db, ids));
    documents = documents.where('d.householdId', 'in', jsonValues(db, ids));
    waiting = waiting.where('householdId', 'in', jsonValues(db, ids));
    named = named.where('j.value', 'in', jsonValues(db, ids));
  }
  return {
    households: hs,
    cases: await cases.orderBy('householdId').orderBy('id').execute(),
    documents: (await documents.execute()) as DocumentRecord[],
    waiting: [...((await waiting.orderBy('id').execute()) as WaitingPageRecord[]), ...((await named.orderBy('p.id').execute()) as WaitingPageRecord[])],
  };
}

/** Everything the engines need for some households, as plain data (it can be handed to a worker thread). */
export interface JudgeRecords {
  households: (HouseholdRecord & { packKey: string })[];
  cases: AssistanceCase[];
  documents: DocumentRecord[];
  waiting: WaitingPageRecord[];
  packs: Record<string, Pack>;
  /** The archive's imported holiday tables: the working days of the years the built-in calendar does not know. */
  holidays: HolidayDay[];
}

export async function loadRecords(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<JudgeRecords> {
  const { households, cases, documents, waiting } = await loadScope(db, scope);
  const resolve = await packResolver(db, ctx);
  const packs: Record<string, Pack> = {};
  const withPacks = [];
  for (const household of households) {
    const { key, pack } = await resolve(household.town);
    packs[key] = pack;
    withPacks.push({ ...household, packKey: key });
  }
  return { households: withPacks, cases, documents, waiting, packs, holidays: await importedHolidays(db) };
}

export async function judgeEach(db: Kysely<Database>, ctx: AuditContext, scope: Scope): Promise<Judged[]> {
  return pairCases(await loadRecords(db, ctx, scope));
}
