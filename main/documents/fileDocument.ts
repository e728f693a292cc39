import type { Kysely } from 'kysely';
import type { DocumentInput } from '../api/contract';
import { findItem } from '../domain/checklist';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { packResolver } from '../checklist/packStore';
import { EditError } from '../households/edits';

/**
 * Files a document (要件) under a checklist item of a household's case: by
 * hand for paper on file, or from scanned pages. The case is the household's
 * open case of the item's assistance type.
 */
export async function fileDocument(db: Kysely<Database>, ctx: AuditContext, input: DocumentInput): Promise<{ id: number }> {
  const household = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 't.name as town'])
    .where('h.id', '=', input.householdId)
    .executeTakeFirst();
  if (!household) throw new EditError(`找不到户档（编号 ${input.householdId}）`);
  const { pack } = await (await packResolver(db, ctx))(household.town);
  const found = findItem(pack, input.itemCode);
  if (!found) throw new EditError(`核查清单中没有要件编号“${input.itemCode}”`);
  const kase = await db
    .selectFrom('assistanceCase')
    .select('id')
    .where('householdId', '=', household.id)
    .where('assistanceType', '=', found.assistanceType)
    .where('closedOn', 'is', null)
    .executeTakeFirst();
  if (!kase) throw new EditError(`该户没有在办的${found.assistanceType}案卷，不能归入“${found.item.name}”`);

  return mutate(db, ctx, async (tx) => {
    const now = ctx.now().toISOString();
    const doc = await tx.trx
      .insertInto('document')
      .values({
        householdId: household.id,
        caseId: kase.id,
        checklistItemCode: input.itemCode,
        title: input.title ?? found.item.name,
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
        .set({ documentId: doc.id, householdId: household.id, positionInDocument: position + 1 })
        .where('id', '=', pageId)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new EditError(`找不到页面（编号 ${pageId}）`);
    }
    await tx.record({
      action: 'document.file',
      entity: 'document',
      entityId: doc.id,
      after: { householdId: household.id, caseId: kase.id, itemCode: input.itemCode, pageIds: input.pageIds ?? [] },
    });
    return { id: doc.id };
  });
}
