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
  copyHashed,
  MANIFEST,
  manifestText,
  payloadOxum,
  TAG_MANIFEST,
  writeHashed,
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

async function copyBlob(store: PageStore, sha256: string, root: string, file: string, what: string): Promise<FileEntry> {
  if (!store.has(sha256)) throw new UserError(`存储中缺少${what}（${sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
  const target = path.join(root, ...file.split('/'));
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const copied = await copyHashed(store.pathOf(sha256), target);
  if (copied.sha256 !== sha256) throw new UserError(`存储中的${what}已损坏（${sha256.slice(0, 12)}…），请先运行 fsck 检查存储`);
  return { path: file, ...copied };
}

async function writeFile(root: string, file: string, bytes: Uint8Array | string): Promise<FileEntry> {
  const target = path.join(root, ...file.split('/'));
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  return { path: file, ...(await writeHashed(target, bytes)) };
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

async function writePayload(root: string, source: HouseholdSource, layout: PackageLayout, metadata: PackageMetadata, metadataText: string, ctx: BagContext): Promise<FileEntry[]> {
  const payload: FileEntry[] = [];
  for (const page of metadata.pages) {
    checkSignal(ctx.signal);
    payload.push(await copyBlob(ctx.store, page.sha256, root, page.file, '页面图像'));
  }
  for (const original of metadata.originals) {
    if (original.file === null) continue;
    checkSignal(ctx.signal);
    payload.push(await copyBlob(ctx.store, original.sha256, root, original.file, '原始扫描文件'));
  }
  for (const [i, plan] of layout.volumes.entries()) {
    checkSignal(ctx.signal);
    payload.push(await writeFile(root, plan.file, await buildCaseVolume(source, plan, source.rows[i], ctx.store, ctx.settings)));
  }
  payload.push(await writeFile(root, METADATA_PATH, metadataText));
  return payload;
}

/** Writes the package under `outDir/name`; returns its payload entries. */
export async function writePackage(outDir: string, name: string, source: HouseholdSource, layout: PackageLayout, metadata: PackageMetadata, metadataText: string, ctx: BagContext): Promise<FileEntry[]> {
  const partial = path.join(outDir, `${PARTIAL_PREFIX}${name}`);
  await fs.promises.rm(partial, { recursive: true, force: true });
  await fs.promises.mkdir(path.join(partial, 'data'), { recursive: true });
  try {
    const payload = await writePayload(partial, source, layout, metadata, metadataText, ctx);
    const tags = [
      await writeFile(partial, BAGIT, BAGIT_TXT),
      await writeFile(partial, BAG_INFO, bagInfoText(bagInfoFields(metadata, payload, ctx, name))),
      await writeFile(partial, MANIFEST, manifestText(payload)),
    ];
    await writeFile(partial, TAG_MANIFEST, manifestText(tags));
    checkSignal(ctx.signal);
    await moveIntoPlace(outDir, name, partial);
    return payload;
  } catch (error) {
    await fs.promises.rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Renames the finished folder to its name; an older package there is swapped out first, then removed. */
async function moveIntoPlace(outDir: string, name: string, partial: string): Promise<void> {
  const final = path.join(outDir, name);
  const replaced = path.join(outDir, `${REPLACED_PREFIX}${name}`);
  await fs.promises.rm(replaced, { recursive: true, force: true });
  const exists = fs.existsSync(final);
  if (exists) await fs.promises.rename(final, replaced);
  await fs.promises.rename(partial, final);
  if (exists) await fs.promises.rm(replaced, { recursive: true, force: true });
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
