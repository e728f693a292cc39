import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { createService } from '../service';
import { householdIdOf, ingestSyntheticScans } from '../testing/archives';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';

/**
 * Finding 5: one INSERT INTO destruction_in_progress let household, case and
 * page rows be deleted, and household_exit.retention_until could be updated
 * directly. Now deletes are unlocked only inside the service's destroy
 * transaction, retention columns and holds are guarded by triggers, and a
 * delete that gets past them anyway (triggers dropped, guard function faked)
 * is named by fsck and audit verify.
 */

let dir: string;
let archive: Archive;
let api: HudangApi;
let exited: number;
let live: number;
let exitId: number;
const ids = [makeIdNumber('120116', '19400101', 1), makeIdNumber('120116', '19500101', 2)];

beforeEach(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: 'test' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv([['红旗村', '王桂兰', ids[0] ?? '', '低保', '1'], ['红旗村', '李建国', ids[1] ?? '', '特困', '1']])) });
  exited = await householdIdOf(api, ids[0] ?? '');
  live = await householdIdOf(api, ids[1] ?? '');
  const pages = await ingestSyntheticScans(api, archive, dir, [1, 2, 3].map((seed) => ({ dpi: 72, seed, table: false })));
  await api.fileDocument({ householdId: exited, itemCode: 'dibao.02', pageIds: pages.slice(0, 2) });
  await api.fileDocument({ householdId: live, itemCode: 'tekun.02', pageIds: pages.slice(2) });
  const today = new Date().toISOString().slice(0, 10);
  exitId = (await api.exitHousehold({ householdId: exited, exitedOn: today, reason: '迁出' })).exitId;
  await api.setLegalHold({ exitId, hold: true, reason: '信访案件调查中' });
});
afterEach(() => archive.close());

type Counts = Record<'page' | 'document' | 'assistance_case' | 'household' | 'household_exit', number>;

function counts(db: BetterSqlite3.Database): Counts {
  const n = (table: string) => (db.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
  return { page: n('page'), document: n('document'), assistance_case: n('assistance_case'), household: n('household'), household_exit: n('household_exit') };
}

function raw<T>(work: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(archive.dbFile);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function whole(): Promise<void> {
  expect(await api.fsck({})).toMatchObject({ missing: [], corrupt: [], missingRows: [] });
  expect((await api.verifyAudit({})).problems).toEqual([]);
}

describe('a row cannot switch the delete guards off', () => {
  it('refuses the deletes after one INSERT INTO destruction_in_progress, with nothing lost', async () => {
    const before = raw(counts);
    raw((db) => {
      db.exec('CREATE TABLE IF NOT EXISTS destruction_in_progress (household_id INTEGER PRIMARY KEY)');
      db.prepare('INSERT INTO destruction_in_progress VALUES (?), (?)').run(exited, live);
      for (const table of ['page', 'document', 'assistance_case']) {
        expect(() => db.prepare(`DELETE FROM ${table} WHERE household_id = ?`).run(live), table).toThrow(/no such function: hudang_unlocked/);
      }
      expect(() => db.prepare('DELETE FROM household WHERE id = ?').run(live)).toThrow(/档案不得删除/);
    });
    expect(raw(counts)).toEqual(before);
    await whole();
  });

  it('refuses them from the sqlite3 shell too', async (context) => {
    if (spawnSync('sqlite3', ['-version']).status !== 0) return context.skip('未找到 sqlite3 命令行工具（apt-get install sqlite3；.ci/run 会安装）');
    const before = raw(counts);
    const shell = spawnSync('sqlite3', [archive.dbFile, `CREATE TABLE IF NOT EXISTS destruction_in_progress (household_id INTEGER PRIMARY KEY); INSERT INTO destruction_in_progress VALUES (${live}); DELETE FROM page WHERE household_id = ${live};`], { encoding: 'utf8' });
    expect(shell.stderr).toMatch(/no such function: hudang_unlocked/);
    expect(raw(counts)).toEqual(before);
  });

  it('lets nothing through by a destruction_in_progress row an archive already had before the upgrade', async () => {
    const file = path.join(tempDir(), 'old', 'hudang.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }), plugins: [new CamelCasePlugin()] });
    expect((await new Migrator({ db: old, provider: { getMigrations: async () => migrations } }).migrateTo('2026-12-04T0011_page_named_households')).error).toBeUndefined();
    await sql`insert into region (id, parent_id, level, name) values (1, null, '镇街', '城南镇'), (2, 1, '村社区', '红旗村')`.execute(old);
    await sql`insert into household (id, id_number, head_name, village_id) values (7, ${ids[0]}, '王桂兰', 2)`.execute(old);
    await sql`insert into destruction_in_progress (household_id) values (7)`.execute(old);
    await old.destroy();

    const upgraded = await openArchive(path.dirname(file));
    await upgraded.close();
    const db = new BetterSqlite3(file);
    try {
      expect(db.prepare("select name from sqlite_master where name = 'destruction_in_progress'").all()).toEqual([]);
      expect(() => db.prepare('DELETE FROM household WHERE id = 7').run()).toThrow(/档案不得删除/);
      expect((db.prepare('select count(*) n from household').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses even the app itself outside a destruction', async () => {
    await expect(archive.db.deleteFrom('page').where('householdId', '=', live).execute()).rejects.toThrow(/档案不得删除/);
    await whole();
  });
});

describe('retention columns and legal holds are guarded', () => {
  it('refuses direct updates of the exit date, the retention date, the hold and the destruction date, with nothing changed', async () => {
    const row = () => raw((db) => db.prepare('select exited_on, retention_start, retention_until, legal_hold, destroyed_on from household_exit where id = ?').get(exitId));
    const before = row();
    raw((db) => {
      expect(() => db.prepare("UPDATE household_exit SET retention_until = '2000-01-01' WHERE id = ?").run(exitId)).toThrow(/退出日期和保管期限一经登记不得修改/);
      expect(() => db.prepare("UPDATE household_exit SET exited_on = '1980-01-01', retention_start = '1981-01-01' WHERE id = ?").run(exitId)).toThrow(/不得修改/);
      expect(() => db.prepare('UPDATE household_exit SET legal_hold = 0 WHERE id = ?').run(exitId)).toThrow(/no such function: hudang_unlocked/);
      expect(() => db.prepare("UPDATE household_exit SET destroyed_on = '2000-01-01' WHERE id = ?").run(exitId)).toThrow(/no such function: hudang_unlocked/);
    });
    // The app's own connection outside the service's release is refused too.
    await expect(archive.db.updateTable('householdExit').set({ legalHold: 0 }).where('id', '=', exitId).execute()).rejects.toThrow(/法律保全（冻结）只能通过“解除保全”操作解除/);
    await expect(archive.db.updateTable('householdExit').set({ destroyedOn: '2000-01-01' }).where('id', '=', exitId).execute()).rejects.toThrow(/销毁日期只能由经鉴定批准的销毁程序写入/);
    expect(row()).toEqual(before);
    // The service's release still works, and is audited.
    await api.setLegalHold({ exitId, hold: false });
    expect((await api.listRetention({})).find((r) => r.exitId === exitId)?.legalHold).toBe(false);
    await whole();
  });
});

describe('rows deleted behind the guards are named', () => {
  it('names every household, case, document and page the chain records but the database lost, through fsck, audit verify and the CLI', async () => {
    const gone = raw((db) => {
      const pick = (q: string, ...a: unknown[]) => (db.prepare(q).all(...a) as { id: number }[]).map((r) => r.id);
      const lost = {
        pages: pick('select id from page where household_id = ? order by id', exited),
        documents: pick('select id from document where household_id = ? order by id', exited),
        cases: pick('select id from assistance_case where household_id in (?, ?) order by id', exited, live),
      };
      db.pragma('foreign_keys = OFF');
      // One attacker fakes the guard function in a script of their own…
      db.function('hudang_unlocked', (_kind: unknown, _id: unknown) => 1);
      db.prepare('DELETE FROM page WHERE household_id = ?').run(exited);
      db.prepare('DELETE FROM document WHERE household_id = ?').run(exited);
      // …another drops the triggers.
      db.exec('DROP TRIGGER assistance_case_no_delete; DROP TRIGGER household_no_delete; DROP TRIGGER page_no_delete; DROP TRIGGER document_no_delete');
      db.prepare('DELETE FROM page WHERE household_id = ?').run(live);
      db.prepare('DELETE FROM document WHERE household_id = ?').run(live);
      db.prepare('DELETE FROM assistance_case WHERE household_id IN (?, ?)').run(exited, live);
      db.prepare('DELETE FROM household WHERE id = ?').run(live);
      return lost;
    });
    const report = await api.fsck({});
    const named = (entity: string) => report.missingRows.filter((r) => r.entity === entity).map((r) => r.id);
    expect(named('household')).toEqual([live]);
    expect(named('case').sort()).toEqual(gone.cases);
    expect(named('document')).toHaveLength(3);
    expect(named('document')).toEqual(expect.arrayContaining(gone.documents));
    expect(named('page')).toHaveLength(3);
    expect(named('page')).toEqual(expect.arrayContaining(gone.pages));
    expect(report.missingRows.find((r) => r.entity === 'household')?.problem).toMatch(new RegExp(`^户档 ${live}：审计日志第 \\d+ 条记录了它，但数据库中已没有这一行`));
    const problems = (await api.verifyAudit({})).problems.map((p) => p.problem);
    for (const row of report.missingRows) expect(problems).toContain(row.problem);

    const cli = await runCli(['--data', archive.dataDir, 'fsck']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`缺失：户档 ${live}：审计日志第`);
  });
});
