import os from 'node:os';
import type { Kysely } from 'kysely';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { preparePage, RejectedFileError, splitPages, unpackZip, type FileKind, type SourcePage } from '../formats';
import { crashPointReached } from '../support/faultInjection';
import type { Claims } from './claims';
import { intake } from './intake';
import { sha256Of, type BlobStore } from '../store/blobStore';
import { looksLikePhoto } from './photo';

/**
 * Step two: a stored file becomes pages (or, for a ZIP, member files of its
 * own). Page images are written to the store first; the page rows and the
 * file's new status land in one transaction, so a crash leaves the file
 * queued and the step simply runs again. Only a file this process has
 * claimed is split, and its result is recorded only while the claim holds.
 */

export interface SplitDeps {
  db: Kysely<Database>;
  store: BlobStore;
  audit: AuditContext;
  claims: Claims;
}

async function markRejected(deps: SplitDeps, id: number, reason: string): Promise<void> {
  await mutate(deps.db, deps.audit, async (tx) => {
    await deps.claims.finish(tx.trx, 'sourceFile', id);
    await tx.trx.updateTable('sourceFile').set({ status: 'rejected', reason, finishedAt: deps.audit.now().toISOString() }).where('id', '=', id).execute();
    await tx.record({ action: 'file.reject', entity: 'sourceFile', entityId: id, after: { reason } });
  });
}

async function splitZip(deps: SplitDeps, row: { id: number; sourcePath: string }, bytes: Buffer): Promise<void> {
  const { entries, rejected } = await unpackZip(bytes);
  for (const entry of entries) {
    await intake(deps, { sourcePath: `${row.sourcePath}!/${entry.name}`, bytes: entry.bytes, parentId: row.id, whenIncomplete: 'reject' });
  }
  await mutate(deps.db, deps.audit, async (tx) => {
    await deps.claims.finish(tx.trx, 'sourceFile', row.id);
    for (const member of rejected) {
      const sourcePath = `${row.sourcePath}!/${member.name}`;
      const seen = await tx.trx.selectFrom('sourceFile').select('id').where('sourcePath', '=', sourcePath).where('parentId', '=', row.id).executeTakeFirst();
      if (seen) continue;
      const values = { sha256: null, sourcePath, name: member.name, size: 0, kind: null, parentId: row.id, status: 'rejected' as const, reason: member.reason, duplicateOf: null, pageCount: null, finishedAt: null };
      const inserted = await tx.trx.insertInto('sourceFile').values(values).returning('id').executeTakeFirstOrThrow();
      await tx.record({ action: 'file.reject', entity: 'sourceFile', entityId: inserted.id, after: { reason: member.reason } });
    }
    await tx.trx.updateTable('sourceFile').set({ status: 'done', pageCount: 0, finishedAt: deps.audit.now().toISOString() }).where('id', '=', row.id).execute();
    await tx.record({ action: 'file.unpack', entity: 'sourceFile', entityId: row.id, after: { members: entries.length, rejected: rejected.length } });
  });
}

interface PreparedPage {
  pageIndex: number;
  imageSha256: string;
  thumbSha256: string;
  width: number;
  height: number;
  deskew: number;
  blank: number;
  photo: number;
  ocrText: string | null;
}

/**
 * Pages prepared at once, across every file being split: sharp gives each
 * image one thread here, so one per processor plus one to cover a page
 * waiting on the main thread; at most four, the size of Node's thread pool
 * that sharp and the store's file writes share. A scanner's 50-page PDF
 * keeps every core busy as 50 single-page files do.
 */
const PAGE_SLOTS = Math.min(4, os.availableParallelism() + 1);
let freeSlots = PAGE_SLOTS;
const slotQueue: (() => void)[] = [];

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((resolve) => slotQueue.push(resolve));
  try {
    return await work();
  } finally {
    const next = slotQueue.shift();
    if (next) next();
    else freeSlots++;
  }
}

async function preparePages(deps: SplitDeps, bytes: Buffer, kind: FileKind): Promise<{ pages: PreparedPage[]; warnings: string[] }> {
  // preparePage decodes every page in full, strictly: no separate decode check.
  const { pages, warnings } = await splitPages(bytes, kind, { decodedByCaller: true });
  const writes: Promise<unknown>[] = [];
  const prepare = async (page: SourcePage): Promise<PreparedPage> => {
    const normal = await preparePage(page.image, { rotation: 0 });
    const photo = !normal.blank && (await looksLikePhoto(normal.thumbnail));
    // Written while other pages are prepared; a failure shows when the writes are awaited below.
    const written = deps.store.putAll([normal.image, normal.thumbnail]);
    written.catch(() => undefined);
    writes.push(written);
    return {
      pageIndex: page.index,
      imageSha256: sha256Of(normal.image),
      thumbSha256: sha256Of(normal.thumbnail),
      width: normal.width,
      height: normal.height,
      deskew: normal.deskewAngle,
      blank: normal.blank ? 1 : 0,
      photo: photo ? 1 : 0,
      ocrText: page.textLayer && page.textLayer.trim() ? page.textLayer : null,
    };
  };
  const prepared = await Promise.all(pages.map((page) => inSlot(() => prepare(page))));
  // Durable in the store before any page row refers to them.
  await Promise.all(writes);
  return { pages: prepared, warnings };
}

/** A file whose processing has crashed the process this often is rejected instead of tried again. */
export const MAX_ATTEMPTS = 3;

/**
 * Counts a started run of a step on a file; false when the file has used up
 * its attempts and was rejected. Without this a file that crashes the
 * process (a native decoder fault) would crash every restart.
 */
export async function startAttempt(deps: SplitDeps, id: number, attempts: number): Promise<boolean> {
  if (attempts >= MAX_ATTEMPTS) {
    await markRejected(deps, id, `处理此文件时程序已中断 ${attempts} 次，文件可能已损坏，已停止处理（原件已保存）`);
    return false;
  }
  await mutate(deps.db, deps.audit, async (tx) => {
    await tx.trx.updateTable('sourceFile').set({ attempts: attempts + 1 }).where('id', '=', id).execute();
    await tx.record({ action: 'file.attempt', entity: 'sourceFile', entityId: id, after: { attempts: attempts + 1 } });
  });
  return true;
}

/**
 * A file's split in two halves: `startSplit` counts the attempt and does the
 * slow part (decoding, normalising, writing page images to the store), which
 * may overlap with another file's; `finishSplit` records the outcome in one
 * transaction. The pipeline finishes files in queue order.
 */
export type StartedSplit =
  | { id: number; outcome: 'skip' }
  | { id: number; outcome: 'zip'; row: { id: number; sourcePath: string }; bytes: Buffer }
  | { id: number; outcome: 'rejected'; reason: string }
  | { id: number; outcome: 'pages'; sha256: string; sourcePath: string; pages: PreparedPage[]; warnings: string[] };

export async function startSplit(deps: SplitDeps, id: number): Promise<StartedSplit> {
  const row = await deps.db.selectFrom('sourceFile').selectAll().where('id', '=', id).where('status', '=', 'queued').where('claimedBy', '=', deps.claims.me).executeTakeFirst();
  if (!row || !row.sha256 || !row.kind) return { id, outcome: 'skip' };
  if (!(await startAttempt(deps, id, row.attempts))) return { id, outcome: 'skip' };
  crashPointReached('split-start');
  const bytes = await deps.store.read(row.sha256);
  if (row.kind === 'zip') return { id, outcome: 'zip', row, bytes };
  try {
    const { pages, warnings } = await preparePages(deps, bytes, row.kind as FileKind);
    return { id, outcome: 'pages', sha256: row.sha256, sourcePath: row.sourcePath, pages, warnings };
  } catch (error) {
    if (error instanceof RejectedFileError) return { id, outcome: 'rejected', reason: error.message };
    return { id, outcome: 'rejected', reason: `处理失败：${(error as Error).message}` };
  }
}

export async function finishSplit(deps: SplitDeps, started: StartedSplit): Promise<void> {
  const { id } = started;
  if (started.outcome === 'skip') return;
  if (started.outcome === 'zip') return splitZip(deps, started.row, started.bytes);
  if (started.outcome === 'rejected') return markRejected(deps, id, started.reason);
  const { pages, warnings } = started;
  await mutate(deps.db, deps.audit, async (tx) => {
    await deps.claims.finish(tx.trx, 'sourceFile', id);
    const pageIds: number[] = [];
    for (const page of pages) {
      const inserted = await tx.trx
        .insertInto('page')
        .values({
          ...page,
          sourceFileId: id,
          sourceSha256: started.sha256,
          sourcePath: started.sourcePath,
          textLayer: page.ocrText ? 1 : 0,
          householdId: null,
          documentId: null,
          positionInDocument: null,
          classification: null,
          confidence: null,
          titleText: null,
          separator: null,
          assignedBy: null,
        })
        .onConflict((oc) => oc.columns(['sourceSha256', 'pageIndex']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) pageIds.push(inserted.id);
    }
    const reason = warnings.length > 0 ? warnings.join('；') : null;
    await tx.trx.updateTable('sourceFile').set({ status: 'split', pageCount: pages.length, reason, attempts: 0 }).where('id', '=', id).execute();
    await tx.record({ action: 'file.split', entity: 'sourceFile', entityId: id, after: { pages: pages.length, warnings, pageIds } });
  });
}
