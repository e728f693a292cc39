import type { Kysely } from 'kysely';
import type { PackSummary } from '../api/contract';
import { diffPacks, findItem, parsePack, type Pack, type PackDiff } from '../domain/checklist';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { readSettings, writeSetting } from '../settings/settings';
import { UserError } from '../support/errors';
import { resourcesDir } from '../support/paths';
import { loadBuiltinPacks, loadPackFile } from './packs';

/**
 * Checklist packs inside the archive: the built-in packs are registered on
 * first use, a district's own pack can be imported, and each town is judged
 * by the pack selected for it (or the default).
 */

export const packKey = (pack: Pick<Pack, 'id' | 'version'>): string => `${pack.id}@${pack.version}`;


async function registerPack(db: Kysely<Database>, ctx: AuditContext, pack: Pack, origin: 'builtin' | 'imported'): Promise<boolean> {
  const key = packKey(pack);
  const json = JSON.stringify(pack);
  return mutate(db, ctx, async (tx) => {
    const existing = await tx.trx.selectFrom('checklistPack').select('json').where('key', '=', key).executeTakeFirst();
    if (existing) {
      if (existing.json !== json) throw new UserError(`核查清单 ${key} 已存在且内容不同：请提高版本号后再导入`);
      return false;
    }
    await tx.trx
      .insertInto('checklistPack')
      .values({ key, packId: pack.id, version: pack.version, title: pack.title, json, origin, addedAt: ctx.now().toISOString() })
      .execute();
    await tx.record({ action: 'pack.add', entity: 'checklistPack', entityId: key, after: { title: pack.title, origin } });
    return true;
  });
}

/**
 * Stored packs never change (a key's content is fixed once added), so parsed
 * packs are cached per database; so is the fact that the built-ins are there.
 */
const parsedPacks = new WeakMap<Kysely<Database>, Map<string, Pack>>();
const builtinsRegistered = new WeakSet<Kysely<Database>>();

/** Registers the shipped packs the archive does not know yet. */
export async function ensureBuiltinPacks(db: Kysely<Database>, ctx: AuditContext): Promise<void> {
  if (builtinsRegistered.has(db)) return;
  const known = new Set((await db.selectFrom('checklistPack').select('key').execute()).map((r) => r.key));
  for (const pack of await loadBuiltinPacks(resourcesDir())) {
    if (!known.has(packKey(pack))) await registerPack(db, ctx, pack, 'builtin');
  }
  builtinsRegistered.add(db);
}

export async function importPackFile(db: Kysely<Database>, ctx: AuditContext, file: string): Promise<PackSummary> {
  const pack = await loadPackFile(file).catch((error: Error) => {
    throw new UserError(error.message);
  });
  await registerPack(db, ctx, pack, 'imported');
  return (await listPacks(db, ctx)).find((p) => p.key === packKey(pack)) as PackSummary;
}

export async function loadPack(db: Kysely<Database>, key: string): Promise<Pack> {
  const cache = parsedPacks.get(db) ?? new Map<string, Pack>();
  parsedPacks.set(db, cache);
  const cached = cache.get(key);
  if (cached) return cached;
  const row = await db.selectFrom('checklistPack').select('json').where('key', '=', key).executeTakeFirst();
  if (!row) throw new UserError(`档案中没有核查清单 ${key}（用 packs 命令查看已有的清单）`);
  const pack = parsePack(JSON.parse(row.json));
  cache.set(key, pack);
  return pack;
}

export async function listPacks(db: Kysely<Database>, ctx: AuditContext): Promise<PackSummary[]> {
  await ensureBuiltinPacks(db, ctx);
  const settings = await readSettings(db);
  const rows = await db.selectFrom('checklistPack').selectAll().orderBy('packId').orderBy('version').execute();
  const defaultKey = settings.defaultPack ?? rows.find((r) => r.origin === 'builtin')?.key ?? null;
  return rows.map((r) => ({
    key: r.key,
    id: r.packId,
    version: r.version,
    title: r.title,
    origin: r.origin,
    towns: Object.entries(settings.packByTown)
      .filter(([, k]) => k === r.key)
      .map(([town]) => town),
    isDefault: r.key === defaultKey,
  }));
}

/** Picks the pack a town is judged by; `town` null sets the default. */
export async function selectPack(db: Kysely<Database>, ctx: AuditContext, key: string, town: string | null): Promise<void> {
  await loadPack(db, key);
  const settings = await readSettings(db);
  await mutate(db, ctx, async (tx) => {
    if (town === null) await writeSetting(tx, 'defaultPack', key);
    else await writeSetting(tx, 'packByTown', { ...settings.packByTown, [town]: key });
  });
}

export async function diffStoredPacks(db: Kysely<Database>, a: string, b: string): Promise<PackDiff> {
  return diffPacks(await loadPack(db, a), await loadPack(db, b));
}

/** Resolves packs by town for a whole check run, loading each pack once. */
export async function packResolver(db: Kysely<Database>, ctx: AuditContext): Promise<(town: string) => Promise<{ key: string; pack: Pack }>> {
  const packs = await listPacks(db, ctx);
  const settings = await readSettings(db);
  const fallback = packs.find((p) => p.isDefault)?.key;
  return async (town) => {
    const key = settings.packByTown[town] ?? fallback;
    if (!key) throw new Error('档案中没有可用的核查清单');
    return { key, pack: await loadPack(db, key) };
  };
}

/** The official name of a checklist item as the pack of a town (the default pack without a town) calls it; null for no or an unknown code. */
export async function itemNamer(db: Kysely<Database>, ctx: AuditContext): Promise<(town: string | null, code: string | null) => Promise<string | null>> {
  const resolve = await packResolver(db, ctx);
  const defaultPack: Pack = (await resolve('')).pack;
  return async (town, code) => {
    if (!code) return null;
    const pack = town ? (await resolve(town)).pack : defaultPack;
    return findItem(pack, code)?.item.name ?? null;
  };
}
