import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../archive';
import { createService } from '../service';
import { runCli } from '../testing/cli';
import { rosterCsv, syntheticHouseholds, householdCells, tempDir, writeCsv } from '../testing/fixtures';
import { renderFormPage } from '../testing/scans';
import { backupArchive, restoreArchive } from './backup';

/** fsck finds damaged and missing pages; a backup taken during an ingest restores to a consistent archive. */

async function scanFolder(count: number, seed = 0): Promise<string> {
  const folder = path.join(tempDir(), 'scans');
  fs.mkdirSync(folder);
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(folder, `p${i}.jpg`), await renderFormPage({ dpi: 72, seed: seed + i, table: false }));
  return folder;
}

describe('fsck', () => {
  it('names a corrupted and a missing page image, through the CLI', async () => {
    const dataDir = path.join(tempDir(), 'archive');
    await runCli(['--data', dataDir, 'ingest', await scanFolder(3), '--no-ocr']);
    expect((await runCli(['--data', dataDir, 'fsck'])).code).toBe(0);
    const archive = await openArchive(dataDir);
    const pages = await archive.db.selectFrom('page').select(['id', 'imageSha256', 'thumbSha256']).orderBy('id').execute();
    await archive.close();
    const [first, second] = pages;
    const corrupt = path.join(dataDir, 'store', first?.imageSha256.slice(0, 2) ?? '', first?.imageSha256 ?? '');
    const bytes = fs.readFileSync(corrupt);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    fs.writeFileSync(corrupt, bytes);
    fs.rmSync(path.join(dataDir, 'store', second?.thumbSha256?.slice(0, 2) ?? '', second?.thumbSha256 ?? ''));
    const r = await runCli(['--data', dataDir, 'fsck', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.corrupt).toEqual([{ sha256: first?.imageSha256, usedBy: `页面 ${first?.id} 的图像` }]);
    expect(report.missing).toEqual([{ sha256: second?.thumbSha256, usedBy: `页面 ${second?.id} 的缩略图` }]);
  });
});

describe('backup and restore', () => {
  it('takes a backup in the middle of an ingest and restores it to a consistent archive', async () => {
    const dir = tempDir();
    const archive = await openArchive(path.join(dir, 'archive'));
    const api = createService({ archive, actor: 'test' });
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(syntheticHouseholds(50, ['红旗村', '东风村']).map(householdCells))) });
    const ingest = api.ingest({ paths: [await scanFolder(30, 100)], ocr: false });
    // Wait until the ingest is under way, then back up while it keeps writing.
    for (let n = 0; n < 200; n++) {
      const pages = await archive.db.selectFrom('page').select('id').execute();
      if (pages.length >= 5) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const backup = await backupArchive(archive, path.join(dir, 'backup.zip'));
    await ingest;
    const finalPages = (await archive.db.selectFrom('page').select('id').execute()).length;
    await archive.close();
    expect(finalPages).toBe(30);

    const restored = await restoreArchive(backup.file, path.join(dir, 'restored'));
    expect(restored).toMatchObject({ households: 50, fsck: { missing: [], corrupt: [] } });
    const copy = await openArchive(path.join(dir, 'restored'));
    const pagesInBackup = (await copy.db.selectFrom('page').select('id').execute()).length;
    expect(pagesInBackup).toBeGreaterThanOrEqual(5);
    expect(pagesInBackup).toBeLessThanOrEqual(30);
    // Files the snapshot had queued but not split are still in its queue, with their originals: the restored archive can carry on.
    const queued = await copy.db.selectFrom('sourceFile').select(['sha256']).where('status', '=', 'queued').execute();
    for (const q of queued) expect(await copy.store.has(q.sha256 ?? '')).toBe(true);
    expect((await createService({ archive: copy, actor: 't' }).verifyAudit({})).problems).toEqual([]);
    await copy.close();
  });

  it('refuses to restore over an archive that is not empty', async () => {
    const dir = tempDir();
    const archive = await openArchive(path.join(dir, 'a'));
    const backup = await backupArchive(archive, path.join(dir, 'b.zip'));
    await archive.close();
    await expect(restoreArchive(backup.file, path.join(dir, 'a'))).rejects.toThrow(/不是空的/);
  });
});

describe('CLI with users', () => {
  it('requires a login once users exist, and checks the role', async () => {
    const dataDir = path.join(tempDir(), 'archive');
    const add = (name: string, role: string, env: Record<string, string> = {}) =>
      runCli(['--data', dataDir, ...(env.HUDANG_PASSWORD ? ['--user', 'admin'] : []), 'users', 'add', name, '--role', role], { HUDANG_NEW_PASSWORD: `${name}-password`, ...env });
    expect((await add('admin', '管理员')).code).toBe(0);
    const anonymous = await runCli(['--data', dataDir, 'households']);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/--user/);
    expect((await add('reader', '检查员', { HUDANG_PASSWORD: 'admin-password' })).code).toBe(0);
    const wrong = await runCli(['--data', dataDir, '--user', 'reader', 'households'], { HUDANG_PASSWORD: 'nope-nope' });
    expect(wrong.stderr).toMatch(/用户名或密码错误/);
    const reader = await runCli(['--data', dataDir, '--user', 'reader', 'households'], { HUDANG_PASSWORD: 'reader-password' });
    expect(reader.code).toBe(0);
    const refused = await runCli(['--data', dataDir, '--user', 'reader', 'roster', 'import', '/dev/null'], { HUDANG_PASSWORD: 'reader-password' });
    expect(refused.stderr).toMatch(/无权/);
  });
});
