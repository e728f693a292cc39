import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { fsck } from '../integrity/fsck';
import { createService } from '../service';
import { tempDir } from '../testing/fixtures';
import { startTestS3, type TestS3 } from '../testing/s3server';
import { renderFormPage } from '../testing/scans';
import { sha256Of } from './blobStore';

/**
 * End to end: an archive whose blobs are in S3-compatible object storage
 * (s3rver on loopback) takes in scans as the clerk's `ingest --no-ocr` does,
 * and every page reads back from the object store, byte-exact with what the
 * database names; the archive folder itself holds no blob.
 */
let s3: TestS3 | null = null;
let skipped = '';
let archive: Archive;
let dir: string;
const scans: Record<string, Buffer> = {};

beforeAll(async () => {
  const started = await startTestS3();
  if ('failed' in started) {
    skipped = `s3rver 无法启动（${started.failed}），跳过对象存储端到端测试`;
    return;
  }
  s3 = started;
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'), { db: false, store: s3.url('e2e') });
  const folder = path.join(dir, 'scans');
  fs.mkdirSync(folder);
  scans['01-page.jpg'] = await renderFormPage({ dpi: 100, seed: 1 });
  scans['02-page.jpg'] = await renderFormPage({ dpi: 100, seed: 2, skew: 0.8 });
  for (const [name, bytes] of Object.entries(scans)) fs.writeFileSync(path.join(folder, name), bytes);
  await createService({ archive, actor: '经办人:测试' }).ingest({ paths: [folder], ocr: false });
}, 300_000);

afterAll(async () => {
  await archive?.close();
  await s3?.close();
  if (skipped) console.warn(skipped);
});

describe('an archive with its blobs in object storage', () => {
  it('stores the scans and their pages there and reads them back', async (ctx) => {
    if (skipped) ctx.skip(skipped);
    expect(archive.store.location).toContain('s3://hudang-test/e2e');
    expect(archive.store.location).not.toContain('secretAccessKey=S3RVER');
    const files = await archive.db.selectFrom('sourceFile').select(['name', 'sha256']).orderBy('name').execute();
    expect(files.map((f) => f.name)).toEqual(['01-page.jpg', '02-page.jpg']);
    for (const f of files) expect((await archive.store.read(f.sha256 as string)).equals(scans[f.name] as Buffer)).toBe(true);
    const pages = await archive.db.selectFrom('page').select(['imageSha256', 'thumbSha256']).execute();
    expect(pages).toHaveLength(2);
    for (const p of pages) {
      const image = await archive.store.read(p.imageSha256);
      expect(sha256Of(image)).toBe(p.imageSha256);
      expect((await sharp(image).metadata()).format).toBe('jpeg');
      expect(await archive.store.has(p.thumbSha256 as string)).toBe(true);
    }
    // Nothing landed beside the database: the archive's own store/ folder stays empty.
    const local = fs.readdirSync(path.join(dir, 'archive', 'store'), { recursive: true, encoding: 'utf8' }).filter((p) => /[0-9a-f]{64}$/.test(p));
    expect(local).toEqual([]);
    const report = await fsck(archive.db, archive.store);
    expect(report.missing).toEqual([]);
    expect(report.corrupt).toEqual([]);
    expect(report.checked).toBeGreaterThanOrEqual(6);
  });

  it('refuses to export or back up with a clear message rather than half-doing it', async (ctx) => {
    if (skipped) ctx.skip(skipped);
    const api = createService({ archive, actor: '经办人:测试' });
    await expect(api.exportPackages({ outDir: path.join(dir, 'out'), idMasking: 'full' })).rejects.toThrow(/导出档案包暂只支持存放在文件夹中的页面库/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
