import type { Kysely } from 'kysely';
import type { PageMove, PageMoveResult, PageSource } from '../api/contract';
import { householdPack } from '../checklist/householdPack';
import { mutate, type AuditContext, type AuditedTransaction } from '../db/audit';
import type { Database, Page } from '../db/schema';
import { findItem, type ChecklistItem } from '../domain/checklist';
import { parseSuggestions } from '../domain/classify';
import { EditError } from '../households/edits';

/**
 * A clerk putting pages right: to another item, another household or a new
 * document; splitting and merging documents; sending pages back to the inbox.
 *
 * Nothing is deleted (SQLite refuses it anyway): a document whose last page
 * leaves stays as an empty row without item or case, so the checklist stops
 * counting it and no volume binds it. Every change is one audited
 * transaction. The file the caller names must hold the pages it names, and
 * the pages of an exited household's file (整户退出) move only in a call about
 * that very file; under a legal hold they never leave it.
 */

type Trx = AuditedTransaction['trx'];

/** Which file a page belongs to: the active file, or an exited one (and whether it is held). */
interface PageFile {
  exitId: number | null;
  held: boolean;
}

interface Target {
  item: ChecklistItem;
  caseId: number;
  file: PageFile;
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

/** The exit file each page is in: its document's case's exit, else the household's own exit while it is 整户退出. */
async function filesOf(db: Kysely<Database>, pages: Page[]): Promise<Map<number, PageFile>> {
  const rows = await db
    .selectFrom('page as p')
    .leftJoin('document as d', 'd.id', 'p.documentId')
    .leftJoin('assistanceCase as c', 'c.id', 'd.caseId')
    .leftJoin('household as h', 'h.id', 'p.householdId')
    .select(['p.id', 'p.householdId', 'c.exitId', 'h.status'])
    .where(
      'p.id',
      'in',
      pages.map((p) => p.id),
    )
    .execute();
  const result = new Map<number, PageFile>();
  for (const r of rows) {
    let exitId = r.exitId ?? null;
    if (exitId === null && r.status === '整户退出' && r.householdId !== null) exitId = await latestExit(db, r.householdId);
    result.set(r.id, { exitId, held: exitId !== null && (await isHeld(db, exitId)) });
  }
  return result;
}

async function latestExit(db: Kysely<Database>, householdId: number): Promise<number | null> {
  const exit = await db.selectFrom('householdExit').select('id').where('householdId', '=', householdId).where('destroyedOn', 'is', null).orderBy('id', 'desc').executeTakeFirst();
  return exit?.id ?? null;
}

async function isHeld(db: Kysely<Database>, exitId: number): Promise<boolean> {
  const exit = await db.selectFrom('householdExit').select('legalHold').where('id', '=', exitId).executeTakeFirst();
  return exit?.legalHold === 1;
}

/**
 * The case the item files under: the household's open case of the item's
 * type; for an exited household, its exited file's case, which only a call
 * about that file (every page already the household's) may use.
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
  if (exited?.exitId) return { item: found.item, caseId: exited.id, file: { exitId: exited.exitId, held: await isHeld(db, exited.exitId) } };
  throw new EditError(`该户没有在办的${found.assistanceType}案卷，不能归入“${found.item.name}”`);
}

/**
 * Pages of an exited file move only in a call about that file (its household
 * named as the source, or as the target when no source is named); a held file
 * keeps its pages, and an exited file takes no page from anywhere else.
 */
function checkFiles(pages: Page[], files: Map<number, PageFile>, from: PageSource | undefined, target: { householdId: number; file: PageFile } | null): void {
  for (const page of pages) {
    const file = files.get(page.id) ?? { exitId: null, held: false };
    if (file.exitId !== null) {
      const about = from ? from.householdId === page.householdId : target?.householdId === page.householdId;
      if (!about) throw new EditError(`页面 ${page.id} 属于已整户退出的档案，只能在该户的档案中调整`);
      if (file.held && (target === null || target.householdId !== page.householdId || target.file.exitId !== file.exitId)) {
        throw new EditError(`页面 ${page.id} 所在的退出档案处于法律保全（冻结）中，页面不能移出该档案`);
      }
    }
    if (target && target.file.exitId !== null && (page.householdId !== target.householdId || file.exitId !== target.file.exitId)) {
      throw new EditError(target.file.held ? '目标档案处于法律保全（冻结）中，不能加入其他页面' : '该户已整户退出，不能把其他档案的页面归入其退出档案');
    }
  }
}

/** The checklist answers of these households are judged again on the next read (a page move alone fires no trigger). */
async function markStale(trx: Trx, householdIds: Iterable<number | null>): Promise<void> {
  for (const householdId of new Set(householdIds)) {
    if (householdId !== null) await trx.replaceInto('caseCheckStale').values({ householdId }).execute();
  }
}

/** After pages left: the rest close up (1, 2, …); an emptied document keeps its row but counts for nothing. */
async function closeUp(tx: AuditedTransaction, now: string, documentIds: Iterable<number | null>): Promise<void> {
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
  checkFiles(pages, await filesOf(db, pages), move.from, { householdId: move.to.householdId, file: target.file });
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
  const files = await filesOf(db, pages);
  for (const page of pages) {
    const file = files.get(page.id);
    if (file?.held) throw new EditError(`页面 ${page.id} 所在的退出档案处于法律保全（冻结）中，页面不能退回收件箱`);
  }
  // A page sent back stays under its household, so the call must be about that file.
  checkFiles(pages, files, from, null);
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

/** A document held under a legal hold keeps its shape; an exited one may be reshaped only by a call naming its household (these calls always do). */
async function checkDocumentFile(db: Kysely<Database>, caseId: number | null): Promise<void> {
  if (caseId === null) return;
  const kase = await db.selectFrom('assistanceCase').select('exitId').where('id', '=', caseId).executeTakeFirst();
  if (kase?.exitId && (await isHeld(db, kase.exitId))) throw new EditError('该文件所在的退出档案处于法律保全（冻结）中，不能拆分或合并');
}

export async function splitDocument(db: Kysely<Database>, ctx: AuditContext, householdId: number, documentId: number, atPageId: number): Promise<{ documentId: number }> {
  const doc = await householdDocument(db, householdId, documentId);
  await checkDocumentFile(db, doc.caseId);
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
  for (const d of docs) await checkDocumentFile(db, d.caseId);
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
