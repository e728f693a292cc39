import type { Kysely } from 'kysely';
import type { PageMove, PageMoveResult, PageSource } from '../api/contract';
import { householdPack } from '../checklist/householdPack';
import { mutate, type AuditContext, type AuditedTransaction } from '../db/audit';
import type { Database, Page } from '../db/schema';
import { findItem, type ChecklistItem } from '../domain/checklist';
import { parseSuggestions } from '../domain/classify';
import { EditError } from '../households/edits';
import { assertPagesMayGo, caseFile, documentPlaces, pagePlaces } from './ownership';

/**
 * A clerk putting pages right: to another item, another household or a new
 * document; splitting and merging documents; sending pages back to the inbox.
 *
 * Nothing is deleted (SQLite refuses it anyway): a document whose last page
 * leaves stays as an empty row without item or case, so the checklist stops
 * counting it and no volume binds it. Every change is one audited
 * transaction. The file the caller names must hold the pages it names, and
 * every call obeys the one ownership rule (main/domain/pageOwnership.ts):
 * pages of an exited file move only in a call about that very file, never out
 * of it under a legal hold, and a page filed under another household moves
 * only when the call names that household.
 */

type Trx = AuditedTransaction['trx'];

interface Target {
  item: ChecklistItem;
  caseId: number;
  /** The exited file the case is in (null: the live file). */
  file: { exitId: number | null; held: boolean };
}

async function loadPages(db: Kysely<Database> | Trx, pageIds: number[]): Promise<Page[]> {
  if (new Set(pageIds).size !== pageIds.length) throw new EditError('同一页面不能重复列出');
  if (pageIds.length === 0) throw new EditError('请至少选择一页');
  const rows = await db.selectFrom('page').selectAll().where('id', 'in', pageIds).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return pageIds.map((id) => {
    const page = byId.get(id);
    if (!page) throw new EditError(`找不到页面（编号 ${id}）`);
    return page;
  });
}

/** The pages must be where the caller says they are: a stale screen must not move what it no longer shows. */
async function checkSource(db: Kysely<Database>, pages: Page[], from: PageSource | undefined): Promise<void> {
  if (!from) return;
  if (from.documentId !== undefined) {
    const doc = await db.selectFrom('document').select(['id', 'householdId']).where('id', '=', from.documentId).executeTakeFirst();
    if (!doc) throw new EditError(`找不到文件（编号 ${from.documentId}）`);
    if (doc.householdId !== from.householdId) throw new EditError(`文件 ${from.documentId} 不属于所选的户，请刷新后重试`);
  }
  for (const page of pages) {
    if (page.householdId !== from.householdId) {
      throw new EditError(from.householdId === null ? `页面 ${page.id} 已归入某一户，不在收件箱中，请刷新后重试` : `页面 ${page.id} 不属于所选的户，不能在此调整（请刷新后重试）`);
    }
    if (from.documentId !== undefined && page.documentId !== from.documentId) throw new EditError(`页面 ${page.id} 不在所选文件中，请刷新后重试`);
  }
}

/** The household a call says the pages come from, for the ownership rule (absent when it names none). */
function sourceOf(from: PageSource | undefined): { from?: number | null } {
  return from ? { from: from.householdId } : {};
}

/**
 * The case the item files under: the household's open case of the item's
 * type; for an exited household, its exited file's case, which only pages
 * already in that file may join (main/domain/pageOwnership.ts).
 */
async function targetCase(db: Kysely<Database>, ctx: AuditContext, householdId: number, itemCode: string): Promise<Target> {
  const { pack } = await householdPack(db, ctx, householdId);
  const found = findItem(pack, itemCode);
  if (!found) throw new EditError(`核查清单中没有要件编号“${itemCode}”`);
  const cases = await db
    .selectFrom('assistanceCase')
    .select(['id', 'closedOn', 'exitId'])
    .where('householdId', '=', householdId)
    .where('assistanceType', '=', found.assistanceType)
    .orderBy('id', 'desc')
    .execute();
  const open = cases.find((c) => c.closedOn === null);
  if (open) return { item: found.item, caseId: open.id, file: { exitId: null, held: false } };
  const exited = cases.find((c) => c.exitId !== null);
  if (exited) return { item: found.item, caseId: exited.id, file: await caseFile(db, exited.id) };
  throw new EditError(`该户没有在办的${found.assistanceType}案卷，不能归入“${found.item.name}”`);
}

/** The checklist answers of these households are judged again on the next read (a page move alone fires no trigger). */
export async function markStale(trx: Trx, householdIds: Iterable<number | null>): Promise<void> {
  for (const householdId of new Set(householdIds)) {
    // A new seq, so a refresh that judged the household meanwhile leaves it stale (migration 0007).
    if (householdId === null) continue;
    await trx.deleteFrom('caseCheckStale').where('householdId', '=', householdId).execute();
    await trx.insertInto('caseCheckStale').values({ householdId }).execute();
  }
}

/** After pages left: the rest close up (1, 2, …); an emptied document keeps its row but counts for nothing. */
export async function closeUp(tx: AuditedTransaction, now: string, documentIds: Iterable<number | null>): Promise<void> {
  for (const documentId of new Set(documentIds)) {
    if (documentId === null) continue;
    const rest = await tx.trx.selectFrom('page').select('id').where('documentId', '=', documentId).orderBy('positionInDocument').orderBy('id').execute();
    for (const [i, p] of rest.entries()) await tx.trx.updateTable('page').set({ positionInDocument: i + 1 }).where('id', '=', p.id).execute();
    if (rest.length > 0) continue;
    const doc = await tx.trx.selectFrom('document').select(['checklistItemCode', 'caseId']).where('id', '=', documentId).executeTakeFirstOrThrow();
    // A document registered on paper alone never had pages; only one emptied here is taken off the checklist.
    await tx.trx.updateTable('document').set({ checklistItemCode: null, caseId: null, confirmed: 0, updatedAt: now }).where('id', '=', documentId).execute();
    await tx.record({ action: 'document.empty', entity: 'document', entityId: documentId, before: { itemCode: doc.checklistItemCode, caseId: doc.caseId }, after: { itemCode: null, caseId: null, pages: 0 } });
  }
}

/**
 * Puts pages, already checked by the ownership rule, into a new document in
 * the order given; the documents they leave close up and the checklists of
 * every household involved are judged again. Returns where each page was,
 * for the caller's audit entry.
 */
export async function fillDocument(
  tx: AuditedTransaction,
  now: string,
  target: { documentId: number; householdId: number; accept?: boolean },
  pageIds: number[],
): Promise<{ pageId: number; householdId: number | null; documentId: number | null }[]> {
  const before = pageIds.length ? await tx.trx.selectFrom('page').select(['id', 'householdId', 'documentId']).where('id', 'in', pageIds).execute() : [];
  for (const [position, pageId] of pageIds.entries()) {
    const moved = await tx.trx
      .updateTable('page')
      .set({ documentId: target.documentId, householdId: target.householdId, positionInDocument: position + 1, ...(target.accept ? { review: 'accepted' as const } : {}) })
      .where('id', '=', pageId)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new EditError(`找不到页面（编号 ${pageId}）`);
  }
  await closeUp(
    tx,
    now,
    before.map((p) => p.documentId),
  );
  await markStale(tx.trx, [...before.map((p) => p.householdId), target.householdId]);
  return before.map((p) => ({ pageId: p.id, householdId: p.householdId, documentId: p.documentId }));
}

/** A document is confirmed when no page in it still waits for a clerk. */
async function confirmIfReviewed(trx: Trx, documentId: number): Promise<void> {
  const pending = await trx.selectFrom('page').select('id').where('documentId', '=', documentId).where('review', '=', 'pending').executeTakeFirst();
  await trx.updateTable('document').set({ confirmed: pending ? 0 : 1 }).where('id', '=', documentId).execute();
}

/** The one document the pages make up in full, if they do (it then moves whole, keeping its catalogue data). */
async function wholeDocument(db: Kysely<Database>, pages: Page[]): Promise<number | null> {
  const docIds = new Set(pages.map((p) => p.documentId));
  const [only] = docIds;
  if (docIds.size !== 1 || only === null || only === undefined) return null;
  const count = await db.selectFrom('page').select((eb) => eb.fn.countAll<number>().as('n')).where('documentId', '=', only).executeTakeFirstOrThrow();
  return Number(count.n) === pages.length ? only : null;
}

export interface MoveOptions {
  /** The audit action: 'page.move' for corrections, 'page.review' for the inbox's decision. */
  action?: string;
}

export async function movePages(db: Kysely<Database>, ctx: AuditContext, move: PageMove, options: MoveOptions = {}): Promise<PageMoveResult> {
  const pages = await loadPages(db, move.pageIds);
  await checkSource(db, pages, move.from);
  const target = await targetCase(db, ctx, move.to.householdId, move.to.itemCode);
  assertPagesMayGo(await pagePlaces(db, move.pageIds), { ...sourceOf(move.from), to: { kind: 'file', householdId: move.to.householdId, ...target.file } });
  if (typeof move.to.document === 'number') {
    const doc = await db.selectFrom('document').select(['id', 'householdId', 'checklistItemCode']).where('id', '=', move.to.document).executeTakeFirst();
    if (!doc) throw new EditError(`找不到文件（编号 ${move.to.document}）`);
    if (doc.householdId !== move.to.householdId) throw new EditError(`文件 ${doc.id} 不属于目标户，不能把页面并入`);
    if (doc.checklistItemCode !== move.to.itemCode) throw new EditError(`文件 ${doc.id} 不是“${target.item.name}”，不能把页面并入`);
  }
  const whole = move.to.document === undefined ? await wholeDocument(db, pages) : null;
  const { itemCode, householdId } = move.to;

  return mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    let documentId: number;
    let start = 1;
    if (typeof move.to.document === 'number') {
      documentId = move.to.document;
      // The document's own pages close up first; the moved ones follow them in the order given.
      const others = await tx.trx.selectFrom('page').select('id').where('documentId', '=', documentId).where('id', 'not in', move.pageIds).orderBy('positionInDocument').orderBy('id').execute();
      for (const [i, p] of others.entries()) await tx.trx.updateTable('page').set({ positionInDocument: i + 1 }).where('id', '=', p.id).execute();
      start = others.length + 1;
    } else if (whole !== null) {
      documentId = whole;
      const before = await tx.trx.selectFrom('document').select(['householdId', 'caseId', 'checklistItemCode']).where('id', '=', whole).executeTakeFirstOrThrow();
      await tx.trx.updateTable('document').set({ householdId, caseId: target.caseId, checklistItemCode: itemCode, updatedAt: now }).where('id', '=', whole).execute();
      if (before.householdId !== householdId || before.checklistItemCode !== itemCode) {
        await tx.record({ action: 'document.refile', entity: 'document', entityId: whole, before: { householdId: before.householdId, itemCode: before.checklistItemCode, caseId: before.caseId }, after: { householdId, itemCode, caseId: target.caseId } });
      }
    } else {
      const created = await tx.trx
        .insertInto('document')
        .values({ householdId, caseId: target.caseId, checklistItemCode: itemCode, title: null, docNumber: null, responsible: null, docDate: null, confirmed: 0, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      documentId = created.id;
      await tx.record({ action: 'document.create', entity: 'document', entityId: documentId, after: { householdId, itemCode, caseId: target.caseId, pageIds: move.pageIds } });
    }

    for (const [i, page] of pages.entries()) {
      const householdChanged = page.householdId !== householdId;
      await tx.trx
        .updateTable('page')
        .set({
          householdId,
          documentId,
          positionInDocument: start + i,
          classification: itemCode,
          confidence: 1,
          review: 'accepted',
          // How the household was found stays recorded unless the clerk changed it.
          assignedBy: householdChanged || page.assignedBy === null ? 'clerk' : page.assignedBy,
          note: null,
        })
        .where('id', '=', page.id)
        .execute();
      // What the classifier learns from: a changed or unsure reading of the title.
      if (page.titleText && (page.classification !== itemCode || (page.confidence ?? 0) < 0.8)) {
        await tx.trx.insertInto('classifierSample').values({ text: page.titleText, itemCode, createdAt: now }).execute();
      }
      await tx.record({
        action: options.action ?? 'page.move',
        entity: 'page',
        entityId: page.id,
        before: { householdId: page.householdId, documentId: page.documentId, classification: page.classification, review: page.review },
        after: { householdId, documentId, classification: itemCode, review: 'accepted' },
      });
    }
    await closeUp(
      tx,
      now,
      pages.map((p) => p.documentId).filter((d) => d !== documentId),
    );
    await confirmIfReviewed(tx.trx, documentId);
    await markStale(tx.trx, [...pages.map((p) => p.householdId), householdId]);
    return { documentId, pages: pages.length };
  });
}

/** Back to the inbox: out of its document, waiting for a clerk; the household it was under stays as a suggestion. */
export async function unfilePages(db: Kysely<Database>, ctx: AuditContext, pageIds: number[], from: PageSource | undefined): Promise<{ pages: number }> {
  const pages = await loadPages(db, pageIds);
  await checkSource(db, pages, from);
  // A page sent back stays under its household, so a page of an exited file goes back only in a call about that file.
  assertPagesMayGo(await pagePlaces(db, pageIds), { ...sourceOf(from), to: { kind: 'inbox' } });
  const moving = pages.filter((p) => p.documentId !== null || p.review !== 'pending');
  if (moving.length === 0) return { pages: 0 };
  return mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    for (const page of moving) {
      // The clerk doubts it now: its confidence goes back to what filing thought (its best suggestion), not the 1 a clerk gave it.
      const confidence = parseSuggestions(page.suggestions)[0]?.confidence ?? 0;
      await tx.trx.updateTable('page').set({ documentId: null, positionInDocument: null, review: 'pending', confidence, note: '经办人退回收件箱，待重新归档' }).where('id', '=', page.id).execute();
      await tx.record({
        action: 'page.unfile',
        entity: 'page',
        entityId: page.id,
        before: { householdId: page.householdId, documentId: page.documentId, classification: page.classification, review: page.review },
        after: { householdId: page.householdId, documentId: null, review: 'pending' },
      });
    }
    await closeUp(
      tx,
      now,
      moving.map((p) => p.documentId),
    );
    await markStale(
      tx.trx,
      moving.map((p) => p.householdId),
    );
    return { pages: moving.length };
  });
}

async function householdDocument(db: Kysely<Database>, householdId: number, documentId: number) {
  const doc = await db.selectFrom('document').selectAll().where('id', '=', documentId).executeTakeFirst();
  if (!doc) throw new EditError(`找不到文件（编号 ${documentId}）`);
  if (doc.householdId !== householdId) throw new EditError(`文件 ${documentId} 不属于该户，请刷新后重试`);
  return doc;
}

/** Split and merge reshape documents of the household the call names; a held exited file keeps its shape. */
async function checkReshape(db: Kysely<Database>, householdId: number, documentIds: number[]): Promise<void> {
  const pages = await db.selectFrom('page').select('id').where('documentId', 'in', documentIds).execute();
  const places = [...(await documentPlaces(db, documentIds)), ...(await pagePlaces(db, pages.map((p) => p.id)))];
  assertPagesMayGo(places, { from: householdId, to: { kind: 'reshape', householdId } });
}

export async function splitDocument(db: Kysely<Database>, ctx: AuditContext, householdId: number, documentId: number, atPageId: number): Promise<{ documentId: number }> {
  const doc = await householdDocument(db, householdId, documentId);
  await checkReshape(db, householdId, [documentId]);
  const pages = await db.selectFrom('page').select('id').where('documentId', '=', documentId).orderBy('positionInDocument').orderBy('id').execute();
  const at = pages.findIndex((p) => p.id === atPageId);
  if (at < 0) throw new EditError(`页面 ${atPageId} 不在该文件中，请刷新后重试`);
  if (at === 0) throw new EditError('从第一页拆分不会产生新文件，请选择第二页或之后的页面');
  const moving = pages.slice(at).map((p) => p.id);
  return mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    const created = await tx.trx
      .insertInto('document')
      .values({ householdId, caseId: doc.caseId, checklistItemCode: doc.checklistItemCode, title: doc.title, docNumber: null, responsible: doc.responsible, docDate: null, confirmed: doc.confirmed, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, pageId] of moving.entries()) {
      await tx.trx.updateTable('page').set({ documentId: created.id, positionInDocument: i + 1 }).where('id', '=', pageId).execute();
    }
    await tx.record({ action: 'document.split', entity: 'document', entityId: documentId, before: { pages: pages.length }, after: { newDocumentId: created.id, pageIds: moving, itemCode: doc.checklistItemCode } });
    await markStale(tx.trx, [householdId]);
    return { documentId: created.id };
  });
}

export async function mergeDocuments(db: Kysely<Database>, ctx: AuditContext, householdId: number, documentIds: number[]): Promise<{ documentId: number }> {
  if (documentIds.length < 2 || new Set(documentIds).size !== documentIds.length) throw new EditError('请选择至少两份不同的文件合并');
  const docs: Awaited<ReturnType<typeof householdDocument>>[] = [];
  for (const id of documentIds) docs.push(await householdDocument(db, householdId, id));
  const [first, ...rest] = docs;
  if (!first) throw new EditError('请选择至少两份不同的文件合并');
  for (const d of rest) {
    if (!first.checklistItemCode || d.checklistItemCode !== first.checklistItemCode) throw new EditError('只能合并同一户、同一要件的文件');
    if (d.caseId !== first.caseId) throw new EditError('只能合并同一案卷中的文件');
  }
  await checkReshape(db, householdId, documentIds);
  return mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    let position = (await tx.trx.selectFrom('page').select('id').where('documentId', '=', first.id).execute()).length;
    const moved: number[] = [];
    for (const d of rest) {
      const pages = await tx.trx.selectFrom('page').select('id').where('documentId', '=', d.id).orderBy('positionInDocument').orderBy('id').execute();
      for (const p of pages) {
        await tx.trx.updateTable('page').set({ documentId: first.id, positionInDocument: ++position }).where('id', '=', p.id).execute();
        moved.push(p.id);
      }
    }
    const confirmed = docs.every((d) => d.confirmed === 1) ? 1 : 0;
    await tx.trx.updateTable('document').set({ confirmed, updatedAt: now }).where('id', '=', first.id).execute();
    await tx.record({ action: 'document.merge', entity: 'document', entityId: first.id, after: { merged: rest.map((d) => d.id), pageIds: moved, itemCode: first.checklistItemCode } });
    await closeUp(
      tx,
      now,
      rest.map((d) => d.id),
    );
    await markStale(tx.trx, [householdId]);
    return { documentId: first.id };
  });
}
