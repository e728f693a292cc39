import type { Transaction } from 'kysely';
import type { AuditedTransaction } from '../db/audit';
import type { Database } from '../db/schema';

/**
 * Regions: 区 → 镇/街道 → 村/社区. Files are organised by village (以村(社区)
 * 为单位), so every household hangs off a village row.
 */

type Level = '区' | '镇街' | '村社区';

async function findRegion(trx: Transaction<Database>, parentId: number | null, level: Level, name: string) {
  let query = trx.selectFrom('region').select('id').where('level', '=', level).where('name', '=', name);
  query = parentId === null ? query.where('parentId', 'is', null) : query.where('parentId', '=', parentId);
  return (await query.executeTakeFirst())?.id ?? null;
}

async function ensureRegion(tx: AuditedTransaction, parentId: number | null, level: Level, name: string): Promise<number> {
  const existing = await findRegion(tx.trx, parentId, level, name);
  if (existing !== null) return existing;
  const inserted = await tx.trx
    .insertInto('region')
    .values({ parentId, level, name, code: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.record({ action: 'region.create', entity: 'region', entityId: inserted.id, after: { level, name, parentId } });
  return inserted.id;
}

export interface VillagePath {
  district: string | null;
  town: string;
  village: string;
}

/** Resolves (and creates where new) the village row for a path, caching within one transaction. */
export function villageResolver(tx: AuditedTransaction): (path: VillagePath) => Promise<number> {
  const cache = new Map<string, number>();
  return async ({ district, town, village }) => {
    const key = `${district ?? ''}\u0000${town}\u0000${village}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const districtId = district ? await ensureRegion(tx, null, '区', district) : null;
    const townId = await ensureRegion(tx, districtId, '镇街', town);
    const villageId = await ensureRegion(tx, townId, '村社区', village);
    cache.set(key, villageId);
    return villageId;
  };
}

/**
 * A roster imported before the archive's 镇街 was set hangs its villages
 * under a placeholder town (`placeholder`), which would then go on printing
 * on covers, separator sheets and 整改清单. Once the town is set, the
 * placeholder becomes that town: renamed where the town has no row yet,
 * else its villages move under the town's row (households of a village
 * already there join it). Audited; returns how many villages changed town.
 */
export async function adoptPlaceholderTown(tx: AuditedTransaction, placeholder: string, town: string): Promise<number> {
  if (town === placeholder) return 0;
  const placeholders = await tx.trx.selectFrom('region').select(['id', 'parentId']).where('level', '=', '镇街').where('name', '=', placeholder).execute();
  let villages = 0;
  for (const p of placeholders) {
    const children = await tx.trx.selectFrom('region').select(['id', 'name']).where('parentId', '=', p.id).execute();
    villages += children.length;
    const target =
      (await findRegion(tx.trx, p.parentId, '镇街', town)) ??
      (await tx.trx.selectFrom('region').select('id').where('level', '=', '镇街').where('name', '=', town).orderBy('id').executeTakeFirst())?.id ??
      null;
    if (target === null) {
      await tx.trx.updateTable('region').set({ name: town }).where('id', '=', p.id).execute();
      await tx.record({ action: 'region.rename', entity: 'region', entityId: p.id, before: { name: placeholder }, after: { name: town } });
      continue;
    }
    for (const village of children) {
      const same = await findRegion(tx.trx, target, '村社区', village.name);
      if (same === null) {
        await tx.trx.updateTable('region').set({ parentId: target }).where('id', '=', village.id).execute();
        await tx.record({ action: 'region.move', entity: 'region', entityId: village.id, before: { parentId: p.id }, after: { parentId: target } });
      } else {
        const moved = await tx.trx.updateTable('household').set({ villageId: same }).where('villageId', '=', village.id).executeTakeFirst();
        await tx.trx.deleteFrom('region').where('id', '=', village.id).execute();
        await tx.record({ action: 'region.merge', entity: 'region', entityId: village.id, before: { name: village.name, parentId: p.id }, after: { into: same, households: Number(moved.numUpdatedRows) } });
      }
    }
    await tx.trx.deleteFrom('region').where('id', '=', p.id).execute();
    await tx.record({ action: 'region.merge', entity: 'region', entityId: p.id, before: { name: placeholder }, after: { into: target } });
  }
  return villages;
}
