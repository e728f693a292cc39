import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { makeIdNumber } from '../domain/idNumber';
import { runCli } from '../testing/cli';
import { rosterCsv, tempDir, writeCsv } from '../testing/fixtures';
import { multiPagePdf, renderFormPage } from '../testing/scans';
import { intakePaths } from './intake';

/**
 * Two clerks ingesting at once into one PostgreSQL archive (issue 20): two
 * real `hudang ingest` processes, with OCR, on overlapping sets of scans
 * (the same paths, and the same bytes at different paths). Nothing is lost
 * and nothing is done twice: every file is taken in once, every page
 * stored and filed once, and the audit chain holds. Runs in
 * `npm run test:postgres`; skipped where HUDANG_DB names no server.
 */

const server = process.env.HUDANG_DB;
const onServer = !!server && /^postgres/i.test(server);

const HEADS = [
  { name: '测试甲', id: makeIdNumber('120116', '19500101', 1) },
  { name: '测试乙', id: makeIdNumber('120116', '19510101', 2) },
];

let root: string;
let dataDir: string;
let archive: Archive;
/** What each clerk hands to `ingest`. */
let clerkA: string[];
let clerkB: string[];
/** Distinct scans and their pages: what the archive must end up with. */
let distinctFiles: number;
let distinctPages: number;
/** Files given under two paths to both clerks (the same path twice), and copies of the same bytes at another path. */
let sharedPaths: number;
let copies: number;

const page = (seed: number) => renderFormPage({ dpi: 100, title: '最低生活保障待遇申请书', lines: [`第 ${seed} 份`], seed, table: false });

beforeAll(async () => {
  if (!onServer) return;
  root = tempDir();
  dataDir = path.join(root, 'archive');
  const scans = path.join(root, 'scans');
  const folderOf = (h: (typeof HEADS)[number], sub: string) => {
    const folder = path.join(scans, sub, '红旗村', `${h.name}_${h.id}`);
    fs.mkdirSync(folder, { recursive: true });
    return folder;
  };
  const [a, b] = HEADS as [(typeof HEADS)[number], (typeof HEADS)[number]];
  const shared = await page(1);
  const sharedPdf = await multiPagePdf([await page(2), await page(3)]);
  const onlyA = await page(4);
  const onlyB = await page(5);
  const sameBytes = await page(6);
  fs.writeFileSync(path.join(folderOf(a, 'shared'), 's1.jpg'), shared);
  fs.writeFileSync(path.join(folderOf(b, 'shared'), 's2.pdf'), sharedPdf);
  fs.writeFileSync(path.join(folderOf(a, 'a'), 'a1.jpg'), onlyA);
  fs.writeFileSync(path.join(folderOf(a, 'a'), 'copy-of-s1.jpg'), shared);
  fs.writeFileSync(path.join(folderOf(b, 'a'), 'x.jpg'), sameBytes);
  fs.writeFileSync(path.join(folderOf(b, 'b'), 'b1.jpg'), onlyB);
  fs.writeFileSync(path.join(folderOf(b, 'b'), 'x.jpg'), sameBytes);
  clerkA = [path.join(scans, 'shared'), path.join(scans, 'a')];
  clerkB = [path.join(scans, 'shared'), path.join(scans, 'b')];
  distinctFiles = 5; // s1, s2.pdf, a1, b1, x
  distinctPages = 6; // s2.pdf has two
  sharedPaths = 2; // s1, s2.pdf: taken by one clerk, "seen" by the other
  copies = 2; // copy-of-s1, and one of the two x.jpg

  // The archive exists before the clerks start (two first opens of an empty database would race on its schema).
  const roster = writeCsv(path.join(root, 'roster.csv'), rosterCsv(HEADS.map((h) => ['红旗村', h.name, h.id, '低保', '1'])));
  const imported = await runCli(['--data', dataDir, 'roster', 'import', roster]);
  expect(imported.code, imported.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await archive?.close();
});

interface Summary {
  files: number;
  queued: number;
  duplicates: number;
  rejected: number;
  seen: number;
}

describe.skipIf(!onServer)('two clerks ingesting at once into one PostgreSQL archive', () => {
  it('take every file in once, store and file every page once, and both finish cleanly', async () => {
    const [first, second] = await Promise.all([
      runCli(['--data', dataDir, 'ingest', ...clerkA, '--json']),
      runCli(['--data', dataDir, 'ingest', ...clerkB, '--json']),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const [sa, sb] = [JSON.parse(first.stdout) as Summary, JSON.parse(second.stdout) as Summary];
    expect(sa.queued + sb.queued).toBe(distinctFiles);
    expect(sa.duplicates + sb.duplicates).toBe(copies);
    expect(sa.seen + sb.seen).toBe(sharedPaths);
    expect(sa.rejected + sb.rejected).toBe(0);

    archive = await openArchive(dataDir);
    const files = await archive.db.selectFrom('sourceFile').select(['id', 'sourcePath', 'sha256', 'status', 'claimedBy']).execute();
    expect(files).toHaveLength(distinctFiles + copies);
    expect(new Set(files.map((f) => f.sourcePath)).size).toBe(files.length);
    const done = files.filter((f) => f.status === 'done');
    expect(done).toHaveLength(distinctFiles);
    expect(new Set(done.map((f) => f.sha256)).size).toBe(distinctFiles);
    expect(files.filter((f) => f.status === 'duplicate')).toHaveLength(copies);
    expect(files.every((f) => f.claimedBy === null)).toBe(true);

    const pages = await archive.db.selectFrom('page').select(['sourceSha256', 'pageIndex', 'sourceFileId', 'ocrState', 'householdId', 'claimedBy', 'imageSha256']).execute();
    expect(pages).toHaveLength(distinctPages);
    expect(new Set(pages.map((p) => `${p.sourceSha256}:${p.pageIndex}`)).size).toBe(distinctPages);
    expect(pages.every((p) => done.some((f) => f.id === p.sourceFileId))).toBe(true);
    expect(pages.every((p) => p.ocrState === 'done' && p.claimedBy === null)).toBe(true);
    for (const p of pages) expect(await archive.store.has(p.imageSha256)).toBe(true);
    for (const f of done) expect(await archive.store.has(f.sha256 as string)).toBe(true);
    // Filed to their folders' households, each by one process: one document per page, none twice.
    expect(pages.every((p) => p.householdId !== null)).toBe(true);
    const documentPages = await sql<{ n: number }>`select count(*)::integer as n from page where document_id is not null`.execute(archive.db);
    const documents = await sql<{ n: number }>`select count(distinct document_id)::integer as n from page`.execute(archive.db);
    const allDocuments = await sql<{ n: number }>`select count(*)::integer as n from document`.execute(archive.db);
    // No document left empty by a file recorded twice.
    expect(allDocuments.rows[0]?.n).toBe(documents.rows[0]?.n);
    expect(documentPages.rows[0]?.n).toBeLessThanOrEqual(distinctPages);

    // Each file's steps are in the audit log once.
    const steps = await archive.db.selectFrom('auditLog').select(['action', 'entityId']).where('action', 'in', ['file.receive', 'file.duplicate', 'file.split', 'file.file']).execute();
    const once = new Set(steps.map((s) => `${s.action}:${s.entityId}`));
    expect(once.size).toBe(steps.length);
    expect(steps.filter((s) => s.action === 'file.split')).toHaveLength(distinctFiles);
    expect(steps.filter((s) => s.action === 'file.file')).toHaveLength(distinctFiles);

    const audit = await runCli(['--data', dataDir, 'audit', 'verify']);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  }, 300_000);

  it('takes the same bytes handed to two processes at the same moment once, the other as seen or a duplicate', async () => {
    const dir = path.join(tempDir(), 'archive');
    const one = await openArchive(dir);
    const other = await openArchive(dir);
    try {
      const scanDir = path.join(tempDir(), 'scans');
      fs.mkdirSync(scanDir);
      const bytes = await page(7);
      const paths = ['p.jpg', 'q.jpg'].map((name) => path.join(scanDir, name));
      for (const p of paths) fs.writeFileSync(p, bytes);
      const deps = (a: Archive) => ({ db: a.db, store: a.store, audit: { actor: '经办人:测试', now: () => new Date() } });
      // The same path from both, and each path from one: racing transactions on two connection pools.
      const [x, y, z] = await Promise.all([intakePaths(deps(one), [paths[0] as string]), intakePaths(deps(other), [paths[0] as string]), intakePaths(deps(other), [paths[1] as string])]);
      const statuses = [x, y, z].map((o) => o[0]?.status).sort();
      expect(statuses).toEqual(['duplicate', 'queued', 'seen']);
      const rows = await one.db.selectFrom('sourceFile').select('status').execute();
      expect(rows.map((r) => r.status).sort()).toEqual(['duplicate', 'queued']);
    } finally {
      await other.close();
      await one.close();
    }
  }, 60_000);
});
