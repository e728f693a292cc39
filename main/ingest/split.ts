import type { Kysely } from 'kysely';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { isBlankPage, normalisePage, RejectedFileError, splitPages, thumbnail, unpackZip, type FileKind } from '../formats';
import { crashPointReached } from '../support/faultInjection';
import { intake } from './intake';
import type { PageStore } from './pageStore';
import { looksLikePhoto } from './photo';

/**
 * Step two: a stored file becomes pages (or, for a ZIP, member files of its
 * own). Page images are written to the store first; the page rows and the
 * file's new status land in one transaction, so a crash leaves the file
 * queued and the step simply runs again.
 */

export interface SplitDeps {
  db: Kysely<Database>;
  store: PageStore;
  audit: AuditContext;
}

async function markRejected(deps: SplitDeps, id: number, reason: string): Promise<void> {
  await mutate(deps.db, deps.audit, async (tx) => {
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

async function preparePages(deps: SplitDeps, bytes: Buffer, kind: FileKind): Promise<{ pages: PreparedPage[]; warnings: string[] }> {
  const { pages, warnings } = await splitPages(bytes, kind);
  const prepared: PreparedPage[] = [];
  for (const page of pages) {
    const normal = await normalisePage(page.image, { rotation: 0 });
    const thumb = await thumbnail(normal.image);
    const blank = (await isBlankPage(normal.image)).blank;
    prepared.push({
      pageIndex: page.index,
      imageSha256: deps.store.put(normal.image).sha256,
      thumbSha256: deps.store.put(thumb).sha256,
      width: normal.width,
      height: normal.height,
      deskew: normal.deskewAngle,
      blank: blank ? 1 : 0,
      photo: !blank && (await looksLikePhoto(thumb)) ? 1 : 0,
      ocrText: page.textLayer && page.textLayer.trim() ? page.textLayer : null,
    });
  }
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

export async function splitSourceFile(deps: SplitDeps, id: number): Promise<void> {
  const row = await deps.db.selectFrom('sourceFile').selectAll().where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
  if (!row || !row.sha256 || !row.kind) return;
  if (!(await startAttempt(deps, id, row.attempts))) return;
  crashPointReached('split-start');
  const bytes = deps.store.read(row.sha256);
  if (row.kind === 'zip') return splitZip(deps, row, bytes);
  let result;
  try {
    result = await preparePages(deps, bytes, row.kind as FileKind);
  } catch (error) {
    if (error instanceof RejectedFileError) return markRejected(deps, id, error.message);
    return markRejected(deps, id, `处理失败：${(error as Error).message}`);
  }
  await mutate(deps.db, deps.audit, async (tx) => {
    for (const page of result.pages) {
      await tx.trx
        .insertInto('page')
        .values({
          ...page,
          sourceFileId: id,
          sourceSha256: row.sha256 as string,
          sourcePath: row.sourcePath,
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
        .execute();
    }
    const reason = result.warnings.length > 0 ? result.warnings.join('；') : null;
    await tx.trx.updateTable('sourceFile').set({ status: 'split', pageCount: result.pages.length, reason, attempts: 0 }).where('id', '=', id).execute();
    await tx.record({ action: 'file.split', entity: 'sourceFile', entityId: id, after: { pages: result.pages.length, warnings: result.warnings } });
  });
}
