import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { pagesRefusal, type PageCall, type PagePlace } from '../domain/pageOwnership';
import { EditError } from '../households/edits';

/**
 * Where pages and documents are, read from the database for the one
 * ownership rule (main/domain/pageOwnership.ts), and the check every call
 * naming pages makes with it. Reads run on the caller's transaction when it
 * has one, so nothing can change between the check and the move.
 */

type Reader = Kysely<Database> | Transaction<Database>;

interface Placed {
  id: number;
  householdId: number | null;
  waiting: boolean;
  /** The exit whose case holds the document, or whose 停止救助通知书 it is. */
  exitId: number | null;
  /** In a document of a case (live or exited): its file is that case's. */
  inCase: boolean;
}

/**
 * The exited file of each place. A document of a case is in that case's
 * file; a notice is in its exit's file; anything else (a loose page, a
 * document without a case) is in the household's latest exited file while the
 * household has no open case, and in its live file once it has one again.
 */
async function withExits(db: Reader, placed: Placed[]): Promise<Map<number, PagePlace>> {
  const loose = [...new Set(placed.filter((p) => p.exitId === null && !p.inCase && p.householdId !== null).map((p) => p.householdId as number))];
  const latest = new Map<number, number>();
  if (loose.length > 0) {
    const exits = await db.selectFrom('householdExit').select(['id', 'householdId']).where('householdId', 'in', loose).where('destroyedOn', 'is', null).orderBy('id').execute();
    for (const e of exits) latest.set(e.householdId, e.id);
    const open = await db.selectFrom('assistanceCase').select('householdId').where('householdId', 'in', loose).where('closedOn', 'is', null).execute();
    for (const o of open) latest.delete(o.householdId);
  }
  const exitIds = new Set<number>();
  const result = new Map<number, PagePlace>();
  for (const p of placed) {
    const exitId = p.exitId ?? (!p.inCase && p.householdId !== null ? (latest.get(p.householdId) ?? null) : null);
    if (exitId !== null) exitIds.add(exitId);
    result.set(p.id, { id: p.id, householdId: p.householdId, waiting: p.waiting, exitId, held: false });
  }
  if (exitIds.size > 0) {
    const held = await db.selectFrom('householdExit').select('id').where('id', 'in', [...exitIds]).where('legalHold', '=', 1).execute();
    const heldIds = new Set(held.map((h) => h.id));
    for (const place of result.values()) place.held = place.exitId !== null && heldIds.has(place.exitId);
  }
  return result;
}

/** Where these pages are, in the order given; a Chinese error for a page that does not exist or is listed twice. */
export async function pagePlaces(db: Reader, pageIds: number[]): Promise<PagePlace[]> {
  if (new Set(pageIds).size !== pageIds.length) throw new EditError('同一页面不能重复列出');
  if (pageIds.length === 0) return [];
  const rows = await db
    .selectFrom('page as p')
    .leftJoin('document as d', 'd.id', 'p.documentId')
    .leftJoin('assistanceCase as c', 'c.id', 'd.caseId')
    .select((eb) => [
      'p.id',
      'p.householdId',
      'p.review',
      'd.caseId',
      'c.exitId',
      eb.selectFrom('householdExit as e').select('e.id').whereRef('e.noticeDocumentId', '=', 'p.documentId').limit(1).as('noticeExitId'),
    ])
    .where('p.id', 'in', pageIds)
    .execute();
  const places = await withExits(
    db,
    rows.map((r) => ({ id: r.id, householdId: r.householdId, waiting: r.review === 'pending', exitId: r.exitId ?? r.noticeExitId ?? null, inCase: r.caseId !== null && r.caseId !== undefined })),
  );
  return pageIds.map((id) => {
    const place = places.get(id);
    if (!place) throw new EditError(`找不到页面（编号 ${id}）`);
    return place;
  });
}

/** Where these documents are, as places of the file they are in (a document without pages still belongs to one). */
export async function documentPlaces(db: Reader, documentIds: number[]): Promise<PagePlace[]> {
  if (documentIds.length === 0) return [];
  const rows = await db
    .selectFrom('document as d')
    .leftJoin('assistanceCase as c', 'c.id', 'd.caseId')
    .select((eb) => ['d.id', 'd.householdId', 'd.caseId', 'c.exitId', eb.selectFrom('householdExit as e').select('e.id').whereRef('e.noticeDocumentId', '=', 'd.id').limit(1).as('noticeExitId')])
    .where('d.id', 'in', documentIds)
    .execute();
  const places = await withExits(
    db,
    rows.map((r) => ({ id: r.id, householdId: r.householdId, waiting: false, exitId: r.exitId ?? r.noticeExitId ?? null, inCase: r.caseId !== null })),
  );
  return [...places.values()];
}

/** Refuses, in Chinese, a call that would take any of these pages where the rule does not let it. */
export function assertPagesMayGo(places: PagePlace[], call: PageCall): void {
  const refusal = pagesRefusal(places, call);
  if (refusal) throw new EditError(refusal);
}

/** The exited file a case files into, if it is one (and whether it is held). */
export async function caseFile(db: Reader, caseId: number): Promise<{ exitId: number | null; held: boolean }> {
  const row = await db.selectFrom('assistanceCase as c').leftJoin('householdExit as e', 'e.id', 'c.exitId').select(['c.exitId', 'e.legalHold']).where('c.id', '=', caseId).executeTakeFirst();
  return { exitId: row?.exitId ?? null, held: row?.legalHold === 1 };
}
