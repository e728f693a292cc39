import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseInput, Facts } from './caseTypes';
import { parsePack } from './packSchema';
import { isOverdue, nextReviewDate, reviewSchedule } from './review';

const pack = parsePack(
  JSON.parse(readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8')),
);
const TODAY = '2025-11-01';

describe('nextReviewDate', () => {
  const rows: Array<[string, CaseInput, Facts, string | null]> = [
    [
      '低保 yearly from confirmation',
      { assistanceType: '低保', dates: { confirmedOn: '2025-03-15' } },
      {},
      '2026-03-15',
    ],
    [
      'last review wins over confirmation',
      { assistanceType: '低保', dates: { confirmedOn: '2024-01-10', lastReviewOn: '2025-02-01' } },
      {},
      '2026-02-01',
    ],
    [
      '低保 irregular income: every 6 months',
      { assistanceType: '低保', dates: { confirmedOn: '2025-03-15' } },
      { irregularIncomeAbleToWork: true },
      '2025-09-15',
    ],
    [
      'unknown irregular income keeps 12 months',
      { assistanceType: '低保', dates: { confirmedOn: '2025-03-15' } },
      { irregularIncomeAbleToWork: null },
      '2026-03-15',
    ],
    [
      'case fact overrides household fact',
      { assistanceType: '低保', facts: { irregularIncomeAbleToWork: false }, dates: { confirmedOn: '2025-03-15' } },
      { irregularIncomeAbleToWork: true },
      '2026-03-15',
    ],
    [
      '6-month rule is for 低保 only',
      { assistanceType: '特困', dates: { confirmedOn: '2025-03-15' } },
      { irregularIncomeAbleToWork: true },
      '2026-03-15',
    ],
    ['刚性支出 yearly', { assistanceType: '刚性支出', dates: { confirmedOn: '2025-01-01' } }, {}, '2026-01-01'],
    [
      'month end is clamped',
      { assistanceType: '低保', dates: { confirmedOn: '2024-08-31' } },
      { irregularIncomeAbleToWork: true },
      '2025-02-28',
    ],
    ['leap day rolls to Feb 28', { assistanceType: '低保', dates: { confirmedOn: '2024-02-29' } }, {}, '2025-02-28'],
    ['no dates: nothing to schedule', { assistanceType: '低保', dates: {} }, {}, null],
    ['临时救助 is one-off', { assistanceType: '临时救助', dates: { confirmedOn: '2025-03-15' } }, {}, null],
    ['closed case', { assistanceType: '低保', dates: { confirmedOn: '2025-03-15' }, closedOn: '2025-10-01' }, {}, null],
    [
      'closing in the future still schedules',
      { assistanceType: '低保', dates: { confirmedOn: '2025-03-15' }, closedOn: '2025-12-01' },
      {},
      '2026-03-15',
    ],
    [
      'invalid basis date is ignored',
      { assistanceType: '低保', dates: { lastReviewOn: '2025-13-01', confirmedOn: '2025-03-15' } },
      {},
      '2026-03-15',
    ],
  ];
  it.each(rows)('%s', (_t, caseInput, facts, expected) => {
    expect(nextReviewDate(pack, caseInput, facts, TODAY)).toBe(expected);
  });

  it('explains the schedule in Chinese', () => {
    const s = reviewSchedule(
      pack,
      { assistanceType: '低保', dates: { lastReviewOn: '2025-05-01' } },
      { irregularIncomeAbleToWork: true },
      TODAY,
    );
    expect(s).toMatchObject({ dueOn: '2025-11-01', intervalMonths: 6, basisField: 'lastReviewOn' });
    expect(s?.detail).toBe(
      '最近复核日期 2025-05-01 起每 6 个月复核一次（符合缩短复核周期的条件），下次复核应于 2025-11-01 前完成',
    );
  });

  it('rejects a malformed today', () => {
    expect(() => nextReviewDate(pack, { assistanceType: '低保' }, {}, '2025/11/01')).toThrow('当前日期格式错误');
  });
});

describe('isOverdue', () => {
  const c: CaseInput = { assistanceType: '低保', dates: { confirmedOn: '2024-11-01' } };
  it.each([
    ['2025-10-31', false],
    ['2025-11-01', false], // the due day itself is on time
    ['2025-11-02', true],
  ])('today %s → %s', (today, overdue) => {
    expect(isOverdue(pack, c, {}, today)).toBe(overdue);
  });

  it('is never overdue without a schedule', () => {
    expect(isOverdue(pack, { assistanceType: '临时救助', dates: { confirmedOn: '2020-01-01' } }, {}, TODAY)).toBe(
      false,
    );
  });
});
