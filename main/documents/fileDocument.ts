import type { Kysely } from 'kysely';
import type { DocumentInput } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { itemAndCase } from '../checklist/householdPack';
import { assertPagesMayGo, pagePlaces } from './ownership';
import { fillDocument } from './pageMoves';

/**
 * Files a document (要件) under a checklist item of a household's case: by
 * hand for paper on file, or from scanned pages. The case is the household's
 * open case of the item's assistance type. The pages must be the household's
 * own or still waiting in the inbox (main/domain/pageOwnership.ts): never
 * another household's filed pages, never pages of an exited file.
 */
export async function fileDocument(db: Kysely<Database>, ctx: AuditContext, input: DocumentInput): Promise<{ id: number }> {
  const { item, caseId } = await itemAndCase(db, ctx, input.householdId, input.itemCode);
  const pageIds = input.pageIds ?? [];

  return mutate(db, ctx, async (tx) => {
    assertPagesMayGo(await pagePlaces(tx.trx, pageIds), { to: { kind: 'file', householdId: input.householdId, exitId: null, held: false } });
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
    const from = await fillDocument(tx, now, { documentId: doc.id, householdId: input.householdId }, pageIds);
    await tx.record({
      action: 'document.file',
      entity: 'document',
      entityId: doc.id,
      after: { householdId: input.householdId, caseId, itemCode: input.itemCode, pageIds, from: from.filter((p) => p.householdId !== null || p.documentId !== null) },
    });
    return { id: doc.id };
  });
}
