import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../archive';
import { tempDir } from '../testing/fixtures';
import { multiPagePdf, renderFormPage } from '../testing/scans';
import { IngestPipeline } from './pipeline';
import { watchFolders } from './watch';

/** Watched scanner folders: files already there, new files, and a PDF still being written. */

let archive: Archive;
let folder: string;
let watcher: ReturnType<typeof watchFolders>;
const taken: [string, string][] = [];

async function rows() {
  return archive.db.selectFrom('sourceFile').select(['sourcePath', 'status']).orderBy('id').execute();
}

async function waitFor(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('超时');
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  archive = await openArchive(path.join(tempDir(), 'archive'));
  folder = path.join(tempDir(), 'scanner');
  fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'sub', 'before-start.jpg'), await renderFormPage({ dpi: 72, seed: 1, table: false }));
  const pipeline = new IngestPipeline({ db: archive.db, store: archive.store, audit: { actor: 'test', now: () => new Date() }, ocr: null });
  watcher = watchFolders(pipeline, [folder], { onTaken: (file, status) => taken.push([path.basename(file), status]) });
  await watcher.ready;
});
afterAll(async () => {
  await watcher?.close();
  await archive?.close();
});

describe('watching scanner folders', () => {
  it('takes a file that was already there at start, recursively', async () => {
    await waitFor(async () => (await rows()).some((r) => r.sourcePath.endsWith('before-start.jpg') && r.status === 'split'));
  });

  it('waits for a PDF still being written and takes it once, when its trailer arrives', async () => {
    const pdf = await multiPagePdf([await renderFormPage({ dpi: 72, seed: 2, table: false }), await renderFormPage({ dpi: 72, seed: 3, table: false })]);
    const file = path.join(folder, 'scanning.pdf');
    fs.writeFileSync(file, pdf.subarray(0, Math.floor(pdf.length * 0.6)));
    // Longer than the size-stability wait: the size has settled, but the PDF has no trailer yet.
    await new Promise((r) => setTimeout(r, 4000));
    expect((await rows()).filter((r) => r.sourcePath === file)).toEqual([]);
    fs.appendFileSync(file, pdf.subarray(Math.floor(pdf.length * 0.6)));
    await waitFor(async () => (await rows()).some((r) => r.sourcePath === file && r.status === 'split'));
    expect((await rows()).filter((r) => r.sourcePath === file)).toHaveLength(1);
    const pages = await archive.db.selectFrom('page').select('pageIndex').where('sourcePath', '=', file).execute();
    expect(pages).toHaveLength(2);
  });

  it('takes a new file dropped in, and records an identical copy as a duplicate', async () => {
    const bytes = await renderFormPage({ dpi: 72, seed: 4, table: false });
    fs.writeFileSync(path.join(folder, 'new.jpg'), bytes);
    await waitFor(async () => (await rows()).some((r) => r.sourcePath.endsWith('new.jpg') && r.status === 'split'));
    fs.writeFileSync(path.join(folder, 'copy-of-new.jpg'), bytes);
    await waitFor(async () => (await rows()).some((r) => r.sourcePath.endsWith('copy-of-new.jpg')));
    expect((await rows()).find((r) => r.sourcePath.endsWith('copy-of-new.jpg'))?.status).toBe('duplicate');
    expect(taken).toContainEqual(['copy-of-new.jpg', 'duplicate']);
  });
});
