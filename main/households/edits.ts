import type { Kysely } from 'kysely';
import type { CaseUpdate } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { UserError } from '../support/errors';
import { householdPack } from '../checklist/householdPack';
import type { AssistanceType } from '../domain/assistance';
import { DATE_FIELD_LABELS, DATE_FIELDS, isIsoDate, type DateField } from '../domain/checklist';
import type { stepColumns } from './caseStepColumns';

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

/** The recorded steps an update sets, checked: bad input is refused whole with a Chinese message. */
function stepChanges(type: AssistanceType, update: CaseUpdate): Partial<ReturnType<typeof stepColumns>> {
  const { amount, emergency, deliberationHeld, publicityObjections, outcome } = update;
  if (amount !== undefined && amount !== null && (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)) {
    throw new EditError(`救助金额“${String(amount)}”无效：应为不小于 0 的数字（元）`);
  }
  if (amount !== undefined && amount !== null && type !== '临时救助') throw new EditError(`救助金额只登记在临时救助案卷上（本案卷为${type}）`);
  if (emergency === true && type !== '临时救助') throw new EditError(`急难型先行救助只适用于临时救助案卷（本案卷为${type}）`);
  if (outcome !== undefined && outcome !== null && outcome !== '确认' && outcome !== '不予确认') throw new EditError(`审核确认结果应为“确认”或“不予确认”`);
  const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  return {
    ...(amount !== undefined ? { amount } : {}),
    ...(emergency !== undefined ? { emergency: emergency ? 1 : 0 } : {}),
    ...(deliberationHeld !== undefined ? { deliberationHeld: bit(deliberationHeld) } : {}),
    ...(publicityObjections !== undefined ? { publicityObjections: bit(publicityObjections) } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
  };
}

export async function updateCase(db: Kysely<Database>, ctx: AuditContext, update: CaseUpdate): Promise<void> {
  const existing = await db.selectFrom('assistanceCase').selectAll().where('id', '=', update.id).executeTakeFirst();
  if (!existing) throw new EditError(`找不到救助案卷（编号 ${update.id}）`);
  if (update.facts) await checkFactKeys(db, ctx, existing.householdId, update.facts);
  for (const [field, value] of Object.entries(update.dates ?? {})) {
    if (!(DATE_FIELDS as readonly string[]).includes(field)) throw new EditError(`未知的日期项：${field}`);
    if (value !== null && !isIsoDate(value)) {
      throw new EditError(`日期“${value}”（${DATE_FIELD_LABELS[field as DateField]}）格式应为 YYYY-MM-DD`);
    }
  }
  const steps = stepChanges(existing.assistanceType, update);
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
    ...steps,
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
