import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { UserError } from '../support/errors';
import type { ExportScope } from './types';

/** Which households an export takes: the scope, then (for an incremental export) those changed since a day. */

export interface ScopedHousehold {
  id: number;
  idNumber: string;
  headName: string;
  town: string;
  village: string;
}

/** A mistyped village or town would export nobody and say nothing: it is refused, naming the ones there are. */
async function mustExist(db: Kysely<Database>, level: '村社区' | '镇街', name: string): Promise<void> {
  const names = (await db.selectFrom('region').select('name').distinct().where('level', '=', level).orderBy('name').execute()).map((r) => r.name);
  if (names.includes(name)) return;
  const shown = names.length > 20 ? `${names.slice(0, 20).join('、')}等 ${names.length} 个` : names.join('、') || '（尚无）';
  throw new UserError(`本档案里没有${level === '镇街' ? '镇(街道)' : '村(社区)'}“${name}”。现有：${shown}`);
}

export async function householdsInScope(db: Kysely<Database>, scope: ExportScope): Promise<ScopedHousehold[]> {
  let q = db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .leftJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.idNumber', 'h.headName', 'v.name as village'])
    .select((eb) => eb.fn.coalesce('t.name', eb.val('')).as('town'));
  if (scope.village) {
    await mustExist(db, '村社区', scope.village);
    q = q.where('v.name', '=', scope.village);
  }
  if (scope.town) {
    await mustExist(db, '镇街', scope.town);
    q = q.where('t.name', '=', scope.town);
  }
  if (scope.householdId !== undefined) q = q.where('h.id', '=', scope.householdId);
  return q.orderBy('t.name').orderBy('v.name').orderBy('h.id').execute();
}

const ENTITY_TABLES = { case: 'assistanceCase', document: 'document', page: 'page', householdExit: 'householdExit' } as const;

/** Households with any change on or after `since`: their rows, their pages, or an audit entry about them. */
export async function changedSince(db: Kysely<Database>, since: string): Promise<Set<number>> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new UserError(`起始日期格式应为 YYYY-MM-DD：${since}`);
  const ids = new Set<number>();
  const add = (rows: { householdId: number | null }[]) => rows.forEach((r) => r.householdId !== null && ids.add(r.householdId));
  add(await db.selectFrom('household').select('id as householdId').where('updatedAt', '>=', since).execute());
  add(await db.selectFrom('assistanceCase').select('householdId').distinct().where('updatedAt', '>=', since).execute());
  add(await db.selectFrom('document').select('householdId').distinct().where('updatedAt', '>=', since).execute());
  add(await db.selectFrom('page').select('householdId').distinct().where('createdAt', '>=', since).execute());
  add(await db.selectFrom('householdExit').select('householdId').distinct().where('createdAt', '>=', since).execute());
  const audits = await db.selectFrom('auditLog').select(['entity', 'entityId']).where('at', '>=', since).where('entity', 'in', ['household', ...Object.keys(ENTITY_TABLES)]).execute();
  for (const a of audits) if (a.entity === 'household' && a.entityId) ids.add(Number(a.entityId));
  for (const [entity, table] of Object.entries(ENTITY_TABLES)) {
    const entityIds = [...new Set(audits.filter((a) => a.entity === entity && a.entityId).map((a) => Number(a.entityId)))];
    for (let i = 0; i < entityIds.length; i += 500) {
      add(await db.selectFrom(table).select('householdId').where('id', 'in', entityIds.slice(i, i + 500)).execute());
    }
  }
  return ids;
}
