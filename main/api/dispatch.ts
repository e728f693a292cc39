import type { ApiErrorBody, ApiMethod, HudangApi } from './contract';
import { argumentSchemas } from './schemas';
import { AccessDenied, UserError } from '../support/errors';

/**
 * Calls one API method by name with an untrusted argument, for the IPC and
 * HTTP fronts. Validates the name and the argument first; turns failures into
 * an error body whose Chinese message the UI shows as it is.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: ApiErrorBody['code'],
  ) {
    super(message);
  }
}

function isMethod(name: string): name is ApiMethod {
  return Object.hasOwn(argumentSchemas, name);
}

export async function dispatch(api: HudangApi, method: string, arg: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new ApiError(`未知的接口：${method}`, 'bad-request');
  const parsed = argumentSchemas[method].safeParse(arg ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(`接口 ${method} 的参数无效：${issue?.path.join('.') || '参数'} ${issue?.message ?? ''}`.trim(), 'bad-request');
  }
  const call = api[method] as (a: unknown) => Promise<unknown>;
  return call(parsed.data);
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return { error: error.message, code: error.code };
  if (error instanceof AccessDenied) return { error: error.message, code: 'forbidden' };
  if (error instanceof UserError) return { error: error.message, code: 'bad-request' };
  return { error: `操作失败：${(error as Error).message ?? String(error)}`, code: 'failed' };
}
