import { describe, expect, it } from 'vitest';
import { assignHouseholds, type PageHouseholdFacts } from './fileLayout';

const page = (over: Partial<PageHouseholdFacts> = {}): PageHouseholdFacts => ({ separatorHousehold: null, isSeparator: false, textHouseholds: [], ...over });

describe('assignHouseholds', () => {
  it.each([
    ['a separator sheet covers the pages after it', [page({ separatorHousehold: 7, isSeparator: true }), page(), page()], null, [7, 7, 7], ['separator', 'separator', 'separator']],
    ['two separator sheets split one batch', [page({ separatorHousehold: 7, isSeparator: true }), page(), page({ separatorHousehold: 9, isSeparator: true }), page()], null, [7, 7, 9, 9], ['separator', 'separator', 'separator', 'separator']],
    ['a household folder covers the file', [page(), page()], 5, [5, 5], ['folder', 'folder']],
    ['one ID number in the text files the whole file', [page(), page({ textHouseholds: [3] }), page()], null, [3, 3, 3], ['idnumber', 'idnumber', 'idnumber']],
    ['two households named: nothing is filed', [page({ textHouseholds: [3] }), page({ textHouseholds: [4] })], null, [null, null], [null, null]],
    ['nothing names anyone: nothing is filed', [page(), page()], null, [null, null], [null, null]],
    ['a page naming another household than its folder waits', [page(), page({ textHouseholds: [8] })], 5, [5, null], ['folder', null]],
    ['a page naming its own household and a member is fine', [page({ textHouseholds: [5] })], 5, [5], ['folder']],
  ])('%s', (_n, pages, folder, households, by) => {
    const result = assignHouseholds(pages, folder);
    expect(result.map((r) => r.householdId)).toEqual(households);
    expect(result.map((r) => r.by)).toEqual(by);
    for (const r of result) if (r.householdId === null) expect(r.problem).toMatch(/户/);
  });
});
