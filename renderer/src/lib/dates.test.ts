import { describe, expect, it } from 'vitest';
import { parseDateInput, showChineseDate, showDate, showDateTime } from './dates';

describe('dates on screen', () => {
  it.each([
    ['2025-08-03', '2025-08-03'],
    // 23:30 UTC is the next morning in Beijing.
    ['2025-08-02T23:30:00.000Z', '2025-08-03'],
    ['2025-08-03T01:00:00Z', '2025-08-03'],
    ['', ''],
    [null, ''],
    ['不是日期', '不是日期'],
  ])('showDate(%s) is %s', (input, shown) => {
    expect(showDate(input)).toBe(shown);
  });

  it('shows times in Beijing time and papers the Chinese way', () => {
    expect(showDateTime('2025-08-02T23:30:00.000Z')).toBe('2025-08-03 07:30');
    expect(showChineseDate('2025-08-03')).toBe('2025年8月3日');
    expect(showChineseDate('2025-12-31T20:00:00Z')).toBe('2026年1月1日');
  });

  it.each([
    ['2025-08-03', '2025-08-03'],
    ['2025-8-3', '2025-08-03'],
    ['2025/8/3', '2025-08-03'],
    ['2025.08.03', '2025-08-03'],
    ['20250803', '2025-08-03'],
    ['2025年8月3日', '2025-08-03'],
    [' 2025 年 8 月 3 日 ', '2025-08-03'],
    ['2025-02-29', null],
    ['2024-02-29', '2024-02-29'],
    ['2025-13-01', null],
    ['08/03/2025', null],
    ['', null],
  ])('parseDateInput(%j) is %s', (typed, iso) => {
    expect(parseDateInput(typed)).toBe(iso);
  });
});
