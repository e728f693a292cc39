import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildVolume } from '../output/volume';
import type { VolumeData } from '../output/types';
import { FolderStore } from '../store/folderStore';
import { UserError } from '../support/errors';
import { BAG_INFO, BAGIT, BAGIT_TXT, bagInfoText, copyHashedSync, MANIFEST, MANIFEST_SM3, manifestText, payloadOxum, TAG_MANIFEST, writeHashedSync, type FileEntry } from './bagit';
import { METADATA_PATH } from './metadataSchema';
import { SIGNATURE_FILE, signatureText, type KeyPair } from './signing';

/**
 * Writes one household package into its hidden folder: copies the pages,
 * originals and bound volumes, writes metadata.json and the tag files.
 * Plain data in, so it runs on a worker thread of the export
 * (exportWorker.ts) as well as on the calling thread.
 *
 * A blob whose digests the archive knows (its name is its SHA-256; SM3 and
 * size are recorded in blob_digest) is copied inside the kernel
 * (copy_file_range, or a reflink where the file system clones) and never
 * read here: the manifests list what the store says the bytes are, so a
 * blob damaged in the store shows up as a mismatch at `verify`. A blob not
 * yet known is hashed while copied, as before, and its digests come back to
 * be recorded. A volume that is not current is built here from its page
 * images, stored content-addressed in the page store and copied like a page.
 *
 * Every file operation is synchronous: on a worker a package is a few dozen
 * small creates and copies in a row, costing the kernel what `cp` costs it.
 */

export interface BlobCopy {
  /** The blob in the page store. */
  from: string;
  /** Path inside the package. */
  file: string;
  /** Its name in the store: what the bytes copied must hash to. */
  sha256: string;
  /** What it is, for messages (页面图像, 原始扫描文件, 卷宗). */
  what: string;
  /** The blob's SM3 and size as recorded: copied without reading. Null: hashed while copied. */
  known: { sm3: string; size: number } | null;
}

export interface VolumeFile {
  /** Path inside the package. */
  file: string;
  /** The volume, its page images left empty: they are read from `pages`. */
  data: VolumeData;
  /** The page images' blobs, in the order of data.documents[].pages[]. */
  pages: string[];
  /** SHA-256 of everything the volume is made of (volumeKey): the same key always builds the same bytes. */
  key: string;
}

/** Digests of a blob, learned while copying it or made by building it. */
export interface BlobDigest {
  sha256: string;
  sm3: string;
  size: number;
}

/** A volume built while writing the package, now in the page store. */
export interface BuiltVolume extends BlobDigest {
  key: string;
}

export interface StageJob {
  /** The hidden folder to create and fill. */
  partial: string;
  /** Pages, originals and current volumes. */
  copies: BlobCopy[];
  /** Volumes to build first (not current), then store and write. */
  volumes: VolumeFile[];
  /** The page store's folder, where a built volume is stored. */
  storeRoot: string;
  /** metadata.json, in pieces: text, and bytes shared by every package of the run. */
  metadata: MetadataBytes;
  /** bag-info.txt's fields; Payload-Oxum is filled in here. */
  bagInfo: [string, string][];
  /** More tag files (the audit chain's head), listed in the tag manifest. */
  tagFiles: { name: string; text: string }[];
  /** The archive's key: signs the tag manifest (hudang-signature.txt). Null writes an unsigned package. */
  signing: KeyPair | null;
  /** Set to 1 (on a SharedArrayBuffer) when the export is cancelled. */
  cancel: Int32Array | null;
}

/** A file's content in pieces: texts (written as UTF-8) and bytes. */
export type MetadataBytes = (string | Uint8Array)[];

export type StageOutcome = { ok: true; payload: FileEntry[]; learned: BlobDigest[]; built: BuiltVolume[] } | { ok: false; cancelled: boolean; message: string; userError: boolean };

/** A volume to build and store in the background (volumeKeeper.ts), on the same workers. */
export interface VolumeJob {
  build: VolumeFile;
  storeRoot: string;
}

export type VolumeOutcome = { ok: true; built: BuiltVolume } | { ok: false; message: string };

/** What an export worker is handed: packages to write one after another, or a volume to build. */
export type ExportJob = StageJob[] | VolumeJob;
export type ExportOutcome = StageOutcome[] | VolumeOutcome;

/** Copies without overwriting; a reflink where the file system can clone, else a copy inside the kernel. */
const COPY_MODE = fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE;

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

function writeEntry(job: StageJob, file: string, bytes: Uint8Array | string | MetadataBytes): FileEntry {
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
 * Copies a stored blob into the package: in the kernel when its digests are
 * known, else hashed while copied (the bytes must hash to the blob's name).
 */
function copyBlob(job: StageJob, copy: BlobCopy): { entry: FileEntry; learned: BlobDigest | null } {
  try {
    if (copy.known) {
      fs.copyFileSync(copy.from, target(job, copy.file), COPY_MODE);
      return { entry: { path: copy.file, sha256: copy.sha256, ...copy.known }, learned: null };
    }
    const copied = copyHashedSync(copy.from, target(job, copy.file));
    if (copied.sha256 !== copy.sha256) throw new UserError(`存储中的${copy.what}已损坏（${copy.sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
    const learned = { sha256: copied.sha256, sm3: copied.sm3, size: copied.size };
    return { entry: { path: copy.file, ...learned }, learned };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(copy.from)) throw new UserError(`存储中缺少${copy.what}（${copy.sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
    throw error;
  }
}

/** The volume's data with its page images read from the store. */
function withPages(volume: VolumeFile): VolumeData {
  let next = 0;
  return {
    ...volume.data,
    documents: volume.data.documents.map((doc) => ({ ...doc, pages: doc.pages.map((page) => ({ ...page, bytes: fs.readFileSync(volume.pages[next++] ?? '') })) })),
  };
}

/** Builds a volume and stores it in the page store (written, fsynced, renamed: whole or absent). */
export async function buildVolumeBlob(volume: VolumeFile, storeRoot: string): Promise<{ bytes: Buffer; built: BuiltVolume }> {
  const pdf = await buildVolume(withPages(volume));
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const stored = await new FolderStore(storeRoot).put(bytes);
  return { bytes, built: { key: volume.key, sha256: stored.sha256, sm3: createHash('sm3').update(bytes).digest('hex'), size: stored.size } };
}

async function writeAll(job: StageJob): Promise<{ payload: FileEntry[]; learned: BlobDigest[]; built: BuiltVolume[] }> {
  checkCancel(job);
  makeFolders(job, [...job.copies.map((c) => c.file), ...job.volumes.map((v) => v.file), METADATA_PATH]);
  const payload: FileEntry[] = [];
  const learned: BlobDigest[] = [];
  const built: BuiltVolume[] = [];
  for (const copy of job.copies) {
    checkCancel(job);
    const copied = copyBlob(job, copy);
    payload.push(copied.entry);
    if (copied.learned) learned.push(copied.learned);
  }
  for (const volume of job.volumes) {
    checkCancel(job);
    const made = await buildVolumeBlob(volume, job.storeRoot);
    fs.writeFileSync(target(job, volume.file), made.bytes, { flag: 'wx' });
    payload.push({ path: volume.file, sha256: made.built.sha256, sm3: made.built.sm3, size: made.built.size });
    built.push(made.built);
  }
  payload.push(writeEntry(job, METADATA_PATH, job.metadata));
  return { payload, learned, built };
}

/** Writes the package into job.partial; on any failure or a cancel the folder is removed again. */
export async function stage(job: StageJob): Promise<StageOutcome> {
  try {
    fs.rmSync(job.partial, { recursive: true, force: true });
    const { payload, learned, built } = await writeAll(job);
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
    return { ok: true, payload, learned, built };
  } catch (error) {
    fs.rmSync(job.partial, { recursive: true, force: true });
    return { ok: false, cancelled: error instanceof Cancelled, message: error instanceof Error ? error.message : String(error), userError: error instanceof UserError };
  }
}

/** An export worker's job, whichever kind. */
export async function runExportJob(job: ExportJob): Promise<ExportOutcome> {
  if (Array.isArray(job)) {
    const outcomes: StageOutcome[] = [];
    for (const one of job) outcomes.push(await stage(one));
    return outcomes;
  }
  try {
    return { ok: true, built: (await buildVolumeBlob(job.build, job.storeRoot)).built };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
