import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openArchive, type Archive } from '../main/archive';
import { mutate } from '../main/db/audit';
import { archiveFolder, archiveKey } from '../main/export/archiveKey';
import { householdCollector } from '../main/export/collect';
import { exportPackages } from '../main/export/exportPackages';
import { defaultOriginalName, planLayout } from '../main/export/layout';
import { buildMetadata } from '../main/export/metadata';
import { packageName } from '../main/export/naming';
import { householdsInScope } from '../main/export/selection';
import { stableJson } from '../main/export/stableJson';
import { buildCaseVolume } from '../main/export/volumes';
import { readSettings } from '../main/settings/settings';
import { verifyPath } from '../main/export/verify';
import { writePackage } from '../main/export/writePackage';
import { createService } from '../main/service';
import { householdCells, rosterCsv, syntheticHouseholds, writeCsv } from '../main/testing/fixtures';
import { machineLine, median, peakRssMiB, timeRuns, withJpegComment, writeSection } from './lib';

/**
 * Issue 8: export 500 households (two scanned pages each, small images) as
 * BagIt packages and compare the throughput with a plain `cp -r` of the same
 * bytes on the same disk. The archive is made through the service API
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
  const original = archive.store.put(source);
  const normalised = archive.store.put(image);
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

/**
 * Where an export's CPU goes: the same steps as exportPackages, on this
 * thread, over some households. CPU time, not wall time: on a shared
 * machine the wall clock also counts other programs' turns.
 */
async function profileShares(archive: Archive, households: number): Promise<{ collect: number; volume: number; rest: number }> {
  const audit = { actor: 'bench', now: () => new Date() };
  const collect = await householdCollector(archive.db, audit);
  const settings = await readSettings(archive.db);
  const ids = (await archive.db.selectFrom('household').select('id').orderBy('id').limit(households).execute()).map((r) => r.id);
  const spent = { collect: 0, volume: 0, rest: 0 };
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  for (const id of ids) {
    let start = cpuMs();
    const source = await collect(id);
    spent.collect += cpuMs() - start;
    start = cpuMs();
    const name = (o: (typeof source.originals)[number]) => defaultOriginalName(o, source.pages);
    const layout = planLayout(source, archive.store, name);
    stableJson(buildMetadata(source, layout, { store: archive.store, settings, schemaVersion: '', idMasking: 'full', originalName: name }));
    spent.rest += cpuMs() - start;
    start = cpuMs();
    for (const [i, plan] of layout.volumes.entries()) await buildCaseVolume(source, plan, source.rows[i], archive.store, settings);
    spent.volume += cpuMs() - start;
  }
  return spent;
}

/**
 * The export minus its bound volumes: the same steps as exportPackages
 * (read the household, lay out, metadata.json, copy and hash every page
 * and original, tag files, rename into place) with no volume PDF built.
 * This is the part of an export that is copying, comparable with cp.
 */
async function exportWithoutVolumes(archive: Archive, outDir: string): Promise<void> {
  const audit = { actor: 'bench', now: () => new Date() };
  const collect = await householdCollector(archive.db, audit);
  const settings = await readSettings(archive.db);
  const households = await householdsInScope(archive.db, {});
  const key = archiveKey(archiveFolder(archive.store), audit.now());
  fs.mkdirSync(outDir, { recursive: true });
  for (const [i, h] of households.entries()) {
    const source = await collect(h.id);
    const name = (o: (typeof source.originals)[number]) => defaultOriginalName(o, source.pages);
    const layout = planLayout(source, archive.store, name);
    const metadata = buildMetadata(source, layout, { store: archive.store, settings, schemaVersion: '', idMasking: 'full', originalName: name });
    const bag = { store: archive.store, settings, bagCount: `${i + 1} of ${households.length}`, baggingDate: '2026-01-01', signing: key, tagFiles: [] };
    await writePackage(outDir, `${packageName(h.village, h.headName, h.idNumber, 'full')}_${h.id}`, source, { ...layout, volumes: [] }, metadata, stableJson(metadata), bag);
  }
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

/** What was done for issue 10, and why 50% of cp is out of reach here, from this run's numbers. */
function explanation(n: { exportMs: number; exportCpu: number; cpMs: number; cpCpu: number; cores: number; volumeMs: number }): string {
  const volumesCpu = HOUSEHOLDS * n.volumeMs;
  const floor = (n.cpCpu + volumesCpu) / n.cores;
  const pct = (ms: number) => `${((n.cpMs / ms) * 100).toFixed(0)}%`;
  return [
    `Issue 10: packages are written on worker threads (main/export/stage.ts run by main/support/workerPool.ts: one per core up to four, started on first use and kept for a minute, so a second export reuses warm ones; the desktop and CLI bundles carry the worker as dist/main/exportWorker.js and dist/cli/exportWorker.mjs). A worker does one package's files in a row with plain synchronous system calls — copying each page and original while hashing it, binding the page images it has just read (no second read) into the volume PDF, then metadata.json and the tag files — while the main thread reads the next households from the database. (Sending each file operation to libuv's thread pool instead, tried first, cost two thread wake-ups apiece and a large share of the main thread's time.) Households go through read → write → rename a few at a time; reads and renames stay in order, so a cancelled export still leaves exactly the first N packages and resumes as before. metadata.json is written without a replacer call per value and the checklist pack's text once per run; each folder is made with one mkdir. Earlier in issue 10 the volumes themselves were made cheaper (fontkit caches, cached ruled boxes, native zlib) and now pdf-lib no longer waits a timer tick per 50 objects when saving. Before all this the same run took 17.1 s (5% of cp); before the worker threads 7.1 s (14% of cp). Nothing is fsynced, as before: after a crash a package is complete or absent under its name, and after a power cut verify names any damaged file.`,
    '',
    floor > 2 * n.cpMs
      ? `The 50%-of-cp target (at most ${(2 * n.cpMs / 1000).toFixed(2)} s here) is not reachable on this machine. cp's ${(n.cpMs / 1000).toFixed(2)} s is almost all kernel time creating the same files (${(n.cpCpu / 1000).toFixed(2)} CPU-s), which the export pays as well; on top, the volumes alone are ${HOUSEHOLDS} × ${n.volumeMs.toFixed(1)} ms = ${(volumesCpu / 1000).toFixed(1)} CPU-s of pdf-lib drawing, font subsetting and deflate that cp does not do. With ${n.cores} cores the export cannot finish before (${(n.cpCpu / 1000).toFixed(2)} + ${(volumesCpu / 1000).toFixed(1)}) / ${n.cores} = ${(floor / 1000).toFixed(2)} s = ${pct(floor)} of cp even with nothing else to do; it took ${(n.exportMs / 1000).toFixed(1)} s (${pct(n.exportMs)}) using ${(n.exportCpu / 1000).toFixed(1)} CPU-s, the rest being database reads, metadata.json, reading every file into memory to hash it (cp copies inside the kernel), and the machine's other work. Reaching 50% would need volumes several times cheaper than pdf-lib makes them, or more cores.`
      : `The 50%-of-cp target (at most ${(2 * n.cpMs / 1000).toFixed(2)} s here) is not reached. The export cannot finish before (${(n.cpCpu / 1000).toFixed(2)} CPU-s of kernel work creating the same files, as cp spends + ${HOUSEHOLDS} × ${n.volumeMs.toFixed(1)} ms = ${(volumesCpu / 1000).toFixed(1)} CPU-s of volume PDFs) / ${n.cores} cores = ${(floor / 1000).toFixed(2)} s = ${pct(floor)} of cp even with nothing else to do; it took ${(n.exportMs / 1000).toFixed(1)} s (${pct(n.exportMs)}) using ${(n.exportCpu / 1000).toFixed(1)} CPU-s, the rest being database reads, metadata.json, reading every file into memory to hash it (cp copies inside the kernel), and the machine's other work.`,
  ].join('\n');
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
  // Each export is followed by a cp -r of what it wrote, so both see the same load on a shared machine.
  const exports: { ms: number; cpuMs: number }[] = [];
  const copies: { ms: number; cpuMs: number }[] = [];
  for (let run = 1; run <= 3; run++) {
    fs.rmSync(outDir(run), { recursive: true, force: true });
    exports.push(
      await withCpu(async () => {
        const report = await exportPackages(deps, { outDir: outDir(run), idMasking: 'full' });
        if (report.written !== HOUSEHOLDS) throw new Error(`导出 ${report.written} 户，应为 ${HOUSEHOLDS}`);
      }),
    );
    copies.push(timeCp(outDir(run), path.join(root, `cp-${run}`)));
  }
  const rss = peakRssMiB();
  const mainThread: { ms: number; cpuMs: number }[] = [];
  for (let run = 1; run <= 3; run++) {
    fs.rmSync(outDir(10 + run), { recursive: true, force: true });
    mainThread.push(await withCpu(() => exportPackages(deps, { outDir: outDir(10 + run), idMasking: 'full', threads: 0 })));
  }
  const resume = await timeRuns(1, () => exportPackages(deps, { outDir: outDir(1), idMasking: 'full' }));
  const copyDir = (i: number) => path.join(root, `out-copy-${i}`);
  let copyRun = 0;
  const copyOnlyTimes = await timeRuns(3, async () => {
    fs.rmSync(copyDir(++copyRun), { recursive: true, force: true });
    await exportWithoutVolumes(archive, copyDir(copyRun));
  });
  const copyOnlyBytes = treeBytes(copyDir(1));
  const shares = await profileShares(archive, 100);
  await archive.close();
  const bytes = treeBytes(outDir(1));
  const verifyTimes = await timeRuns(3, async () => {
    const report = await verifyPath(outDir(1));
    if (!report.ok) throw new Error('导出包校验未通过');
  });
  for (const name of fs.readdirSync(root)) if (/^(out|cp)-/.test(name)) fs.rmSync(path.join(root, name), { recursive: true, force: true });

  const exportMs = median(exports.map((e) => e.ms));
  const exportCpu = median(exports.map((e) => e.cpuMs));
  const cpMs = median(copies.map((c) => c.ms));
  const cpCpu = median(copies.map((c) => c.cpuMs));
  const mainMs = median(mainThread.map((e) => e.ms));
  const copyOnlyMs = median(copyOnlyTimes);
  const cores = os.availableParallelism();
  const ofCp = (bytesDone: number, ms: number) => `${((mbps(bytesDone, ms) / mbps(bytes, cpMs)) * 100).toFixed(0)}% of cp`;
  const profiled = shares.collect + shares.volume + shares.rest;
  const share = (ms: number) => `${((ms / profiled) * 100).toFixed(0)}%`;
  const s1 = (ms: number) => (ms / 1000).toFixed(1);
  const s2 = (ms: number) => (ms / 1000).toFixed(2);
  const body = [
    `Machine: ${machineLine()}. Load average (1 min) ${loadBefore.toFixed(1)} before, ${(os.loadavg()[0] ?? 0).toFixed(1)} after: other work on the machine slows all timings alike, so each export is followed at once by its \`cp -r\`.`,
    '',
    `Archive: ${HOUSEHOLDS} households, ${PAGES} scanned pages each (620×877 JPEG page images of ~37 KB, scans of ~110 KB), one case and one filed document per household; built through the service API plus a page fill helper. Output: ${(bytes / 1048576).toFixed(1)} MiB in ${HOUSEHOLDS} BagIt packages (pages, originals, one bound volume PDF per case, metadata.json, manifests) and the 台账.`,
    '',
    '| measure | median of 3 | throughput | CPU time (all threads) |',
    '| --- | --- | --- | --- |',
    `| \`exportPackages\` of all ${HOUSEHOLDS} households into an empty folder (packages written on ${Math.min(cores, 4)} worker threads) | ${s1(exportMs)} s (${(exportMs / HOUSEHOLDS).toFixed(1)} ms/household) | ${mbps(bytes, exportMs).toFixed(1)} MB/s, ${ofCp(bytes, exportMs)} | ${s1(exportCpu)} s |`,
    `| the same with every package written on the main thread, one at a time (\`threads: 0\`) | ${s1(mainMs)} s | ${mbps(bytes, mainMs).toFixed(1)} MB/s, ${ofCp(bytes, mainMs)} | ${s1(median(mainThread.map((e) => e.cpuMs)))} s |`,
    `| the export without building the bound volumes, one household at a time (read, lay out, metadata.json, copy and hash pages and originals, tag files; ${(copyOnlyBytes / 1048576).toFixed(1)} MiB) | ${s1(copyOnlyMs)} s (${(copyOnlyMs / HOUSEHOLDS).toFixed(1)} ms/household) | ${mbps(copyOnlyBytes, copyOnlyMs).toFixed(1)} MB/s, ${ofCp(copyOnlyBytes, copyOnlyMs)} | |`,
    `| \`cp -r\` of the export's output on the same disk, right after it | ${s2(cpMs)} s | ${mbps(bytes, cpMs).toFixed(1)} MB/s | ${s2(cpCpu)} s |`,
    `| \`verifyPath\` of the ${HOUSEHOLDS} packages (every checksum, Payload-Oxum, metadata schema) | ${s1(median(verifyTimes))} s | ${mbps(bytes, median(verifyTimes)).toFixed(1)} MB/s | |`,
    `| export again into the finished folder (resume: every package unchanged, nothing rewritten) | ${(resume[0] ?? 0) / 1000 >= 10 ? ((resume[0] ?? 0) / 1000).toFixed(0) : s1(resume[0] ?? 0)} s (1 run) | | |`,
    `| peak RSS of the process after the three exports (main thread and workers) | ${rss.toFixed(0)} MiB | | |`,
    '',
    `Runs: export ${exports.map((e) => s1(e.ms)).join(', ')} s (CPU ${exports.map((e) => s1(e.cpuMs)).join(', ')} s); cp ${copies.map((c) => s2(c.ms)).join(', ')} s (CPU ${copies.map((c) => s2(c.cpuMs)).join(', ')} s); on the main thread ${mainThread.map((e) => s1(e.ms)).join(', ')} s; without volumes ${copyOnlyTimes.map((t) => s1(t)).join(', ')} s. The first export starts the workers, which spend their first hundred or so packages warming up (JIT, font tables, glyph caches); later exports reuse them. MB = MiB.`,
    '',
    `Where the CPU goes (the export's steps, CPU time of each on one thread over 100 households, without writing files): building the bound volume PDF of each case (main/output: cover, catalogue and 备考表 in Noto Sans SC embedded as a subset) ${share(shares.volume)} (${(shares.volume / 100).toFixed(1)} ms/volume), reading the household and its check answers from the database ${share(shares.collect)} (${(shares.collect / 100).toFixed(1)} ms), layout and metadata.json ${share(shares.rest)} (${(shares.rest / 100).toFixed(1)} ms).`,
    '',
    explanation({ exportMs, exportCpu, cpCpu, cpMs, cores, volumeMs: shares.volume / 100 }),
  ].join('\n');
  writeSection('## Export (issue 8)', body);
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runExportBench());
}
