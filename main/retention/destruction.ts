import type { Kysely } from 'kysely';
import type { AppraisalView, DestructionRecord, SessionUser } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { whileUnlocked } from '../db/database';
import { mayApproveDestruction, type Role } from '../domain/roles';
import { retentionExpired } from '../domain/retention';
import type { BlobStore } from '../store/blobStore';
import { discardVolumes } from '../export/derived';
import { UserError } from '../support/errors';
import { buildDestructionRegister } from './registerPdf';
import { accountSince } from '../auth/users';
import { beijingDate, beijingDateOf } from '../domain/beijingDate';

/**
 * The only way anything of a household file is ever removed: after its
 * retention has ended and no legal hold stands, an appraisal (鉴定) approved
 * by two people, then a destruction that removes the exited volumes and
 * writes a 销毁清册 that is itself kept permanently. The database's delete
 * triggers let the rows go only inside this transaction (whileUnlocked).
 *
 * Two people means two people who are not the appraiser: one town 管理员 and
 * one 区级 account, both existing before the appraisal was made, so nobody
 * can make up a second account on the spot to approve twice (and every new
 * privileged account shows in listAccountChanges).
 */

const today = (ctx: AuditContext) => beijingDate(ctx.now());

async function exitOf(db: Kysely<Database>, exitId: number) {
  const exit = await db.selectFrom('householdExit').selectAll().where('id', '=', exitId).executeTakeFirst();
  if (!exit) throw new UserError(`找不到退出档案（编号 ${exitId}）`);
  return exit;
}

/** Why this exited file may not be appraised or destroyed today, or null. */
export function destroyableProblem(exit: { retentionUntil: string; legalHold: number; destroyedOn: string | null }, day: string): string | null {
  if (exit.destroyedOn) return '该档案已销毁';
  if (exit.legalHold) return '该档案处于法律保全（冻结）状态，不得销毁';
  if (!retentionExpired(exit.retentionUntil, day)) return `保管期限未满（至 ${exit.retentionUntil}），不得销毁`;
  return null;
}

function assertDestroyable(exit: { retentionUntil: string; legalHold: number; destroyedOn: string | null }, day: string): void {
  const problem = destroyableProblem(exit, day);
  if (problem) throw new UserError(problem);
}

export async function appraisalView(db: Kysely<Database>, id: number): Promise<AppraisalView> {
  const a = await db.selectFrom('appraisal').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new UserError(`找不到鉴定记录（编号 ${id}）`);
  const approvals = await db
    .selectFrom('appraisalApproval as p')
    .innerJoin('user as u', 'u.id', 'p.userId')
    .select(['u.username', 'p.approvedAt', 'u.role'])
    .where('p.appraisalId', '=', id)
    .orderBy('p.approvedAt')
    .execute();
  return { id: a.id, exitId: a.exitId, opinion: a.opinion, createdBy: a.createdBy, status: a.status, approvals };
}

export async function createAppraisal(db: Kysely<Database>, ctx: AuditContext, exitId: number, opinion: string): Promise<AppraisalView> {
  assertDestroyable(await exitOf(db, exitId), today(ctx));
  if (!opinion.trim()) throw new UserError('请填写鉴定意见');
  const open = await db.selectFrom('appraisal').select('id').where('exitId', '=', exitId).where('status', '=', 'open').executeTakeFirst();
  if (open) throw new UserError(`该档案已有进行中的鉴定（编号 ${open.id}）`);
  const id = await mutate(db, ctx, async (tx) => {
    const row = await tx.trx.insertInto('appraisal').values({ exitId, opinion: opinion.trim(), createdBy: ctx.actor, createdAt: ctx.now().toISOString() }).returning('id').executeTakeFirstOrThrow();
    await tx.record({ action: 'appraisal.create', entity: 'appraisal', entityId: row.id, after: { exitId, opinion: opinion.trim() } });
    return row.id;
  });
  return appraisalView(db, id);
}

/** The approver roles a destruction needs, one account of each. */
const APPROVER_ROLES: readonly Role[] = ['管理员', '区级'];

export interface Approver {
  id: number;
  username: string;
  role: Role;
  createdAt: string;
  disabled: number;
  /** Since when the account has had its role and password without someone else setting them (users.ts accountSince). */
  since: string;
}

export async function approversOf(db: Kysely<Database>, appraisalId: number): Promise<Approver[]> {
  const rows = await db
    .selectFrom('appraisalApproval as p')
    .innerJoin('user as u', 'u.id', 'p.userId')
    .select(['u.id', 'u.username', 'u.role', 'u.createdAt', 'u.disabled'])
    .where('p.appraisalId', '=', appraisalId)
    .orderBy('p.approvedAt')
    .execute();
  return Promise.all(rows.map(async (r) => ({ ...r, since: await accountSince(db, r) })));
}

/** A user as an approver: its account and since when its role and password are its own. */
export async function approverAccount(db: Kysely<Database>, username: string): Promise<Approver | undefined> {
  const row = await db.selectFrom('user').select(['id', 'username', 'role', 'createdAt', 'disabled']).where('username', '=', username).executeTakeFirst();
  return row ? { ...row, since: await accountSince(db, row) } : undefined;
}

/** Why this account may not approve this appraisal, or null. One home for the rule: approving and executing both ask it. */
export function approverProblem(account: Approver, appraisal: { createdBy: string; createdAt: string }): string | null {
  if (account.disabled) return `用户“${account.username}”已停用，不能批准`;
  if (!mayApproveDestruction(account.role)) return `角色“${account.role}”不能批准销毁`;
  if (account.username === appraisal.createdBy) return '鉴定人不能批准自己建立的鉴定：须由另外两人（一名管理员、一名区级用户）批准';
  if (!(account.createdAt < appraisal.createdAt)) return `用户“${account.username}”是在鉴定建立之后才创建的，不能批准这项鉴定`;
  if (!(account.since < appraisal.createdAt)) return `用户“${account.username}”的角色或密码是在鉴定建立之后由他人设置的，不能批准这项鉴定`;
  return null;
}

/** Why this account may not add its approval to this appraisal now, or null: who it is, and who has approved already. */
export function approvalProblem(account: Approver, appraisal: { createdBy: string; createdAt: string }, approvers: Approver[]): string | null {
  const problem = approverProblem(account, appraisal);
  if (problem) return problem;
  if (approvers.some((a) => a.username === account.username)) return '同一用户不能重复批准；需要两名不同的用户批准';
  if (approvers.some((a) => a.role === account.role)) return `已有一名${account.role}批准；还需要一名${APPROVER_ROLES.find((r) => r !== account.role)}批准`;
  return null;
}

export async function approveAppraisal(db: Kysely<Database>, ctx: AuditContext, user: SessionUser | null, appraisalId: number): Promise<AppraisalView> {
  const appraisal = await db.selectFrom('appraisal').selectAll().where('id', '=', appraisalId).executeTakeFirst();
  if (!appraisal) throw new UserError(`找不到鉴定记录（编号 ${appraisalId}）`);
  if (appraisal.status !== 'open') throw new UserError('该鉴定已执行');
  const account = user ? await approverAccount(db, user.username) : undefined;
  if (!account) throw new UserError('批准销毁需要以已登记的用户登录（初始设置模式下不能批准）');
  const problem = approvalProblem(account, appraisal, await approversOf(db, appraisalId));
  if (problem) throw new UserError(problem);
  await mutate(db, ctx, async (tx) => {
    await tx.trx.insertInto('appraisalApproval').values({ appraisalId, userId: account.id, approvedAt: ctx.now().toISOString() }).execute();
    await tx.record({ action: 'appraisal.approve', entity: 'appraisal', entityId: appraisalId, after: { username: account.username, role: account.role } });
  });
  return appraisalView(db, appraisalId);
}

/** The approvals that count, checked again at execution: an account disabled or changed since no longer counts. */
/** Why the approvals of this appraisal do not yet allow destruction, or null. */
export async function approvalsMissing(db: Kysely<Database>, appraisal: AppraisalView): Promise<string | null> {
  const { createdAt } = await db.selectFrom('appraisal').select('createdAt').where('id', '=', appraisal.id).executeTakeFirstOrThrow();
  const valid = (await approversOf(db, appraisal.id)).filter((a) => approverProblem(a, { createdBy: appraisal.createdBy, createdAt }) === null);
  const covered = APPROVER_ROLES.every((role) => valid.some((a) => a.role === role));
  if (!covered || new Set(valid.map((a) => a.username)).size < 2) {
    return `需要两名不同的用户批准后才能销毁：一名管理员、一名区级用户，均不是鉴定人（目前有效批准 ${valid.length} 名）`;
  }
  return null;
}

async function assertApproved(db: Kysely<Database>, appraisal: AppraisalView): Promise<void> {
  const missing = await approvalsMissing(db, appraisal);
  if (missing) throw new UserError(missing);
}

async function collect(db: Kysely<Database>, exitId: number, noticeDocumentId: number | null) {
  const cases = await db.selectFrom('assistanceCase').select(['id', 'assistanceType', 'archiveCode']).where('exitId', '=', exitId).execute();
  const caseIds = cases.map((c) => c.id);
  let docs = db.selectFrom('document').select('id').where('caseId', 'in', caseIds.length ? caseIds : [-1]);
  if (noticeDocumentId !== null) docs = docs.union(db.selectFrom('document').select('id').where('id', '=', noticeDocumentId));
  const documentIds = (await docs.execute()).map((d) => d.id);
  const pages = await db.selectFrom('page').select(['id', 'imageSha256', 'thumbSha256', 'sourceFileId']).where('documentId', 'in', documentIds.length ? documentIds : [-1]).execute();
  return { cases, caseIds, documentIds, pages };
}

export async function executeDestruction(db: Kysely<Database>, store: BlobStore, ctx: AuditContext, appraisalId: number): Promise<DestructionRecord> {
  const appraisal = await appraisalView(db, appraisalId);
  if (appraisal.status !== 'open') throw new UserError('该鉴定已执行');
  await assertApproved(db, appraisal);
  const exit = await exitOf(db, appraisal.exitId);
  assertDestroyable(exit, today(ctx));
  const household = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .select(['h.id', 'h.idNumber', 'h.headName', 'v.name as village'])
    .where('h.id', '=', exit.householdId)
    .executeTakeFirstOrThrow();
  const found = await collect(db, exit.id, exit.noticeDocumentId);
  const executedAt = ctx.now().toISOString();
  const summary = {
    household: household.idNumber,
    name: household.headName,
    village: household.village,
    exitedOn: exit.exitedOn,
    retentionUntil: exit.retentionUntil,
    volumes: found.cases.map((c) => c.archiveCode ?? `${c.assistanceType}案卷`),
    documents: found.documentIds.length,
    pages: found.pages.length,
    approvers: appraisal.approvals.map((a) => a.username),
  };
  const pdf = await buildDestructionRegister({ appraisalId, executedAt, executedBy: ctx.actor, summary }, appraisal.opinion);
  const pdfSha256 = (await store.put(Buffer.from(pdf))).sha256;

  const pageIds = found.pages.map((p) => p.id);
  const registerId = await mutate(db, ctx, (tx) =>
    // The delete triggers let this household's rows go only while this transaction holds the guard open.
    whileUnlocked(db, tx.trx, { kind: 'destroy', householdId: household.id }, async () => {
      await tx.trx.updateTable('householdExit').set({ noticeDocumentId: null, destroyedOn: beijingDateOf(executedAt) }).where('id', '=', exit.id).execute();
      if (pageIds.length) await tx.trx.deleteFrom('page').where('id', 'in', pageIds).execute();
      if (found.documentIds.length) await tx.trx.deleteFrom('document').where('id', 'in', found.documentIds).execute();
      if (found.caseIds.length) await tx.trx.deleteFrom('assistanceCase').where('id', 'in', found.caseIds).execute();
      await tx.trx.updateTable('appraisal').set({ status: 'executed' }).where('id', '=', appraisalId).execute();
      const row = await tx.trx
        .insertInto('destructionRegister')
        .values({ appraisalId, executedAt, executedBy: ctx.actor, summary: JSON.stringify(summary), pdfSha256 })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The ids removed, so fsck can tell rows destroyed by appraisal from rows that went missing.
      await tx.record({
        action: 'destruction.execute',
        entity: 'householdExit',
        entityId: exit.id,
        after: { registerId: row.id, documents: summary.documents, pages: summary.pages, caseIds: found.caseIds, documentIds: found.documentIds, pageIds },
      });
      return row.id;
    }),
  );
  await discardUnreferenced(db, store, found.pages.flatMap((p) => [p.imageSha256, p.thumbSha256].filter((s): s is string => s !== null)));
  await discardVolumes(db, store, found.caseIds);
  return (await listRegister(db)).find((r) => r.id === registerId) as DestructionRecord;
}

/** Removes blobs of destroyed pages that no remaining page or file still uses. */
async function discardUnreferenced(db: Kysely<Database>, store: BlobStore, shas: string[]): Promise<void> {
  for (const sha of new Set(shas)) {
    const used = await db
      .selectFrom('page')
      .select('id')
      .where((eb) => eb.or([eb('imageSha256', '=', sha), eb('thumbSha256', '=', sha), eb('sourceSha256', '=', sha)]))
      .executeTakeFirst();
    if (!used) await store.discard(sha);
  }
}

export async function listRegister(db: Kysely<Database>): Promise<DestructionRecord[]> {
  const rows = await db.selectFrom('destructionRegister').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, appraisalId: r.appraisalId, executedAt: r.executedAt, executedBy: r.executedBy, summary: JSON.parse(r.summary) as DestructionRecord['summary'], pdfSha256: r.pdfSha256 }));
}
