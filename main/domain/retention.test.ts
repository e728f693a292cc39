import { describe, expect, it } from 'vitest';
import { expiresWithin, retentionDates, retentionExpired } from './retention';

describe('retentionDates', () => {
  it.each([
    ['exit mid-year, counted from next 1 January', '2025-06-01', { years: 30, start: 'nextJanuary' }, { start: '2026-01-01', until: '2055-12-31' }],
    ['exit on 31 December', '2025-12-31', { years: 30, start: 'nextJanuary' }, { start: '2026-01-01', until: '2055-12-31' }],
    ['exit on 1 January', '2025-01-01', { years: 30, start: 'nextJanuary' }, { start: '2026-01-01', until: '2055-12-31' }],
    ['counted from the exit date', '2025-06-01', { years: 30, start: 'exitDate' }, { start: '2025-06-01', until: '2055-05-31' }],
    ['from 29 February into a common year', '2024-02-29', { years: 30, start: 'exitDate' }, { start: '2024-02-29', until: '2054-02-28' }],
    ['a 10-year local policy', '2025-06-01', { years: 10, start: 'nextJanuary' }, { start: '2026-01-01', until: '2035-12-31' }],
  ] as const)('%s', (_n, exitedOn, policy, expected) => {
    expect(retentionDates(exitedOn, policy)).toEqual(expected);
  });
});

describe('retention boundaries', () => {
  it.each([
    ['the last day of the period', '2055-12-31', false],
    ['the day after', '2056-01-01', true],
    ['years before', '2030-01-01', false],
  ])('expired on %s: %s', (_n, today, expired) => {
    expect(retentionExpired('2055-12-31', today)).toBe(expired);
  });

  it.each([
    ['within the next 12 months', '2055-01-01', true],
    ['just over 12 months away', '2054-12-30', false],
    ['already past', '2060-01-01', true],
  ])('expiring %s', (_n, today, expected) => {
    expect(expiresWithin('2055-12-31', today, 12)).toBe(expected);
  });
});
