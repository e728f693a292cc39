import type { AssistanceType } from './assistance';

/**
 * 档号 (archival codes) for household volumes. The scheme is a template of
 * placeholders and literal separators, default
 * "{全宗号}-{类别代码}-{村代码}-{户序号}" → J012-DB-003-0001, after the
 * DA/T 22 pattern 全宗号-门类·年度-…-件号 with the 一户一档 unit (户) in
 * place of 件. A code, once assigned, is stored and never recomputed:
 * `nextSequence` only continues after the highest number in use.
 *
 * 类别代码 are the pinyin initials of each type's usual short name: 低保 DB,
 * 特困 TK, 临时救助 LS (临时), 刚性支出 GX (刚性). They are overridable.
 */

export const DEFAULT_SCHEME = '{全宗号}-{类别代码}-{村代码}-{户序号}';

export const CATEGORY_CODES: Readonly<Record<AssistanceType, string>> = {
  低保: 'DB',
  特困: 'TK',
  临时救助: 'LS',
  刚性支出: 'GX',
};

export const PLACEHOLDERS = ['全宗号', '类别代码', '村代码', '镇代码', '年度', '户序号'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Default width of {户序号}; "{户序号:5}" sets another. */
export const SEQUENCE_WIDTH = 4;

export type SchemePart = { kind: 'literal'; text: string } | { kind: 'field'; name: Placeholder; width?: number };

export interface ArchiveCodeScheme {
  template: string;
  parts: SchemePart[];
}

export interface ArchiveCodeParts {
  fondsCode: string;
  assistance: AssistanceType;
  villageCode: string;
  townCode?: string;
  year?: number | string;
  /** 户序号, from 1. */
  sequence: number;
  /** Replaces CATEGORY_CODES for this code. */
  categoryCodes?: Partial<Record<AssistanceType, string>>;
}

export type SchemeResult = { ok: true; scheme: ArchiveCodeScheme } | { ok: false; reason: string };

const LIST = PLACEHOLDERS.map((p) => `{${p}}`).join('、');

/** Parses and validates a template; errors are for the clerk who typed it, in Chinese. */
export function parseScheme(template: string): SchemeResult {
  const text = template.trim();
  if (text === '') return { ok: false, reason: '档号方案不能为空' };
  const parts: SchemePart[] = [];
  const pattern = /\{([^{}]*)\}|([^{}]+)|([{}])/gu;
  for (const m of text.matchAll(pattern)) {
    if (m[3]) return { ok: false, reason: `档号方案的花括号不成对：「${text}」` };
    if (m[2] !== undefined) {
      parts.push({ kind: 'literal', text: m[2] });
      continue;
    }
    const field = parseField(m[1] ?? '');
    if ('reason' in field) return { ok: false, reason: field.reason };
    parts.push(field);
  }
  const names = parts.flatMap((p) => (p.kind === 'field' ? [p.name] : []));
  if (!names.includes('户序号'))
    return { ok: false, reason: '档号方案必须包含 {户序号}，否则同村同类别的各户档号会重复' };
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return { ok: false, reason: `档号方案中 {${twice}} 出现了不止一次` };
  return { ok: true, scheme: { template: text, parts } };
}

function parseField(inner: string): SchemePart | { reason: string } {
  const [rawName = '', rawWidth] = inner.split(/[:：]/u);
  const name = rawName.trim();
  if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
    return { reason: `档号方案含未知占位符「{${inner}}」，可用的占位符：${LIST}` };
  }
  if (rawWidth === undefined) return { kind: 'field', name: name as Placeholder };
  const width = Number(rawWidth.trim());
  if (name !== '户序号') return { reason: `只有 {户序号} 可以指定位数，「{${inner}}」不行` };
  if (!Number.isInteger(width) || width < 1 || width > 8)
    return { reason: `{户序号} 的位数应为 1 到 8 的整数，实为「${rawWidth}」` };
  return { kind: 'field', name: '户序号', width };
}

/** Like parseScheme, but throws: for schemes from settings that were validated when saved. */
export function schemeOf(template: string = DEFAULT_SCHEME): ArchiveCodeScheme {
  const result = parseScheme(template);
  if (!result.ok) throw new Error(result.reason);
  return result.scheme;
}

function fieldValue(name: Placeholder, parts: ArchiveCodeParts, width: number): string {
  switch (name) {
    case '全宗号':
      return parts.fondsCode;
    case '类别代码':
      return parts.categoryCodes?.[parts.assistance] ?? CATEGORY_CODES[parts.assistance];
    case '村代码':
      return parts.villageCode;
    case '镇代码':
      return parts.townCode ?? '';
    case '年度':
      return parts.year === undefined ? '' : String(parts.year);
    case '户序号':
      return String(parts.sequence).padStart(width, '0');
  }
}

/** The code for one household. Throws (in Chinese) when a part the scheme needs is missing or malformed. */
export function formatArchiveCode(scheme: ArchiveCodeScheme, parts: ArchiveCodeParts): string {
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1)
    throw new Error(`户序号应为正整数，实为 ${parts.sequence}`);
  return scheme.parts
    .map((p) => {
      if (p.kind === 'literal') return p.text;
      const value = fieldValue(p.name, parts, p.width ?? SEQUENCE_WIDTH).trim();
      if (value === '') throw new Error(`生成档号缺少${p.name}`);
      if (!/^[\p{L}\p{N}._]+$/u.test(value)) throw new Error(`${p.name}「${value}」只能由字母、数字、点和下划线组成`);
      return value;
    })
    .join('');
}

/**
 * The literal text in front of {户序号} for these parts ("J012-DB-003-"):
 * codes sharing it belong to one sequence.
 */
export function sequencePrefix(scheme: ArchiveCodeScheme, parts: Omit<ArchiveCodeParts, 'sequence'>): string {
  const index = scheme.parts.findIndex((p) => p.kind === 'field' && p.name === '户序号');
  const head: ArchiveCodeScheme = { template: scheme.template, parts: scheme.parts.slice(0, index) };
  // Formatting the head alone validates the parts it uses; the sequence is not among them.
  return head.parts.length === 0 ? '' : formatArchiveCode(head, { ...parts, sequence: 1 });
}

/**
 * The next 户序号 after the highest one among codes that start with `prefix`
 * (the digits right after it). Codes of other sequences are ignored;
 * gaps are kept, never refilled, so a number once used is never reissued.
 */
export function nextSequence(existingCodes: Iterable<string>, prefix: string): number {
  let highest = 0;
  for (const code of existingCodes) {
    if (!code.startsWith(prefix)) continue;
    const digits = /^\d+/.exec(code.slice(prefix.length))?.[0];
    if (digits) highest = Math.max(highest, Number(digits));
  }
  return highest + 1;
}

/** The code for a household that has none yet, continuing its sequence. */
export function assignArchiveCode(
  scheme: ArchiveCodeScheme,
  parts: Omit<ArchiveCodeParts, 'sequence'>,
  existingCodes: Iterable<string>,
): string {
  const sequence = nextSequence(existingCodes, sequencePrefix(scheme, parts));
  return formatArchiveCode(scheme, { ...parts, sequence });
}
