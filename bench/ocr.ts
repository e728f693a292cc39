import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { makeIdNumber } from '../main/domain/idNumber';
import { chiSimLangPath, createOcrPool } from '../main/ocr';
import type { OcrPool, OcrResult } from '../main/ocr';
import { fullPage, PAGE_MAX_SIDE, titleBand } from '../main/ocr/prepare';
import type { PreparedImage } from '../main/ocr/prepare';
import { continuationPage, FORM_TITLES, renderFormPage } from '../main/testing/scans';
import { machineLine, median, writeSection } from './lib';

/**
 * OCR throughput: the tesseract.js pool (2 warm workers) against the native
 * `tesseract` CLI (Debian tesseract-ocr) with the very same chi_sim data,
 * OMP_THREAD_LIMIT=1 and two processes in parallel, on the same synthetic
 * pages. Run: `node --import tsx bench/ocr.ts`. Not part of `npm test`.
 *
 * Only counts and timings are printed, never recognised text (the pages are
 * synthetic, but the habit matters).
 */

const PAGES = 12;
/** Pages for the one-worker-against-one-process comparison (sequential, so fewer). */
const SINGLE_PAGES = 6;
const RUNS = 3;
const WORKERS = 2;

interface BenchPage {
  image: Buffer;
  title?: string;
  idNumber: string;
}

async function makePages(): Promise<BenchPage[]> {
  const pages: BenchPage[] = [];
  for (let i = 0; i < PAGES; i++) {
    const idNumber = makeIdNumber('120116', `19${40 + i}0${1 + (i % 9)}1${i % 10}`, i + 1);
    const common = { idNumber, seed: 100 + i, noise: 0.3, skew: (i % 3) * 0.6, quality: 85 };
    if (i % 4 === 3) {
      pages.push({ image: await continuationPage(common), idNumber });
    } else {
      const title = FORM_TITLES[i % FORM_TITLES.length] as string;
      pages.push({ image: await renderFormPage({ ...common, title, seal: i % 2 === 0 }), title, idNumber });
    }
  }
  return pages;
}

/** Samples this process's RSS (tesseract.js workers are threads in it) while `work` runs. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  try {
    const value = await work();
    return { value, peakMiB: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

// ---------------------------------------------------------------- native CLI

interface NativeRun {
  ms: number;
  texts: string[];
  peakKiB: number;
}

export function tessdataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-tessdata-'));
  const gz = fs.readFileSync(path.join(chiSimLangPath(), 'chi_sim.traineddata.gz'));
  fs.writeFileSync(path.join(dir, 'chi_sim.traineddata'), zlib.gunzipSync(gz));
  return dir;
}

const GNU_TIME = '/usr/bin/time';

/** One `tesseract` process over a list file of images; GNU time (if present) reports its peak RSS. */
function runTesseract(listFile: string, tessdata: string, dpi: number): Promise<{ text: string; peakKiB: number }> {
  const args = [listFile, 'stdout', '--tessdata-dir', tessdata, '-l', 'chi_sim', '--oem', '1', '--dpi', String(dpi)];
  args.push('-c', 'preserve_interword_spaces=1');
  const [command, argv] = fs.existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%M', 'tesseract', ...args]]
    : ['tesseract', args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`tesseract exited with ${code}: ${err.slice(-300)}`));
      const peak = Number(err.trim().split('\n').at(-1));
      resolve({ text: out, peakKiB: Number.isFinite(peak) ? peak : 0 });
    });
  });
}

/** `processes` CLI processes in parallel, pages dealt in turn; texts come back in page order. */
export async function nativeRun(
  files: string[],
  tessdata: string,
  dpi: number,
  workDir: string,
  processes: number,
): Promise<NativeRun> {
  const dealt = Array.from({ length: processes }, (_, k) => files.map((_, i) => i).filter((i) => i % processes === k));
  const lists = dealt.map((indexes, k) => {
    const list = path.join(workDir, `list-${k}.txt`);
    fs.writeFileSync(list, indexes.map((i) => files[i]).join('\n') + '\n');
    return list;
  });
  const start = performance.now();
  const results = await Promise.all(lists.map((l) => runTesseract(l, tessdata, dpi)));
  const ms = performance.now() - start;
  const texts: string[] = [];
  // tesseract separates the pages of a list with form feeds.
  results.forEach((r, k) => r.text.split('\f').forEach((text, j) => (texts[dealt[k]?.[j] ?? -1] = text)));
  return { ms, texts: files.map((_, i) => texts[i] ?? ''), peakKiB: Math.max(...results.map((r) => r.peakKiB)) };
}

function writeImages(workDir: string, name: string, images: PreparedImage[]): string[] {
  return images.map((img, i) => {
    const file = path.join(workDir, `${name}-${String(i).padStart(2, '0')}.pgm`);
    fs.writeFileSync(file, img.pgm);
    return file;
  });
}

// ---------------------------------------------------------------- accuracy

function compact(text: string): string {
  return text.replace(/[\s\u3000]/g, '');
}

function titlesRead(pages: BenchPage[], texts: string[]): string {
  const forms = pages.map((p, i) => ({ p, text: compact(texts[i] ?? '') })).filter(({ p }) => p.title);
  return `${forms.filter(({ p, text }) => text.includes(p.title as string)).length}/${forms.length}`;
}

function idsRead(pages: BenchPage[], texts: string[]): string {
  return `${pages.filter((p, i) => compact(texts[i] ?? '').includes(p.idNumber)).length}/${pages.length}`;
}

// ---------------------------------------------------------------- the bench

interface Measure {
  name: string;
  ms: number[];
  accuracy: string;
  peakMiB: number;
  pages: number;
}

const perMinute = (m: Measure) => (m.pages * 60_000) / median(m.ms);

/** One timed pass of a measure; texts are in page order. */
type Pass = () => Promise<{ ms: number; texts: string[]; peakMiB: number }>;

/** All pages submitted at once (the pool schedules them), or `inTurn` = 1 for one page at a time. */
function poolPass(pages: BenchPage[], run: (img: Buffer) => Promise<OcrResult>, inTurn?: 1): Pass {
  const all = async () => {
    if (!inTurn) return Promise.all(pages.map((p) => run(p.image)));
    const results: OcrResult[] = [];
    for (const p of pages) results.push(await run(p.image));
    return results;
  };
  return async () => {
    const { value, peakMiB } = await withPeakRss(() => timed(all));
    return { ms: value.ms, texts: value.value.map((v) => v.text), peakMiB };
  };
}

function nativePass(files: string[], tessdata: string, dpi: number, workDir: string, processes = WORKERS): Pass {
  return async () => {
    const run = await nativeRun(files, tessdata, dpi, workDir, processes);
    return { ms: run.ms, texts: run.texts, peakMiB: run.peakKiB / 1024 };
  };
}

/**
 * Runs every pass once untimed (wasm code tiers up over the first pages;
 * the CLI's model and images get into the page cache), then RUNS timed
 * rounds in which the engines alternate, so load from other work on the
 * machine hits all of them alike.
 */
async function measureAll(
  passes: { name: string; pages: number; pass: Pass; score: (texts: string[]) => string }[],
): Promise<Measure[]> {
  for (const p of passes) await p.pass();
  const measures: Measure[] = passes.map((p) => ({ name: p.name, ms: [], accuracy: '', peakMiB: 0, pages: p.pages }));
  for (let r = 0; r < RUNS; r++) {
    for (const [i, p] of passes.entries()) {
      const result = await p.pass();
      const m = measures[i] as Measure;
      m.ms.push(result.ms);
      m.peakMiB = Math.max(m.peakMiB, result.peakMiB);
      m.accuracy = p.score(result.texts);
    }
  }
  return measures;
}

function row(m: Measure): string {
  const ms = median(m.ms);
  return `| ${m.name} | ${(ms / 1000).toFixed(2)} s | ${perMinute(m).toFixed(0)} | ${m.accuracy} | ${m.peakMiB.toFixed(0)} MiB |`;
}

async function startPool(workers: number): Promise<{ pool: OcrPool; ms: number }> {
  const { value, ms } = await timed(async () => {
    const pool = createOcrPool({ workers });
    await pool.ready();
    return pool;
  });
  return { pool: value, ms };
}

export async function runOcrBench(): Promise<string> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-bench-ocr-'));
  const tessdata = tessdataDir();
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const pages = await makePages();
    const single = pages.slice(0, SINGLE_PAGES);
    const titleScore = (texts: string[]) => `titles ${titlesRead(pages, texts)}`;
    const idScore = (subset: BenchPage[]) => (texts: string[]) => `IDs ${idsRead(subset, texts)}`;

    // The native CLI reads exactly the images the pool hands to its workers.
    const bands = await Promise.all(pages.map((p) => titleBand(p.image)));
    const fulls = await Promise.all(pages.map((p) => fullPage(p.image)));
    const originals = pages.map((p, i) => {
      const file = path.join(workDir, `page-${String(i).padStart(2, '0')}.jpg`);
      fs.writeFileSync(file, p.image);
      return file;
    });
    const bandFiles = writeImages(workDir, 'band', bands);
    const fullFiles = writeImages(workDir, 'full', fulls);
    const [bandDpi, fullDpi] = [bands[0]?.dpi ?? 121, fulls[0]?.dpi ?? 150];

    const started = await startPool(WORKERS);
    const pool = started.pool;
    const parallel = await measureAll([
      {
        name: 'tesseract.js pool ×2, title band',
        pages: PAGES,
        pass: poolPass(pages, pool.titleText),
        score: titleScore,
      },
      {
        name: 'native CLI ×2, title band',
        pages: PAGES,
        pass: nativePass(bandFiles, tessdata, bandDpi, workDir),
        score: titleScore,
      },
      {
        name: 'tesseract.js pool ×2, full page',
        pages: PAGES,
        pass: poolPass(pages, pool.pageText),
        score: idScore(pages),
      },
      {
        name: 'native CLI ×2, full page (same prepared image)',
        pages: PAGES,
        pass: nativePass(fullFiles, tessdata, fullDpi, workDir),
        score: idScore(pages),
      },
      {
        name: 'native CLI ×2, full page (original 200 dpi JPEG)',
        pages: PAGES,
        pass: nativePass(originals, tessdata, 200, workDir),
        score: idScore(pages),
      },
    ]);
    await pool.close();

    // One worker against one process, one page at a time: the engines alone, without parallel scaling.
    const one = (await startPool(1)).pool;
    const sequential = await measureAll([
      {
        name: `tesseract.js pool ×1, full page, ${SINGLE_PAGES} pages in turn`,
        pages: SINGLE_PAGES,
        pass: poolPass(single, one.pageText, 1),
        score: idScore(single),
      },
      {
        name: `native CLI ×1, full page (same prepared image), ${SINGLE_PAGES} pages`,
        pages: SINGLE_PAGES,
        pass: nativePass(fullFiles.slice(0, SINGLE_PAGES), tessdata, fullDpi, workDir, 1),
        score: idScore(single),
      },
    ]);
    await one.close();

    return report({ pages, startMs: started.ms, loadBefore, parallel, sequential });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(tessdata, { recursive: true, force: true });
  }
}

interface Results {
  pages: BenchPage[];
  startMs: number;
  loadBefore: number;
  /** pool title, native title, pool page, native page (prepared), native page (original) */
  parallel: Measure[];
  /** pool ×1 page, native ×1 page */
  sequential: Measure[];
}

function ratio(a: Measure | undefined, b: Measure | undefined): number {
  return a && b ? median(a.ms) / a.pages / (median(b.ms) / b.pages) : NaN;
}

/** Findings from profiling the pool (see the OCR section of RESULTS.md); printed when the target is missed. */
const SLOWER_NOTE = [
  'Where the time goes (measured beside this bench on the same PGM pages, one worker against one process, alternating):',
  'preparation with sharp is 35–90 ms a page and the decode inside the wasm ~20 ms; the rest is the engine, which runs',
  '1.6–1.7× the native CLI on the same image, psm 3, dpi and data. A perf profile of the worker thread puts half of its',
  'time in two wasm functions: the int8 matrix-vector product of the LSTM (tesseract.js-core hard-codes the SSE',
  'version, compiled to 128-bit wasm SIMD; native tesseract picks AVX2 here) and one large function with no SIMD',
  'instructions at all, where native code is vectorised. Neither can change without rebuilding tesseract.js-core',
  '(tesseract 5.1.0-288 inside, native 5.3.0). Tried without measurable change: the LSTM-only core (tesseract.js',
  "7.0.0's Node getCore is handed the lstmOnly flag but compares it with OEM numbers, so it always loads the full simd",
  'core; forcing simd-lstm or relaxedsimd-lstm through a custom worker script ran at 1.73× native like the stock core),',
  'relaxed SIMD (node --experimental-wasm-relaxed-simd) and tessedit_do_invert=0. Only text and the mean confidence',
  'are built (tesseract.js 7 defaults; no hOCR/TSV/blocks). Classification needs only the title band, fast in both',
  'engines; full-page text can run in the background after filing.',
].join(' ');

function report(r: Results): string {
  const [poolTitle, , poolPage, nativePage] = r.parallel;
  const [poolOne, nativeOne] = r.sequential;
  const parallelRatio = ratio(poolPage, nativePage);
  const engineRatio = ratio(poolOne, nativeOne);
  const speedup = ratio(poolPage, poolTitle);
  const verdict = (ok: boolean) => (ok ? 'holds' : '**missed**');
  const forms = r.pages.filter((p) => p.title).length;
  const body = [
    `Machine: ${machineLine()}. Load average (1 min) ${r.loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after: other work on the machine inflates all timings alike.`,
    '',
    `Pages: ${PAGES} synthetic A4 scans, 200 dpi JPEG q85, noise 0.3, skew 0–1.2° (${forms} forms with titles, ${PAGES - forms} continuation pages), each with an 18-digit ID line. chi_sim data: ${path.basename(chiSimLangPath())} from @tesseract.js-data/chi_sim, the same file for both engines. Pool: full pages shrunk to ${PAGE_MAX_SIDE} px on the long side; title band = top 20% scaled to 1000 px wide; both handed over as 8-bit grey PGM; times include that sharp preparation. Native: tesseract ${nativeVersion()}, OMP_THREAD_LIMIT=1, processes over list files (one model load per process), fed the pool's prepared images unless noted. One untimed warm-up pass, then ${RUNS} rounds with the engines alternating; medians of the wall time for all pages of a row.`,
    '',
    '| engine, job | wall time | pages/min | read correctly | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    ...[...r.parallel, ...r.sequential].map(row),
    '',
    `Pool start-up (${WORKERS} workers, model load): ${(r.startMs / 1000).toFixed(2)} s. Pool peak RSS is the whole Node process (workers are threads, and the bench holds its pages); native is the largest single process.`,
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    `| tesseract.js pool within 1.3× of native time (full page, ${WORKERS} workers vs ${WORKERS} processes) | ${parallelRatio.toFixed(2)}× | ${verdict(parallelRatio <= 1.3)} |`,
    `| same, one worker vs one process (engine speed alone) | ${engineRatio.toFixed(2)}× | ${verdict(engineRatio <= 1.3)} |`,
    `| title-only ≥ 3× faster than full page (pool) | ${speedup.toFixed(1)}× | ${verdict(speedup >= 3)} |`,
    ...(parallelRatio > 1.3 ? ['', SLOWER_NOTE] : []),
  ].join('\n');
  writeSection('## OCR', body);
  return body;
}

export function nativeVersion(): string {
  const r = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').split('\n')[0]?.replace(/^tesseract\s*/, '') || '未安装';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runOcrBench());
}
