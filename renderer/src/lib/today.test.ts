import { describe, expect, it } from 'vitest';
import { beijingToday } from './today';

describe('the window takes today in Beijing', () => {
  it.each([
    ['2026-12-04T23:30:00Z', '2026-12-05'],
    ['2026-12-04T15:59:59Z', '2026-12-04'],
    ['2026-12-31T16:00:00Z', '2027-01-01'],
  ])('%s is %s', (instant, day) => {
    expect(beijingToday(new Date(instant))).toBe(day);
  });
});
