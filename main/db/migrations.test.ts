import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import { openArchive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { listHouseholds } from '../households/queries';
import { projectRoot } from '../support/paths';
import { tempDir } from '../testing/fixtures';
import { appliedMigrations } from './database';

const names = Object.keys(migrations);

function schemaOf(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  const rows = db
    .prepare("select type, name, sql from sqlite_master where name not like 'kysely_%' and name not like 'sqlite_%' order by type, name")
    .all() as { type: string; name: string; sql: string | null }[];
  db.close();
  return rows.map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
}

async function migrateOnlyTo(file: string, name: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }), plugins: [new CamelCasePlugin()] });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateTo(name);
  await db.destroy();
  if (result.error) throw result.error;
}

describe('migrations', () => {
  it('lists every file of migrations/ in its index, in name order', () => {
    const files = fs
      .readdirSync(path.join(projectRoot(), 'migrations'))
      .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(names).toEqual(files);
  });

  it('builds the whole schema in an empty directory', async () => {
    const dir = path.join(tempDir(), 'new', 'archive');
    const archive = await openArchive(dir);
    expect(await appliedMigrations(archive.db)).toEqual(names);
    expect(fs.existsSync(path.join(dir, 'store'))).toBe(true);
    await archive.close();
  });

  it.each(names.slice(0, -1))('upgrades an archive left at %s, keeping its data', async (previous) => {
    const dir = tempDir();
    const fresh = await openArchive(path.join(dir, 'fresh'));
    await fresh.close();

    const oldFile = path.join(dir, 'old', 'hudang.db');
    fs.mkdirSync(path.dirname(oldFile), { recursive: true });
    await migrateOnlyTo(oldFile, previous);
    const idNumber = makeIdNumber('120116', '19560312', 8);
    const raw = new BetterSqlite3(oldFile);
    raw.prepare("insert into region (id, parent_id, level, name) values (1, null, '镇街', '城南镇'), (2, 1, '村社区', '红旗村')").run();
    raw.prepare("insert into household (id_number, head_name, village_id, address) values (?, '欧阳桂兰', 2, '红旗村三组')").run(idNumber);
    raw.close();

    const upgraded = await openArchive(path.join(dir, 'old'));
    expect(await appliedMigrations(upgraded.db)).toEqual(names);
    // The household written under the old schema is found through the new search index.
    expect(await listHouseholds(upgraded.db, { query: '欧阳桂', fullId: true })).toMatchObject([{ household: idNumber }]);
    await upgraded.close();
    expect(schemaOf(oldFile)).toEqual(schemaOf(path.join(dir, 'fresh', 'hudang.db')));
  });

  it('upgrades all or nothing: a migration that fails leaves the archive as it was, and it opens once the cause is gone', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'hudang.db');
    fs.mkdirSync(dir, { recursive: true });
    await migrateOnlyTo(file, names[names.indexOf('2026-11-23T0007_case_check_cache') - 1] as string);
    const before = schemaOf(file);
    // A table in the way makes migration 0007 fail half-way through its statements; 0008 after it must not run either.
    const raw = new BetterSqlite3(file);
    raw.prepare('create table case_check_meta (x)').run();
    raw.close();
    const blocked = schemaOf(file);
    await expect(openArchive(dir)).rejects.toThrow(/数据库升级失败（迁移 2026-11-23T0007_case_check_cache）/);
    expect(schemaOf(file)).toEqual(blocked);
    expect(blocked.filter((line) => !before.includes(line))).toEqual(['table case_check_meta: CREATE TABLE case_check_meta (x)']);

    const fixed = new BetterSqlite3(file);
    fixed.prepare('drop table case_check_meta').run();
    fixed.close();
    const archive = await openArchive(dir);
    expect(await appliedMigrations(archive.db)).toEqual(names);
    await archive.close();
  });

  it('opens an archive that is already current without changing it', async () => {
    const dir = tempDir();
    await (await openArchive(dir)).close();
    const before = schemaOf(path.join(dir, 'hudang.db'));
    await (await openArchive(dir)).close();
    expect(schemaOf(path.join(dir, 'hudang.db'))).toEqual(before);
  });
});

describe('household search', () => {
  it.each([
    ['a 3+ character name fragment (trigram index)', '欧阳桂', 1],
    ['a 2-character name fragment (LIKE)', '桂兰', 2],
    ['one character', '李', 1],
    ['the last 6 digits of an ID number', 'ID6', 1],
    ['an address fragment', '三组', 0],
    ['punctuation, taken literally', '"王 OR', 0],
    ['a LIKE wildcard, taken literally', '%', 0],
  ])('finds households by %s', async (_name, query, count) => {
    const dir = tempDir();
    const archive = await openArchive(dir);
    const id1 = makeIdNumber('120116', '19560312', 8);
    const id2 = makeIdNumber('120116', '19610101', 9);
    const raw = new BetterSqlite3(archive.dbFile);
    raw.prepare("insert into region (id, parent_id, level, name) values (1, null, '镇街', '城南镇'), (2, 1, '村社区', '红旗村')").run();
    raw.prepare("insert into household (id_number, head_name, village_id, address) values (?, '欧阳桂兰', 2, null), (?, '李桂兰', 2, null)").run(id1, id2);
    raw.close();
    const text = query === 'ID6' ? id2.slice(-6) : query;
    expect(await listHouseholds(archive.db, { query: text })).toHaveLength(count);
    await archive.close();
  });
});
