/**
 * Guards the transcription: every list in the built-in pack must match the
 * official text item by item (number and verbatim name), so a typo or a
 * dropped item fails the build.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePack, type Pack } from './packSchema';

const root = new URL('../../../resources/', import.meta.url);
const policyText = readFileSync(new URL('policy/kaiyuan-checklists-2025.txt', root), 'utf8');
const pack: Pack = parsePack(JSON.parse(readFileSync(new URL('checklists/kaiyuan-tieling-2025.json', root), 'utf8')));

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一..九十九 as used for list numbering (十一, 二十, 二十一). */
function chineseNumber(s: string): number {
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  const t = s.includes('十') ? (tens ? (CN_DIGITS[tens] ?? NaN) : 1) : 0;
  return t * 10 + (ones ? (CN_DIGITS[ones as string] ?? NaN) : 0);
}

/** Text of one attachment: from "附件N:" up to the next "附件N+1:". */
function attachment(n: number): string {
  const start = policyText.indexOf(`附件${n}:`);
  if (start < 0) throw new Error(`附件${n} not found`);
  const end = policyText.indexOf(`附件${n + 1}:`, start);
  return policyText.slice(start, end < 0 ? undefined : end);
}

/** Numbered lines "1. xxx；" or "一、xxx;" with numeral and trailing punctuation stripped. */
function officialList(n: number): Array<{ no: number; name: string }> {
  const out: Array<{ no: number; name: string }> = [];
  for (const raw of attachment(n).split('\n')) {
    const line = raw.replace(/^[\s\u2003\u00a0]+|[\s\u2003\u00a0]+$/g, '');
    const m = /^(\d+)\.\s*(.+)$/.exec(line) ?? /^([一二三四五六七八九十]+)、(.+)$/.exec(line);
    if (!m) continue;
    const no = /^\d+$/.test(m[1] as string) ? Number(m[1]) : chineseNumber(m[1] as string);
    out.push({ no, name: (m[2] as string).replace(/[;；。]+$/, '') });
  }
  return out;
}

const seed = (items: ReadonlyArray<{ no: number; name: string }>) => items.map(({ no, name }) => ({ no, name }));
const annex = pack.annexes.find((a) => a.id === '分散供养');

const LISTS: Array<[string, number, () => ReadonlyArray<{ no: number; name: string }>, number]> = [
  ['附件8 低保', 8, () => pack.checklists.低保 ?? [], 21],
  ['附件10 特困', 10, () => pack.checklists.特困 ?? [], 21],
  ['附件11 分散供养', 11, () => annex?.items ?? [], 5],
  ['附件12 临时救助', 12, () => pack.checklists.临时救助 ?? [], 17],
  ['附件13 刚性支出', 13, () => pack.checklists.刚性支出 ?? [], 21],
  ['附件5 乡镇日常管理台账', 5, () => pack.townRegisters?.items ?? [], 11],
  ['附件7 档案管理检查', 7, () => pack.archiveChecks?.items ?? [], 16],
];

describe('built-in pack kaiyuan-tieling-2025 matches the official text', () => {
  it.each(LISTS)('%s: every number and name verbatim', (_label, n, items, count) => {
    const official = officialList(n);
    expect(official).toHaveLength(count);
    expect(seed(items())).toEqual(official);
  });

  it('keeps the full parenthetical in names', () => {
    const names = (pack.checklists.低保 ?? []).map((i) => i.name);
    expect(names).toContain('婚姻状况材料(结婚证、离婚证及协议、法院判决等)');
    expect(names).toContain('乡镇(街道)“一事一议”相关材料');
  });

  it('ties the 分散供养 annex to 特困 under the dispersedCare fact', () => {
    expect(annex).toMatchObject({ assistanceType: '特困', when: 'dispersedCare', attachment: '附件11' });
  });

  it('marks 其他材料/其他证明材料 optional and nothing else', () => {
    const all = [...Object.values(pack.checklists).flat(), ...(annex?.items ?? [])];
    const optional = all.filter((i) => i?.rule.kind === 'optional').map((i) => i?.name);
    expect(new Set(optional)).toEqual(new Set(['其他材料', '其他证明材料']));
    expect(optional).toHaveLength(4);
  });

  it('gives every identifiable item title words', () => {
    const all = [...Object.values(pack.checklists).flat(), ...(annex?.items ?? [])];
    for (const item of all) {
      if (item && item.rule.kind !== 'optional') expect(item.titleWords.length, item.code).toBeGreaterThan(0);
    }
  });

  it('flags photo items', () => {
    const photos = [...Object.values(pack.checklists).flat()].filter((i) => i?.photo).map((i) => i?.code);
    expect(photos).toEqual(
      expect.arrayContaining([
        'dibao.08',
        'dibao.17',
        'tekun.14',
        'tekun.16',
        'linshi.13',
        'gangxing.17',
        'gangxing.20',
      ]),
    );
  });

  it('cites 开民发〔2025〕16号 and the jurisdiction', () => {
    expect(pack.source.documentNo).toBe('开民发〔2025〕16号');
    expect(policyText).toContain(pack.source.documentNo);
    expect(pack.jurisdiction).toMatchObject({ city: '铁岭市', county: '开原市' });
  });

  it.each([
    ['低保', 6],
    ['特困', 9],
  ] as const)('process steps of %s appear as "N.name" in 附件%i', (type, n) => {
    const text = attachment(n);
    const steps = pack.processSteps[type]?.steps ?? [];
    expect(steps.length).toBe(type === '低保' ? 10 : 11);
    for (const step of steps) expect(text).toContain(`${step.no}.${step.name}`);
  });

  it('automates only the archive checks the engine decides', () => {
    const automated = (pack.archiveChecks?.items ?? []).filter((c) => c.mode === 'automated').map((c) => c.no);
    expect(automated).toEqual([2, 3, 13, 15, 16]);
  });
});
