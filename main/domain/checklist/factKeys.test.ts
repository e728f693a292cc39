import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { factKeys, factValueLabel, parseFactValue } from './factKeys';
import { parsePack } from './packSchema';

const pack = parsePack(JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')));

describe('parseFactValue', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['未知', null],
    ['不清楚', null],
    ['true', true],
    ['false', false],
    ['null', null],
    [' 是 ', true],
    ['也许', undefined],
    ['', undefined],
    ['TRUE', undefined],
    ['toString', undefined],
  ] as const)('%j → %j', (text, value) => expect(parseFactValue(text)).toBe(value));

  it.each([
    [true, '是'],
    [false, '否'],
    [null, '未知'],
    [undefined, '未知'],
  ] as const)('%j reads back as %s', (value, label) => expect(factValueLabel(value)).toBe(label));
});

describe('factKeys', () => {
  it.each([
    ['hasStudents', { label: '有在校学生', kind: 'stated', derivedFrom: null }],
    ['dispersedCare', { label: '分散供养', kind: 'derived', derivedFrom: '由案卷的供养方式推出（为“分散供养”即为“是”）' }],
    ['reviewed', { label: '已开展动态复核(年度复核)', kind: 'derived', derivedFrom: '由案卷的最近复核日期推出（已登记即为“是”）' }],
  ] as const)('%s', (key, view) => expect(factKeys(pack).find((k) => k.key === key)).toEqual({ key, ...view }));

  it('lists every fact of the pack in its order, with the stated values when given (unstated: null)', () => {
    expect(factKeys(pack).map((k) => k.key)).toEqual(Object.keys(pack.facts));
    const values = factKeys(pack, { married: true, hasStudents: false });
    expect(values.find((k) => k.key === 'married')?.value).toBe(true);
    expect(values.find((k) => k.key === 'hasStudents')?.value).toBe(false);
    expect(values.find((k) => k.key === 'hasSupporters')?.value).toBeNull();
  });
});
