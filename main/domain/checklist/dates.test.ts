import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysInclusive, isIsoDate } from './dates';

describe('dates', () => {
  it.each([
    ['2025-01-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-2-1', false],
    ['20250101', false],
  ])('isIsoDate(%s) = %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));

  it('adds days and months in UTC', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-07-15', 6)).toBe('2026-01-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
  });

  it('counts both ends', () => {
    expect(daysInclusive('2025-01-01', '2025-01-07')).toBe(7);
    expect(daysInclusive('2025-01-01', '2025-01-01')).toBe(1);
  });

  it('throws a Chinese error on a bad date', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow('日期格式错误');
  });
});
