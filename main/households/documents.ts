import type { Kysely } from 'kysely';
import type { DocumentUpdate, HouseholdDocuments } from '../api/contract';
import { householdPack } from '../checklist/householdPack';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { caseItems, type Pack } from '../domain/checklist';
import { EditError } from './edits';

/** A household's documents in checklist (catalogue) order, with their pages, and edits of their catalogue data. */

function orderOf(pack: Pack): Map<string, number> {
  const order = new Map<string, number>();
  for (const type of ['低保', '特困', '临时救助', '刚性支出'] as const) {
    for (const item of caseItems(pack, type)) if (!order.has(item.code)) order.set(item.code, order.size);
  }
  return order;
}

export async function householdDocuments(db: Kysely<Database>, ctx: AuditContext, householdId: number): Promise<HouseholdDocuments> {
  const { pack } = await householdPack(db, ctx, householdId);
  const order = orderOf(pack);
  const nameOf = new Map(['低保', '特困', '临时救助', '刚性支出'].flatMap((t) => caseItems(pack, t as '低保').map((i) => [i.code, i.name] as const)));
  const docs = await db.selectFrom('document').selectAll().where('householdId', '=', householdId).execute();
  const pages = await db
    .selectFrom('page')
    .select(['id', 'documentId', 'positionInDocument', 'imageSha256', 'thumbSha256', 'ocrText', 'titleText', 'rotation', 'blank', 'review', 'confidence', 'sourcePath', 'pageIndex'])
    .where('householdId', '=', householdId)
    .orderBy('documentId')
    .orderBy('positionInDocument')
    .orderBy('id')
    .execute();
  const toPage = (p: (typeof pages)[number]) => ({
    id: p.id,
    image: p.imageSha256,
    thumb: p.thumbSha256,
    ocrText: p.ocrText,
    titleText: p.titleText,
    rotation: p.rotation,
    blank: p.blank === 1,
    review: p.review,
    confidence: p.confidence ?? 0,
    source: p.sourcePath,
    sourcePage: p.pageIndex,
  });
  const documents = docs
    .map((d) => ({
      id: d.id,
      caseId: d.caseId,
      itemCode: d.checklistItemCode,
      itemName: d.checklistItemCode ? (nameOf.get(d.checklistItemCode) ?? d.checklistItemCode) : null,
      title: d.title,
      docNumber: d.docNumber,
      responsible: d.responsible,
      docDate: d.docDate,
      confirmed: d.confirmed === 1,
      pages: pages.filter((p) => p.documentId === d.id).map(toPage),
    }))
    .sort((a, b) => (order.get(a.itemCode ?? '') ?? 1e9) - (order.get(b.itemCode ?? '') ?? 1e9) || a.id - b.id);
  return { documents, unfiledPages: pages.filter((p) => p.documentId === null).map(toPage) };
}

export async function updateDocument(db: Kysely<Database>, ctx: AuditContext, update: DocumentUpdate): Promise<void> {
  const existing = await db.selectFrom('document').selectAll().where('id', '=', update.id).executeTakeFirst();
  if (!existing) throw new EditError(`找不到文件（编号 ${update.id}）`);
  const fields = ['title', 'docNumber', 'responsible', 'docDate'] as const;
  const changed = fields.filter((f) => update[f] !== undefined && update[f] !== existing[f]);
  if (changed.length === 0) return;
  await mutate(db, ctx, async (tx) => {
    const set = Object.fromEntries(changed.map((f) => [f, update[f] ?? null]));
    await tx.trx.updateTable('document').set({ ...set, updatedAt: ctx.now().toISOString() }).where('id', '=', update.id).execute();
    await tx.record({ action: 'document.update', entity: 'document', entityId: update.id, before: Object.fromEntries(changed.map((f) => [f, existing[f]])), after: set });
  });
}
