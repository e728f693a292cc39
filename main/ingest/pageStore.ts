import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * The content-addressed, write-once store beside the database: every original
 * scan, normalised page image and thumbnail is a file named by its SHA-256.
 * A blob is written to a temporary name, fsynced and renamed, so it is either
 * whole or absent; an existing blob is never rewritten.
 */

export interface StoredBlob {
  sha256: string;
  size: number;
  /** false when the same bytes were already stored. */
  created: boolean;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class PageStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`无效的内容散列：${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }

  /**
   * Removes a blob. Only the destruction procedure (main/retention/destruction.ts)
   * calls this, after an approved appraisal; nothing else ever deletes from the store.
   */
  discard(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  put(bytes: Buffer): StoredBlob {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return { sha256, size: bytes.length, created: false };
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    const temp = path.join(this.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    syncDirectory(dir);
    return { sha256, size: bytes.length, created: true };
  }

  /** Blobs putAll is still making durable, so a second caller waits for them rather than trusting a half-synced name. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  /**
   * Stores several blobs with the same guarantee as `put`, off the main
   * thread: each new blob is written to a temporary name, fsynced, renamed
   * into place, and its directory fsynced, all blobs at once (the file system
   * commits concurrent fsyncs together). Resolves when every blob is durable.
   */
  async putAll(blobs: Buffer[]): Promise<StoredBlob[]> {
    const mine = new Map<string, Promise<boolean>>();
    const waits = blobs.map((bytes) => {
      const sha256 = sha256Of(bytes);
      const pending = this.inFlight.get(sha256) ?? mine.get(sha256);
      if (pending) return { sha256, size: bytes.length, done: pending.then(() => false) };
      if (fs.existsSync(this.pathOf(sha256))) return { sha256, size: bytes.length, done: Promise.resolve(false) };
      const done = this.write(sha256, bytes).finally(() => this.inFlight.delete(sha256));
      this.inFlight.set(sha256, done);
      mine.set(sha256, done);
      return { sha256, size: bytes.length, done };
    });
    return Promise.all(waits.map(async ({ sha256, size, done }) => ({ sha256, size, created: await done })));
  }

  private async write(sha256: string, bytes: Buffer): Promise<boolean> {
    const target = this.pathOf(sha256);
    const temp = path.join(this.root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
    const handle = await fsp.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (fs.existsSync(target)) {
      // Stored meanwhile by `put`: an existing blob is never rewritten.
      await fsp.rm(temp, { force: true });
      return false;
    }
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(temp, target);
    await syncDirectoryAsync(path.dirname(target));
    return true;
  }
}

/** Makes the rename itself durable (POSIX); Windows has no directory handles to sync. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function syncDirectoryAsync(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
