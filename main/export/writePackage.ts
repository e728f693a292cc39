import fs from 'node:fs';
import path from 'node:path';
import type { PageStore } from '../ingest/pageStore';
import type { Settings } from '../settings/settings';
import { UserError } from '../support/errors';
import {
  BAG_INFO,
  BAGIT,
  BAGIT_TXT,
  bagInfoText,
  copyFileHashed,
  MANIFEST,
  manifestText,
  payloadOxum,
  TAG_MANIFEST,
  writeHashedSync,
  type FileEntry,
} from './bagit';
import type { HouseholdSource } from './collect';
import type { PackageLayout } from './layout';
import { METADATA_PATH, type PackageMetadata } from './metadataSchema';
import { buildCaseVolume } from './volumes';

/**
 * Writes one household package. Everything goes into a hidden sibling
 * folder first and is renamed into place only when complete, so a crash or
 * a cancel never leaves half a package under its final name.
 */

export const PARTIAL_PREFIX = '.partial-';
const REPLACED_PREFIX = '.replaced-';

export interface BagContext {
  store: PageStore;
  settings: Settings;
  signal?: AbortSignal;
  /** "N of T" within the batch. */
  bagCount: string;
  baggingDate: string;
}

export class ExportCancelled extends Error {}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled('导出已取消');
}

/** Copies a stored blob into the package; the bytes copied must hash to the blob's name. Its folder must exist. */
async function copyBlob(store: PageStore, sha256: string, root: string, file: string, what: string): Promise<FileEntry> {
  if (!store.has(sha256)) throw new UserError(`存储中缺少${what}（${sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
  const copied = await copyFileHashed(store.pathOf(sha256), path.join(root, ...file.split('/')));
  if (copied.sha256 !== sha256) throw new UserError(`存储中的${what}已损坏（${sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
  return { path: file, ...copied };
}

function writeFile(root: string, file: string, bytes: Uint8Array | string): FileEntry {
  const target = path.join(root, ...file.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  return { path: file, ...writeHashedSync(target, bytes) };
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
 * Blob copies in flight at once: libuv's thread pool has four threads, so
 * more would only queue; with IN_MEMORY_COPY_LIMIT this bounds the bytes
 * held in memory to 32 MiB.
 */
const COPIES_IN_FLIGHT = 4;

interface BlobCopy {
  sha256: string;
  file: string;
  what: string;
}

function blobCopies(metadata: PackageMetadata): BlobCopy[] {
  return [
    ...metadata.pages.map((p) => ({ sha256: p.sha256, file: p.file, what: '页面图像' })),
    ...metadata.originals.flatMap((o) => (o.file === null ? [] : [{ sha256: o.sha256, file: o.file, what: '原始扫描文件' }])),
  ];
}

/** Creates every folder the copies go into, once each, before any copy starts. */
function makeFolders(root: string, files: string[]): void {
  const folders = [...new Set(files.map((f) => path.dirname(path.join(root, ...f.split('/')))))].sort();
  for (const folder of folders) fs.mkdirSync(folder, { recursive: true });
}

/**
 * Copies the blobs on the thread pool, a few at a time, checking for a
 * cancel before each. Every copy has settled when this returns or throws,
 * so a failed package can be removed without a late write landing in it.
 */
async function copyBlobs(root: string, copies: BlobCopy[], ctx: BagContext): Promise<FileEntry[]> {
  const entries: FileEntry[] = [];
  let failure: { reason: unknown } | null = null;
  let next = 0;
  const lane = async () => {
    while (next < copies.length && failure === null) {
      const copy = copies[next++]!;
      try {
        checkSignal(ctx.signal);
        entries.push(await copyBlob(ctx.store, copy.sha256, root, copy.file, copy.what));
      } catch (reason) {
        failure ??= { reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPIES_IN_FLIGHT, copies.length) }, lane));
  if (failure !== null) throw (failure as { reason: unknown }).reason;
  return entries;
}

/** The bound volumes (built on the main thread) and metadata.json. */
async function writeOwnFiles(root: string, source: HouseholdSource, layout: PackageLayout, metadataText: string, ctx: BagContext): Promise<FileEntry[]> {
  const files: FileEntry[] = [];
  for (const [i, plan] of layout.volumes.entries()) {
    checkSignal(ctx.signal);
    files.push(writeFile(root, plan.file, await buildCaseVolume(source, plan, source.rows[i], ctx.store, ctx.settings)));
  }
  files.push(writeFile(root, METADATA_PATH, metadataText));
  return files;
}

/**
 * The payload. Blob copies run on the thread pool while the main thread
 * builds the bound volumes, so disk and CPU work overlap; both have
 * settled before this returns or throws.
 */
async function writePayload(root: string, source: HouseholdSource, layout: PackageLayout, metadata: PackageMetadata, metadataText: string, ctx: BagContext): Promise<FileEntry[]> {
  const copies = blobCopies(metadata);
  makeFolders(root, copies.map((c) => c.file));
  const [copied, own] = await Promise.allSettled([copyBlobs(root, copies, ctx), writeOwnFiles(root, source, layout, metadataText, ctx)]);
  if (copied.status === 'rejected') throw copied.reason;
  if (own.status === 'rejected') throw own.reason;
  return [...copied.value, ...own.value];
}

/**
 * Writes the package under `outDir/name`; returns its payload entries.
 * Folder and tag-file operations are synchronous: each takes microseconds,
 * less than a round trip through the thread pool.
 */
export async function writePackage(outDir: string, name: string, source: HouseholdSource, layout: PackageLayout, metadata: PackageMetadata, metadataText: string, ctx: BagContext): Promise<FileEntry[]> {
  const partial = path.join(outDir, `${PARTIAL_PREFIX}${name}`);
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.join(partial, 'data'), { recursive: true });
  try {
    const payload = await writePayload(partial, source, layout, metadata, metadataText, ctx);
    const tags = [
      writeFile(partial, BAGIT, BAGIT_TXT),
      writeFile(partial, BAG_INFO, bagInfoText(bagInfoFields(metadata, payload, ctx, name))),
      writeFile(partial, MANIFEST, manifestText(payload)),
    ];
    writeFile(partial, TAG_MANIFEST, manifestText(tags));
    checkSignal(ctx.signal);
    moveIntoPlace(outDir, name, partial);
    return payload;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Renames the finished folder to its name; an older package there is swapped out first, then removed. */
function moveIntoPlace(outDir: string, name: string, partial: string): void {
  const final = path.join(outDir, name);
  const replaced = path.join(outDir, `${REPLACED_PREFIX}${name}`);
  fs.rmSync(replaced, { recursive: true, force: true });
  const exists = fs.existsSync(final);
  if (exists) fs.renameSync(final, replaced);
  fs.renameSync(partial, final);
  if (exists) fs.rmSync(replaced, { recursive: true, force: true });
}

/** Leftovers of an interrupted run: unfinished and swapped-out folders. */
export async function removeLeftovers(outDir: string): Promise<void> {
  for (const entry of await fs.promises.readdir(outDir)) {
    if (entry.startsWith(PARTIAL_PREFIX)) await fs.promises.rm(path.join(outDir, entry), { recursive: true, force: true });
    if (entry.startsWith(REPLACED_PREFIX)) {
      // A crash between the two renames leaves only the old copy: put it back.
      const final = path.join(outDir, entry.slice(REPLACED_PREFIX.length));
      if (fs.existsSync(final)) await fs.promises.rm(path.join(outDir, entry), { recursive: true, force: true });
      else await fs.promises.rename(path.join(outDir, entry), final);
    }
  }
}
