import { describe, expect, it } from 'vitest';
import { checkCharFor, makeIdNumber, parseIdNumber } from './idNumber';

const today = new Date('2026-11-23T00:00:00Z');

describe('parseIdNumber (GB 11643)', () => {
  const valid = makeIdNumber('120116', '19560312', 41);
  const cases: [string, string, { ok: boolean; id?: string; upgraded?: boolean; reason?: RegExp }][] = [
    ['a valid 18-digit number', valid, { ok: true, id: valid, upgraded: false }],
    ['surrounding spaces', ` ${valid} `, { ok: true, id: valid }],
    ['full-width digits from a Chinese IME', valid.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)), { ok: true, id: valid }],
    ['a wrong check digit', valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1'), { ok: false, reason: /校验位错误/ }],
    ['17 digits', valid.slice(0, 17), { ok: false, reason: /18位/ }],
    ['letters inside', `12011619560A12${valid.slice(14)}`, { ok: false, reason: /非法字符/ }],
    ['30 February', makeIdNumber('120116', '19560230', 3), { ok: false, reason: /出生日期不存在/ }],
    ['born in the future', makeIdNumber('120116', '20300101', 3), { ok: false, reason: /出生日期不存在/ }],
    ['born before 1900', makeIdNumber('120116', '18991231', 3), { ok: false, reason: /出生日期不存在/ }],
    ['empty', '', { ok: false, reason: /为空/ }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const result = parseIdNumber(input, today);
    expect(result.ok).toBe(expected.ok);
    if (result.ok) {
      if (expected.id) expect(result.idNumber).toBe(expected.id);
      if (expected.upgraded !== undefined) expect(result.upgradedFrom15).toBe(expected.upgraded);
    } else {
      expect(result.reason).toMatch(expected.reason ?? /./);
    }
  });

  it('accepts a lower-case x check character and returns it upper-case', () => {
    // Find a synthetic number whose check character is X.
    let id = '';
    for (let seq = 1; seq < 999 && !id.endsWith('X'); seq++) id = makeIdNumber('120116', '19700101', seq);
    expect(id.endsWith('X')).toBe(true);
    const result = parseIdNumber(id.toLowerCase(), today);
    expect(result).toEqual({ ok: true, idNumber: id, upgradedFrom15: false });
  });

  it('upgrades a legacy 15-digit number by inserting 19 and computing the check digit', () => {
    const legacy = '120116560312041';
    const result = parseIdNumber(legacy, today);
    const first17 = '12011619560312041';
    expect(result).toEqual({ ok: true, idNumber: first17 + checkCharFor(first17), upgradedFrom15: true });
  });

  it('rejects a 15-digit number whose date does not exist', () => {
    expect(parseIdNumber('120116560230041', today)).toMatchObject({ ok: false, reason: expect.stringMatching(/出生日期/) });
  });

  it('rejects sequence 000', () => {
    const first17 = '12011619560312000';
    expect(parseIdNumber(first17 + checkCharFor(first17), today)).toMatchObject({ ok: false, reason: expect.stringMatching(/000/) });
  });
});

describe('makeIdNumber', () => {
  it('always produces numbers the validator accepts, never sequence 000', () => {
    for (let i = 0; i < 3000; i++) {
      expect(parseIdNumber(makeIdNumber('210282', '19800229', i), today).ok).toBe(true);
    }
  });
});
