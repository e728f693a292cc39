import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HudangApi } from '../api/contract';
import { openArchive, type Archive } from '../archive';
import { createService } from '../service';
import { tempDir } from '../testing/fixtures';
import { multiPagePdf, renderFormPage } from '../testing/scans';
import type { OcrEngine } from './ocrEngine';
import { IngestPipeline } from './pipeline';
import { ScannerMonitor } from './scannerMonitor';
import { chokidarSource, watchFolders, type FileEventSourceFactory, type FolderWatcher, type WatchOptions } from './watch';

/**
 * Finding 13: a PDF and three bad files dropped into the scanner folder while
 * a batch was being read sat unnoticed until another file arrived, and the
 * refused ones showed only in the CLI. Here the real watcher runs on a real
 * folder; nothing else arrives after them, and every file must be taken or
 * refused, with its reason, through the call the 工作台 makes.
 */

const TIMING = { rescanMs: 2000, giveUpMs: 3000, retryMs: 400, stableMs: 500 } satisfies WatchOptions;
/** Long enough for the slowest step (refusing the truncated PDF) plus a rescan, on a busy two-core machine. */
const DEADLINE = TIMING.giveUpMs + 2 * TIMING.rescanMs + 4000;

/**
 * OCR that holds the first page until released: the batch is provably still
 * running while the files land (tesseract would make that a guess of timing).
 */
function heldOcr(): { engine: OcrEngine; running: Promise<void>; release(): void } {
  let release = () => {};
  let started = () => {};
  const held = new Promise<void>((r) => (release = r));
  const running = new Promise<void>((r) => (started = r));
  return {
    engine: {
      async pageText() {
        started();
        await held;
        return { text: '', confidence: 0 };
      },
      async orientation() {
        return { rotation: 0, certainty: 0 };
      },
    },
    running,
    release: () => release(),
  };
}

interface Rig {
  archive: Archive;
  folder: string;
  watcher: FolderWatcher;
  api: HudangApi;
  ocr: ReturnType<typeof heldOcr>;
}
const rigs: Rig[] = [];

/** The runtime's wiring (main/app/runtime.ts): watcher problems into the monitor the service reads. */
async function start(source?: FileEventSourceFactory, before?: (folder: string, pipeline: IngestPipeline) => Promise<void>): Promise<Rig> {
  const archive = await openArchive(path.join(tempDir(), 'archive'));
  const folder = path.join(tempDir(), 'scanner');
  fs.mkdirSync(folder);
  const ocr = heldOcr();
  const scanner = new ScannerMonitor();
  scanner.watching([folder]);
  const pipeline = new IngestPipeline({ db: archive.db, store: archive.store, audit: { actor: 'test', now: () => new Date() }, ocr: ocr.engine });
  await before?.(folder, pipeline);
  const watcher = watchFolders(
    pipeline,
    [folder],
    { onError: (file, message) => scanner.problem(file, message), onFolder: (dir, problem) => scanner.folder(dir, problem) },
    { ...TIMING, ...(source ? { source } : {}) },
  );
  await watcher.ready;
  const rig = { archive, folder, watcher, api: createService({ archive, actor: 'test', scanner }), ocr };
  rigs.push(rig);
  return rig;
}

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    rig.ocr.release();
    await rig.watcher.close();
    await rig.archive.close();
  }
});

async function rows(archive: Archive) {
  return archive.db.selectFrom('sourceFile').select(['name', 'status', 'reason']).orderBy('id').execute();
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`超时（${ms} ms）`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

/** The finding's files: a good two-page PDF, a text file, a PDF cut off half-way, and an empty file. */
async function dropFinding(folder: string): Promise<Map<string, Buffer>> {
  const pdf = await multiPagePdf([await renderFormPage({ dpi: 72, seed: 11, table: false }), await renderFormPage({ dpi: 72, seed: 12, table: false })]);
  const files = new Map<string, Buffer>([
    ['通知书.pdf', pdf],
    ['说明.txt', Buffer.from('这不是扫描件，是经办人的备忘。\n')],
    ['截断.pdf', pdf.subarray(0, Math.floor(pdf.length / 2))],
    ['空白.jpg', Buffer.alloc(0)],
  ]);
  for (const [name, bytes] of files) fs.writeFileSync(path.join(folder, name), bytes);
  return files;
}

const REASONS = {
  '说明.txt': '不支持的文件类型：文本文件',
  '截断.pdf': '文件不完整：PDF 文件的结尾缺失，可能已被截断或未传完（原文件仍在原处，请重新扫描或重新复制）',
  '空白.jpg': '空文件（0 字节）',
};

async function expectRefusedOnWorkbench(rig: Rig): Promise<void> {
  const status = await rig.api.scannerStatus({});
  expect(status.rejected.count).toBe(3);
  const shown = Object.fromEntries(status.rejected.recent.map((r) => [path.basename(r.source), r.reason]));
  expect(shown).toEqual(REASONS);
  expect(status.folders).toEqual([{ path: rig.folder, problem: null }]);
}

function expectOriginalsUntouched(folder: string, files: Map<string, Buffer>): void {
  for (const [name, bytes] of files) expect(fs.readFileSync(path.join(folder, name)).equals(bytes)).toBe(true);
}

describe('the scanner folder never misses a file (finding 13)', () => {
  it('takes or refuses every file dropped during a batch, with no further file arriving', async () => {
    const rig = await start();
    fs.writeFileSync(path.join(rig.folder, '第一份.jpg'), await renderFormPage({ dpi: 72, seed: 10, table: false }));
    await rig.ocr.running; // the batch is being read now

    const files = await dropFinding(rig.folder);
    const took = await waitFor(async () => (await rows(rig.archive)).filter((r) => files.has(r.name)).length === 4, DEADLINE);
    console.info(`dropped during the batch: all four taken or refused after ${took} ms`);
    // Still inside the batch: the first file's page is held by OCR.
    expect((await rows(rig.archive)).find((r) => r.name === '第一份.jpg')?.status).toBe('split');
    await expectRefusedOnWorkbench(rig);

    // The batch ends; the PDF taken meanwhile is read without another file arriving.
    rig.ocr.release();
    await waitFor(async () => (await rows(rig.archive)).every((r) => r.status === 'done' || r.status === 'rejected'), DEADLINE);
    expect(Object.fromEntries((await rows(rig.archive)).map((r) => [r.name, r.status]))).toEqual({
      '第一份.jpg': 'done',
      '通知书.pdf': 'done',
      '说明.txt': 'rejected',
      '截断.pdf': 'rejected',
      '空白.jpg': 'rejected',
    });
    expect(await rows(rig.archive)).toHaveLength(5);
    expect(await rig.archive.db.selectFrom('page').select('pageIndex').where('sourcePath', '=', path.join(rig.folder, '通知书.pdf')).execute()).toHaveLength(2);
    expectOriginalsUntouched(rig.folder, files);
  });

  it('finds files whose notifications were lost, by the rescan alone', async () => {
    let deaf = false;
    // Real chokidar underneath; only its file events are dropped once the folder goes deaf (a network share, a full inotify queue).
    const lossy: FileEventSourceFactory = (dirs, on) => chokidarSource(TIMING.stableMs)(dirs, { ...on, file: (file) => (deaf ? undefined : on.file(file)) });
    const rig = await start(lossy);
    fs.writeFileSync(path.join(rig.folder, '第一份.jpg'), await renderFormPage({ dpi: 72, seed: 10, table: false }));
    await rig.ocr.running;

    deaf = true;
    const files = await dropFinding(rig.folder);
    const took = await waitFor(async () => (await rows(rig.archive)).filter((r) => files.has(r.name)).length === 4, DEADLINE);
    console.info(`lost notifications: all four found by the rescan after ${took} ms`);
    await expectRefusedOnWorkbench(rig);
    rig.ocr.release();
    await waitFor(async () => (await rows(rig.archive)).find((r) => r.name === '通知书.pdf')?.status === 'done', DEADLINE);
    // Every version once: the rescans that follow find nothing new.
    await new Promise((r) => setTimeout(r, TIMING.rescanMs * 1.5));
    expect((await rows(rig.archive)).length).toBe(5);
    expectOriginalsUntouched(rig.folder, files);
  });

  it('works a queue left standing by an earlier run without waiting for another file', async () => {
    // A run that failed or was stopped after taking the file in: it is queued, and nothing is working the queue.
    const rig = await start(undefined, async (folder, pipeline) => {
      fs.writeFileSync(path.join(folder, '留在队列.jpg'), await renderFormPage({ dpi: 72, seed: 15, table: false }));
      expect((await pipeline.take(path.join(folder, '留在队列.jpg'), 'reject')).status).toBe('queued');
    });
    rig.ocr.release();
    // The watcher finds the file already taken ('seen'); only the rescan sees the standing queue.
    await waitFor(async () => (await rows(rig.archive)).every((r) => r.status === 'done'), DEADLINE);
  });

  it('passes the file system watcher’s own errors on, once however often they repeat', async () => {
    let raise: (message: string) => void = () => {};
    // chokidar's 'error' event (an inotify limit, a share dropping) cannot be caused on demand: this source raises one.
    const failing: FileEventSourceFactory = (dirs, on) => {
      raise = (message) => on.error(dirs[0] ?? '', message);
      return chokidarSource(TIMING.stableMs)(dirs, on);
    };
    const rig = await start(failing);
    raise('监视扫描文件夹时出错（ENOSPC）：新放入的文件改由定时检查收取');
    raise('监视扫描文件夹时出错（ENOSPC）：新放入的文件改由定时检查收取');
    const { problems } = await rig.api.scannerStatus({});
    expect(problems).toMatchObject([{ path: rig.folder, message: '监视扫描文件夹时出错（ENOSPC）：新放入的文件改由定时检查收取', count: 2 }]);
    // And files still arrive, by notification or rescan.
    fs.writeFileSync(path.join(rig.folder, '照常.jpg'), await renderFormPage({ dpi: 72, seed: 14, table: false }));
    await waitFor(async () => (await rows(rig.archive)).some((r) => r.name === '照常.jpg'), DEADLINE);
  });

  it('tells the 工作台 when the folder disappears, and takes files again once it is back', async () => {
    const rig = await start();
    const away = `${rig.folder}-拔出`;
    fs.renameSync(rig.folder, away);
    await waitFor(async () => (await rig.api.scannerStatus({})).folders[0]?.problem !== null, DEADLINE);
    const status = await rig.api.scannerStatus({});
    expect(status.folders[0]?.problem).toContain('扫描文件夹不存在或已被移走');
    expect(status.problems.map((p) => p.message)).toEqual([status.folders[0]?.problem]);

    fs.renameSync(away, rig.folder);
    await waitFor(async () => (await rig.api.scannerStatus({})).folders[0]?.problem === null, DEADLINE);
    fs.writeFileSync(path.join(rig.folder, '回来后.jpg'), await renderFormPage({ dpi: 72, seed: 13, table: false }));
    await waitFor(async () => (await rows(rig.archive)).some((r) => r.name === '回来后.jpg'), DEADLINE);
    // The problem stays listed (with its time) for whoever missed the alert, marked as gone, so its alert is cleared.
    const after = (await rig.api.scannerStatus({})).problems;
    expect(after).toHaveLength(1);
    expect(after[0]?.resolvedAt).not.toBeNull();
  });

  it('sees a folder gone at once when asked, before the watcher’s next rescan, and where nothing watches', async () => {
    const rig = await start();
    const away = `${rig.folder}-拔出`;
    fs.renameSync(rig.folder, away);
    // TIMING's rescan has not come round yet: the status reads the folder itself.
    const status = await rig.api.scannerStatus({});
    expect(status.folders[0]?.problem).toContain('扫描文件夹不存在或已被移走');
    expect(status.problems).toMatchObject([{ path: rig.folder, resolvedAt: null }]);
    fs.renameSync(away, rig.folder);
    expect((await rig.api.scannerStatus({})).problems[0]?.resolvedAt).not.toBeNull();

    // The CLI's service has no watcher: the configured folder is still told as it reads now.
    const cli = createService({ archive: rig.archive, actor: 'test' });
    await cli.updateSettings({ scannerFolders: [rig.folder] });
    fs.renameSync(rig.folder, away);
    const unwatched = await cli.scannerStatus({});
    expect(unwatched).toMatchObject({ watching: false, folders: [{ path: rig.folder }] });
    expect(unwatched.folders[0]?.problem).toContain('扫描文件夹不存在或已被移走');
    expect(unwatched.problems.map((p) => p.message)).toEqual([unwatched.folders[0]?.problem]);
    fs.renameSync(away, rig.folder);
  });
});
