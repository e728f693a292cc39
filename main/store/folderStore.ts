import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../support/errors';
import { checkSha256, HashMismatchError, MissingBlobError, sha256Of, type BlobStore, type StoredBlob } from './blobStore';

export { sha256Of, type StoredBlob } from './blobStore';

/**
 * The blob store as a folder: the archive's own store/ folder, or a local or
 * network share (SMB, NFS). Every blob is a file named by its SHA-256 under a
 * two-hex-digit folder. All writes go through `commit`: a temporary name in
 * tmp/, fsync, linked (or renamed) into place, fsync of the folder, so after a crash a blob
 * is either whole or absent; an existing blob is never rewritten.
 */
export class FolderStore implements BlobStore {
  /** `archiveDir` defaults to the folder holding `root`, where an archive keeps its store/ folder. */
  constructor(
    readonly root: string,
    readonly archiveDir = path.dirname(root),
  ) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  get location(): string {
    return this.root;
  }

  /** The blob's file. Only folder-bound code (export workers, backup) reads it directly. */
  pathOf(sha256: string): string {
    checkSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(sha256));
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await fsp.stat(this.pathOf(sha256))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingBlobError(sha256);
      throw error;
    }
  }

  async discard(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }

  async put(bytes: Buffer): Promise<StoredBlob> {
    const [stored] = await this.putAll([bytes]);
    return stored as StoredBlob;
  }

  /** Blobs being committed, so a second caller waits for them rather than trusting a half-synced name. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  /**
   * Several blobs at once, all committed concurrently (the file system
   * commits concurrent fsyncs together). Resolves when every blob is durable.
   */
  async putAll(blobs: Buffer[]): Promise<StoredBlob[]> {
    const waits = blobs.map((bytes) => {
      const sha256 = sha256Of(bytes);
      const pending = this.inFlight.get(sha256);
      if (pending) return { sha256, size: bytes.length, done: pending.then(() => false) };
      if (fs.existsSync(this.pathOf(sha256))) return { sha256, size: bytes.length, done: Promise.resolve(false) };
      const done = this.once(sha256, () => this.commit(sha256, Readable.from([bytes])));
      return { sha256, size: bytes.length, done };
    });
    return Promise.all(waits.map(async ({ sha256, size, done }) => ({ sha256, size, created: await done })));
  }

  async putStream(source: Readable, expected?: string): Promise<StoredBlob> {
    if (expected !== undefined && fs.existsSync(this.pathOf(expected))) {
      source.destroy();
      return { sha256: expected, size: (await fsp.stat(this.pathOf(expected))).size, created: false };
    }
    let size = 0;
    const created = await this.commit(expected, source, (n) => (size = n));
    return { sha256: created.sha256, size, created: created.created };
  }

  async copyTo(sha256: string, destination: string | Writable): Promise<void> {
    if (!fs.existsSync(this.pathOf(sha256))) throw new MissingBlobError(sha256);
    await copyChecked(fs.createReadStream(this.pathOf(sha256)), sha256, destination);
  }

  private once(sha256: string, work: () => Promise<{ created: boolean }>): Promise<boolean> {
    const done = work()
      .then((r) => r.created)
      .finally(() => this.inFlight.delete(sha256));
    this.inFlight.set(sha256, done);
    return done;
  }

  /**
   * The one write routine: the bytes go to a temporary name, hashed on the
   * way and fsynced; bytes that do not hash to `expected` are dropped; then
   * the file is renamed into place unless the blob arrived meanwhile, and the
   * folder is fsynced so the rename itself survives a crash.
   */
  private async commit(expected: string | undefined, source: Readable, sized?: (size: number) => void): Promise<{ sha256: string; created: boolean }> {
    const temp = path.join(this.root, 'tmp', `${expected ?? 'stream'}.${randomBytes(6).toString('hex')}`);
    try {
      const hash = createHash('sha256');
      let size = 0;
      const counting = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(source, counting, fs.createWriteStream(temp, { flags: 'wx' }));
      const handle = await fsp.open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const sha256 = hash.digest('hex');
      sized?.(size);
      if (expected !== undefined && sha256 !== expected) throw new HashMismatchError(expected, sha256);
      const target = this.pathOf(sha256);
      // Stored meanwhile by another writer: an existing blob is never rewritten.
      if (fs.existsSync(target)) return { sha256, created: false };
      await fsp.mkdir(path.dirname(target), { recursive: true });
      if (!(await placeOnce(temp, target))) return { sha256, created: false };
      await syncDirectory(path.dirname(target));
      return { sha256, created: true };
    } finally {
      await fsp.rm(temp, { force: true });
    }
  }
}

/** Streams a blob out, hashing it on the way: a blob damaged in the store is not passed on as sound. */
export async function copyChecked(source: Readable, sha256: string, destination: string | Writable): Promise<void> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const sink = typeof destination === 'string' ? fs.createWriteStream(destination) : destination;
  try {
    await pipeline(source, hashing, sink);
  } catch (error) {
    if (typeof destination === 'string') await fsp.rm(destination, { force: true });
    throw error;
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    if (typeof destination === 'string') await fsp.rm(destination, { force: true });
    throw new HashMismatchError(sha256, actual);
  }
}

/**
 * Gives the temporary file the blob's name unless another process (a second
 * clerk on the same share) got there first: a hard link fails on an existing
 * name where a rename would silently replace it. Shares without hard links
 * fall back to the rename, whose race only ever swaps in identical bytes.
 */
async function placeOnce(temp: string, target: string): Promise<boolean> {
  try {
    await fsp.link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
  }
  await fsp.rename(temp, target);
  return true;
}

/** Makes a rename durable (POSIX); Windows has no directory handles to sync. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The store as a folder, for the code that still hands blob paths to workers
 * or zip writers (export packages, derived volumes, backup). An archive whose
 * blobs are in object storage is refused there with a clear message rather
 * than half-exported.
 */
export function folderOf(store: BlobStore, what: string): FolderStore {
  if (store instanceof FolderStore) return store;
  throw new UserError(`${what}暂只支持存放在文件夹中的页面库，本档案的页面库在对象存储（${store.location}）上`);
}
