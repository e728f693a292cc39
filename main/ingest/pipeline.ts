import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { ProgressEvent } from '../api/contract';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { crashPointReached } from '../support/faultInjection';
import { Claims, LostClaim } from './claims';
import { intakePath, intakePaths, type IntakeOutcome } from './intake';
import type { OcrEngine } from './ocrEngine';
import type { BlobStore } from '../store/blobStore';
import { classifierModel, readRemainingText, recognizeSourceFile } from './recognize';
import { finishSplit, startSplit, type StartedSplit } from './split';

/**
 * The ingestion queue, persisted in the archive's database: take files in
 * (intake), split the queued ones into pages, recognise and file the split
 * ones, then read the full text of filed pages. Each step finds its work by
 * status and claims it (claims.ts), so a restart after a crash simply
 * carries on, several processes on one server archive share the queue, and
 * each file is processed exactly once.
 */

export interface PipelineDeps {
  db: Kysely<Database>;
  store: BlobStore;
  audit: AuditContext;
  /** Null runs without OCR: files are stored and split, and wait to be read later. */
  ocr: OcrEngine | null;
  onProgress?: (event: ProgressEvent) => void;
}

export interface IngestSummary {
  files: number;
  queued: number;
  duplicates: number;
  rejected: number;
  seen: number;
}

/** Every file under the given paths, in a stable order. */
export async function listFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) {
      files.push(p); // intake records it as unreadable
      return;
    }
    if (!stat.isDirectory()) {
      files.push(p);
      return;
    }
    const entries = (await fs.readdir(p)).sort();
    for (const entry of entries) await walk(path.join(p, entry));
  };
  for (const p of paths) await walk(path.resolve(p));
  return files;
}

/**
 * Files prepared at once while splitting: sharp gives each image one thread
 * here, so one per processor plus one to cover a file waiting on the disk or
 * the main thread; at most four, the size of Node's thread pool that sharp
 * and the store's file writes share.
 */
const SPLIT_WINDOW = Math.min(4, os.availableParallelism() + 1);

/** Queued files claimed at a time: enough to keep the split window full, few enough that another process splitting at once gets its share. */
const SPLIT_CLAIM = 2 * SPLIT_WINDOW;

/** Files taken in under one commit: enough to share the commit and overlap the fsyncs, few enough to hold their bytes in memory at once. */
const INTAKE_BATCH = { files: 32, bytes: 64 * 2 ** 20 };

/** One-shot ingest's files in batches (by count, and by size on disk so a batch of large PDFs stays small in memory). */
function* intakeBatches(files: string[]): Generator<{ start: number; files: string[] }> {
  let start = 0;
  while (start < files.length) {
    let end = start;
    let bytes = 0;
    while (end < files.length && end - start < INTAKE_BATCH.files && (end === start || bytes < INTAKE_BATCH.bytes)) {
      bytes += fsSync.statSync(files[end] as string, { throwIfNoEntry: false })?.size ?? 0;
      end++;
    }
    yield { start, files: files.slice(start, end) };
    start = end;
  }
}

export class IngestPipeline {
  private draining: Promise<void> | null = null;
  private again = false;
  /** True while `ingest` is still taking files in: the queue's own progress waits until then. */
  private taking = false;
  private readonly claims: Claims;
  /** The steps' own deps: the caller's, with this pipeline's claims. */
  private readonly work: PipelineDeps & { claims: Claims };

  constructor(private readonly deps: PipelineDeps) {
    this.claims = new Claims(deps.db);
    this.work = { ...deps, claims: this.claims };
  }

  private progress(task: string, done: number, total: number): void {
    if (!this.taking) this.deps.onProgress?.({ task, done, total });
  }

  async take(filePath: string, whenIncomplete: 'wait' | 'reject'): Promise<IntakeOutcome> {
    return intakePath(this.deps, filePath, whenIncomplete);
  }

  /**
   * One-shot `ingest`: takes every file given, then works the queue until it
   * is empty. Safe first: files are taken in (hash, store, fsync, record) a
   * batch at a time, one commit per batch, before any is split, so every scan
   * is safe at close to the disk's speed and splitting and OCR follow. Only
   * the taking-in is reported until every file is in.
   */
  async ingest(paths: string[]): Promise<IngestSummary> {
    const files = await listFiles(paths);
    const summary: IngestSummary = { files: files.length, queued: 0, duplicates: 0, rejected: 0, seen: 0 };
    this.taking = true;
    try {
      for (const batch of intakeBatches(files)) {
        const outcomes = await intakePaths(this.deps, batch.files);
        for (const [k, outcome] of outcomes.entries()) {
          if (outcome.status === 'queued') summary.queued++;
          else if (outcome.status === 'duplicate') summary.duplicates++;
          else if (outcome.status === 'rejected') summary.rejected++;
          else if (outcome.status === 'seen') summary.seen++;
          this.deps.onProgress?.({ task: '收取文件', done: batch.start + k + 1, total: files.length });
          crashPointReached('ingest-intake');
        }
      }
    } finally {
      this.taking = false;
    }
    await this.drain();
    return summary;
  }

  /**
   * Works the queue until nothing is left; concurrent calls share one run.
   * A call during a run makes the run go round again. The run forgets
   * itself in the same step that finds nothing more asked of it, so a call
   * can never land between the two and wait for a file that arrives later.
   */
  drain(): Promise<void> {
    this.again = true;
    this.draining ??= this.run();
    return this.draining;
  }

  private async run(): Promise<void> {
    const renewal = this.claims.renewWhileWorking();
    try {
      while (this.again) {
        this.again = false;
        await this.runOnce();
      }
    } finally {
      renewal.stop();
      // Nothing is claimed between steps; after a failure, what was claimed is left for the next run or process at once.
      await this.claims.releaseAll().catch(() => undefined);
      this.draining = null;
    }
  }

  /** True while the queue is being worked. */
  get running(): boolean {
    return this.draining !== null;
  }

  /** Whether anything waits in the queue (files to split or file, pages to read in full). */
  async hasWork(): Promise<boolean> {
    const file = await this.deps.db.selectFrom('sourceFile').select('id').where('status', 'in', ['queued', 'split']).limit(1).executeTakeFirst();
    if (file) return true;
    if (!this.deps.ocr) return false;
    return (await this.deps.db.selectFrom('page').select('id').where('ocrState', '=', 'title').limit(1).executeTakeFirst()) !== undefined;
  }

  /**
   * Splits the files in queue order, preparing the next files' pages while
   * the current one is prepared and recorded: decoding and normalising keep
   * every core busy, and the store's fsyncs overlap with the other files'
   * work. Results are recorded strictly in queue order, so page rows keep
   * the files' order; `before` files were split earlier in this run (for
   * the progress count). A file that has been interrupted before
   * (attempts > 0) runs alone, so a file that crashes the process is not
   * mistaken for its neighbour; so does a ZIP, whose members are taken in
   * while it splits.
   */
  private async splitInOrder(files: { id: number; kind: string | null; attempts: number }[], before: number, total: number): Promise<void> {
    const alone = (f: { kind: string | null; attempts: number }) => f.attempts > 0 || f.kind === 'zip';
    const started = new Map<number, Promise<StartedSplit>>();
    const start = (j: number, id: number) => {
      if (started.has(j)) return;
      const split = startSplit(this.work, id);
      split.catch(() => undefined); // awaited in order below; if recording an earlier file fails, this one is left queued
      started.set(j, split);
    };
    for (const [i, file] of files.entries()) {
      start(i, file.id);
      for (let j = i + 1; !alone(file) && j < Math.min(files.length, i + SPLIT_WINDOW); j++) {
        const next = files[j] as (typeof files)[number];
        if (alone(next)) break;
        start(j, next.id);
      }
      const current = started.get(i) as Promise<StartedSplit>;
      started.delete(i);
      // A lost claim (at the attempt count or the record) leaves the file to the process that took it over.
      await current.then((split) => finishSplit(this.work, split)).catch(ignoreLostClaim);
      this.progress('拆分页面', before + i + 1, Math.max(total, before + i + 1));
      crashPointReached('ingest-split');
    }
  }

  /** Files with this status, whoever works them: the total for progress. */
  private async count(status: 'queued' | 'split'): Promise<number> {
    const row = await this.deps.db.selectFrom('sourceFile').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async runOnce(): Promise<void> {
    // ZIP members (and, during `ingest`, files still being taken in) are queued while others
    // split, so claim and split until nothing is left to claim; progress counts the whole run.
    // Files another process has claimed are its to finish.
    let splitSoFar = 0;
    for (let claimed = await this.claims.files('queued', SPLIT_CLAIM); claimed.length > 0; claimed = await this.claims.files('queued', SPLIT_CLAIM)) {
      await this.splitInOrder(claimed, splitSoFar, splitSoFar + (await this.count('queued')));
      splitSoFar += claimed.length;
    }
    const { ocr } = this.deps;
    if (!ocr) return;
    const deps = { ...this.work, ocr };
    const model = await classifierModel(this.deps.db);
    const total = await this.count('split');
    // One file claimed at a time: filing one takes seconds of OCR per page, and another process takes the next.
    for (let i = 0; ; i++) {
      // A file taken in meanwhile (the watcher) is split and filed before the rest of a long batch.
      if (this.again) return;
      const [file] = await this.claims.files('split', 1);
      if (!file) break;
      await recognizeSourceFile(deps, file.id, model).catch(ignoreLostClaim);
      this.progress('识别归档', i + 1, Math.max(total, i + 1));
    }
    const remaining = Number((await this.deps.db.selectFrom('page').select((eb) => eb.fn.countAll<number>().as('n')).where('ocrState', '=', 'title').executeTakeFirst())?.n ?? 0);
    for (let done = 0; done < remaining; ) {
      if (this.again) return;
      const n = await readRemainingText(deps, 10);
      if (n === 0) break;
      done += n;
      this.progress('全文识别', done, remaining);
    }
  }
}

/** A step whose claim was taken over (this process's lease ran out) is recorded by the process that took it: nothing to do here. */
function ignoreLostClaim(error: unknown): void {
  if (!(error instanceof LostClaim)) throw error;
}
