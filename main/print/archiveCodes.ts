import type { Kysely } from 'kysely';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { assignArchiveCode, parseScheme } from '../domain/archiveCode';
import { readSettings } from '../settings/settings';
import { UserError } from '../support/errors';
import { beijingYear } from '../domain/beijingDate';

/**
 * 档号 for a volume (a household's case): assigned the first time it is
 * printed or exported, by the configured scheme, continuing the sequence of
 * the codes already given, and never changed afterwards. Village codes
 * (村代码) are numbered per town the first time they are needed, and kept.
 */

async function villageCode(db: Kysely<Database>, ctx: AuditContext, villageId: number): Promise<string> {
  const village = await db.selectFrom('region').select(['code', 'parentId']).where('id', '=', villageId).executeTakeFirstOrThrow();
  if (village.code) return village.code;
  return mutate(db, ctx, async (tx) => {
    const siblings = await tx.trx.selectFrom('region').select('code').where('parentId', '=', village.parentId).where('code', 'is not', null).execute();
    const next = Math.max(0, ...siblings.map((s) => Number(s.code) || 0)) + 1;
    const code = String(next).padStart(2, '0');
    await tx.trx.updateTable('region').set({ code }).where('id', '=', villageId).execute();
    await tx.record({ action: 'region.code', entity: 'region', entityId: villageId, after: { code } });
    return code;
  });
}

/**
 * The case's 档号, assigned now when it has none. With `assign` false (a
 * role that may not change the file prints it) an unassigned case gets ''
 * and nothing is written: no 档号, no 村代码, no audit entry.
 */
export async function ensureArchiveCode(db: Kysely<Database>, ctx: AuditContext, caseId: number, assign = true): Promise<string> {
  const kase = await db
    .selectFrom('assistanceCase as c')
    .innerJoin('household as h', 'h.id', 'c.householdId')
    .select(['c.id', 'c.archiveCode', 'c.assistanceType', 'h.villageId'])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  if (kase.archiveCode) return kase.archiveCode;
  if (!assign) return '';
  const settings = await readSettings(db);
  const parsed = parseScheme(settings.archiveCodeScheme);
  if (!parsed.ok) throw new UserError(`档号规则有误：${parsed.reason}`);
  const parts = { fondsCode: settings.fondsCode ?? '0000', assistance: kase.assistanceType, villageCode: await villageCode(db, ctx, kase.villageId), year: beijingYear(ctx.now()) };
  return mutate(db, ctx, async (tx) => {
    const existing = (await tx.trx.selectFrom('assistanceCase').select('archiveCode').where('archiveCode', 'is not', null).execute()).map((r) => r.archiveCode as string);
    const code = assignArchiveCode(parsed.scheme, parts, existing);
    await tx.trx.updateTable('assistanceCase').set({ archiveCode: code }).where('id', '=', caseId).execute();
    await tx.record({ action: 'case.archiveCode', entity: 'case', entityId: caseId, after: { archiveCode: code } });
    return code;
  });
}
