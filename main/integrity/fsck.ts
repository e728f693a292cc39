import type { Kysely } from 'kysely';
import type { FsckReport } from '../api/contract';
import type { Database } from '../db/schema';
import { sha256Of, type BlobStore } from '../store/blobStore';
import { missingRows } from './chainRows';

/**
 * fsck: every blob the database refers to is re-read and re-hashed; a missing
 * file or one whose bytes no longer match its name is reported with what
 * uses it; so is every household, case, document or page row the audit
 * chain records but the database lacks. Read-only: it repairs nothing, it tells.
 */

export async function referencedBlobs(db: Kysely<Database>): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  const add = (sha: string | null, usedBy: string) => {
    if (sha && !refs.has(sha)) refs.set(sha, usedBy);
  };
  for (const p of await db.selectFrom('page').select(['id', 'imageSha256', 'thumbSha256']).execute()) {
    add(p.imageSha256, `页面 ${p.id} 的图像`);
    add(p.thumbSha256, `页面 ${p.id} 的缩略图`);
  }
  for (const f of await db.selectFrom('sourceFile').select(['id', 'sha256', 'sourcePath']).where('status', 'in', ['queued', 'split', 'done']).execute()) {
    add(f.sha256, `原始文件 ${f.id}`);
  }
  for (const r of await db.selectFrom('destructionRegister').select(['id', 'pdfSha256']).execute()) add(r.pdfSha256, `销毁清册 ${r.id}`);
  return refs;
}

export async function fsck(db: Kysely<Database>, store: BlobStore): Promise<FsckReport> {
  const report: FsckReport = { checked: 0, missing: [], corrupt: [], missingRows: await missingRows(db) };
  for (const [sha256, usedBy] of await referencedBlobs(db)) {
    report.checked++;
    if (!(await store.has(sha256))) report.missing.push({ sha256, usedBy });
    else if (sha256Of(await store.read(sha256)) !== sha256) report.corrupt.push({ sha256, usedBy });
  }
  return report;
}
