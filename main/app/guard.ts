import { maskDeep } from '../domain/masking';
import type { ApiMethod, HouseholdRow, HudangApi, SessionUser } from '../api/contract';
import { API_METHODS } from '../api/schemas';
import { mutate } from '../db/audit';
import { allowedMethods, mayCall, seesFullId } from '../domain/roles';
import { createService, type ServiceContext } from '../service';
import { readSettings } from '../settings/settings';
import { AccessDenied, UserError } from '../support/errors';
import { insidePackageFolders, packageFolders } from '../auth/folders';
import { authenticate, hasUsers, LOCK_MINUTES } from '../auth/users';
import type { SessionStore } from '../auth/sessions';

/**
 * The API as the fronts serve it: every call is checked against the caller's
 * role here, in main/, whatever front it came through. Until the first user
 * is created the archive is in set-up mode and the local operator acts as
 * 管理员. Views of a household's file are audited like changes.
 *
 * The session only says who logged in: every call reads the user row again,
 * so a disabled account is out at its next call and a changed role takes
 * effect at once. Roles that may not see full numbers get every answer
 * masked, may not ask for full numbers, and may not search for hidden
 * digits; roles other than 管理员 use package paths only inside the
 * 交换文件夹 (./folders.ts).
 */

/** What a caller presents; a login through IPC or the CLI keeps its token here. */
export interface CallerRef {
  token: string | null;
}

export interface GuardContext extends Omit<ServiceContext, 'actor' | 'user'> {
  sessions: SessionStore;
  caller: CallerRef;
  /** Who acts in set-up mode (the OS user, for the audit log). */
  setupActor: string;
}

const VIEWS: Partial<Record<ApiMethod, (arg: Record<string, unknown>) => unknown>> = {
  getHousehold: (a) => a.id,
  householdDocuments: (a) => a.householdId,
  getChecklist: (a) => a.householdId,
  getArchiveChecks: (a) => a.householdId,
  // Only with a household named: its stated facts are shown.
  listFactKeys: (a) => a.householdId,
};

/** Package paths a call names (a string or a list of them), checked against the 交换文件夹 for every role but 管理员 (who chooses them). */
const PACKAGE_PATHS: Partial<Record<ApiMethod, readonly string[]>> = {
  verifyPackages: ['path'],
  inspectPackages: ['path', 'outDir'],
  inspectionReportFile: ['path'],
  inspectionReportPreview: ['path'],
  packageHousehold: ['path'],
  packagePageImage: ['path'],
  importPackages: ['path'],
  importTownPackages: ['paths'],
  acceptTownKey: ['path'],
};

interface Caller {
  user: SessionUser | null;
  /** Why a session that was open no longer counts, for the refusal. */
  ended: string | null;
}

async function endSession(ctx: GuardContext): Promise<void> {
  await ctx.sessions.close(ctx.archive.db, ctx.caller.token);
  ctx.caller.token = null;
}

async function currentCaller(ctx: GuardContext): Promise<Caller> {
  if (!(await hasUsers(ctx.archive.db))) return { user: { username: ctx.setupActor, displayName: '初始设置', role: '管理员' }, ended: null };
  const session = await ctx.sessions.touch(ctx.archive.db, ctx.caller.token);
  if (!session) return { user: null, ended: null };
  const row = await ctx.archive.db.selectFrom('user').select(['username', 'displayName', 'role', 'disabled']).where('username', '=', session.username).executeTakeFirst();
  if (row && !row.disabled) return { user: { username: row.username, displayName: row.displayName, role: row.role }, ended: null };
  await endSession(ctx);
  return { user: null, ended: '该用户已被停用，登录已结束；如有疑问请联系管理员' };
}

/**
 * The old password is checked the way a login is, so guesses through a
 * session left open count toward the lock-out; at the lock the session that
 * guessed is ended too.
 */
async function checkOldPassword(ctx: GuardContext, now: () => Date, user: SessionUser, oldPassword: string): Promise<void> {
  try {
    await authenticate(ctx.archive.db, now, user.username, oldPassword);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const row = await ctx.archive.db.selectFrom('user').select('lockedUntil').where('username', '=', user.username).executeTakeFirst();
    if (row?.lockedUntil && row.lockedUntil > now().toISOString()) {
      await endSession(ctx);
      throw new AccessDenied(`原密码输错次数过多，账户已锁定 ${LOCK_MINUTES} 分钟，本次登录已结束`);
    }
    throw new UserError('原密码不正确');
  }
}

async function confinePackagePaths(ctx: GuardContext, user: SessionUser, method: ApiMethod, arg: Record<string, unknown>): Promise<Record<string, unknown>> {
  const keys = PACKAGE_PATHS[method];
  if (!keys || user.role === '管理员') return arg;
  const folders = packageFolders(await readSettings(ctx.archive.db));
  const confined = { ...arg };
  for (const key of keys) {
    const value = arg[key];
    if (typeof value === 'string') confined[key] = insidePackageFolders(folders, value);
    if (Array.isArray(value)) confined[key] = value.map((v) => insidePackageFolders(folders, String(v)));
  }
  return confined;
}

/**
 * A masked role's household search by digits matches the numbers as that
 * role sees them, never the hidden digits: otherwise each hit for a guessed
 * birth date would confirm it.
 */
async function householdsByVisibleDigits(api: HudangApi, arg: Record<string, unknown>): Promise<HouseholdRow[]> {
  const { query, ...filter } = arg;
  const wanted = String(query).trim();
  const rows = maskDeep(await api.listHouseholds(filter));
  return rows.filter((r) => r.household.includes(wanted) || r.name.includes(wanted));
}

const hasDigit = (value: unknown) => typeof value === 'string' && /[0-9\uFF10-\uFF19]/.test(value);

async function call(ctx: GuardContext, method: ApiMethod, rawArg: unknown): Promise<unknown> {
  const now = ctx.now ?? (() => new Date());
  if (method === 'login') {
    const { username, password } = rawArg as { username: string; password: string };
    const user = await authenticate(ctx.archive.db, now, username, password);
    ctx.caller.token = await ctx.sessions.open(ctx.archive.db, user.username);
    return { user, token: ctx.caller.token };
  }
  if (method === 'logout') {
    await endSession(ctx);
    return undefined;
  }
  const { user, ended } = await currentCaller(ctx);
  if (method === 'whoami') return user ? { ...user, methods: allowedMethods(user.role, API_METHODS) } : null;
  if (!user && method !== 'appInfo') throw new AccessDenied(ended ?? '请先登录（登录已超时或尚未登录）', 'unauthenticated');
  if (user && !mayCall(user.role, method)) throw new AccessDenied(`当前角色（${user.role}）无权执行此操作`);
  const masked = user !== null && !seesFullId(user.role);
  let arg = (rawArg ?? {}) as Record<string, unknown>;
  if (masked && arg.idMasking === 'full') {
    throw new AccessDenied(`当前角色（${user.role}）只能看到遮蔽后的身份证号和手机号，不能生成含完整号码的报告或导出包`);
  }
  // A display preference, sent by the CLI's --json too: quietly shown masked rather than refused.
  if (arg.fullId && (!user || !seesFullId(user.role))) arg = { ...arg, fullId: false };
  if (user) arg = await confinePackagePaths(ctx, user, method, arg);
  if (user && method === 'changePassword') await checkOldPassword(ctx, now, user, String(arg.oldPassword));
  const api = createService({ ...ctx, actor: user?.username ?? 'anonymous', user });
  if (masked && method === 'listHouseholds' && hasDigit(arg.query)) return householdsByVisibleDigits(api, arg);
  const result = await (api[method] as (a: unknown) => Promise<unknown>)(arg);
  // Roles that may not see full numbers get every 身份证号 and mobile masked, wherever it appears in the answer.
  const shown = user && !seesFullId(user.role) ? maskDeep(result) : result;
  const viewed = VIEWS[method];
  if (viewed && user && viewed(arg) !== undefined) {
    await mutate(ctx.archive.db, { actor: user.username, now }, (tx) => tx.record({ action: 'household.view', entity: 'household', entityId: Number(viewed(arg)), after: { view: method } }));
  }
  return shown;
}

export function createGuardedApi(ctx: GuardContext): HudangApi {
  return Object.fromEntries(API_METHODS.map((method) => [method, (arg: unknown) => call(ctx, method, arg)])) as unknown as HudangApi;
}
