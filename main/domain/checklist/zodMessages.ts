/**
 * Turns zod issues into one Chinese sentence per problem, each naming the
 * dotted path ("checklists.低保[3].name 不能为空") so a district editing its
 * pack by hand can find the mistake.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '布尔值(true/false)',
  array: '列表',
  object: '对象',
  record: '对象',
};

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(根)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** A failed union: report the branch that got furthest, it is the likely intent. */
function deepestBranch(issue: Issue): Issue | null {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return null;
  let best: Issue | null = null;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (!best || inner.path.length > best.path.length) best = inner;
    }
  }
  return best;
}

function describe(issue: Issue, root: unknown, path: readonly PropertyKey[]): string {
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(root, path) === undefined) return '缺少必填项';
      return `类型错误，应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return '不能为空';
      if (issue.origin === 'array') return `至少需要 ${String(issue.minimum)} 项`;
      return `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(issue.maximum)}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `取值无效，可选值：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `含有未知字段：${issue.keys.join('、')}`;
    case 'invalid_key':
      return '键名格式不正确';
    case 'invalid_union':
      if (valueAt(root, path) === undefined) return '缺少必填项';
      if (issue.errors.length === 0 && 'options' in issue && issue.options?.length) {
        return `取值无效，可选值：${issue.options.map(String).join('、')}`;
      }
      return '格式不符合任何允许的写法';
    default:
      return issue.message;
  }
}

function formatIssue(issue: Issue, root: unknown, basePath: readonly PropertyKey[]): string {
  const path = [...basePath, ...issue.path];
  const inner = deepestBranch(issue);
  if (inner && inner.path.length > 0) return formatIssue(inner, root, path);
  return `${formatPath(path)} ${describe(issue, root, path)}`;
}

export function formatZodIssues(issues: readonly Issue[], root: unknown, max = 5): string {
  return issues
    .slice(0, max)
    .map((issue) => formatIssue(issue, root, []))
    .join('；');
}
