import type { Kysely } from 'kysely';
import type { CaseUpdate } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { UserError } from '../support/errors';
import { householdPack } from '../checklist/householdPack';

/**
 * Clerk edits to a household file: the facts its checklist conditions read,
 * and a case's key dates, care mode, 档号 and shelf location. Each edit is
 * audited with the values before and after.
 */

export class EditError extends UserError {}

type FactMap = Record<string, boolean | null>;

/** Facts must be ones the town's pack knows, so a typo cannot silently change nothing. */
async function checkFactKeys(db: Kysely<Database>, ctx: AuditContext, householdId: number, facts: FactMap): Promise<void> {
  const { pack } = await householdPack(db, ctx, householdId);
  const unknown = Object.keys(facts).filter((k) => !(k in pack.facts));
  if (unknown.length > 0) throw new EditError(`未知的情况项：${unknown.join('、')}`);
}

function mergeFacts(json: string, changes: FactMap): string {
  return JSON.stringify({ ...(JSON.parse(json) as FactMap), ...changes });
}

export async function updateHouseholdFacts(db: Kysely<Database>, ctx: AuditContext, id: number, facts: FactMap): Promise<void> {
  await checkFactKeys(db, ctx, id, facts);
  await mutate(db, ctx, async (tx) => {
    const before = await tx.trx.selectFrom('household').select('facts').where('id', '=', id).executeTakeFirstOrThrow();
    const after = mergeFacts(before.facts, facts);
    if (after === before.facts) return;
    await tx.trx.updateTable('household').set({ facts: after, updatedAt: ctx.now().toISOString() }).where('id', '=', id).execute();
    await tx.record({ action: 'household.facts', entity: 'household', entityId: id, before: JSON.parse(before.facts), after: JSON.parse(after) });
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function updateCase(db: Kysely<Database>, ctx: AuditContext, update: CaseUpdate): Promise<void> {
  const existing = await db.selectFrom('assistanceCase').selectAll().where('id', '=', update.id).executeTakeFirst();
  if (!existing) throw new EditError(`找不到救助案卷（编号 ${update.id}）`);
  if (update.facts) await checkFactKeys(db, ctx, existing.householdId, update.facts);
  for (const [field, value] of Object.entries(update.dates ?? {})) {
    if (value !== null && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))) {
      throw new EditError(`日期“${value}”（${field}）格式应为 YYYY-MM-DD`);
    }
  }
  const sources = JSON.parse(existing.dateSources) as Record<string, string>;
  for (const field of Object.keys(update.dates ?? {})) sources[field] = `经办人录入（${ctx.actor}）`;
  const changes = {
    ...(update.dates ?? {}),
    ...(update.careMode !== undefined ? { careMode: update.careMode } : {}),
    ...(update.facts ? { facts: mergeFacts(existing.facts, update.facts) } : {}),
    ...(update.archiveCode !== undefined ? { archiveCode: update.archiveCode } : {}),
    ...(update.cabinet !== undefined ? { cabinet: update.cabinet } : {}),
    ...(update.box !== undefined ? { box: update.box } : {}),
    ...(update.shelfPosition !== undefined ? { shelfPosition: update.shelfPosition } : {}),
    ...(update.dates ? { dateSources: JSON.stringify(sources) } : {}),
  };
  const changed = Object.entries(changes).filter(([k, v]) => existing[k as keyof typeof existing] !== v);
  if (changed.length === 0) return;
  await mutate(db, ctx, async (tx) => {
    await tx.trx
      .updateTable('assistanceCase')
      .set({ ...Object.fromEntries(changed), updatedAt: ctx.now().toISOString() })
      .where('id', '=', update.id)
      .execute();
    const before = Object.fromEntries(changed.map(([k]) => [k, existing[k as keyof typeof existing]]));
    await tx.record({ action: 'case.update', entity: 'case', entityId: update.id, before, after: Object.fromEntries(changed) });
  });
}
