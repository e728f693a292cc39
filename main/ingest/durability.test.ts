import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idNumber';
import { projectRoot } from '../support/paths';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { renderFormPage } from '../testing/scans';

/**
 * kill -9 during the ingest of 200 files, at chosen and at random moments,
 * then restart: every file is stored once, split once, and nothing is lost
 * or duplicated. (OCR is left for later with --no-ocr: durability is about
 * the queue, and 200 pages of OCR would take minutes.)
 */

const FILES = 200;
let scanDir: string;
let rosterFile: string;

beforeAll(async () => {
  const dir = tempDir();
  scanDir = path.join(dir, 'scans');
  const roster: string[][] = [];
  for (let h = 0; h < 20; h++) {
    const id = makeIdNumber('120116', `19${50 + h}0101`, h + 1);
    roster.push(['红旗村', `测试${'甲乙丙丁戊己庚辛壬癸'.charAt(h % 10)}${'子丑'.charAt(Math.floor(h / 10))}`, id, '低保', '2']);
  }
  rosterFile = writeCsv(path.join(dir, 'roster.csv'), rosterCsv(roster));
  for (let i = 0; i < FILES; i++) {
    const [, name, id] = roster[i % roster.length] as string[];
    const folder = path.join(scanDir, '红旗村', `${name}_${id}`);
    fs.mkdirSync(folder, { recursive: true });
    const page = await renderFormPage({ dpi: 72, title: '最低生活保障待遇申请书', lines: [`第 ${i} 份扫描件`], seed: i, table: false });
    fs.writeFileSync(path.join(folder, `scan-${String(i).padStart(3, '0')}.jpg`), page);
  }
}, 300_000);

function state(dataDir: string) {
  const db = new BetterSqlite3(path.join(dataDir, 'hudang.db'), { readonly: true });
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    return {
      files: all<{ source_path: string; status: string; n: number }>('select source_path, status, count(*) n from source_file group by source_path, status'),
      pages: all<{ image_sha256: string; source_sha256: string; page_index: number }>('select image_sha256, source_sha256, page_index from page'),
    };
  } finally {
    db.close();
  }
}

function killAfter(ms: number, dataDir: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'bin', 'hudang.js'), '--data', dataDir, 'ingest', scanDir, '--no-ocr'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('ingest killed with SIGKILL and restarted', () => {
  it('stores and splits every one of 200 files exactly once', async () => {
    const dataDir = path.join(tempDir(), 'archive');
    await runCli(['--data', dataDir, 'roster', 'import', rosterFile]);

    const first = await runCli(['--data', dataDir, 'ingest', scanDir, '--no-ocr'], { HUDANG_CRASH_AT: 'ingest-intake:120' });
    expect(first.signal).toBe('SIGKILL');
    // Files are taken in 32 to a commit: the kill after the 120th lands once the fourth batch (files 97–128) is safe.
    expect(state(dataDir).files.length).toBe(128);

    const second = await runCli(['--data', dataDir, 'ingest', scanDir, '--no-ocr'], { HUDANG_CRASH_AT: 'ingest-split:37' });
    expect(second.signal).toBe('SIGKILL');

    for (const ms of [700, 1500]) await killAfter(ms, dataDir);

    const last = await runCli(['--data', dataDir, 'ingest', scanDir, '--no-ocr', '--json']);
    expect(last.code).toBe(0);

    const { files, pages } = state(dataDir);
    expect(files).toHaveLength(FILES);
    expect(files.every((f) => f.n === 1 && f.status === 'split')).toBe(true);
    expect(new Set(files.map((f) => f.source_path)).size).toBe(FILES);
    expect(pages).toHaveLength(FILES);
    expect(new Set(pages.map((p) => `${p.source_sha256}:${p.page_index}`)).size).toBe(FILES);
    for (const p of pages) expect(fs.existsSync(path.join(dataDir, 'store', p.image_sha256.slice(0, 2), p.image_sha256))).toBe(true);

    // No source file was touched.
    expect(fs.readdirSync(path.join(scanDir, '红旗村')).length).toBe(20);
  }, 300_000);
});

describe('a file that crashes the process', () => {
  it('is set aside with a reason after three interrupted attempts, and the rest of the queue goes on', async () => {
    const dataDir = path.join(tempDir(), 'archive');
    const folder = path.join(tempDir(), 'scans');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a-poison.jpg'), await renderFormPage({ dpi: 72, seed: 901, table: false }));
    fs.writeFileSync(path.join(folder, 'b-fine.jpg'), await renderFormPage({ dpi: 72, seed: 902, table: false }));
    for (let run = 0; run < 3; run++) {
      const killed = await runCli(['--data', dataDir, 'ingest', folder, '--no-ocr'], { HUDANG_CRASH_AT: 'split-start:1' });
      expect(killed.signal).toBe('SIGKILL');
    }
    const last = await runCli(['--data', dataDir, 'ingest', folder, '--no-ocr']);
    expect(last.code).toBe(0);
    const rejected = JSON.parse((await runCli(['--data', dataDir, 'rejected', '--json'])).stdout) as { source: string; reason: string }[];
    expect(rejected).toEqual([{ source: path.join(folder, 'a-poison.jpg'), reason: expect.stringMatching(/中断 3 次.*原件已保存/) }]);
    expect(state(dataDir).pages).toHaveLength(1);
  }, 120_000);
});
