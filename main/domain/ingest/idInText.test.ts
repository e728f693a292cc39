import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../idNumber';
import { householdFromPath } from './folderHousehold';
import { findIdNumbers } from './idInText';
import { householdSeparatorPayload, itemSeparatorPayload, parseSeparator } from './separator';

const id = makeIdNumber('120116', '19560312', 7);
const wrong = id.slice(0, 16) + String((Number(id[16]) + 1) % 10) + id[17];

describe('findIdNumbers', () => {
  it.each([
    ['a number in a form line', `身份证号：${id}`, [id]],
    ['a number OCR split with spaces', `身份证号 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`, [id]],
    ['a misread digit (check fails)', `身份证号：${wrong}`, []],
    ['a longer digit run (bank account)', `账号：6${id}`, []],
    ['two mentions of one number', `${id} 与 ${id}`, [id]],
    ['nothing', '最低生活保障待遇申请书', []],
  ])('%s', (_name, text, expected) => {
    expect(findIdNumbers(text, new Date('2026-11-23'))).toEqual(expected);
  });
});

describe('householdFromPath', () => {
  it.each([
    ['name and full ID', ['扫描', '红旗村', `王桂兰_${id}`], { headName: '王桂兰', idPart: id, village: '红旗村' }],
    ['name and last six', ['红旗村', `王桂兰-${id.slice(-6)}`, 'p1'], { headName: '王桂兰', idPart: id.slice(-6), village: '红旗村' }],
    ['a folder that names nobody', ['扫描', '2025年11月'], null],
  ])('%s', (_name, segments, expected) => {
    expect(householdFromPath(segments)).toEqual(expected);
  });
});

describe('separator payloads', () => {
  it('round-trips household and item sheets and refuses anything else', () => {
    expect(parseSeparator(householdSeparatorPayload(42, 'a1b2c3'))).toEqual({ kind: 'household', householdId: 42, check: 'a1b2c3' });
    expect(parseSeparator(itemSeparatorPayload('dibao.08'))).toEqual({ kind: 'item', itemCode: 'dibao.08' });
    expect(parseSeparator('ASN000123')).toBeNull();
    expect(parseSeparator('HUDANG1:H:42')).toBeNull();
  });
});
