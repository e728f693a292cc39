import type { Kysely } from 'kysely';
import type { DocumentInput } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { itemAndCase } from '../checklist/householdPack';
import { EditError } from '../households/edits';

/**
 * Files a document (要件) under a checklist item of a household's case: by
 * hand for paper on file, or from scanned pages. The case is the household's
 * open case of the item's assistance type.
 */
export async function fileDocument(db: Kysely<Database>, ctx: AuditContext, input: DocumentInput): Promise<{ id: number }> {
  const { item, caseId } = await itemAndCase(db, ctx, input.householdId, input.itemCode);

  return mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    const doc = await tx.trx
      .insertInto('document')
      .values({
        householdId: input.householdId,
        caseId,
        checklistItemCode: input.itemCode,
        title: input.title ?? item.name,
        docNumber: input.docNumber ?? null,
        responsible: input.responsible ?? null,
        docDate: input.docDate ?? null,
        confirmed: input.confirmed === false ? 0 : 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [position, pageId] of (input.pageIds ?? []).entries()) {
      const moved = await tx.trx
        .updateTable('page')
        .set({ documentId: doc.id, householdId: input.householdId, positionInDocument: position + 1 })
        .where('id', '=', pageId)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new EditError(`找不到页面（编号 ${pageId}）`);
    }
    await tx.record({
      action: 'document.file',
      entity: 'document',
      entityId: doc.id,
      after: { householdId: input.householdId, caseId, itemCode: input.itemCode, pageIds: input.pageIds ?? [] },
    });
    return { id: doc.id };
  });
}
