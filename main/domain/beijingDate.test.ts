import { describe, expect, it } from 'vitest';
import { beijingDate, beijingDateOf, beijingYear } from './beijingDate';
import { makeIdNumber, parseIdNumber } from './idNumber';

/** "Today" is the day in Beijing: at 23:30 UTC it is already tomorrow there. */
describe('Beijing date', () => {
  it.each([
    ['2026-12-04T23:30:00Z', '2026-12-05'],
    ['2026-12-04T15:59:59Z', '2026-12-04'],
    ['2026-12-04T16:00:00Z', '2026-12-05'],
    ['2026-12-31T23:30:00Z', '2027-01-01'],
    ['2024-02-28T16:30:00Z', '2024-02-29'],
  ])('%s is %s in Beijing', (instant, day) => {
    expect(beijingDate(new Date(instant))).toBe(day);
    expect(beijingDateOf(instant)).toBe(day);
  });

  it.each([
    ['2026-12-31T15:59:59.999Z', 2026],
    ['2026-12-31T23:30:00.000Z', 2027],
  ])('the year at %s is %i', (instant, year) => {
    expect(beijingYear(new Date(instant))).toBe(year);
  });

  it('keeps a bare date or an unreadable stamp as it is', () => {
    expect(beijingDateOf('2026-12-04')).toBe('2026-12-04');
    expect(beijingDateOf('garbage')).toBe('garbage');
  });

  it('accepts an ID of someone born today in Beijing at 23:30 UTC the day before', () => {
    const bornToday = makeIdNumber('120116', '20261205', 1);
    expect(parseIdNumber(bornToday, new Date('2026-12-04T23:30:00Z')).ok).toBe(true);
    expect(parseIdNumber(bornToday, new Date('2026-12-04T15:30:00Z')).ok).toBe(false);
  });
});
