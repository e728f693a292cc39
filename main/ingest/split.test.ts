import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HudangApi, ProgressEvent, RejectedRow } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import type { Page } from '../db/schema';
import { createService } from '../service';
import { tempDir } from '../testing/fixtures';
import { multiPagePdf, renderFormPage } from '../testing/scans';

/**
 * Splitting without OCR, as the clerk's `ingest --no-ocr` does it: several
 * files prepared at once, every page upright-as-scanned, straightened and on
 * A4 with its thumbnail and blank/photo marks, recorded in file order.
 */

/** The JPEG with its scan header naming a colour component that does not exist. */
function withBrokenScanHeader(jpeg: Buffer): Buffer {
  const broken = Buffer.from(jpeg);
  broken[broken.indexOf(Buffer.from([0xff, 0xda])) + 5] = 9;
  return broken;
}

let dir: string;
let archive: Archive;
let api: HudangApi;
let rows: Page[];
let rejected: RejectedRow[];
const scans: Record<string, Buffer> = {};
const progress: ProgressEvent[] = [];

beforeAll(async () => {
  dir = tempDir();
  archive = await openArchive(path.join(dir, 'archive'));
  api = createService({ archive, actor: '经办人:测试', onProgress: (event) => progress.push(event) });
  const folder = path.join(dir, 'scans');
  fs.mkdirSync(folder);
  scans['01-straight.jpg'] = await renderFormPage({ dpi: 200, seed: 1, noise: 0.3 });
  scans['02-crooked.jpg'] = await renderFormPage({ dpi: 200, seed: 2, noise: 0.3, skew: 1.2 });
  scans['03-back.jpg'] = await renderFormPage({ dpi: 200, seed: 3, blank: true });
  scans['04-photo.jpg'] = await renderFormPage({ dpi: 200, seed: 4, photo: true });
  scans['05-small.jpg'] = await renderFormPage({ dpi: 100, seed: 5, skew: 0.6 });
  scans['06-bundle.pdf'] = await multiPagePdf([
    await renderFormPage({ dpi: 200, seed: 6 }),
    await renderFormPage({ dpi: 200, seed: 7, skew: 0.9 }),
  ]);
  // Whole from SOI to EOI and its size readable, but its image data cannot be decoded: only decoding shows it.
  scans['07-damaged.jpg'] = withBrokenScanHeader(await renderFormPage({ dpi: 200, seed: 8 }));
  scans['08-straight.jpg'] = await renderFormPage({ dpi: 200, seed: 9 });
  for (const [name, bytes] of Object.entries(scans)) fs.writeFileSync(path.join(folder, name), bytes);
  await api.ingest({ paths: [folder], ocr: false });
  rows = await archive.db.selectFrom('page').selectAll().orderBy('id').execute();
  rejected = await api.listRejected({});
}, 300_000);

afterAll(async () => {
  await archive?.close();
});

const row = (name: string, index = 1) => rows.find((r) => r.sourcePath.endsWith(name) && r.pageIndex === index) as Page;

describe('splitting without OCR', () => {
  it('tells the 工作台 how many files are safe and that none is read yet', async () => {
    // Eight files taken in; the damaged JPEG is refused once splitting finds it cannot be decoded.
    expect((await api.scannerStatus({})).files).toEqual({ safe: 7, read: 0 });
  });

  it('reports taking the files in, then splitting them, counted over the whole run', () => {
    const tasks = progress.map((e) => e.task);
    expect(tasks.lastIndexOf('收取文件')).toBeLessThan(tasks.indexOf('拆分页面'));
    expect(progress.filter((e) => e.task === '收取文件').map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const splitting = progress.filter((e) => e.task === '拆分页面');
    expect(splitting.every((e, i) => i === 0 || e.done === (splitting[i - 1] as ProgressEvent).done + 1)).toBe(true);
    expect(splitting.at(-1)).toMatchObject({ done: 8, total: 8 });
  });

  it('records pages in the order of their files, whatever finished first', () => {
    expect(rows.map((r) => `${path.basename(r.sourcePath)}:${r.pageIndex}`)).toEqual([
      '01-straight.jpg:1',
      '02-crooked.jpg:1',
      '03-back.jpg:1',
      '04-photo.jpg:1',
      '05-small.jpg:1',
      '06-bundle.pdf:1',
      '06-bundle.pdf:2',
      '08-straight.jpg:1',
    ]);
  });

  it('keeps a straight A4 scan at 200 dpi as the page image itself, and re-encodes crooked or smaller ones onto A4', async () => {
    const straight = row('01-straight.jpg');
    expect(straight.imageSha256).toBe(straight.sourceSha256);
    expect(straight).toMatchObject({ width: 1654, height: 2339, deskew: 0 });
    for (const page of [row('02-crooked.jpg'), row('05-small.jpg'), row('06-bundle.pdf', 2)]) {
      expect(page.imageSha256).not.toBe(page.sourceSha256);
      expect(page.deskew).toBeLessThan(-0.3);
      expect(await sharp(await archive.store.read(page.imageSha256)).metadata()).toMatchObject({
        format: 'jpeg',
        width: 1654,
        height: 2339,
      });
    }
    expect(row('06-bundle.pdf', 1)).toMatchObject({ width: 1654, height: 2339, deskew: 0 });
  });

  it('gives every page a 240 px thumbnail in the store', async () => {
    for (const page of rows) {
      expect(page.thumbSha256).not.toBeNull();
      expect((await sharp(await archive.store.read(page.thumbSha256 as string)).metadata()).width).toBe(240);
    }
  });

  it('marks the blank back and the photo page, and nothing else', () => {
    expect(rows.filter((r) => r.blank).map((r) => path.basename(r.sourcePath))).toEqual(['03-back.jpg']);
    expect(rows.filter((r) => r.photo).map((r) => path.basename(r.sourcePath))).toEqual(['04-photo.jpg']);
  });

  it('rejects a JPEG whose image data is damaged, with the clerk’s reason, and keeps its original', async () => {
    expect(rejected).toEqual([{ source: path.join(dir, 'scans', '07-damaged.jpg'), reason: '图像文件不完整或已损坏' }]);
    const file = await archive.db
      .selectFrom('sourceFile')
      .select('sha256')
      .where('name', '=', '07-damaged.jpg')
      .executeTakeFirstOrThrow();
    expect((await archive.store.read(file.sha256 as string)).equals(scans['07-damaged.jpg'] as Buffer)).toBe(true);
  });
});
