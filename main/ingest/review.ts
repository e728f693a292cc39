import type { Kysely } from 'kysely';
import { itemAndCase } from '../checklist/householdPack';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { EditError } from '../households/edits';

/**
 * A clerk's decision on one page from the review inbox: this household, this
 * item. The page's document follows it (a lone page re-files its document, a
 * page among others leaves for a new one), nothing is deleted, and a changed
 * or unsure classification becomes a training sample for the classifier.
 */
export async function reviewPage(db: Kysely<Database>, ctx: AuditContext, pageId: number, householdId: number, itemCode: string): Promise<void> {
  const page = await db.selectFrom('page').selectAll().where('id', '=', pageId).executeTakeFirst();
  if (!page) throw new EditError(`找不到页面（编号 ${pageId}）`);
  const { caseId } = await itemAndCase(db, ctx, householdId, itemCode);

  await mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    const siblings = page.documentId
      ? await tx.trx.selectFrom('page').select('id').where('documentId', '=', page.documentId).where('id', '!=', pageId).execute()
      : [];
    let documentId = page.documentId;
    const values = { householdId, caseId, checklistItemCode: itemCode, updatedAt: now };
    if (documentId !== null && siblings.length === 0) {
      await tx.trx.updateTable('document').set(values).where('id', '=', documentId).execute();
    } else {
      const created = await tx.trx
        .insertInto('document')
        .values({ ...values, title: null, docNumber: null, responsible: null, docDate: null, confirmed: 0, createdAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      documentId = created.id;
    }
    await tx.trx
      .updateTable('page')
      .set({ householdId, documentId, positionInDocument: page.documentId === documentId ? page.positionInDocument : 1, classification: itemCode, confidence: 1, review: 'accepted', assignedBy: 'clerk', note: null })
      .where('id', '=', pageId)
      .execute();
    const pending = await tx.trx.selectFrom('page').select('id').where('documentId', '=', documentId).where('review', '=', 'pending').executeTakeFirst();
    await tx.trx.updateTable('document').set({ confirmed: pending ? 0 : 1 }).where('id', '=', documentId).execute();
    if (page.titleText && (page.classification !== itemCode || (page.confidence ?? 0) < 0.8)) {
      await tx.trx.insertInto('classifierSample').values({ text: page.titleText, itemCode, createdAt: now }).execute();
    }
    await tx.record({
      action: 'page.review',
      entity: 'page',
      entityId: pageId,
      before: { householdId: page.householdId, classification: page.classification, documentId: page.documentId },
      after: { householdId, classification: itemCode, documentId },
    });
  });
}
