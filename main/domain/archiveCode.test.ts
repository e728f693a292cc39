import { describe, expect, it } from 'vitest';
import {
  assignArchiveCode,
  CATEGORY_CODES,
  DEFAULT_SCHEME,
  formatArchiveCode,
  nextSequence,
  parseScheme,
  schemeOf,
  sequencePrefix,
} from './archiveCode';
import type { ArchiveCodeParts } from './archiveCode';

const parts: ArchiveCodeParts = { fondsCode: 'J012', assistance: '低保', villageCode: '003', sequence: 7 };

describe('parseScheme', () => {
  it.each([
    [DEFAULT_SCHEME, true],
    ['{全宗号}·{年度}-{类别代码}-{村代码}-{户序号:5}', true],
    ['{镇代码}{村代码}{户序号}', true],
    ['{户序号}', true],
  ])('accepts %s', (template, ok) => {
    expect(parseScheme(template).ok).toBe(ok);
  });

  it.each([
    ['', '档号方案不能为空'],
    ['{全宗号}-{乡镇}-{户序号}', '档号方案含未知占位符「{乡镇}」'],
    ['{全宗号}-{类别代码}-{村代码}', '档号方案必须包含 {户序号}'],
    ['{全宗号-{户序号}', '花括号不成对'],
    ['{全宗号}-{户序号}}', '花括号不成对'],
    ['{户序号}-{户序号}', '出现了不止一次'],
    ['{全宗号:3}-{户序号}', '只有 {户序号} 可以指定位数'],
    ['{全宗号}-{户序号:0}', '位数应为 1 到 8 的整数'],
    ['{全宗号}-{户序号:x}', '位数应为 1 到 8 的整数'],
  ])('rejects %j in Chinese', (template, reason) => {
    const result = parseScheme(template);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('lists the available placeholders when one is unknown', () => {
    const result = parseScheme('{户号}');
    expect(!result.ok && result.reason).toContain('{全宗号}、{类别代码}、{村代码}');
  });
});

describe('formatArchiveCode', () => {
  it.each([
    [DEFAULT_SCHEME, parts, 'J012-DB-003-0007'],
    [DEFAULT_SCHEME, { ...parts, assistance: '特困', sequence: 123 }, 'J012-TK-003-0123'],
    [DEFAULT_SCHEME, { ...parts, assistance: '临时救助', sequence: 1 }, 'J012-LS-003-0001'],
    [DEFAULT_SCHEME, { ...parts, assistance: '刚性支出', sequence: 10000 }, 'J012-GX-003-10000'],
    ['{全宗号}·{年度}-{类别代码}-{村代码}-{户序号:5}', { ...parts, year: 2024 }, 'J012·2024-DB-003-00007'],
    ['{镇代码}{村代码}{户序号:3}', { ...parts, townCode: '120116', villageCode: '203' }, '120116203007'],
    [DEFAULT_SCHEME, { ...parts, categoryCodes: { 低保: 'ZDSH' } }, 'J012-ZDSH-003-0007'],
  ] as const)('%s → %s', (template, p, expected) => {
    expect(formatArchiveCode(schemeOf(template), p as ArchiveCodeParts)).toBe(expected);
  });

  it.each([
    [{ ...parts, fondsCode: '' }, '生成档号缺少全宗号'],
    [{ ...parts, villageCode: '00-3' }, '村代码「00-3」只能由字母、数字、点和下划线组成'],
    [{ ...parts, sequence: 0 }, '户序号应为正整数'],
    [{ ...parts, sequence: 1.5 }, '户序号应为正整数'],
  ])('refuses bad parts (%j)', (p, message) => {
    expect(() => formatArchiveCode(schemeOf(), p)).toThrow(message);
  });

  it('needs the year when the scheme has {年度}', () => {
    expect(() => formatArchiveCode(schemeOf('{年度}-{户序号}'), parts)).toThrow('生成档号缺少年度');
  });

  it('uses DB, TK, LS, GX by default', () => {
    expect(CATEGORY_CODES).toEqual({ 低保: 'DB', 特困: 'TK', 临时救助: 'LS', 刚性支出: 'GX' });
  });
});

describe('nextSequence', () => {
  const existing = [
    'J012-DB-003-0001',
    'J012-DB-003-0002',
    'J012-DB-003-0009',
    'J012-DB-004-0050',
    'J012-TK-003-0400',
    'J012-DB-0030-0777',
  ];

  it.each([
    [existing, 'J012-DB-003-', 10],
    [existing, 'J012-DB-004-', 51],
    [existing, 'J012-TK-003-', 401],
    [existing, 'J012-LS-003-', 1],
    [[], 'J012-DB-003-', 1],
    [['J012-DB-003-0003', 'J012-DB-003-', 'J012-DB-003-abc'], 'J012-DB-003-', 4],
  ])('after %j with prefix %s → %i', (codes, prefix, expected) => {
    expect(nextSequence(codes, prefix)).toBe(expected);
  });

  it('keeps gaps: a number once used is never reissued', () => {
    expect(nextSequence(['J012-DB-003-0001', 'J012-DB-003-0005'], 'J012-DB-003-')).toBe(6);
  });
});

describe('sequencePrefix and assignArchiveCode', () => {
  const rest = { fondsCode: 'J012', assistance: '低保', villageCode: '003' } as const;

  it('gives the literal text before {户序号}', () => {
    expect(sequencePrefix(schemeOf(), rest)).toBe('J012-DB-003-');
    expect(sequencePrefix(schemeOf('{户序号}-{村代码}'), rest)).toBe('');
  });

  it('continues the household sequence of its village and type, leaving assigned codes alone', () => {
    const codes = ['J012-DB-003-0001', 'J012-DB-003-0002'];
    const next = assignArchiveCode(schemeOf(), rest, codes);
    expect(next).toBe('J012-DB-003-0003');
    expect(assignArchiveCode(schemeOf(), rest, [...codes, next])).toBe('J012-DB-003-0004');
    expect(assignArchiveCode(schemeOf(), { ...rest, assistance: '特困' }, codes)).toBe('J012-TK-003-0001');
  });

  it('throws the parse error for a bad scheme', () => {
    expect(() => schemeOf('{坏}')).toThrow('未知占位符');
  });
});
