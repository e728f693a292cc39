import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { mutate, type AuditContext } from '../db/audit';
import type { Insertable } from 'kysely';
import type { Database, SourceFileTable } from '../db/schema';
import { identifyFile, isComplete, type FileKind } from '../formats';
import { sha256Of, type PageStore } from './pageStore';

/**
 * The first step for every file: hash it, store the original bytes, and
 * record it, before anything else happens to it. A file seen again at the same
 * place is not a new event; the same bytes elsewhere are a duplicate; a file we
 * cannot take is recorded with its reason. Nothing is ever deleted or moved.
 */

export interface IntakeDeps {
  db: Kysely<Database>;
  store: PageStore;
  audit: AuditContext;
}

export type IntakeOutcome =
  | { status: 'queued' | 'duplicate' | 'rejected' | 'seen'; sourceFileId: number }
  | { status: 'incomplete' };

export interface IntakeInput {
  /** Where the file was found: a path, or "<zip>!/<member>" for a ZIP member. */
  sourcePath: string;
  bytes: Buffer;
  parentId?: number;
  /** A file still being written waits (watching) or is rejected (one-shot ingest). */
  whenIncomplete: 'wait' | 'reject';
}

async function record(deps: IntakeDeps, values: Omit<Insertable<SourceFileTable>, 'id' | 'receivedAt' | 'attempts'>, action: string): Promise<number> {
  return mutate(deps.db, deps.audit, async (tx) => {
    const row = await tx.trx.insertInto('sourceFile').values(values).returning('id').executeTakeFirstOrThrow();
    // No names or contents in the audit: a path already says enough about whose file it is.
    await tx.record({ action, entity: 'sourceFile', entityId: row.id, after: { status: values.status, sha256: values.sha256, reason: values.reason } });
    return row.id;
  });
}

const KIND_NAMES: Record<FileKind, string> = { pdf: 'PDF 文件', jpeg: 'JPEG 图像', png: 'PNG 图像', tiff: 'TIFF 图像', zip: 'ZIP 压缩包' };

export async function intake(deps: IntakeDeps, input: IntakeInput): Promise<IntakeOutcome> {
  const { bytes, sourcePath } = input;
  const sha256 = sha256Of(bytes);
  const seen = await deps.db.selectFrom('sourceFile').select('id').where('sourcePath', '=', sourcePath).where('sha256', '=', sha256).executeTakeFirst();
  if (seen) return { status: 'seen', sourceFileId: seen.id };

  const base = { sha256, sourcePath, name: path.basename(sourcePath), size: bytes.length, parentId: input.parentId ?? null, duplicateOf: null, pageCount: null, finishedAt: null };
  // A scanner creates the file before it writes it: while watching, an empty file is one not written yet.
  if (bytes.length === 0 && input.whenIncomplete === 'wait') return { status: 'incomplete' };
  const identified = identifyFile(bytes, base.name);
  if ('rejected' in identified) {
    return { status: 'rejected', sourceFileId: await record(deps, { ...base, kind: null, status: 'rejected', reason: identified.rejected }, 'file.reject') };
  }
  if (!isComplete(bytes, identified.kind)) {
    if (input.whenIncomplete === 'wait') return { status: 'incomplete' };
    const reason = `文件不完整：${KIND_NAMES[identified.kind]}的结尾缺失，可能已被截断或未传完（原文件仍在原处，请重新扫描或重新复制）`;
    return { status: 'rejected', sourceFileId: await record(deps, { ...base, kind: identified.kind, status: 'rejected', reason }, 'file.reject') };
  }
  const original = await storedOriginal(deps.db, sha256);
  if (original) {
    const values = { ...base, kind: identified.kind, status: 'duplicate' as const, reason: '与已收取的文件内容相同', duplicateOf: original.id };
    return { status: 'duplicate', sourceFileId: await record(deps, values, 'file.duplicate') };
  }
  // Durable before the row that records it (off the main thread, so splitting goes on meanwhile).
  await deps.store.putAll([bytes]);
  return { status: 'queued', sourceFileId: await record(deps, { ...base, kind: identified.kind, status: 'queued', reason: null }, 'file.receive') };
}

/** The first stored file with these bytes (a rejected or duplicate one does not count). */
export function storedOriginal(db: Kysely<Database>, sha256: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('sourceFile').select('id').where('sha256', '=', sha256).where('status', 'in', ['queued', 'split', 'done']).orderBy('id').executeTakeFirst();
}

/** Reads a file for intake; an unreadable file becomes a rejection with its reason. */
export async function intakePath(deps: IntakeDeps, filePath: string, whenIncomplete: IntakeInput['whenIncomplete']): Promise<IntakeOutcome> {
  const sourcePath = path.resolve(filePath);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(sourcePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // While watching, a file gone before it was read was a scanner's temporary file (renamed); the watcher looks again.
    if (whenIncomplete === 'wait' && code === 'ENOENT') return { status: 'incomplete' };
    const reason = `无法读取文件（${code ?? '未知错误'}）`;
    if (whenIncomplete === 'wait') {
      // The watcher meets an unreadable file again at every start: one record of it is enough.
      const before = await deps.db.selectFrom('sourceFile').select('id').where('sourcePath', '=', sourcePath).where('sha256', 'is', null).where('reason', '=', reason).executeTakeFirst();
      if (before) return { status: 'seen', sourceFileId: before.id };
    }
    const values = { sha256: null, sourcePath, name: path.basename(sourcePath), size: 0, kind: null, parentId: null, status: 'rejected' as const, reason, duplicateOf: null, pageCount: null, finishedAt: null };
    return { status: 'rejected', sourceFileId: await record(deps, values, 'file.reject') };
  }
  return intake(deps, { sourcePath, bytes, whenIncomplete });
}
