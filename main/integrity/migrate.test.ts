import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { MigrateReport } from '../api/contract';
import { createGuardedApi } from '../app/guard';
import { CONNECTION_FILE, openArchive } from '../archive';
import { SessionStore } from '../auth/sessions';
import { createService } from '../service';
import { ingestSyntheticScans } from '../testing/archives';
import { runCli } from '../testing/cli';
import { startTestS3 } from '../testing/s3server';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';

/**
 * `hudang migrate --to-db`: a clerk's SQLite archive moved onto a
 * PostgreSQL server, checked row by row and page by page, and then used
 * from the server as if nothing had happened. The server half runs in
 * `npm run test:postgres` (.ci/run starts the server).
 */

const server = process.env.HUDANG_DB;
const onServer = !!server && /^postgres/i.test(server);
const ctx = { actor: '管理员:测试', now: () => new Date('2026-12-06T08:00:00Z') };
/** The CLI child must open the folder's own hudang.db, not the suite's server. */
const onSqliteFile = { HUDANG_DB: '' };

/** A server database of its own for each migrated folder (`*` becomes a hash of the folder). */
function targetUrl(): string {
  const url = new URL(server ?? '');
  url.pathname = '/migrated_*';
  return url.toString();
}

/** A town archive with a little of everything: roster, scans, filed documents, case dates, an exited household, a user. */
async function smallTownArchive(dir: string) {
  const archive = await openArchive(dir, { db: false });
  const api = createService({ archive, ...ctx });
  const households = syntheticHouseholds(8, ['红旗村', '东风村'], 3).map((h, i) => (i === 0 ? { ...h, assistance: '低保' as const } : h));
  await api.importRoster({ path: writeCsv(path.join(dir, '..', 'roster.csv'), rosterCsv(households.map(householdCells))) });
  const list = await api.listHouseholds({ fullId: true });
  const pageIds = await ingestSyntheticScans(api, archive, path.join(dir, '..'), [{ title: '低保申请书', seed: 1 }, { title: '家庭经济状况核对报告', seed: 2 }, { seed: 3 }]);
  const first = list.find((h) => h.assistance.includes('低保'))?.id ?? 0;
  await api.fileDocument({ householdId: first, itemCode: 'dibao.03', pageIds: [pageIds[0] ?? 0] });
  const household = await api.getHousehold({ id: first });
  await api.updateCase({ id: household?.cases[0]?.id ?? 0, dates: { lastReviewOn: '2026-06-15' } });
  await api.exitHousehold({ householdId: list.find((h) => h.id !== first)?.id ?? 0, exitedOn: '2026-10-09', reason: '收入超标' });
  await api.createUser({ username: 'admin', displayName: '管理员甲', role: '管理员', password: 'admin-密码123' });
  // A value with more digits than PostgreSQL's 4-byte real keeps: the move must not round it.
  await archive.db.updateTable('page').set({ confidence: 0.123456789012 }).where('id', '=', pageIds[1] ?? 0).execute();
  const before = {
    households: await api.listHouseholds({ fullId: true }),
    checklist: await api.getChecklist({ householdId: first }),
    documents: await api.householdDocuments({ householdId: first }),
    pages: await archive.db.selectFrom('page').selectAll().orderBy('id').execute(),
  };
  await archive.close();
  return { before, first, pageIds };
}

describe('hudang migrate', () => {
  it('refuses a target that is not a PostgreSQL server, and changes nothing', async () => {
    const dir = path.join(tempDir(), 'archive');
    const archive = await openArchive(dir, { db: false });
    await archive.close();
    const run = await runCli(['--data', dir, 'migrate', '--to-db', path.join(dir, 'other.db')], onSqliteFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('目标数据库地址应以 postgres:// 开头');
    expect(fs.existsSync(path.join(dir, CONNECTION_FILE))).toBe(false);
  });

  it('is for a 管理员 alone: a 经办人, 区级 or 检查员 is refused before anything is read or written', async () => {
    const dir = path.join(tempDir(), 'archive');
    const archive = await openArchive(dir, { db: false });
    try {
      const sessions = new SessionStore();
      const setup = createService({ archive, ...ctx });
      const roles = [['clerk', '经办人'], ['district', '区级'], ['inspector', '检查员']] as const;
      for (const [username, role] of roles) await setup.createUser({ username, displayName: username, role, password: `${username}-密码123` });
      for (const [username] of roles) {
        const api = createGuardedApi({ archive, setupActor: 'setup', sessions, caller: { token: null } });
        await api.login({ username, password: `${username}-密码123` });
        await expect(api.migrate({ toDb: 'postgres://hudang@127.0.0.1:1/elsewhere' })).rejects.toThrow(/无权/);
      }
      expect(fs.existsSync(path.join(dir, CONNECTION_FILE))).toBe(false);
      expect(await archive.db.selectFrom('auditLog').select('id').where('action', '=', 'archive.migrate').execute()).toEqual([]);
    } finally {
      await archive.close();
    }
  });

  describe.skipIf(!onServer)('onto a PostgreSQL server', () => {
    it('moves every row and checks every page image, then the folder opens on the server with the same households, checklists and pages', async () => {
      const dir = path.join(tempDir(), 'archive');
      const { before, first, pageIds } = await smallTownArchive(dir);
      const run = await runCli(['--data', dir, 'migrate', '--to-db', targetUrl(), '--json', '--user', 'admin'], { ...onSqliteFile, HUDANG_PASSWORD: 'admin-密码123' });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as MigrateReport;
      const rows = Object.fromEntries(report.tables.map((t) => [t.name, t.rows]));
      expect(rows).toMatchObject({ household: 8, page: before.pages.length, user: 1 });
      expect(report.blobs).toMatchObject({ missing: [], corrupt: [] });
      expect(report.blobs.checked).toBeGreaterThanOrEqual(before.pages.length);
      expect(report.database).not.toContain('*');
      expect(fs.statSync(path.join(dir, CONNECTION_FILE)).mode & 0o077).toBe(0);

      // The folder now opens on the server, whatever HUDANG_DB says.
      const archive = await openArchive(dir);
      try {
        expect(archive.engine).toBe('postgres');
        const api = createService({ archive, ...ctx });
        expect(await api.listHouseholds({ fullId: true })).toEqual(before.households);
        expect(await api.getChecklist({ householdId: first })).toEqual(before.checklist);
        expect(await api.householdDocuments({ householdId: first })).toEqual(before.documents);
        expect(await archive.db.selectFrom('page').selectAll().orderBy('id').execute()).toEqual(before.pages);
        expect((await api.fsck({})).missing).toEqual([]);
        const audit = await api.verifyAudit({});
        expect(audit.problems).toEqual([]);
        // The move itself is in the chain.
        expect(await archive.db.selectFrom('auditLog').select('action').where('action', '=', 'archive.migrate').execute()).toHaveLength(1);
        // New rows get fresh numbers after the copied ones.
        const more = syntheticHouseholds(10, ['红旗村'], 3).slice(8);
        await api.importRoster({ path: writeCsv(path.join(dir, '..', 'more.csv'), rosterCsv(more.map(householdCells))) });
        expect((await api.listHouseholds({})).length).toBe(before.households.length + 2);
        expect((await api.verifyAudit({})).problems).toEqual([]);
        const confidence = await archive.db.selectFrom('page').select('confidence').where('id', '=', pageIds[1] ?? 0).executeTakeFirstOrThrow();
        expect(confidence.confidence).toBe(0.123456789012);
        // The server's guards are on again after the move.
        await expect(sql`delete from household where id = ${first}`.execute(archive.db)).rejects.toThrow();
      } finally {
        await archive.close();
      }

      // Moved once: a second move of the same folder is refused, and so is another archive into the filled database.
      const again = await runCli(['--data', dir, 'migrate', '--to-db', targetUrl(), '--user', 'admin'], { ...onSqliteFile, HUDANG_PASSWORD: 'admin-密码123' });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('本档案已在数据库服务器上');
      const otherDir = path.join(tempDir(), 'archive');
      await (await openArchive(otherDir, { db: false })).close();
      // The test server trusts its user, so the report's URL (without a password) reaches it.
      const into = await runCli(['--data', otherDir, 'migrate', '--to-db', report.database], onSqliteFile);
      expect(into.stderr).toContain('目标数据库已有档案数据');
      expect(fs.existsSync(path.join(otherDir, CONNECTION_FILE))).toBe(false);
    });

    it('--to-store copies every page image into object storage as well, checks each there, and the folder opens on both', async (test) => {
      const s3 = await startTestS3();
      if ('failed' in s3) return test.skip(`s3rver 无法启动（${s3.failed}）`);
      try {
        const dir = path.join(tempDir(), 'archive');
        const { before } = await smallTownArchive(dir);
        const run = await runCli(['--data', dir, 'migrate', '--to-db', targetUrl(), '--to-store', s3.url('moved'), '--json', '--user', 'admin'], { ...onSqliteFile, HUDANG_PASSWORD: 'admin-密码123' });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as MigrateReport;
        expect(report.store).toMatch(/^s3:\/\/hudang-test\/moved/);
        expect(report.store).toContain('secretAccessKey=***');
        expect(report.blobs).toMatchObject({ missing: [], corrupt: [] });
        expect(report.blobs.checked).toBeGreaterThanOrEqual(before.pages.length);
        const archive = await openArchive(dir);
        try {
          expect(archive.store.location).toBe(report.store);
          const page = before.pages[0];
          const local = fs.readFileSync(path.join(dir, 'store', page?.imageSha256.slice(0, 2) ?? '', page?.imageSha256 ?? ''));
          expect((await archive.store.read(page?.imageSha256 ?? '')).equals(local)).toBe(true);
          expect((await createService({ archive, ...ctx }).fsck({})).missing).toEqual([]);
        } finally {
          await archive.close();
        }
      } finally {
        await s3.close();
      }
    });
  });
});
