import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openArchive } from '../main/archive';
import { preparePage } from '../main/formats';
import { createService } from '../main/service';
import { renderFormPage } from '../main/testing/scans';
import { machineLine, median, peakRssMiB, timeCommand, timeRuns, writeSection } from './lib';

/**
 * Issue 10: ingestion without OCR (hash, store, split, normalise to A4 at 200
 * dpi, thumbnail, blank and photo checks) in pages per second, beside the
 * physical floor of the same files: `sha256sum` plus `cp` into a fresh folder.
 */

const FILES = 40;

async function scans(dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, `扫描${String(i + 1).padStart(3, '0')}.jpg`);
    fs.writeFileSync(file, await renderFormPage({ dpi: 200, seed: 300 + i, noise: 0.3, skew: (i % 5) * 0.3, rotate: i % 7 === 0 ? 180 : 0, table: i % 2 === 0 }));
    files.push(file);
  }
  return files;
}

/** CPU time (all threads) of `work`, in ms, and what it gave. */
async function cpuMs<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, value };
}

interface Costs {
  hash: number;
  eighth: number;
  full: number;
  kept: number;
  redone: number;
  keptPages: number;
  /** JPEG encode of a straightened page with and without Huffman-table optimisation (ms), and the size it saves. */
  encode: { optimised: number; plain: number; larger: number };
}

/**
 * Where a page's time goes, one page at a time (CPU ms per page, all
 * threads): what any look at the pixels costs, against what preparing the
 * page costs when its scan is kept and when it is straightened.
 */
async function pageCosts(files: string[]): Promise<Costs> {
  const hash: number[] = [];
  const eighth: number[] = [];
  const full: number[] = [];
  const kept: number[] = [];
  const redone: number[] = [];
  const optimised: number[] = [];
  const plain: number[] = [];
  const sizes = { optimised: 0, plain: 0 };
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    hash.push((await cpuMs(async () => createHash('sha256').update(bytes).digest())).ms);
    // JPEG shrink-on-load at 1/8 (DCT scaling): the cheapest decode libjpeg has; the entropy decoding remains.
    eighth.push((await cpuMs(() => sharp(bytes).resize(64, 64, { fit: 'inside' }).raw().toBuffer())).ms);
    full.push((await cpuMs(() => sharp(bytes).raw().toBuffer())).ms);
    const { ms, value: page } = await cpuMs(() => preparePage(bytes, { rotation: 0 }));
    (page.unchanged ? kept : redone).push(ms);
    if (page.unchanged) continue;
    const { data, info } = await sharp(page.image).raw().toBuffer({ resolveWithObject: true });
    const sheet = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const withTables = await cpuMs(() => sheet().jpeg({ quality: 85 }).toBuffer());
    const withoutTables = await cpuMs(() => sheet().jpeg({ quality: 85, optimiseCoding: false }).toBuffer());
    optimised.push(withTables.ms);
    plain.push(withoutTables.ms);
    sizes.optimised += withTables.value.length;
    sizes.plain += withoutTables.value.length;
  }
  return {
    hash: median(hash),
    eighth: median(eighth),
    full: median(full),
    kept: median(kept),
    redone: median(redone),
    keptPages: kept.length,
    encode: { optimised: median(optimised), plain: median(plain), larger: sizes.plain / sizes.optimised - 1 },
  };
}

export async function runIngestBench(): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hudang-bench-ingest-'));
  const files = await scans(path.join(work, 'in'));
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  let run = 0;
  const ingestTimes = await timeRuns(3, async () => {
    const archive = await openArchive(path.join(work, `archive-${++run}`));
    const api = createService({ archive, actor: 'bench' });
    await api.ingest({ paths: [path.join(work, 'in')], ocr: false });
    await archive.close();
  });
  const floorTimes = Array.from({ length: 3 }, (_, i) => {
    const target = path.join(work, `copy-${i}`);
    return timeCommand('sh', ['-c', `sha256sum in/* > /dev/null && mkdir ${target} && cp in/* ${target}/ && sync`], work).ms;
  });
  const costs = await pageCosts(files);
  fs.rmSync(work, { recursive: true, force: true });
  const ingest = median(ingestTimes);
  const floor = median(floorTimes);
  const rate = (t: number) => (FILES / (t / 1000)).toFixed(1);
  const cores = os.availableParallelism();
  // To reach half the floor a page may take twice the floor's time per page, on every core at once.
  const budget = ((2 * floor) / FILES) * cores;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const body = `Machine: ${machineLine()}

Files: ${FILES} synthetic A4 scans at 200 dpi (JPEG, noise, slight skew, every seventh upside down), ${(bytes / 2 ** 20).toFixed(1)} MiB. \`ingest --no-ocr\` into an empty archive; floor: \`sha256sum\` of the files, then \`cp\` into a new folder and \`sync\`.

| measure | median of 3 | pages/s |
| --- | --- | --- |
| ingest without OCR (hash, store with fsync, split, upright, deskew, A4 200 dpi, thumbnail, blank/photo checks) | ${ingest.toFixed(0)} ms | ${rate(ingest)} |
| sha256sum + cp + sync of the same files | ${floor.toFixed(0)} ms | ${rate(floor)} |
| share of the floor | ${((floor / ingest) * 100).toFixed(1)} % | target ≥ 50 % |

Peak RSS: ${peakRssMiB().toFixed(0)} MiB.

Where a page's time goes (CPU time of all threads, one page at a time, median over the same files). ${costs.keptPages} of the ${FILES} scans were already upright, straight and A4 at 200 dpi and are kept byte for byte; the other ${FILES - costs.keptPages} are straightened (or turned) and re-encoded. Half the floor leaves each page ${ms(budget)} of CPU on ${cores} cores (2 × ${ms(floor / FILES)} per page × ${cores}).

| step | CPU per page |
| --- | --- |
| SHA-256 of the scan | ${ms(costs.hash)} |
| JPEG decode at 1/8 scale (the cheapest look at the pixels) | ${ms(costs.eighth)} |
| JPEG decode at full size | ${ms(costs.full)} |
| prepare a kept page (decode, skew and blank checks, thumbnail) | ${ms(costs.kept)} |
| prepare a straightened page (also turn and fit to A4, JPEG encode) | ${ms(costs.redone)} |

Issue 10: each page is decoded once at full size and its skew preview, straightened A4 sheet, thumbnail and blank check all come from those pixels (main/formats/normalise.ts \`preparePage\`); a scan already upright, straight and A4 at 200 dpi is kept as it is, not re-encoded; a crooked one is turned and fitted to A4 in one affine pass; up to ${Math.min(4, cores + 1)} pages are prepared at once, from several files or from one PDF, and recorded in queue order, starting while the remaining files are still being taken in; the store writes and fsyncs a file's blobs concurrently on the thread pool. Before this the same run took 7.6 s on this machine (5.3 pages/s, 1.2 % of the floor), one page at a time, the scan decoded three times and its re-encoded image twice more.

The 50 % target is out of reach with real normalisation on this machine: half the floor leaves each page ${ms(budget)} of CPU, while only decoding the scan's JPEG at 1/8 scale, which skips the inverse DCT but not the entropy decoding of the noisy scan, already costs ${ms(costs.eighth)}, and straightening a page costs ${ms(costs.redone)} (libvips' bilinear turn of 3.9 million RGB pixels and the JPEG encode are most of it). Even with every page already straight (${ms(costs.kept)} each) ingest would stay under ${((budget / costs.kept) * 50).toFixed(0)} % of the floor. Left as they are: the re-encoded JPEGs keep their optimised Huffman tables (${ms(costs.encode.optimised)} to encode a straightened page; ${ms(costs.encode.plain)} without, for an image ${(costs.encode.larger * 100).toFixed(0)} % larger), and the skew is not recorded as a transform instead of re-encoding the page (the export's bags copy page images as stored, so exported pages would be crooked).`;
  writeSection('## Ingest without OCR (issue 10)', body);
  return body;
}
