import path from 'node:path';
import chokidar from 'chokidar';
import type { IngestPipeline } from './pipeline';

/**
 * Scanner folders, watched: every file that appears (and every file already
 * there at start) is taken in once it is completely written — its size has
 * stopped changing and its structure reads to the end (a PDF's trailer).
 */

export interface WatchEvents {
  onTaken?: (file: string, status: string) => void;
  onError?: (file: string, message: string) => void;
}

/** Files a scanner or an OS leaves beside scans that are not scans being written. */
function ignored(file: string): boolean {
  const base = path.basename(file);
  return /\.(part|crdownload|tmp)$/i.test(base) || base.startsWith('~$');
}

const RETRY_MS = 2000;
const MAX_TRIES = 60; // two minutes for a slow network scanner to finish a file

export function watchFolders(pipeline: IngestPipeline, dirs: string[], events: WatchEvents = {}): { ready: Promise<void>; close(): Promise<void> } {
  const pending = new Map<string, NodeJS.Timeout>();
  const take = async (file: string, tries: number): Promise<void> => {
    pending.delete(file);
    const outcome = await pipeline.take(file, tries >= MAX_TRIES ? 'reject' : 'wait');
    if (outcome.status === 'incomplete') {
      pending.set(file, setTimeout(() => void take(file, tries + 1).catch((e: Error) => events.onError?.(file, e.message)), RETRY_MS));
      return;
    }
    events.onTaken?.(file, outcome.status);
    if (outcome.status === 'queued') await pipeline.drain();
  };
  const watcher = chokidar.watch(dirs, {
    ignoreInitial: false,
    ignored,
    awaitWriteFinish: { stabilityThreshold: 1500, pollInterval: 200 },
  });
  const onFile = (file: string) => void take(file, 0).catch((e: Error) => events.onError?.(file, e.message));
  watcher.on('add', onFile).on('change', onFile);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      for (const timer of pending.values()) clearTimeout(timer);
      await watcher.close();
    },
  };
}
