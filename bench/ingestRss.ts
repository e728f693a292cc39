import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openArchive } from '../main/archive';
import { createService } from '../main/service';

/**
 * Child process of the ingest bench (issue 19: peak RSS of a 200-file
 * intake): ingests a folder without OCR into a new archive and prints its
 * own peak RSS and wall time as JSON, so nothing else the bench did counts.
 *
 *   node --import tsx bench/ingestRss.ts ARCHIVE_DIR SCANS_DIR
 */
export async function ingestAndMeasure(archiveDir: string, scans: string): Promise<{ ms: number; peakRssMiB: number; files: number }> {
  const archive = await openArchive(archiveDir);
  const start = performance.now();
  const summary = await createService({ archive, actor: 'bench' }).ingest({ paths: [scans], ocr: false });
  const ms = performance.now() - start;
  await archive.close();
  return { ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, files: summary.queued };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [archiveDir, scans] = process.argv.slice(2);
  if (!archiveDir || !scans) throw new Error('usage: ingestRss.ts ARCHIVE_DIR SCANS_DIR');
  console.log(JSON.stringify(await ingestAndMeasure(path.resolve(archiveDir), path.resolve(scans))));
}
