import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FolderStore } from '../store/folderStore';
import type { Settings } from '../settings/settings';
import { UserError } from '../support/errors';
import { workerPool, type WorkerPool } from '../support/workerPool';
import { payloadOxum, type FileEntry } from './bagit';
import type { HouseholdSource } from './collect';
import type { PackageLayout } from './layout';
import type { PackageMetadata } from './metadataSchema';
import { currentVolumes, type KnownBlobs } from './derived';
import type { KeyPair } from './signing';
import { cancelFlag, runExportJob, type BlobCopy, type BlobDigest, type BuiltVolume, type ExportJob, type ExportOutcome, type MetadataBytes, type StageJob, type StageOutcome } from './stage';
import { volumeFile } from './volumes';

/**
 * Writes one household package. Everything goes into a hidden sibling
 * folder first (runStagedJob, on a worker thread: stage.ts) and is renamed
 * into place only when complete (commitPackage), so a crash or a cancel
 * never leaves half a package under its final name.
 */

export const PARTIAL_PREFIX = '.partial-';
const REPLACED_PREFIX = '.replaced-';

/** Worker threads that write packages and build volumes. */
export type StagePool = WorkerPool<ExportJob, ExportOutcome>;

export interface BagContext {
  store: FolderStore;
  /**
   * What the archive has recorded about the household's blobs: those with
   * digests are copied without reading, and current volumes are copied from
   * the store. Without it every blob is hashed while copied and every
   * volume built.
   */
  known?: KnownBlobs;
  settings: Settings;
  signal?: AbortSignal;
  /** "N of T" within the batch. */
  bagCount: string;
  baggingDate: string;
  /** Writes the package on a worker thread; without one it is written on this thread. */
  pool?: StagePool;
  /** The run's cancel flag for the workers (cancelFlag(signal)); made from `signal` when absent. */
  cancel?: Int32Array;
  /** The archive's key, which signs the package; null leaves it unsigned (only tests do). */
  signing: KeyPair | null;
  /** More tag files for every package of the run (the audit chain's head). */
  tagFiles: { name: string; text: string }[];
}

export class ExportCancelled extends Error {}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled('导出已取消');
}

export function bagInfoFields(metadata: PackageMetadata, payload: FileEntry[], ctx: Pick<BagContext, 'bagCount' | 'baggingDate' | 'settings'>, name: string): [string, string][] {
  const codes = metadata.cases.map((c) => c.archiveCode).filter((c): c is string => !!c);
  const { town, village } = metadata.source;
  const types = [...new Set(metadata.cases.map((c) => c.assistanceType))].join('、') || '无案卷';
  return [
    ['Source-Organization', ctx.settings.fondsName ?? `${town}人民政府`],
    ['Organization-Address', [metadata.source.district, town].filter(Boolean).join('')],
    ['External-Description', `社会救助一户一档：${town}${village} ${metadata.household.headName}（${types}）`],
    ['External-Identifier', codes.length > 0 ? codes.join(', ') : `未编档号 ${name}`],
    ['Internal-Sender-Identifier', name],
    ['Bagging-Date', ctx.baggingDate],
    ['Bag-Group-Identifier', `${town} 社会救助档案导出`],
    ['Bag-Count', ctx.bagCount],
    ['Payload-Oxum', payloadOxum(payload)],
    ['Hudang-Package-Format', `${metadata.format}/${metadata.formatVersion}`],
    ['Hudang-ID-Masking', metadata.idMasking === 'full' ? '完整' : '脱敏(6+4)'],
  ];
}

/**
 * Workers for more than a few would sit idle: the main thread reads a
 * household from the database in about a third of the time a worker takes
 * to write it, and each worker holds its own fonts and caches (~100 MB).
 */
const MAX_THREADS = 4;

/** A pool of `threads` package writers (0: on the calling thread). */
export function stagePool(threads: number, idleMs?: number): StagePool {
  return workerPool<ExportJob, ExportOutcome>({ name: 'exportWorker', near: import.meta.url, local: runExportJob, threads, ...(idleMs === undefined ? {} : { idleMs }) });
}

let shared: StagePool | null = null;

/**
 * The process's own package writers, one per core (at most four), shared by
 * every export and never closed: they stop by themselves when idle and start
 * again when needed.
 */
export function sharedStagePool(): StagePool {
  shared ??= stagePool(Math.max(1, Math.min(os.availableParallelism(), MAX_THREADS)));
  return shared;
}

type Digests = Map<string, { sm3: string; size: number }>;

function blobCopy(store: FolderStore, sha256: string, file: string, what: string, digests: Digests): BlobCopy {
  return { from: store.pathOf(sha256), file, sha256, what, known: digests.get(sha256) ?? null };
}

/**
 * Everything a worker needs to write the package: plain data, no database.
 * With ctx.known, blobs with recorded digests and the volumes already
 * current are copied without reading.
 */
export function stageJob(outDir: string, name: string, source: HouseholdSource, layout: PackageLayout, metadata: PackageMetadata, metadataBytes: MetadataBytes, ctx: BagContext): StageJob {
  const { store } = ctx;
  const volumes = layout.volumes.map((plan, i) => volumeFile(source, plan, source.rows[i], store, ctx.settings));
  const current = ctx.known ? currentVolumes(ctx.known, store, volumes.map((v) => v.key)) : new Map<string, string>();
  const originals = metadata.originals.flatMap((o) => (o.file === null ? [] : [{ sha256: o.sha256, file: o.file }]));
  const digests: Digests = ctx.known?.digests ?? new Map();
  return {
    partial: path.join(outDir, `${PARTIAL_PREFIX}${name}`),
    copies: [
      ...metadata.pages.map((p) => blobCopy(store, p.sha256, p.file, '页面图像', digests)),
      ...originals.map((o) => blobCopy(store, o.sha256, o.file, '原始扫描文件', digests)),
      ...volumes.flatMap((v) => (current.has(v.key) ? [blobCopy(store, current.get(v.key) ?? '', v.file, '卷宗', digests)] : [])),
    ],
    volumes: volumes.filter((v) => !current.has(v.key)),
    storeRoot: store.root,
    metadata: metadataBytes,
    bagInfo: bagInfoFields(metadata, [], ctx, name),
    tagFiles: ctx.tagFiles,
    signing: ctx.signing,
    cancel: ctx.cancel ?? cancelFlag(ctx.signal),
  };
}

/** A package written in full under its hidden name, waiting to be renamed into place. */
export interface StagedPackage {
  name: string;
  partial: string;
  payload: FileEntry[];
  /** Digests of blobs hashed while copied, to record. */
  learned: BlobDigest[];
  /** Volumes built and stored while writing, to record. */
  built: BuiltVolume[];
}

/**
 * Writes prepared package jobs (payload, then the tag files) into their
 * hidden folders one after another, on a worker thread when there is a
 * pool: one message there and one back for them all. Each comes back
 * staged, or as the error that stopped it (its folder removed; a cancel is
 * ExportCancelled).
 */
export async function runStagedJobs(jobs: { name: string; job: StageJob }[], pool?: StagePool): Promise<(StagedPackage | Error)[]> {
  let outcomes: StageOutcome[];
  try {
    outcomes = (pool ? await pool.run(jobs.map((j) => j.job)) : await runExportJob(jobs.map((j) => j.job))) as StageOutcome[];
  } catch (error) {
    return jobs.map(() => (error instanceof Error ? error : new Error(String(error))));
  }
  return jobs.map(({ name, job }, i) => {
    const outcome = outcomes[i];
    if (!outcome) return new Error('工作线程没有回答');
    if (!outcome.ok) return outcome.cancelled ? new ExportCancelled(outcome.message) : outcome.userError ? new UserError(outcome.message) : new Error(outcome.message);
    return { name, partial: job.partial, payload: outcome.payload, learned: outcome.learned, built: outcome.built };
  });
}

/**
 * Renames a staged package into place, unless the export was cancelled by
 * now (then it is removed and ExportCancelled thrown). An export commits
 * its packages one after another, so once a cancel is seen no later
 * package lands.
 */
export async function commitPackage(outDir: string, staged: StagedPackage, signal?: AbortSignal, present?: Set<string>): Promise<FileEntry[]> {
  try {
    checkSignal(signal);
    await moveIntoPlace(outDir, staged.name, staged.partial, present?.has(staged.name.toLowerCase()) ?? true);
    return staged.payload;
  } catch (error) {
    await discardPackage(staged);
    throw error;
  }
}

/** Removes a staged package that will not be committed. */
export function discardPackage(staged: StagedPackage): Promise<void> {
  return fs.promises.rm(staged.partial, { recursive: true, force: true });
}

/**
 * Renames the finished folder to its name; an older package there is
 * swapped out first, then removed. `maybeThere` false: the folder had no
 * such name when the run began (removeLeftovers), so it is renamed at once,
 * here on this thread (one system call, no trip to the I/O threads).
 */
async function moveIntoPlace(outDir: string, name: string, partial: string, maybeThere: boolean): Promise<void> {
  const final = path.join(outDir, name);
  if (!maybeThere) return fs.renameSync(partial, final);
  const replaced = path.join(outDir, `${REPLACED_PREFIX}${name}`);
  await fs.promises.rm(replaced, { recursive: true, force: true });
  const exists = fs.existsSync(final);
  if (exists) await fs.promises.rename(final, replaced);
  await fs.promises.rename(partial, final);
  if (exists) await fs.promises.rm(replaced, { recursive: true, force: true });
}

/**
 * Removes the leftovers of an interrupted run (unfinished and swapped-out
 * folders) and returns the names then in the folder, lower-cased (a
 * file system may not tell case apart).
 */
export async function removeLeftovers(outDir: string): Promise<Set<string>> {
  const present = new Set<string>();
  for (const entry of await fs.promises.readdir(outDir)) {
    if (entry.startsWith(PARTIAL_PREFIX)) await fs.promises.rm(path.join(outDir, entry), { recursive: true, force: true });
    else if (entry.startsWith(REPLACED_PREFIX)) {
      // A crash between the two renames leaves only the old copy: put it back.
      const name = entry.slice(REPLACED_PREFIX.length);
      const final = path.join(outDir, name);
      if (fs.existsSync(final)) await fs.promises.rm(path.join(outDir, entry), { recursive: true, force: true });
      else await fs.promises.rename(path.join(outDir, entry), final);
      present.add(name.toLowerCase());
    } else present.add(entry.toLowerCase());
  }
  return present;
}
