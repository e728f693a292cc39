import type { Kysely } from 'kysely';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { findItem, type ChecklistItem, type Pack } from '../domain/checklist';
import { UserError } from '../support/errors';
import { packResolver } from './packStore';

/**
 * The checklist pack a household is judged by (its town's), and the open case
 * a checklist item of that pack would be filed under.
 */

export async function householdPack(db: Kysely<Database>, ctx: AuditContext, householdId: number): Promise<{ householdId: number; town: string; pack: Pack }> {
  const household = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 't.name as town'])
    .where('h.id', '=', householdId)
    .executeTakeFirst();
  if (!household) throw new UserError(`找不到户档（编号 ${householdId}）`);
  const { pack } = await (await packResolver(db, ctx))(household.town);
  return { householdId: household.id, town: household.town, pack };
}

/** The item and the household's open case of the item's assistance type; a Chinese error when either is missing. */
export async function itemAndCase(db: Kysely<Database>, ctx: AuditContext, householdId: number, itemCode: string): Promise<{ item: ChecklistItem; caseId: number }> {
  const { pack } = await householdPack(db, ctx, householdId);
  return itemAndCaseIn(db, pack, householdId, itemCode);
}

/** itemAndCase with the household's pack already at hand (filing many documents at once). */
export async function itemAndCaseIn(db: Kysely<Database>, pack: Pack, householdId: number, itemCode: string): Promise<{ item: ChecklistItem; caseId: number }> {
  const found = findItem(pack, itemCode);
  if (!found) throw new UserError(`核查清单中没有要件编号“${itemCode}”`);
  const kase = await db
    .selectFrom('assistanceCase')
    .select('id')
    .where('householdId', '=', householdId)
    .where('assistanceType', '=', found.assistanceType)
    .where('closedOn', 'is', null)
    .executeTakeFirst();
  if (!kase) throw new UserError(`该户没有在办的${found.assistanceType}案卷，不能归入“${found.item.name}”`);
  return { item: found.item, caseId: kase.id };
}
