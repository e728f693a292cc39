import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import chokidar from 'chokidar';
import { errorCode, folderProblem } from './folderProblem';
import type { IngestPipeline } from './pipeline';

/**
 * Scanner folders, watched: every file that appears (and every file already
 * there at start) is taken in once it is completely written — its size has
 * stopped changing and its structure reads to the end (a PDF's trailer).
 *
 * The file system's notifications are not enough on their own: network
 * shares and full inotify queues lose them, and a folder can disappear. So
 * behind them the folders are listed in full every `rescanMs`, and any file
 * whose size or time differs from the version already dealt with is taken
 * (intake itself knows a file seen before by path and content). A file that
 * stays incomplete without changing for `giveUpMs` is truncated, not being
 * written, and is refused with its reason. Files are taken one at a time, so
 * a notification and a rescan never take the same file twice at once.
 */

export interface WatchEvents {
  onTaken?: (file: string, status: string) => void;
  /** A file, or the watcher itself, failed; the message is Chinese. */
  onError?: (file: string, message: string) => void;
  /** A folder became unusable (its problem, Chinese) or usable again (null). */
  onFolder?: (dir: string, problem: string | null) => void;
}

/** Where change notifications come from: chokidar, or in a test a source that loses some of them. */
export interface FileEventSource {
  ready: Promise<void>;
  /** Watch a folder again (after it was gone). */
  add(dir: string): void;
  close(): Promise<void>;
}
export type FileEventSourceFactory = (dirs: string[], on: { file(file: string): void; error(file: string, message: string): void }) => FileEventSource;

export interface WatchOptions {
  /** How often the folders are listed in full behind the notifications. */
  rescanMs?: number;
  /** How long a file may stay incomplete and unchanged before it is refused as truncated. */
  giveUpMs?: number;
  /** How soon an incomplete or still-changing file is looked at again. */
  retryMs?: number;
  /** How long a file's size must hold still before it is read (chokidar's awaitWriteFinish, and the rescan's own check). */
  stableMs?: number;
  source?: FileEventSourceFactory;
}

const DEFAULTS = { rescanMs: 30_000, giveUpMs: 60_000, retryMs: 2000, stableMs: 1500 };

export interface FolderWatcher {
  ready: Promise<void>;
  /** Lists every folder now (the periodic safety net, on demand). */
  rescan(): Promise<void>;
  close(): Promise<void>;
}

/** Files a scanner or an OS leaves beside scans that are not scans being written. */
function ignored(file: string): boolean {
  const base = path.basename(file);
  return /\.(part|crdownload|tmp)$/i.test(base) || base.startsWith('~$');
}

export function chokidarSource(stableMs: number): FileEventSourceFactory {
  return (dirs, on) => {
    const watcher = chokidar.watch(dirs, { ignoreInitial: false, ignored, awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: 200 } });
    watcher.on('add', on.file).on('change', on.file);
    watcher.on('error', (error) => {
      const file = (error as NodeJS.ErrnoException).path ?? '';
      on.error(file, `监视扫描文件夹时出错（${errorCode(error)}）：新放入的文件改由定时检查收取`);
    });
    const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    return { ready, add: (dir) => void watcher.add(dir), close: () => watcher.close() };
  };
}

interface Waiting {
  timer: NodeJS.Timeout;
  /** Size and time when it was first found incomplete in this state. */
  stamp: string;
  since: number;
}

export function watchFolders(pipeline: IngestPipeline, dirs: string[], events: WatchEvents = {}, options: WatchOptions = {}): FolderWatcher {
  const { rescanMs, giveUpMs, retryMs, stableMs } = { ...DEFAULTS, ...options };
  /** path → size:mtime of the version already taken, refused or found seen. */
  const known = new Map<string, string>();
  const waiting = new Map<string, Waiting>();
  const queue: string[] = [];
  const inQueue = new Set<string>();
  const folderState = new Map<string, string | null>();
  let closed = false;
  let working: Promise<void> | null = null;
  let scanning: Promise<void> | null = null;

  const fail = (file: string, error: unknown) => events.onError?.(file, `处理扫描件${file ? ` ${path.basename(file)} ` : ''}时出错：${(error as Error).message}`);

  /** Works the queue in the background; a failure is reported and the rescan tries again later. */
  const runQueue = () => {
    pipeline.drain().catch((error: unknown) => events.onError?.('', `处理扫描件时出错（稍后自动重试）：${(error as Error).message}`));
  };

  const later = (file: string, stamp: string, since: number) => {
    clearTimeout(waiting.get(file)?.timer);
    waiting.set(file, { stamp, since, timer: setTimeout(() => offer(file), retryMs) });
  };

  const takeOne = async (file: string): Promise<void> => {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      // Gone before it could be read (a scanner's temporary file, renamed): nothing to take.
      clearTimeout(waiting.get(file)?.timer);
      waiting.delete(file);
      return;
    }
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    if (known.get(file) === stamp) return;
    const before = waiting.get(file);
    const since = before?.stamp === stamp ? before.since : Date.now();
    // Still being written (a rescan can find a file mid-copy): look again once it holds still.
    if (Date.now() - stat.mtimeMs < stableMs && before?.stamp !== stamp) return later(file, stamp, since);
    const outcome = await pipeline.take(file, Date.now() - since >= giveUpMs ? 'reject' : 'wait');
    if (outcome.status === 'incomplete') return later(file, stamp, since);
    clearTimeout(before?.timer);
    waiting.delete(file);
    known.set(file, stamp);
    events.onTaken?.(file, outcome.status);
    if (outcome.status === 'queued') runQueue();
  };

  const work = async () => {
    for (let file = queue.shift(); file !== undefined && !closed; file = queue.shift()) {
      inQueue.delete(file);
      await takeOne(file).catch((error: unknown) => fail(file, error));
    }
  };

  const kick = () => {
    if (working || closed) return;
    working = work().finally(() => {
      working = null;
      if (queue.length > 0) kick(); // offered after the loop saw an empty queue
    });
  };

  function offer(file: string): void {
    if (closed || ignored(file) || inQueue.has(file)) return;
    inQueue.add(file);
    queue.push(file);
    kick();
  }

  const setFolder = (dir: string, problem: string | null) => {
    const was = folderState.get(dir);
    folderState.set(dir, problem);
    if (was === problem) return;
    if (problem === null && was) source.add(dir); // back again: the notifications for it may have ended with it
    if (problem !== null || was) events.onFolder?.(dir, problem);
  };

  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') events.onError?.(dir, `无法读取扫描文件夹里的文件夹（${errorCode(error)}）：${dir}`);
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (ignored(file)) continue;
      const stat = entry.isSymbolicLink() ? await fs.stat(file).catch(() => null) : null;
      if (entry.isDirectory() || stat?.isDirectory()) await walk(file);
      else if (entry.isFile() || stat?.isFile()) {
        const now = await fs.stat(file).catch(() => null);
        if (now && known.get(file) !== `${now.size}:${now.mtimeMs}` && !waiting.has(file)) offer(file);
      }
    }
  };

  const rescanOnce = async () => {
    for (const dir of dirs) {
      const problem = await folderProblem(dir);
      setFolder(dir, problem);
      if (problem === null) await walk(dir);
    }
    // Work left in the queue by a failed run starts again without waiting for a new file
    // (a run in progress is left alone: asking it again would restart its full-text pass).
    if (!closed && !pipeline.running && (await pipeline.hasWork())) runQueue();
  };
  const rescan = (): Promise<void> => {
    scanning ??= rescanOnce()
      .catch((error: unknown) => fail('', error))
      .finally(() => {
        scanning = null;
      });
    return scanning;
  };

  const source = (options.source ?? chokidarSource(stableMs))(dirs, {
    file: offer,
    error: (file, message) => events.onError?.(file, message),
  });
  const timer = setInterval(() => void rescan(), rescanMs);
  const ready = source.ready.then(() => rescan());

  return {
    ready,
    rescan,
    async close() {
      closed = true;
      clearInterval(timer);
      for (const w of waiting.values()) clearTimeout(w.timer);
      await source.close();
      await Promise.all([working, scanning]);
    },
  };
}
