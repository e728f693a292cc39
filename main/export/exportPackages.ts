import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mutate } from '../db/audit';
import { ANCHOR_FILE, readAuditAnchor } from '../db/auditAnchor';
import { appliedMigrations } from '../db/database';
import { maskIdNumber } from '../domain/masking';
import { readSettings, type Settings } from '../settings/settings';
import { folderOf } from '../store/folderStore';
import { UserError } from '../support/errors';
import { archiveFolder, exportKey, type ArchiveKey } from './archiveKey';
import { BAG_INFO, hashFile, MANIFEST_SM3, TAG_MANIFEST, parseBagInfo } from './bagit';
import { householdCollector, type Collector, type HouseholdSource } from './collect';
import { defaultOriginalName, planLayout } from './layout';
import { writeLedger, type LedgerHousehold } from './ledger';
import { buildMetadata } from './metadata';
import { METADATA_PATH, type PackageMetadata } from './metadataSchema';
import { maskText, packageName } from './naming';
import { changedSince, householdsInScope, type ScopedHousehold } from './selection';
import { SIGNATURE_FILE } from './signing';
import { stableJsonAround } from './stableJson';
import type { ArchiveDeps, ExportedPackage, ExportOptions, ExportReport } from './types';
import { cancelFlag, type MetadataBytes, type StageJob } from './stage';
import { commitPackage, discardPackage, ExportCancelled, removeLeftovers, runStagedJobs, sharedStagePool, stageJob, stagePool, type StagedPackage, type StagePool } from './writePackage';
import { recordDerived } from './derived';
import { beijingDate } from '../domain/beijingDate';
import type { HolidayDay } from '../domain/checklist';
import { importedHolidays } from '../holidays/importedHolidays';

/**
 * Export (按户打包): one BagIt package per household for the district, plus
 * the batch 台账. Resumable: a package already in place with the same
 * content is left alone, so running an interrupted export again finishes
 * the rest; changed households are rewritten.
 *
 * Households go through in batches: while worker threads write one
 * batch's packages (copies in the kernel of blobs and of the bound volumes
 * kept current in the background, tag files), the main thread reads the
 * next batch from the database, a query per table for the whole batch, and
 * lays its packages out. Packages are renamed into place in order, so a
 * cancelled export always leaves the first N packages.
 */

interface RunContext {
  deps: ArchiveDeps;
  options: ExportOptions;
  settings: Settings;
  schemaVersion: string;
  /** The archive's imported holiday tables: every package carries them, so the inspector counts working days alike. */
  holidays: HolidayDay[];
  collect: Collector;
  /** UTF-8 of the text every package shares (the checklist pack), encoded once per run into memory the workers read without a copy. */
  sharedBytes: Map<string, Uint8Array>;
  baggingDate: string;
  pool: StagePool;
  cancel: Int32Array;
  /** Names in the output folder as the run began, lower-cased: a package not among them is new. */
  present: Set<string>;
  /** The archive's own key: every package of the run is signed with it. */
  key: ArchiveKey;
  tagFiles: { name: string; text: string }[];
}

/** Folder names for the batch; the rare two households with the same name get their archive id appended. */
function packageNames(households: ScopedHousehold[], masking: ExportOptions['idMasking']): Map<number, string> {
  const names = households.map((h) => packageName(h.village, h.headName, h.idNumber, masking));
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n.toLowerCase(), (counts.get(n.toLowerCase()) ?? 0) + 1);
  return new Map(households.map((h, i) => [h.id, (counts.get(names[i]?.toLowerCase() ?? '') ?? 0) > 1 ? `${names[i]}_${h.id}` : (names[i] ?? String(h.id))]));
}

/** The signer's public key in a package's hudang-signature.txt, or null when unsigned. */
async function signedBy(dir: string): Promise<string | null> {
  const text = await fs.promises.readFile(path.join(dir, SIGNATURE_FILE), 'utf8').catch(() => null);
  return text === null ? null : (parseBagInfo(text).get('Public-Key') ?? null);
}

/**
 * The package there already holds this content and this batch position,
 * signed with this archive's key: nothing to write. Returns its payload size
 * then. A package from before signing, or signed with an older key, is
 * written again.
 */
async function unchangedPackage(dir: string, metadata: MetadataBytes, bagCount: string, publicKey: string): Promise<{ files: number; bytes: number } | null> {
  if (!fs.existsSync(path.join(dir, TAG_MANIFEST)) || !fs.existsSync(path.join(dir, MANIFEST_SM3))) return null;
  if ((await signedBy(dir)) !== publicKey) return null;
  const metadataFile = path.join(dir, ...METADATA_PATH.split('/'));
  if (!fs.existsSync(metadataFile) || !fs.existsSync(path.join(dir, BAG_INFO))) return null;
  const info = parseBagInfo(await fs.promises.readFile(path.join(dir, BAG_INFO), 'utf8'));
  if (info.get('Bag-Count') !== bagCount) return null;
  const hash = createHash('sha256');
  for (const part of metadata) hash.update(part);
  const wanted = hash.digest('hex');
  if ((await hashFile(metadataFile)).sha256 !== wanted) return null;
  const [bytes, files] = (info.get('Payload-Oxum') ?? '0.0').split('.').map(Number);
  return { files: files ?? 0, bytes: bytes ?? 0 };
}

type Base = Pick<ExportedPackage, 'package' | 'household' | 'name' | 'town' | 'village'>;

/**
 * A household read and laid out: either its package is already there
 * unchanged, or the job that writes it (with the volumes it must build
 * first, which are not current) and the case of each volume key.
 */
type Prepared = { base: Base; existing: { files: number; bytes: number } } | { base: Base; existing: null; job: StageJob; caseOf: Map<string, number> };

/** The bytes of a text the packages share, encoded once into shared memory (a worker reads it where it is). */
function sharedBytes(run: RunContext, text: string): Uint8Array {
  let bytes = run.sharedBytes.get(text);
  if (!bytes) {
    const encoded = Buffer.from(text, 'utf8');
    bytes = new Uint8Array(new SharedArrayBuffer(encoded.length));
    bytes.set(encoded);
    run.sharedBytes.set(text, bytes);
  }
  return bytes;
}

/** metadata.json's text, the checklist pack every package carries spliced in as bytes encoded once. */
function metadataBytes(run: RunContext, metadata: PackageMetadata, pack: object): MetadataBytes {
  const { head, shared, tail } = stableJsonAround(metadata, pack);
  return [head, sharedBytes(run, shared), tail];
}

/** Lays out one household read from the database and decides its package (run one household at a time, in order). */
async function prepareOne(run: RunContext, h: ScopedHousehold, source: HouseholdSource, name: string, bagCount: string, ledger: LedgerHousehold[]): Promise<Prepared> {
  const store = folderOf(run.deps.store, '导出档案包');
  const masking = run.options.idMasking;
  const shownId = masking === 'full' ? h.idNumber : maskIdNumber(h.idNumber);
  const base = { package: name, household: shownId, name: h.headName, town: h.town, village: h.village };
  const originalName = (o: (typeof source.originals)[number]) => {
    const raw = defaultOriginalName(o, source.pages);
    return masking === 'full' ? raw : maskText(raw);
  };
  const layout = planLayout(source, store, originalName);
  const metadata = buildMetadata(source, layout, { store, settings: run.settings, schemaVersion: run.schemaVersion, holidays: run.holidays, idMasking: masking, originalName });
  ledger.push({
    town: h.town,
    village: h.village,
    name: h.headName,
    idNumber: shownId,
    package: name,
    status: source.household.status,
    cases: metadata.cases.map((c, i) => ({ assistance: c.assistanceType, archiveCode: c.archiveCode, confirmedOn: c.confirmedOn, row: metadata.checklist.rows[i] ?? source.rows[i]! })),
  });
  const bytes = metadataBytes(run, metadata, source.packJson);
  const existing = run.present.has(name.toLowerCase()) ? await unchangedPackage(path.join(run.options.outDir, name), bytes, bagCount, run.key.publicKey) : null;
  if (existing) return { base, existing };
  const ctx = {
    store,
    known: source.known,
    settings: run.settings,
    bagCount,
    baggingDate: run.baggingDate,
    pool: run.pool,
    cancel: run.cancel,
    signing: run.key,
    tagFiles: run.tagFiles,
    ...(run.options.signal ? { signal: run.options.signal } : {}),
  };
  const job = stageJob(run.options.outDir, name, source, layout, metadata, bytes, ctx);
  const caseOf = new Map(job.volumes.map((v) => [v.key, layout.volumes.find((plan) => plan.file === v.file)?.case.id ?? 0]));
  return { base, existing: null, job, caseOf };
}

/** What became of one household before its package is renamed into place. */
type Staged = { ok: true; base: Base; existing: { files: number; bytes: number } | null; staged: StagedPackage | null } | { ok: false; error: unknown };

/** Households read from the database together: one query per table for all of them. */
const READ_BATCH = 32;

/**
 * Writes a batch's packages: split in one run of consecutive households
 * per worker, each run one message to its worker and one answer back (a
 * message per package would wake the threads a hundred times a second).
 * Then records what the archive learned doing so (digests of blobs hashed
 * for the first time, volumes built), so the next export copies them
 * without reading. One promise per household, in batch order.
 */
function stageBatch(run: RunContext, households: ScopedHousehold[], prepared: (Prepared | { error: unknown })[]): Promise<Staged>[] {
  const staged: Promise<Staged>[] = prepared.map((p) => Promise.resolve('error' in p ? { ok: false, error: p.error } : { ok: true, base: p.base, existing: p.existing, staged: null }));
  const writes = prepared.flatMap((p, k) => ('error' in p || p.existing ? [] : [{ k, p }]));
  const runs = Math.max(1, Math.min(run.pool.threads, writes.length));
  const size = Math.ceil(writes.length / runs);
  for (let start = 0; start < writes.length; start += size) {
    const group = writes.slice(start, start + size);
    const results = runStagedJobs(group.map(({ p }) => ({ name: p.base.package, job: p.job })), run.pool);
    group.forEach(({ k, p }, j) => {
      staged[k] = results.then(async (all) => {
        const result = all[j] ?? new Error('工作线程没有回答');
        if (result instanceof Error) return { ok: false, error: result };
        const householdId = households[k]?.id ?? 0;
        const built = result.built.map((v) => ({ ...v, householdId, caseId: p.caseOf.get(v.key) ?? 0 }));
        try {
          await recordDerived(run.deps.db, result.learned, built, run.deps.audit.now().toISOString());
        } catch (error) {
          await discardPackage(result);
          return { ok: false, error };
        }
        return { ok: true, base: p.base, existing: null, staged: result };
      });
    });
  }
  return staged;
}

async function selectHouseholds(deps: ArchiveDeps, options: ExportOptions): Promise<ScopedHousehold[]> {
  const inScope = await householdsInScope(deps.db, options.scope ?? {});
  if (!options.since) return inScope;
  const changed = await changedSince(deps.db, options.since);
  return inScope.filter((h) => changed.has(h.id));
}

function emptyReport(options: ExportOptions, households: number): ExportReport {
  return {
    outDir: path.resolve(options.outDir),
    idMasking: options.idMasking,
    scope: options.scope ?? {},
    since: options.since ?? null,
    households,
    written: 0,
    unchanged: 0,
    failed: 0,
    cancelled: false,
    bytesWritten: 0,
    ledger: null,
    packages: [],
  };
}

async function recordExport(deps: ArchiveDeps, report: ExportReport): Promise<void> {
  await mutate(deps.db, deps.audit, async (tx) => {
    const summary = { ...report, packages: report.packages.length };
    await tx.record({ action: 'export', entity: 'export', entityId: path.basename(report.outDir), after: summary });
  });
}

/**
 * Who writes a run's packages: the process's shared workers, or a pool of
 * the size asked for (closed when the run ends). A single household is
 * written on the main thread: starting a worker costs more than it saves.
 */
function poolFor(options: ExportOptions, households: number): { pool: StagePool; own: boolean } {
  if (options.threads !== undefined) return { pool: stagePool(options.threads), own: true };
  return households > 1 ? { pool: sharedStagePool(), own: false } : { pool: stagePool(0), own: true };
}

/** The audit chain's head as the run starts, a tag file of every package (none for an archive without an anchor). */
async function anchorTagFiles(root: string): Promise<{ name: string; text: string }[]> {
  const anchor = await readAuditAnchor(root);
  return anchor === null ? [] : [{ name: ANCHOR_FILE, text: anchor }];
}

export async function exportPackages(deps: ArchiveDeps, options: ExportOptions): Promise<ExportReport> {
  if (options.idMasking !== 'full' && options.idMasking !== 'masked') throw new UserError('身份证号显示方式只能是 full（完整）或 masked（脱敏）');
  // Refused before any output folder is touched: package writers copy blob files.
  folderOf(deps.store, '导出档案包');
  const households = await selectHouseholds(deps, options);
  const report = emptyReport(options, households.length);
  await fs.promises.mkdir(report.outDir, { recursive: true });
  const present = await removeLeftovers(report.outDir);
  const workers = poolFor(options, households.length);
  try {
    const run: RunContext = {
      deps,
      options: { ...options, outDir: report.outDir },
      settings: await readSettings(deps.db),
      schemaVersion: (await appliedMigrations(deps.db)).at(-1) ?? '',
      holidays: await importedHolidays(deps.db),
      collect: await householdCollector(deps.db, deps.audit),
      sharedBytes: new Map(),
      baggingDate: beijingDate(deps.audit.now()),
      pool: workers.pool,
      present,
      cancel: cancelFlag(options.signal),
      key: await exportKey(deps.db, deps.audit, deps.store),
      tagFiles: await anchorTagFiles(archiveFolder(deps.store)),
    };
    const ledger: LedgerHousehold[] = [];
    await exportAll(run, households, report, ledger);
    if (!report.cancelled && households.length > 0) report.ledger = await writeLedger(report.outDir, ledger);
  } finally {
    if (workers.own) await workers.pool.close();
  }
  await recordExport(deps, report);
  return report;
}

/**
 * Runs the households through read → write → rename a batch at a time: while
 * the workers write one batch, the next is read. Renames are chained, each
 * after a cancel check, so after a cancel only the packages before it are in
 * place and the others' hidden folders are gone.
 */
async function exportAll(run: RunContext, households: ScopedHousehold[], report: ExportReport, ledger: LedgerHousehold[]): Promise<void> {
  const { options } = run;
  const names = packageNames(households, options.idMasking);
  let committing: Promise<void> = Promise.resolve();
  const writing: Promise<void>[] = [];
  let stopped = false;

  const commit = async (i: number, h: ScopedHousehold, result: Staged) => {
    if (stopped || options.signal?.aborted) {
      if (result.ok && result.staged) await discardPackage(result.staged);
      stopped = true;
      report.cancelled = true;
      return;
    }
    let outcome: ExportedPackage;
    try {
      if (!result.ok) throw result.error;
      if (result.existing) outcome = { ...result.base, outcome: 'unchanged', ...result.existing };
      else {
        const payload = await commitPackage(options.outDir, result.staged!, options.signal, run.present);
        outcome = { ...result.base, outcome: 'written', files: payload.length, bytes: payload.reduce((n, e) => n + e.size, 0) };
      }
    } catch (error) {
      if (error instanceof ExportCancelled) {
        stopped = true;
        report.cancelled = true;
        return;
      }
      outcome = { package: names.get(h.id) ?? '', household: options.idMasking === 'full' ? h.idNumber : maskIdNumber(h.idNumber), name: h.headName, town: h.town, village: h.village, outcome: 'failed', files: 0, bytes: 0, reason: (error as Error).message };
    }
    report.packages.push(outcome);
    report[outcome.outcome === 'written' ? 'written' : outcome.outcome === 'unchanged' ? 'unchanged' : 'failed']++;
    if (outcome.outcome === 'written') report.bytesWritten += outcome.bytes;
    options.onProgress?.({ task: '导出', done: i + 1, total: households.length, message: h.village });
  };

  for (let first = 0; first < households.length; first += READ_BATCH) {
    // One batch being written while the next is read: wait for the one before that.
    if (writing.length >= 2) await writing.shift();
    if (stopped || options.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    const batch = households.slice(first, first + READ_BATCH);
    const prepared: (Prepared | { error: unknown })[] = [];
    try {
      const sources = await run.collect(batch.map((h) => h.id));
      for (const [k, h] of batch.entries()) {
        const i = first + k;
        const source = sources.get(h.id);
        try {
          if (!source) throw new Error('该户已不在档案中');
          const p = await prepareOne(run, h, source, names.get(h.id) ?? String(h.id), `${i + 1} of ${households.length}`, ledger);
          if (!p.existing && p.job.volumes.length > 0) options.onProgress?.({ task: '导出', done: i, total: households.length, message: `${h.village}：卷宗不是最新的，先生成卷宗` });
          prepared.push(p);
        } catch (error) {
          prepared.push({ error });
        }
      }
    } catch (error) {
      while (prepared.length < batch.length) prepared.push({ error });
    }
    const staged = stageBatch(run, batch, prepared);
    batch.forEach((h, k) => {
      committing = committing.then(async () => commit(first + k, h, await staged[k]!));
    });
    writing.push(committing);
  }
  await committing;
}
