import { sql, type Kysely } from 'kysely';
import type { AccountChange, Role, SessionUser, UserView } from '../api/contract';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { ROLES } from '../domain/roles';
import { UserError } from '../support/errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

/** Local users: creation, login with lock-out after repeated failures, password changes. All audited; changes to privileged accounts are listed for the other administrators. */

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export async function hasUsers(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('user').select('id').limit(1).executeTakeFirst()) !== undefined;
}

interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: number;
  lockedUntil: string | null;
  createdAt: string;
}

function toView(u: UserRow, now: Date): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled === 1,
    locked: u.lockedUntil !== null && u.lockedUntil > now.toISOString(),
    createdAt: u.createdAt,
  };
}

export async function listUsers(db: Kysely<Database>, now: Date): Promise<UserView[]> {
  const rows = await db.selectFrom('user').select(['id', 'username', 'displayName', 'role', 'disabled', 'lockedUntil', 'createdAt']).orderBy('id').execute();
  return rows.map((u) => toView(u, now));
}

export async function createUser(db: Kysely<Database>, ctx: AuditContext, input: { username: string; displayName: string; role: Role; password: string }): Promise<UserView> {
  if (!/^[\p{L}\p{N}._-]{2,32}$/u.test(input.username)) throw new UserError('用户名应为 2–32 位字母、数字、汉字或 . _ -');
  if (!ROLES.includes(input.role)) throw new UserError(`未知的角色：${input.role}`);
  const problem = passwordProblem(input.password);
  if (problem) throw new UserError(problem);
  const exists = await db.selectFrom('user').select('id').where('username', '=', input.username).executeTakeFirst();
  if (exists) throw new UserError(`用户名“${input.username}”已存在`);
  const passwordHash = await hashPassword(input.password);
  const id = await mutate(db, ctx, async (tx) => {
    const row = await tx.trx
      .insertInto('user')
      .values({ username: input.username, displayName: input.displayName, role: input.role, passwordHash, lockedUntil: null, createdAt: ctx.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.record({ action: 'user.create', entity: 'user', entityId: row.id, after: { username: input.username, role: input.role } });
    return row.id;
  });
  return (await listUsers(db, ctx.now())).find((u) => u.id === id) as UserView;
}

async function userById(db: Kysely<Database>, id: number) {
  const user = await db.selectFrom('user').select(['id', 'username', 'role', 'disabled']).where('id', '=', id).executeTakeFirst();
  if (!user) throw new UserError(`找不到用户（编号 ${id}）`);
  return user;
}

/**
 * An archive always keeps one 管理员 who can log in: otherwise nobody could
 * manage users again. An administrator also never disables or demotes their
 * own account (another administrator does that, and it shows in the changes).
 */
async function keepAnAdministrator(db: Kysely<Database>, ctx: AuditContext, user: { id: number; username: string; role: Role }, change: 'disable' | 'role'): Promise<void> {
  if (user.username === ctx.actor) throw new UserError(`${change === 'disable' ? '不能停用自己的账户' : '不能更改自己的角色'}：请由另一名管理员操作`);
  if (user.role !== '管理员') return;
  const others = await db.selectFrom('user').select('id').where('role', '=', '管理员').where('disabled', '=', 0).where('id', '!=', user.id).executeTakeFirst();
  if (!others) throw new UserError(`“${user.username}”是唯一可用的管理员，不能${change === 'disable' ? '停用' : '改为其他角色'}：请先另设一名管理员`);
}

export async function setUserDisabled(db: Kysely<Database>, ctx: AuditContext, id: number, disabled: boolean): Promise<void> {
  const user = await userById(db, id);
  if (disabled) await keepAnAdministrator(db, ctx, user, 'disable');
  await mutate(db, ctx, async (tx) => {
    await tx.trx.updateTable('user').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
    await tx.record({ action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: id, after: { username: user.username, role: user.role } });
  });
}

/** A 管理员 sets a new password for someone who forgot theirs; the lock-out ends with it. */
export async function resetUserPassword(db: Kysely<Database>, ctx: AuditContext, id: number, password: string): Promise<void> {
  const user = await userById(db, id);
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem);
  const passwordHash = await hashPassword(password);
  await mutate(db, ctx, async (tx) => {
    await tx.trx.updateTable('user').set({ passwordHash, failedAttempts: 0, lockedUntil: null }).where('id', '=', id).execute();
    await tx.record({ action: 'user.password', entity: 'user', entityId: id, after: { username: user.username, role: user.role, reset: true } });
  });
}

export async function setUserRole(db: Kysely<Database>, ctx: AuditContext, id: number, role: Role): Promise<void> {
  if (!ROLES.includes(role)) throw new UserError(`未知的角色：${role}`);
  const user = await userById(db, id);
  if (user.role === role) return;
  await keepAnAdministrator(db, ctx, user, 'role');
  await mutate(db, ctx, async (tx) => {
    await tx.trx.updateTable('user').set({ role }).where('id', '=', id).execute();
    await tx.record({ action: 'user.role', entity: 'user', entityId: id, before: { role: user.role }, after: { username: user.username, role } });
  });
}

/**
 * Since when an account has held its present role and password without
 * another person setting them: its creation, its last role change, or the
 * last time someone else reset its password. The two-person rule of a
 * destruction counts only accounts that were so before the appraisal, so an
 * administrator cannot make an old clerk account into 区级, or reset a
 * district password, and approve with it (main/retention/destruction.ts).
 */
export async function accountSince(db: Kysely<Database>, user: { id: number; username: string; createdAt: string }): Promise<string> {
  const row = await db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('entity', '=', 'user')
    .where('entityId', '=', String(user.id))
    .where((eb) => eb.or([eb('action', '=', 'user.role'), eb.and([eb('action', '=', 'user.password'), eb('actor', '!=', user.username)])]))
    .executeTakeFirst();
  const changed = row?.at ?? null;
  return changed !== null && changed > user.createdAt ? changed : user.createdAt;
}

const ACCOUNT_ACTIONS: readonly AccountChange['action'][] = ['user.create', 'user.disable', 'user.enable', 'user.role', 'user.password'];
const PRIVILEGED: readonly Role[] = ['管理员', '区级'];

/**
 * Changes to 管理员 and 区级 accounts, newest first, for the other
 * administrators to see: an account made to approve a destruction a second
 * time shows here, with who made it. An account counts as privileged if it
 * is now or was in the change (a demoted administrator still shows).
 */
export async function listAccountChanges(db: Kysely<Database>, limit: number): Promise<AccountChange[]> {
  const rows = await db
    .selectFrom('auditLog as a')
    .leftJoin('user as u', (join) => join.on(sql`cast(u.id as text)`, '=', sql.ref('a.entityId')))
    .select(['a.id', 'a.at', 'a.actor', 'a.action', 'a.before', 'a.after', 'u.username', 'u.role'])
    .where('a.entity', '=', 'user')
    .where('a.action', 'in', [...ACCOUNT_ACTIONS])
    .orderBy('a.id', 'desc')
    .execute();
  const changes: AccountChange[] = [];
  for (const r of rows) {
    const after = r.after ? (JSON.parse(r.after) as { username?: string; role?: Role }) : {};
    const role = after.role ?? r.role;
    // A role change counts by the role it took away too: an administrator made a clerk still shows.
    const before = r.before ? (JSON.parse(r.before) as { role?: Role }).role : undefined;
    const privileged = [role, r.role, before].some((x) => x !== null && x !== undefined && PRIVILEGED.includes(x));
    if (!role || !privileged) continue;
    changes.push({ auditId: r.id, at: r.at, actor: r.actor, action: r.action as AccountChange['action'], username: r.username ?? after.username ?? '', role: r.role ?? role });
    if (changes.length >= limit) break;
  }
  return changes;
}

const LOGIN_FAILED = '用户名或密码错误';

/** Checks a password; counts failures and locks the account for a while after too many. */
export async function authenticate(db: Kysely<Database>, now: () => Date, username: string, password: string): Promise<SessionUser> {
  const user = await db.selectFrom('user').selectAll().where('username', '=', username).executeTakeFirst();
  const audit = (actor: string) => ({ actor, now });
  if (!user) {
    await mutate(db, audit(`login:${username.slice(0, 32)}`), (tx) => tx.record({ action: 'login.failure', entity: 'user', entityId: null, after: { reason: '无此用户' } }));
    throw new UserError(LOGIN_FAILED);
  }
  const at = now().toISOString();
  if (user.disabled) throw new UserError('该用户已停用，请联系管理员');
  if (user.lockedUntil && user.lockedUntil > at) throw new UserError(`连续输错密码次数过多，账户已锁定至 ${user.lockedUntil.slice(11, 16)}（UTC），请稍后再试或联系管理员`);
  if (!(await verifyPassword(password, user.passwordHash))) {
    const failures = user.failedAttempts + 1;
    const lockedUntil = failures >= MAX_FAILURES ? new Date(now().getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await mutate(db, audit(user.username), async (tx) => {
      await tx.trx.updateTable('user').set({ failedAttempts: lockedUntil ? 0 : failures, lockedUntil }).where('id', '=', user.id).execute();
      await tx.record({ action: lockedUntil ? 'login.locked' : 'login.failure', entity: 'user', entityId: user.id, after: { failures } });
    });
    throw new UserError(lockedUntil ? `连续 ${MAX_FAILURES} 次输错密码，账户已锁定 ${LOCK_MINUTES} 分钟` : LOGIN_FAILED);
  }
  await mutate(db, audit(user.username), async (tx) => {
    await tx.trx.updateTable('user').set({ failedAttempts: 0, lockedUntil: null }).where('id', '=', user.id).execute();
    await tx.record({ action: 'login.success', entity: 'user', entityId: user.id });
  });
  return { username: user.username, displayName: user.displayName, role: user.role };
}

export async function changePassword(db: Kysely<Database>, ctx: AuditContext, username: string, oldPassword: string, newPassword: string): Promise<void> {
  const user = await db.selectFrom('user').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || !(await verifyPassword(oldPassword, user.passwordHash))) throw new UserError('原密码不正确');
  const problem = passwordProblem(newPassword);
  if (problem) throw new UserError(problem);
  const passwordHash = await hashPassword(newPassword);
  await mutate(db, ctx, async (tx) => {
    await tx.trx.updateTable('user').set({ passwordHash }).where('id', '=', user.id).execute();
    await tx.record({ action: 'user.password', entity: 'user', entityId: user.id });
  });
}
