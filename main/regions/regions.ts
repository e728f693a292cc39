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
