import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { birthDateOf, makeIdNumber } from '../idNumber';
import { ageDate, ageOn } from './age';
import type { CaseInput } from './caseTypes';
import { evaluateCase } from './completeness';
import { parsePack } from './packSchema';

/** Items the pack waives by age follow the birth date in the applicant's 身份证号 (特困 劳动能力证明: 60周岁以上 and 未成年人). */

const pack = parsePack(JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')));
const LABOUR = '劳动能力证明(残疾证、病志等)';
const APPLIED = '2025-06-10';

/** A 特困 case applied on 2025-06-10 by someone born `birth`, with a disabled member stated (so the item's own rule asks for it). */
function labourItem(birth: string | null, facts: CaseInput['facts'] = { disabledOrUnableToWork: true }, dates: CaseInput['dates'] = { appliedOn: APPLIED }) {
  const input: CaseInput = { assistanceType: '特困', careMode: '集中供养', facts, dates, applicantBirthDate: birth, registeredOn: '2026-01-05' };
  return evaluateCase(pack, input, []).items.find((i) => i.name === LABOUR);
}

describe('age on the application date, from the ID', () => {
  it.each([
    // 60周岁以上 includes 60: the birthday on the day itself counts.
    ['59 (60 the day after)', '1965-06-11', 59, '缺件'],
    ['60 that very day', '1965-06-10', 60, '不适用'],
    ['61', '1964-01-01', 61, '不适用'],
    ['86', '1939-03-03', 86, '不适用'],
    // 未成年人: under 18.
    ['17 (18 the day after)', '2007-06-11', 17, '不适用'],
    ['18 that very day', '2007-06-10', 18, '缺件'],
    ['30', '1995-01-01', 30, '缺件'],
  ])('%s: %s', (_what, birth, age, status) => {
    expect(ageOn(birth, APPLIED)).toBe(age);
    const item = labourItem(birth);
    expect(item?.status).toBe(status);
    if (status === '不适用') expect(item?.reason).toBe(`按身份证号，申请人于申请日期 ${APPLIED} 时 ${age} 周岁（${age >= 60 ? '60周岁以上' : '未满18周岁'}），无需提供`);
  });

  it('waives the item whatever the facts say, and keeps today’s behaviour without a birth date', () => {
    expect(labourItem('1939-03-03', {})?.status).toBe('不适用');
    expect(labourItem(null)?.status).toBe('缺件');
    expect(labourItem(null, {})?.status).toBe('待确认');
    // A masked number carries no birth date.
    expect(birthDateOf('120116********1234')).toBeNull();
    expect(birthDateOf(makeIdNumber('120116', '19390303', 5))).toBe('1939-03-03');
  });

  it.each([
    [{ appliedOn: '2025-06-10', acceptedOn: '2025-06-12' }, '2025-06-10', '申请日期'],
    [{ acceptedOn: '2025-06-12', confirmedOn: '2025-07-01' }, '2025-06-12', '受理日期'],
    [{ confirmedOn: '2025-07-01' }, '2025-07-01', '确认日期'],
    [{}, '2026-01-05', '案卷登记日期'],
  ])('takes age on the first recorded of 申请、受理、确认, else the registration: %j', (dates, date, label) => {
    expect(ageDate({ dates, registeredOn: '2026-01-05' })).toEqual({ date, label });
  });

  it('comes of age on 1 March when born on 29 February', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('leaves items the pack does not waive by age as they were (低保 劳动能力证明 is about any member)', () => {
    const input: CaseInput = { assistanceType: '低保', facts: { disabledOrUnableToWork: true }, dates: { appliedOn: APPLIED }, applicantBirthDate: '1939-03-03' };
    expect(evaluateCase(pack, input, []).items.find((i) => i.code === 'dibao.12')?.status).toBe('缺件');
  });
});
