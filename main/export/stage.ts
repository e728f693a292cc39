import fs from 'node:fs';
import path from 'node:path';
import { buildVolume } from '../output/volume';
import type { VolumeData } from '../output/types';
import { UserError } from '../support/errors';
import { BAG_INFO, BAGIT, BAGIT_TXT, bagInfoText, copyHashedSync, MANIFEST, MANIFEST_SM3, manifestText, payloadOxum, TAG_MANIFEST, writeHashedSync, type FileEntry } from './bagit';
import { METADATA_PATH } from './metadataSchema';
import { SIGNATURE_FILE, signatureText, type KeyPair } from './signing';

/**
 * Writes one household package into its hidden folder: copies and hashes
 * the pages and originals, builds and writes the bound volumes,
 * metadata.json and the tag files. Plain data in, so it runs on a worker
 * thread of the export (exportWorker.ts) as well as on the calling thread.
 *
 * Every file operation here is synchronous. On a worker that is the point:
 * a package is a few dozen small creates, reads and writes, and doing them
 * in a row on one thread costs the kernel what `cp` costs it, where sending
 * each to the thread pool cost two thread wake-ups apiece and kept the main
 * thread busy handing them out. Each page image is read once: the bytes
 * copied (and checked against the blob's hash) are the bytes bound.
 */

export interface BlobCopy {
  /** The blob in the page store. */
  from: string;
  /** Path inside the package. */
  file: string;
  /** Its name in the store: what the bytes copied must hash to. */
  sha256: string;
  /** What it is, for messages (页面图像, 原始扫描文件). */
  what: string;
}

export interface VolumeFile {
  /** Path inside the package. */
  file: string;
  /** The volume, its page images left empty: they are read from `pages`. */
  data: VolumeData;
  /** The page images' blobs, in the order of data.documents[].pages[]. */
  pages: string[];
}

export interface StageJob {
  /** The hidden folder to create and fill. */
  partial: string;
  copies: BlobCopy[];
  volumes: VolumeFile[];
  metadataText: string;
  /** bag-info.txt's fields; Payload-Oxum is filled in here. */
  bagInfo: [string, string][];
  /** More tag files (the audit chain's head), listed in the tag manifest. */
  tagFiles: { name: string; text: string }[];
  /** The archive's key: signs the tag manifest (hudang-signature.txt). Null writes an unsigned package. */
  signing: KeyPair | null;
  /** Set to 1 (on a SharedArrayBuffer) when the export is cancelled. */
  cancel: Int32Array | null;
}

export type StageOutcome = { ok: true; payload: FileEntry[] } | { ok: false; cancelled: boolean; message: string; userError: boolean };

class Cancelled extends Error {}

/** A flag the export's workers can read; set when the signal aborts. */
export function cancelFlag(signal: AbortSignal | undefined): Int32Array {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  if (signal?.aborted) Atomics.store(flag, 0, 1);
  else signal?.addEventListener('abort', () => Atomics.store(flag, 0, 1), { once: true });
  return flag;
}

function checkCancel(job: StageJob): void {
  if (job.cancel && Atomics.load(job.cancel, 0) !== 0) throw new Cancelled('导出已取消');
}

function target(job: StageJob, file: string): string {
  return path.join(job.partial, ...file.split('/'));
}

function writeEntry(job: StageJob, file: string, bytes: Uint8Array | string): FileEntry {
  return { path: file, ...writeHashedSync(target(job, file), bytes) };
}

/** The package folder and every folder its files go into, parents first, one mkdir each. */
function makeFolders(job: StageJob, files: string[]): void {
  fs.mkdirSync(job.partial);
  const made = new Set<string>();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      if (made.has(folder)) continue;
      made.add(folder);
      fs.mkdirSync(path.join(job.partial, ...parts.slice(0, depth)));
    }
  }
}

/**
 * Copies a stored blob into the package; the bytes copied must hash to the
 * blob's name. A small blob's bytes come back, for a volume that binds it.
 */
function copyBlob(job: StageJob, copy: BlobCopy): { entry: FileEntry; bytes: Buffer | null } {
  let copied: ReturnType<typeof copyHashedSync>;
  try {
    copied = copyHashedSync(copy.from, target(job, copy.file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(copy.from)) throw new UserError(`存储中缺少${copy.what}（${copy.sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
    throw error;
  }
  if (copied.sha256 !== copy.sha256) throw new UserError(`存储中的${copy.what}已损坏（${copy.sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
  return { entry: { path: copy.file, sha256: copied.sha256, sm3: copied.sm3, size: copied.size }, bytes: copied.bytes };
}

/** The volume's data with its page images filled in, from the copies' bytes where they were read already. */
function withPages(volume: VolumeFile, read: Map<string, Buffer>): VolumeData {
  let next = 0;
  const bytesOf = (blob: string) => read.get(blob) ?? fs.readFileSync(blob);
  return {
    ...volume.data,
    documents: volume.data.documents.map((doc) => ({ ...doc, pages: doc.pages.map((page) => ({ ...page, bytes: bytesOf(volume.pages[next++] ?? '') })) })),
  };
}

async function writeAll(job: StageJob): Promise<FileEntry[]> {
  makeFolders(job, [...job.copies.map((c) => c.file), ...job.volumes.map((v) => v.file), METADATA_PATH]);
  const bound = new Set(job.volumes.flatMap((v) => v.pages));
  const read = new Map<string, Buffer>();
  const payload: FileEntry[] = [];
  for (const copy of job.copies) {
    checkCancel(job);
    const { entry, bytes } = copyBlob(job, copy);
    payload.push(entry);
    if (bytes && bound.has(copy.from)) read.set(copy.from, bytes);
  }
  for (const volume of job.volumes) {
    checkCancel(job);
    payload.push(writeEntry(job, volume.file, await buildVolume(withPages(volume, read))));
  }
  payload.push(writeEntry(job, METADATA_PATH, job.metadataText));
  return payload;
}

/** Writes the package into job.partial; on any failure or a cancel the folder is removed again. */
export async function stage(job: StageJob): Promise<StageOutcome> {
  try {
    fs.rmSync(job.partial, { recursive: true, force: true });
    const payload = await writeAll(job);
    const bagInfo = job.bagInfo.map(([key, value]): [string, string] => [key, key === 'Payload-Oxum' ? payloadOxum(payload) : value]);
    const tags = [
      writeEntry(job, BAGIT, BAGIT_TXT),
      writeEntry(job, BAG_INFO, bagInfoText(bagInfo)),
      writeEntry(job, MANIFEST, manifestText(payload)),
      writeEntry(job, MANIFEST_SM3, manifestText(payload, 'sm3')),
      ...job.tagFiles.map((t) => writeEntry(job, t.name, t.text)),
    ];
    const tagManifest = manifestText(tags);
    writeEntry(job, TAG_MANIFEST, tagManifest);
    if (job.signing) writeEntry(job, SIGNATURE_FILE, signatureText(tagManifest, job.signing));
    checkCancel(job);
    return { ok: true, payload };
  } catch (error) {
    fs.rmSync(job.partial, { recursive: true, force: true });
    return { ok: false, cancelled: error instanceof Cancelled, message: error instanceof Error ? error.message : String(error), userError: error instanceof UserError };
  }
}
