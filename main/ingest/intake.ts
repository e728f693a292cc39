import fs from 'node:fs/promises';
import path from 'node:path';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { mutate, type AuditContext, type AuditedTransaction } from '../db/audit';
import type { Database, SourceFileTable } from '../db/schema';
import { identifyFile, isComplete, type FileKind } from '../formats';
import { sha256Of, type BlobStore } from '../store/blobStore';

/**
 * The first step for every file: hash it, store the original bytes, and
 * record it, before anything else happens to it. A file seen again at the same
 * place is not a new event; the same bytes elsewhere are a duplicate; a file we
 * cannot take is recorded with its reason. Nothing is ever deleted or moved.
 */

export interface IntakeDeps {
  db: Kysely<Database>;
  store: BlobStore;
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

const KIND_NAMES: Record<FileKind, string> = { pdf: 'PDF 文件', jpeg: 'JPEG 图像', png: 'PNG 图像', tiff: 'TIFF 图像', zip: 'ZIP 压缩包' };

type Values = Omit<Insertable<SourceFileTable>, 'id' | 'receivedAt' | 'attempts'>;

/** A file looked at (hashed, its kind and completeness checked) but not yet recorded. */
type Examined =
  | { incomplete: true }
  | { sourcePath: string; sha256: string | null; values: Values; action: 'file.reject' }
  /** Bytes to store before they are recorded. */
  | { sourcePath: string; sha256: string; values: Values; action: 'file.receive'; bytes: Buffer };

function examine(input: IntakeInput): Examined {
  const { bytes, sourcePath } = input;
  const sha256 = sha256Of(bytes);
  const base = { sha256, sourcePath, name: path.basename(sourcePath), size: bytes.length, parentId: input.parentId ?? null, duplicateOf: null, pageCount: null, finishedAt: null };
  // A scanner creates the file before it writes it: while watching, an empty file is one not written yet.
  if (bytes.length === 0 && input.whenIncomplete === 'wait') return { incomplete: true };
  const identified = identifyFile(bytes, base.name);
  if ('rejected' in identified) return { sourcePath, sha256, values: { ...base, kind: null, status: 'rejected', reason: identified.rejected }, action: 'file.reject' };
  if (!isComplete(bytes, identified.kind)) {
    if (input.whenIncomplete === 'wait') return { incomplete: true };
    const reason = `文件不完整：${KIND_NAMES[identified.kind]}的结尾缺失，可能已被截断或未传完（原文件仍在原处，请重新扫描或重新复制）`;
    return { sourcePath, sha256, values: { ...base, kind: identified.kind, status: 'rejected', reason }, action: 'file.reject' };
  }
  return { sourcePath, sha256, values: { ...base, kind: identified.kind, status: 'queued', reason: null }, action: 'file.receive', bytes };
}

/** An examined file that gets a row (every one but a file still being written). */
type Recordable = Exclude<Examined, { incomplete: true }>;

/** Records one examined file in the caller's transaction: seen before at this place, a duplicate, refused, or queued. */
async function settle(tx: AuditedTransaction, file: Recordable): Promise<IntakeOutcome> {
  if (file.sha256 !== null) {
    const seen = await tx.trx.selectFrom('sourceFile').select('id').where('sourcePath', '=', file.sourcePath).where('sha256', '=', file.sha256).executeTakeFirst();
    if (seen) return { status: 'seen', sourceFileId: seen.id };
  }
  let values = file.values;
  let action: string = file.action;
  if (file.action === 'file.receive') {
    const original = await storedOriginal(tx.trx, file.sha256);
    if (original) [values, action] = [{ ...values, status: 'duplicate', reason: '与已收取的文件内容相同', duplicateOf: original.id }, 'file.duplicate'];
  }
  const row = await tx.trx.insertInto('sourceFile').values(values).returning('id').executeTakeFirstOrThrow();
  // No names or contents in the audit: a path already says enough about whose file it is.
  await tx.record({ action, entity: 'sourceFile', entityId: row.id, after: { status: values.status, sha256: values.sha256, reason: values.reason } });
  return { status: values.status as 'queued' | 'duplicate' | 'rejected', sourceFileId: row.id };
}

/**
 * Takes examined files in, in order. Safe first: every new file's bytes are
 * written and fsynced together (the store's writes overlap on the thread
 * pool), then all are recorded in one transaction: one commit for the lot
 * instead of a commit and three fsyncs per file.
 */
async function settleAll(deps: IntakeDeps, examined: Examined[]): Promise<IntakeOutcome[]> {
  await deps.store.putAll(examined.flatMap((e) => ('bytes' in e ? [e.bytes] : [])));
  const toRecord = examined.filter((e): e is Recordable => !('incomplete' in e));
  const recorded = toRecord.length === 0 ? [] : await mutate(deps.db, deps.audit, async (tx) => {
    const out: IntakeOutcome[] = [];
    for (const file of toRecord) out.push(await settle(tx, file));
    return out;
  });
  return examined.map((e) => ('incomplete' in e ? { status: 'incomplete' as const } : (recorded.shift() as IntakeOutcome)));
}

export async function intake(deps: IntakeDeps, input: IntakeInput): Promise<IntakeOutcome> {
  return (await settleAll(deps, [examine(input)]))[0] as IntakeOutcome;
}

/** The first stored file with these bytes (a rejected or duplicate one does not count). */
export function storedOriginal(db: Kysely<Database> | Transaction<Database>, sha256: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('sourceFile').select('id').where('sha256', '=', sha256).where('status', 'in', ['queued', 'split', 'done']).orderBy('id').executeTakeFirst();
}

const unreadable = (code: string | undefined) => `无法读取文件（${code ?? '未知错误'}）`;

function unreadableFile(sourcePath: string, reason: string): Values {
  return { sha256: null, sourcePath, name: path.basename(sourcePath), size: 0, kind: null, parentId: null, status: 'rejected', reason, duplicateOf: null, pageCount: null, finishedAt: null };
}

/** One-shot ingest's files, taken in together (incomplete or unreadable ones are refused with their reason). */
export async function intakePaths(deps: IntakeDeps, filePaths: string[]): Promise<IntakeOutcome[]> {
  const examined = await Promise.all(
    filePaths.map(async (filePath): Promise<Examined> => {
      const sourcePath = path.resolve(filePath);
      try {
        return examine({ sourcePath, bytes: await fs.readFile(sourcePath), whenIncomplete: 'reject' });
      } catch (error) {
        return { sourcePath, sha256: null, values: unreadableFile(sourcePath, unreadable((error as NodeJS.ErrnoException).code)), action: 'file.reject' };
      }
    }),
  );
  return settleAll(deps, examined);
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
    const reason = unreadable(code);
    if (whenIncomplete === 'wait') {
      // The watcher meets an unreadable file again at every start: one record of it is enough.
      const before = await deps.db.selectFrom('sourceFile').select('id').where('sourcePath', '=', sourcePath).where('sha256', 'is', null).where('reason', '=', reason).executeTakeFirst();
      if (before) return { status: 'seen', sourceFileId: before.id };
    }
    return (await settleAll(deps, [{ sourcePath, sha256: null, values: unreadableFile(sourcePath, reason), action: 'file.reject' }]))[0] as IntakeOutcome;
  }
  return intake(deps, { sourcePath, bytes, whenIncomplete });
}
