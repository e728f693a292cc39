import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openArchive } from '../main/archive';
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
  fs.rmSync(work, { recursive: true, force: true });
  const ingest = median(ingestTimes);
  const floor = median(floorTimes);
  const rate = (t: number) => (FILES / (t / 1000)).toFixed(1);
  const body = `Machine: ${machineLine()}

Files: ${FILES} synthetic A4 scans at 200 dpi (JPEG, noise, slight skew, every seventh upside down), ${(bytes / 2 ** 20).toFixed(1)} MiB. \`ingest --no-ocr\` into an empty archive; floor: \`sha256sum\` of the files, then \`cp\` into a new folder and \`sync\`.

| measure | median of 3 | pages/s |
| --- | --- | --- |
| ingest without OCR (hash, store with fsync, split, upright, deskew, A4 200 dpi, thumbnail, blank/photo checks) | ${ingest.toFixed(0)} ms | ${rate(ingest)} |
| sha256sum + cp + sync of the same files | ${floor.toFixed(0)} ms | ${rate(floor)} |
| share of the floor | ${((floor / ingest) * 100).toFixed(1)} % | target ≥ 50 % |

Peak RSS: ${peakRssMiB().toFixed(0)} MiB.`;
  writeSection('## Ingest without OCR (issue 10)', body);
  return body;
}
