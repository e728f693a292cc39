import { describe, expect, it } from 'vitest';
import type { CaseChecklist } from '../../../main/api/contract';
import { digitsChoice, numberItems, pageRange } from './itemKeys';

const item = (list: string, code: string, no: number) => ({
  list,
  code,
  no,
  name: code,
  status: '缺件' as const,
  reason: '',
  evidence: [],
});
const checklist = (assistance: '低保' | '特困', items: ReturnType<typeof item>[]): CaseChecklist => ({
  caseId: 1,
  assistance,
  pack: 'p',
  status: '缺件',
  items,
  timeline: [],
  nextReview: null,
  reviewDetail: null,
});

describe('item keys', () => {
  it('numbers items in checklist order across cases, whatever page is shown', () => {
    const items = numberItems([
      checklist('低保', [item('低保', 'dibao.01', 1), item('低保', 'dibao.02', 2)]),
      checklist('特困', [item('特困', 'tekun.01', 1), item('分散供养', 'tekun.care.01', 1)]),
    ]);
    expect(items.map((i) => [i.key, i.code])).toEqual([
      [1, 'dibao.01'],
      [2, 'dibao.02'],
      [3, 'tekun.01'],
      [4, 'tekun.care.01'],
    ]);
  });

  it('waits for a second digit only while a longer number is possible', () => {
    expect(digitsChoice('3', 9)).toEqual({ key: 3, wait: false });
    expect(digitsChoice('1', 21)).toEqual({ key: 1, wait: true });
    expect(digitsChoice('2', 21)).toEqual({ key: 2, wait: true });
    expect(digitsChoice('3', 21)).toEqual({ key: 3, wait: false });
    expect(digitsChoice('21', 21)).toEqual({ key: 21, wait: false });
    expect(digitsChoice('22', 21)).toEqual({ key: null, wait: false });
    expect(digitsChoice('0', 21)).toEqual({ key: null, wait: false });
  });

  it('selects a range of pages in reading order, in either direction', () => {
    expect(pageRange([5, 6, 9, 12], 6, 12)).toEqual([6, 9, 12]);
    expect(pageRange([5, 6, 9, 12], 12, 5)).toEqual([5, 6, 9, 12]);
    expect(pageRange([5, 6, 9, 12], null, 9)).toEqual([9]);
  });
});
