import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PackageMetadata } from '../export/metadataSchema';
import { DEFAULT_TOWN } from '../settings/settings';

/**
 * Reasons to refuse a verified package before anything of it is written:
 * its checklist pack differs from the district's pack of the same key, a
 * page or a 档号 already belongs to another household.
 */

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  );
}

async function packConflict(db: Kysely<Database>, m: PackageMetadata): Promise<string | null> {
  const row = await db.selectFrom('checklistPack').select('json').where('key', '=', m.checklist.packKey).executeTakeFirst();
  if (!row || canonical(JSON.parse(row.json)) === canonical(m.checklist.pack)) return null;
  return `包内的核查清单 ${m.checklist.packKey} 与区级档案中同名同版本的清单内容不同，请先统一清单版本`;
}

async function pageConflict(db: Kysely<Database>, m: PackageMetadata, householdId: number | null): Promise<string | null> {
  const shas = [...new Set(m.pages.map((p) => p.sourceSha256))];
  for (let i = 0; i < shas.length; i += 500) {
    const rows = await db.selectFrom('page').select(['sourceSha256', 'pageIndex', 'householdId']).where('sourceSha256', 'in', shas.slice(i, i + 500)).execute();
    const wanted = new Set(m.pages.map((p) => `${p.sourceSha256}:${p.pageIndex}`));
    const taken = rows.find((r) => wanted.has(`${r.sourceSha256}:${r.pageIndex}`) && r.householdId !== null && r.householdId !== householdId);
    if (taken) return '包内有页面已归入区级档案中的另一户，请核实后再导入';
  }
  return null;
}

async function codeConflict(db: Kysely<Database>, m: PackageMetadata): Promise<string | null> {
  const codes = m.cases.map((c) => c.archiveCode).filter((c): c is string => !!c);
  if (codes.length === 0) return null;
  const rows = await db
    .selectFrom('assistanceCase as c')
    .innerJoin('household as h', 'h.id', 'c.householdId')
    .select(['c.archiveCode'])
    .where('c.archiveCode', 'in', codes)
    .where('h.idNumber', '!=', m.household.idNumber)
    .execute();
  return rows.length > 0 ? `档号 ${rows.map((r) => r.archiveCode).join('、')} 已被区级档案中的另一户使用` : null;
}

/**
 * A household the district already has under another 镇街: a package from
 * this one could carry a 镇街's name and key of the forger's choosing, so it
 * never moves a household between 镇街 by itself.
 */
async function townConflict(db: Kysely<Database>, m: PackageMetadata): Promise<string | null> {
  const row = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .leftJoin('region as t', 't.id', 'v.parentId')
    .select('t.name as town')
    .where('h.idNumber', '=', m.household.idNumber)
    .executeTakeFirst();
  const town = m.source.town || DEFAULT_TOWN;
  if (!row?.town || row.town === town) return null;
  return `该户在区级档案中属于${row.town}，此包却来自${town}；迁户须由区级核实后处理，整包未导入`;
}

export async function findConflict(db: Kysely<Database>, m: PackageMetadata): Promise<string | null> {
  const household = await db.selectFrom('household').select('id').where('idNumber', '=', m.household.idNumber).executeTakeFirst();
  return (await townConflict(db, m)) ?? (await packConflict(db, m)) ?? (await pageConflict(db, m, household?.id ?? null)) ?? (await codeConflict(db, m));
}
