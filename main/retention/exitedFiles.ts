import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { AppraisalView, ExitedFile, ExitedFileActions, PrintedPdf, SessionUser } from '../api/contract';
import type { Database } from '../db/schema';
import { mayCall } from '../domain/roles';
import { retentionExpired } from '../domain/retention';
import type { BlobStore } from '../store/blobStore';
import { UserError } from '../support/errors';
import { approvalProblem, approverAccount, approversOf, approvalsMissing, appraisalView, destroyableProblem } from './destruction';
import { listRetention } from './exits';

/**
 * The 退出档案 section as the app shows it: each exited file with its
 * appraisal and 销毁清册, and what the caller may do with it now. The answers
 * come from the same rules the calls themselves enforce (roles, dates, hold,
 * the two-person approval), so the screen offers only what would succeed.
 */

const NOTHING: ExitedFileActions = { hold: false, release: false, appraise: false, approve: false, destroy: false };

/** The appraisal a file shows: the open one, else the last executed one. */
async function shownAppraisal(db: Kysely<Database>, exitId: number): Promise<AppraisalView | null> {
  const rows = await db.selectFrom('appraisal').select(['id', 'status']).where('exitId', '=', exitId).orderBy('id', 'desc').execute();
  const row = rows.find((r) => r.status === 'open') ?? rows[0];
  return row ? appraisalView(db, row.id) : null;
}

export async function listExitedFiles(db: Kysely<Database>, user: SessionUser | null, today: string): Promise<ExitedFile[]> {
  // Unguarded callers (tests, set-up mode) act as the local operator, 管理员; approving still needs a real account.
  const role = user?.role ?? '管理员';
  const account = user ? await approverAccount(db, user.username) : undefined;
  const registers = await db.selectFrom('destructionRegister').select(['id', 'appraisalId']).execute();
  const files: ExitedFile[] = [];
  for (const row of await listRetention(db, { today })) {
    const appraisal = await shownAppraisal(db, row.exitId);
    const open = appraisal?.status === 'open' ? appraisal : null;
    const destroyable = destroyableProblem({ ...row, legalHold: row.legalHold ? 1 : 0 }, today) === null;
    let may = NOTHING;
    if (!row.destroyedOn) {
      const createdAt = open ? (await db.selectFrom('appraisal').select('createdAt').where('id', '=', open.id).executeTakeFirstOrThrow()).createdAt : '';
      may = {
        hold: mayCall(role, 'setLegalHold') && !row.legalHold,
        release: mayCall(role, 'setLegalHold') && row.legalHold,
        appraise: mayCall(role, 'createAppraisal') && destroyable && !open,
        approve: Boolean(open && account && mayCall(role, 'approveAppraisal') && approvalProblem(account, { createdBy: open.createdBy, createdAt }, await approversOf(db, open.id)) === null),
        destroy: Boolean(open && destroyable && mayCall(role, 'executeDestruction') && (await approvalsMissing(db, open)) === null),
      };
    }
    files.push({
      ...row,
      retentionEnded: retentionExpired(row.retentionUntil, today),
      appraisal,
      registerId: appraisal ? (registers.find((r) => r.appraisalId === appraisal.id)?.id ?? null) : null,
      may,
    });
  }
  return files;
}

/** The 销毁清册 PDF kept when a file was destroyed, named so a clerk knows it in a folder. */
export async function destructionRegisterPdf(db: Kysely<Database>, store: BlobStore, id: number): Promise<PrintedPdf> {
  const row = await db.selectFrom('destructionRegister').select(['pdfSha256', 'summary']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new UserError(`找不到销毁清册（编号 ${id}）`);
  if (!(await store.has(row.pdfSha256))) throw new UserError(`销毁清册（编号 ${id}）的 PDF 文件在页面库中缺失，请运行完整性检查（fsck）并从备份恢复`);
  const bytes = await store.read(row.pdfSha256);
  const { name } = JSON.parse(row.summary) as { name: string };
  const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  return { fileName: `销毁清册-${id}-${name}.pdf`, contentBase64: bytes.toString('base64'), pages };
}
