import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { backupArchive, restoreArchive } from '../integrity/backup';
import { createService } from '../service';
import { runCli } from '../testing/cli';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { mutate } from './audit';
import { ANCHOR_FILE, ANCHOR_KEY_FILE, readAuditAnchor } from './auditAnchor';

/**
 * Finding 4: drop the triggers, delete the last audit entries and reset
 * sqlite_sequence, and the chain that is left still links up. The head kept
 * outside the database (audit-head.json, HMAC under the archive's key) shows
 * the cut.
 */

async function filledArchive(): Promise<{ dir: string; dataDir: string; archive: Archive }> {
  const dir = tempDir();
  const dataDir = path.join(dir, 'archive');
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'test' });
  await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(syntheticHouseholds(5, ['红旗村']).map(householdCells))) });
  await api.updateSettings({ town: '城南镇' });
  return { dir, dataDir, archive };
}

const lastId = (archive: Archive) => archive.db.selectFrom('auditLog').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

/** The attack, as the finding describes it, on the SQLite file itself. */
function cutTail(dbFile: string, entries: number): number {
  const raw = new BetterSqlite3(dbFile);
  try {
    raw.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update');
    const max = (raw.prepare('select max(id) n from audit_log').get() as { n: number }).n;
    raw.prepare('delete from audit_log where id > ?').run(max - entries);
    raw.prepare("update sqlite_sequence set seq = ? where name = 'audit_log'").run(max - entries);
    return max - entries;
  } finally {
    raw.close();
  }
}

describe('audit anchor', () => {
  it('keeps the head of the chain beside the archive after every commit, with a key only its owner reads', async () => {
    const { dataDir, archive } = await filledArchive();
    const anchor = JSON.parse((await readAuditAnchor(dataDir)) ?? '{}');
    expect(anchor).toMatchObject({ format: 'hudang-audit-head-1', seq: (await lastId(archive)).id });
    expect(anchor.hash).toMatch(/^[0-9a-f]{64}$/);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dataDir, ANCHOR_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await archive.close();
  });

  it('names a tail cut off behind the app (triggers dropped, rows deleted, sqlite_sequence reset), through the service and the CLI', async () => {
    const { dataDir, archive } = await filledArchive();
    const before = await archive.db.selectFrom('household').select('id').execute();
    const entries = (await lastId(archive)).id;
    await archive.close();

    const kept = cutTail(path.join(dataDir, 'hudang.db'), 3);

    const reopened = await openArchive(dataDir);
    const api = createService({ archive: reopened, actor: 'test' });
    const report = await api.verifyAudit({});
    expect(report.entries).toBe(kept);
    expect(report.problems).toEqual([{ id: kept, problem: expect.stringContaining(`审计日志在第 ${kept} 条之后被截断：锚点记录到第 ${entries} 条`) }]);
    // Nothing else was lost, and later work does not paper over the cut: the anchor never moves along a chain it contradicts.
    expect(await reopened.db.selectFrom('household').select('id').execute()).toEqual(before);
    for (let i = 0; i < 5; i++) await api.updateSettings({ town: `城南镇${i}` });
    expect((await lastId(reopened)).id).toBeGreaterThan(entries);
    expect((await api.verifyAudit({})).problems).toEqual([{ id: entries, problem: `审计日志在第 ${entries} 条或之前被截断或改写：第 ${entries} 条与锚点记录的不符` }]);
    await reopened.close();

    const cli = await runCli(['--data', dataDir, 'audit', 'verify']);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`第 ${entries} 条：审计日志在第 ${entries} 条或之前被截断或改写`);
  });

  it('reports the cut through the CLI right after the attack', async () => {
    const { dataDir, archive } = await filledArchive();
    await archive.close();
    const kept = cutTail(path.join(dataDir, 'hudang.db'), 2);
    const cli = await runCli(['--data', dataDir, 'audit', 'verify', '--json']);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout).problems).toEqual([{ id: kept, problem: expect.stringMatching(new RegExp(`^审计日志在第 ${kept} 条之后被截断`)) }]);
  });

  it('reports an anchor that was forged, or deleted, and does not quietly make a new one', async () => {
    const { dataDir, archive } = await filledArchive();
    const api = createService({ archive, actor: 'test' });
    const file = path.join(dataDir, ANCHOR_FILE);
    const anchor = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...anchor, seq: anchor.seq - 2 }));
    expect((await api.verifyAudit({})).problems.map((p) => p.problem)).toEqual([expect.stringMatching(/无效：签名与本档案的密钥不符/)]);

    fs.rmSync(file);
    await api.updateSettings({ town: '城北镇' });
    expect(fs.existsSync(file)).toBe(false);
    expect((await api.verifyAudit({})).problems.map((p) => p.problem)).toEqual([expect.stringMatching(/审计锚点文件 audit-head\.json 缺失/)]);
    await archive.close();
  });

  it('goes into every backup, and a restored archive checks its log against it', async () => {
    const { dir, dataDir, archive } = await filledArchive();
    const backup = await backupArchive(archive, path.join(dir, 'backup.zip'));
    await archive.close();
    const restored = await restoreArchive(backup.file, path.join(dir, 'restored'));
    expect(restored.audit.problems).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'restored', ANCHOR_FILE), 'utf8')).toBe(fs.readFileSync(path.join(dataDir, ANCHOR_FILE), 'utf8'));
    expect(fs.readFileSync(path.join(dir, 'restored', ANCHOR_KEY_FILE))).toEqual(fs.readFileSync(path.join(dataDir, ANCHOR_KEY_FILE)));
  });

  it('shares one anchor write among commits that land together', async () => {
    const { dataDir, archive } = await filledArchive();
    // Each write goes through a temp file of its own name: count those.
    const writes = new Set<string>();
    const watcher = fs.watch(dataDir, (_event, name) => {
      if (name?.startsWith(`${ANCHOR_FILE}.`) && name.endsWith('.tmp')) writes.add(name);
    });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => mutate(archive.db, { actor: 't', now: () => new Date() }, (tx) => tx.record({ action: 'test.note', entity: 'test', entityId: i }))),
    );
    watcher.close();
    const anchor = JSON.parse((await readAuditAnchor(dataDir)) ?? '{}');
    expect(anchor.seq).toBe((await lastId(archive)).id);
    expect(writes.size).toBeGreaterThan(0);
    expect(writes.size).toBeLessThan(40);
    await archive.close();
  });
});
