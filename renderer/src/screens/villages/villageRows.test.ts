import { describe, expect, it } from 'vitest';
import type { CheckRow, HouseholdRow } from '../../../../main/api/contract';
import { applyFilter, joinChecks, missingItems, NO_FILTER } from './villageRows';

const household = (id: number, name: string, masked: string): HouseholdRow => ({
  id,
  household: masked,
  name,
  town: '城南镇',
  village: '红旗村',
  assistance: ['低保'],
  insured: 1,
  status: '在册',
});
const check = (full: string, name: string, status: CheckRow['status'], missing: string[] = []): CheckRow => ({
  household: full,
  name,
  village: '红旗村',
  assistance: '低保',
  status,
  missing,
  unconfirmed: [],
  timeline: [],
  nextReview: null,
  archiveChecks: [],
});

describe('village rows', () => {
  const households = [household(1, '王桂兰', '120116********0012'), household(2, '李建国', '120116********0020')];
  const checks = [
    check('120116194505120012', '王桂兰', '缺件', ['最低生活保障待遇申请书']),
    check('120116193803030020', '李建国', '齐全'),
  ];
  const rows = joinChecks(households, checks);

  it('joins check rows to households by masked ID number and name', () => {
    expect(rows.map((r) => r.cases.map((c) => c.status))).toEqual([['缺件'], ['齐全']]);
  });

  it('filters by status, missing item and text', () => {
    expect(applyFilter(rows, { ...NO_FILTER, status: '缺件' }).map((r) => r.household.id)).toEqual([1]);
    expect(
      applyFilter(rows, { ...NO_FILTER, missingItem: '最低生活保障待遇申请书' }).map((r) => r.household.id),
    ).toEqual([1]);
    expect(applyFilter(rows, { ...NO_FILTER, text: '李' }).map((r) => r.household.id)).toEqual([2]);
    expect(missingItems(rows)).toEqual([{ name: '最低生活保障待遇申请书', count: 1 }]);
  });
});
