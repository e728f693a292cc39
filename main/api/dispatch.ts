import type { ApiErrorBody, ApiMethod, ErrorKind, HudangApi } from './contract';
import { argumentSchemas } from './schemas';
import { AccessDenied, AppError, UserError } from '../support/errors';

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

const KIND_OF_CODE: Record<ApiErrorBody['code'], ErrorKind> = { 'bad-request': 'user', 'not-found': 'not-found', forbidden: 'forbidden', failed: 'internal' };

/** The kind an answer with only a code has (the host's own refusals). */
export const kindOfCode = (code: ApiErrorBody['code']): ErrorKind => KIND_OF_CODE[code];

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return { error: error.message, code: error.code, kind: KIND_OF_CODE[error.code] };
  if (error instanceof AccessDenied) return { error: error.message, code: 'forbidden', kind: error.kind };
  if (error instanceof UserError) return { error: error.message, code: 'bad-request', kind: error.kind };
  return { error: `操作失败：${(error as Error).message ?? String(error)}`, code: 'failed', kind: error instanceof AppError ? error.kind : 'internal' };
}
