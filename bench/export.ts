import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openArchive, type Archive } from '../main/archive';
import { mutate } from '../main/db/audit';
import { exportPackages } from '../main/export/exportPackages';
import { verifyPath } from '../main/export/verify';
import { refreshVolumes } from '../main/export/volumeKeeper';
import { sql } from 'kysely';
import { createService } from '../main/service';
import { householdCells, rosterCsv, syntheticHouseholds, writeCsv } from '../main/testing/fixtures';
import { machineLine, median, peakRssMiB, timeRuns, withJpegComment, writeSection } from './lib';

/**
 * Issues 8 and 19: export 500 households (two scanned pages each, small
 * images) as BagIt packages, volumes brought up to date first by the volume
 * keeper, and compare the throughput with a plain `cp -r` of the same bytes
 * on the same disk, each export against the copy that runs right after it. The archive is made through the service API
 * (roster import, settings, case dates, filed documents); pages come from a
 * fill helper that stores a scan and its normalised image and records the
 * page the way intake does, since OCR and normalising are not what is measured.
 */

const HOUSEHOLDS = 500;
const PAGES = 2;
const DESIGNS = 16;

async function designs(): Promise<{ page: Buffer; scan: Buffer }[]> {
  return Promise.all(
    Array.from({ length: DESIGNS }, async (_, seed) => {
      const bars = Array.from({ length: 40 }, (_, i) => `<rect x="${40 + ((seed * 13 + i * 7) % 30)}" y="${60 + i * 18}" width="${200 + ((seed * 37 + i * 53) % 300)}" height="7" fill="#333"/>`).join('');
      const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="620" height="877"><rect width="620" height="877" fill="#fbfaf5"/>${bars}</svg>`);
      const page = await sharp(svg).jpeg({ quality: 85 }).toBuffer();
      const scan = await sharp({ create: { width: 620, height: 877, channels: 3, background: '#fff', noise: { type: 'gaussian', mean: 240, sigma: 12 } } }).composite([{ input: svg, blend: 'multiply' }]).jpeg({ quality: 80 }).toBuffer();
      return { page, scan };
    }),
  );
}

/** Stores one scan and its page image and records them as intake would (source file, page, audit entry). */
async function fillPage(archive: Archive, householdId: number, source: Buffer, image: Buffer, name: string): Promise<number> {
  const original = await archive.store.put(source);
  const normalised = await archive.store.put(image);
  return mutate(archive.db, { actor: 'bench', now: () => new Date() }, async (tx) => {
    const sourcePath = `/扫描/${name}`;
    const file = await tx.trx
      .insertInto('sourceFile')
      .values({ sha256: original.sha256, sourcePath, name: path.basename(sourcePath), size: source.length, kind: 'jpeg', parentId: null, status: 'done', reason: null, duplicateOf: null, pageCount: 1, finishedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await tx.trx
      .insertInto('page')
      .values({ householdId, documentId: null, positionInDocument: null, imageSha256: normalised.sha256, sourceSha256: original.sha256, sourcePath, pageIndex: 1, sourceFileId: file.id, width: 620, height: 877, review: 'accepted', ocrState: 'done', assignedBy: 'folder' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.record({ action: 'page.create', entity: 'page', entityId: page.id, after: { sourceFileId: file.id, householdId } });
    return page.id;
  });
}

const CASE_DATES = { appliedOn: '2026-01-05', acceptedOn: '2026-01-06', investigatedOn: '2026-01-12', publicityStart: '2026-01-16', publicityEnd: '2026-01-22', confirmedOn: '2026-02-04' };
const FIRST_ITEM: Record<string, string> = { 低保: 'dibao.02', 特困: 'tekun.02', 临时救助: 'linshi.01', 刚性支出: 'gangxing.01' };

async function buildArchive(dataDir: string): Promise<void> {
  const archive = await openArchive(dataDir);
  const api = createService({ archive, actor: 'bench' });
  await api.updateSettings({ district: '河西区', town: '城南镇', fondsName: '城南镇人民政府', fondsCode: 'J012' });
  const roster = writeCsv(path.join(dataDir, 'roster.csv'), rosterCsv(syntheticHouseholds(HOUSEHOLDS, ['红旗村', '东风村', '向阳社区', '前进村', '胜利村'], 8).map(householdCells)));
  await api.importRoster({ path: roster });
  const looks = await designs();
  for (const [n, h] of (await api.listHouseholds({ fullId: true })).entries()) {
    const type = h.assistance[0] ?? '低保';
    const detail = await api.getHousehold({ id: h.id });
    const kase = detail?.cases[0];
    if (kase) await api.updateCase({ id: kase.id, dates: CASE_DATES, archiveCode: `J012-${n}` });
    const pageIds: number[] = [];
    for (let p = 0; p < PAGES; p++) {
      const look = looks[(n * PAGES + p) % DESIGNS] ?? { page: Buffer.alloc(0), scan: Buffer.alloc(0) };
      pageIds.push(await fillPage(archive, h.id, withJpegComment(look.scan, `scan ${n}/${p}`), withJpegComment(look.page, `page ${n}/${p}`), `${h.village}/${h.name}/扫描${p + 1}.jpg`));
    }
    await api.fileDocument({ householdId: h.id, itemCode: FIRST_ITEM[type] ?? 'dibao.02', pageIds });
  }
  await archive.close();
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const mbps = (bytes: number, ms: number) => bytes / 1048576 / (ms / 1000);

/** CPU time (user + system, every thread) of the work, in ms. */
async function withCpu(work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** `cp -r` timed by bash: wall time and the CPU time it spent (almost all in the kernel). */
function timeCp(from: string, to: string): { ms: number; cpuMs: number } {
  fs.rmSync(to, { recursive: true, force: true });
  const start = performance.now();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time cp -r "$0" "$1"', from, to], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`cp -r failed: ${r.stderr}`);
  const [user, system] = (r.stderr.trim().split('\n').at(-1) ?? '0 0').split(' ').map(Number);
  return { ms, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
}

export async function runExportBench(): Promise<string> {
  const root = path.join(os.tmpdir(), 'hudang-bench-export');
  const dataDir = path.join(root, `archive-${HOUSEHOLDS}`);
  if (!fs.existsSync(path.join(dataDir, 'hudang.db'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await buildArchive(dataDir);
  }
  const loadBefore = os.loadavg()[0] ?? 0;
  const archive = await openArchive(dataDir);
  const deps = { db: archive.db, store: archive.store, audit: { actor: 'bench', now: () => new Date() } };
  const outDir = (i: number) => path.join(root, `out-${i}`);
  for (const name of fs.readdirSync(root)) if (/^(out|cp)-/.test(name)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  // What the volume keeper does in the background after clerks' edits: every household marked, as after an upgrade.
  await archive.db.deleteFrom('volumeBlob').execute();
  await archive.db.deleteFrom('blobDigest').execute();
  await sql`INSERT OR REPLACE INTO volume_stale(household_id) SELECT id FROM household`.execute(archive.db);
  const keeper = await withCpu(async () => {
    while ((await refreshVolumes(deps, { limit: HOUSEHOLDS })).households > 0);
  });
  // One untimed export starts the workers; then each export, volumes current, is followed at once by a cp -r of its output.
  await exportPackages(deps, { outDir: outDir(0), idMasking: 'full' });
  const exports: { ms: number; cpuMs: number }[] = [];
  const copies: { ms: number; cpuMs: number }[] = [];
  for (let run = 1; run <= 5; run++) {
    exports.push(
      await withCpu(async () => {
        const report = await exportPackages(deps, { outDir: outDir(run), idMasking: 'full' });
        if (report.written !== HOUSEHOLDS) throw new Error(`导出 ${report.written} 户，应为 ${HOUSEHOLDS}`);
      }),
    );
    copies.push(timeCp(outDir(run), path.join(root, `cp-${run}`)));
  }
  const rss = peakRssMiB();
  const resume = await timeRuns(1, () => exportPackages(deps, { outDir: outDir(1), idMasking: 'full' }));
  await archive.close();
  const bytes = treeBytes(outDir(1));
  const verifyTimes = await timeRuns(1, async () => {
    const report = await verifyPath(outDir(1));
    if (!report.ok) throw new Error('导出包校验未通过');
  });
  for (const name of fs.readdirSync(root)) if (/^(out|cp)-/.test(name)) fs.rmSync(path.join(root, name), { recursive: true, force: true });

  const exportMs = median(exports.map((e) => e.ms));
  const cpMs = median(copies.map((c) => c.ms));
  // Each export against the cp -r that ran right after it, then the median of those ratios.
  const ratio = median(exports.map((e, i) => (copies[i]?.ms ?? 0) / e.ms));
  const pairs = exports.map((e, i) => ({ cp: copies[i]?.ms ?? 0, ratio: (copies[i]?.ms ?? 0) / e.ms }));
  const fastest = pairs.reduce((best, p) => (p.cp < best.cp ? p : best), pairs[0] ?? { cp: 0, ratio: 0 });
  const cpuShare = `CPU time ${(median(exports.map((e) => e.cpuMs)) / 1000).toFixed(1)} s for the export against ${(median(copies.map((c) => c.cpuMs)) / 1000).toFixed(2)} s for \`cp -r\``;
  const s1 = (ms: number) => (ms / 1000).toFixed(1);
  const s2 = (ms: number) => (ms / 1000).toFixed(2);
  const body = [
    `Machine: ${machineLine()}. Load average (1 min) ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after: the machine is shared with other work, which slows all timings alike, so each export is followed at once by its \`cp -r\` and compared with that one.`,
    '',
    `Archive: ${HOUSEHOLDS} households, ${PAGES} scanned pages each (620×877 JPEG page images of ~37 KB, scans of ~110 KB), one case and one filed document per household; built through the service API plus a page fill helper. Output: ${(bytes / 1048576).toFixed(1)} MiB in ${HOUSEHOLDS} BagIt packages (pages, originals, one bound volume PDF per case, metadata.json, manifests) and the 台账.`,
    '',
    '| measure | median | throughput | CPU time (all threads) |',
    '| --- | --- | --- | --- |',
    `| \`exportPackages\` of all ${HOUSEHOLDS} households into an empty folder, volumes up to date (median of ${exports.length}) | ${s2(exportMs)} s (${(exportMs / HOUSEHOLDS).toFixed(2)} ms/household) | ${mbps(bytes, exportMs).toFixed(1)} MB/s | ${s1(median(exports.map((e) => e.cpuMs)))} s |`,
    `| \`cp -r\` of that export's output on the same disk, right after it | ${s2(cpMs)} s | ${mbps(bytes, cpMs).toFixed(1)} MB/s | ${s2(median(copies.map((c) => c.cpuMs)))} s |`,
    `| **export throughput against \`cp -r\`** (target ≥ 50%) | **${(ratio * 100).toFixed(0)}% of cp -r** | | |`,
    `| peak RSS of the process after the keeper and ${exports.length + 1} exports (main thread and workers; target < 1 GiB) | ${rss.toFixed(0)} MiB | | |`,
    `| the volume keeper bringing all ${HOUSEHOLDS} households up to date in the background (build and store ${HOUSEHOLDS} volumes, record the SM3 of ${HOUSEHOLDS * PAGES * 2} blobs) | ${s1(keeper.ms)} s | | ${s1(keeper.cpuMs)} s |`,
    `| \`verifyPath\` of the ${HOUSEHOLDS} packages (every checksum, Payload-Oxum, metadata schema; 1 run) | ${s1(verifyTimes[0] ?? 0)} s | ${mbps(bytes, verifyTimes[0] ?? 0).toFixed(1)} MB/s | |`,
    `| export again into the finished folder (resume: every package unchanged; 1 run) | ${s1(resume[0] ?? 0)} s | | |`,
    '',
    `Runs: export ${exports.map((e) => s2(e.ms)).join(', ')} s; cp ${copies.map((c) => s2(c.ms)).join(', ')} s; ratios ${exports.map((e, i) => `${(((copies[i]?.ms ?? 0) / e.ms) * 100).toFixed(0)}%`).join(', ')}. MB = MiB.`,
    '',
    'Issue 19: the export copies what the archive already knows. The manifests are written from the SHA-256 each blob is named by and the SM3 and size recorded beside it (blob_digest, migration 2026-12-06T0018); pages, originals and volumes are copied inside the kernel (`fs.copyFileSync` with COPYFILE_FICLONE, a reflink where the file system clones); no blob is read into JavaScript, so a blob damaged in the store shows up as a mismatch at `verify`. Bound volumes are derived blobs: the volume keeper (desktop app and browser host) builds a household\'s volumes on the export\'s worker threads after its file changes and stores them content-addressed under the hash of everything they are made of; an export that finds one out of date builds it first and says so in its progress. A blob never hashed before (an archive just upgraded, before the keeper ran) is hashed while copied, once. Before issue 19 the same export took 3.4–3.9 s, 7–31% of cp -r depending on the machine\'s load (issue 8 and 10 figures).',
    '',
    `Then, to bring the export nearer the disk (measured beside this bench on 2026-12-05): households are read 32 at a time, one query per table and one pass over the remembered check answers for the whole batch, with the recorded volumes and digests of the batch in two more (before: about twenty queries per household); metadata.json is written by the engine's JSON.stringify over a key-sorted copy, and the checklist pack (62 KB of its 93 KB, the same in every package) is written once per run, encoded once into shared memory and spliced in, so the main thread neither writes nor copies it per household and the worker hashes and writes the pieces as they are (writev); a batch goes to each worker as one run of households, one message each way; a new package folder is renamed into place at once; the SM2 signature works out Z_A and (1 + d)^-1 once per key and computes k·G and SM3 natively (about 0.3 ms a package instead of 0.6–1.2 ms). The main thread now spends about 0.7 ms per household (the batch read 0.2–0.3, layout and metadata 0.15, JSON 0.12, the job 0.1), a worker the package's 19 creates and copies, the SHA-256 and SM3 of metadata.json (0.3 ms) and the signature (0.3 ms).`,
    '',
    `The ≥ 50% target ${ratio >= 0.5 ? 'holds' : `is **missed** (${(ratio * 100).toFixed(0)}%)`} in this run (median of the ${exports.length} pairs; ${cpuShare}). How far it holds depends on how fast the kernel creates files at that moment: a package is 19 new inodes (13 files, 6 folders) and \`cp -r\` creates the same ones, so when creating them is slow both slow down alike (on this shared machine \`cp -r\` of the same tree took from 0.4 s to 3.5 s over one afternoon, nearly all of it system time), and the export's own work shows most when they are fast: in the pair of this run where \`cp -r\` was fastest (${s2(fastest.cp)} s) the export reached ${(fastest.ratio * 100).toFixed(0)}%. Beside this bench on 2026-12-05, the code before these changes and this code, minutes apart in the same harness: before, 3.3–3.4 s against \`cp -r\` at 0.38 s (11–12%) and 4.1–4.3 s against 1.65–1.9 s (38–44%), 5.1–7.4 s of CPU; now 0.94–1.14 s against 0.36–0.41 s (36–38%) and 2.2–2.8 s against 2.1–2.4 s (86–101%), 1.7–4.5 s of CPU. So when the kernel is fast the target is still missed: there 50% needs the export's whole CPU time, now 1.7–1.9 s (the main thread's 0.4 s of user time and about 0.35 s more of its garbage collection and compiling on V8's helper threads, the workers' 0.55 s of user time and 0.3 s of system time), to come down to about 1.4 s, and the main thread, busy 0.8–0.9 s of the 1 s, to give up its layout and metadata work to the workers.`,
  ].join('\n');
  writeSection('## Export (issue 8)', body);
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runExportBench());
}
