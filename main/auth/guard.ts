import { maskDeep } from '../domain/masking';
import type { ApiMethod, HudangApi, SessionUser } from '../api/contract';
import { API_METHODS } from '../api/schemas';
import { mutate } from '../db/audit';
import { mayCall, seesFullId } from '../domain/roles';
import { createService, type ServiceContext } from '../service';
import { AccessDenied } from '../support/errors';
import { authenticate, hasUsers } from './users';
import type { SessionStore } from './sessions';

/**
 * The API as the fronts serve it: every call is checked against the caller's
 * role here, in main/, whatever front it came through. Until the first user
 * is created the archive is in set-up mode and the local operator acts as
 * 管理员. Views of a household's file are audited like changes.
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
};

async function currentUser(ctx: GuardContext): Promise<SessionUser | null> {
  if (!(await hasUsers(ctx.archive.db))) return { username: ctx.setupActor, displayName: '初始设置', role: '管理员' };
  return ctx.sessions.touch(ctx.caller.token);
}

async function call(ctx: GuardContext, method: ApiMethod, rawArg: unknown): Promise<unknown> {
  const now = ctx.now ?? (() => new Date());
  if (method === 'login') {
    const { username, password } = rawArg as { username: string; password: string };
    const user = await authenticate(ctx.archive.db, now, username, password);
    ctx.caller.token = ctx.sessions.open(user);
    return { user, token: ctx.caller.token };
  }
  if (method === 'logout') {
    ctx.sessions.close(ctx.caller.token);
    ctx.caller.token = null;
    return undefined;
  }
  const user = await currentUser(ctx);
  if (method === 'whoami') return user;
  if (!user && method !== 'appInfo') throw new AccessDenied('请先登录（登录已超时或尚未登录）');
  if (user && !mayCall(user.role, method)) throw new AccessDenied(`当前角色（${user.role}）无权执行此操作`);
  let arg = (rawArg ?? {}) as Record<string, unknown>;
  if (arg.fullId && (!user || !seesFullId(user.role))) arg = { ...arg, fullId: false };
  const api = createService({ ...ctx, actor: user?.username ?? 'anonymous', user });
  const result = await (api[method] as (a: unknown) => Promise<unknown>)(arg);
  // Roles that may not see full numbers get every 身份证号 and mobile masked, wherever it appears in the answer.
  const shown = user && !seesFullId(user.role) ? maskDeep(result) : result;
  const viewed = VIEWS[method];
  if (viewed && user) {
    await mutate(ctx.archive.db, { actor: user.username, now }, (tx) => tx.record({ action: 'household.view', entity: 'household', entityId: Number(viewed(arg)), after: { view: method } }));
  }
  return shown;
}

export function createGuardedApi(ctx: GuardContext): HudangApi {
  return Object.fromEntries(API_METHODS.map((method) => [method, (arg: unknown) => call(ctx, method, arg)])) as unknown as HudangApi;
}
