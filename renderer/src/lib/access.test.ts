import { describe, expect, it } from 'vitest';
import type { ApiMethod } from '../../../main/api/contract';
import { mayOpen } from './access';

/** The screens a role opens follow the methods whoami lists for it, nothing else. */
describe('screens by the methods of the role', () => {
  const inspector = { methods: ['dashboard', 'listVillages', 'getHousehold', 'searchPageText', 'getSettings', 'inspectPackages', 'listRetention', 'listOverdue'] as ApiMethod[] };
  it.each([
    ['dashboard', true],
    ['villages', true],
    ['inspect', true],
    ['inbox', false],
    ['export', false],
    ['users', false],
    ['districtImport', false],
    ['ledger', false],
  ] as const)('an inspector opens %s: %s', (route, open) => {
    expect(mayOpen(inspector, route)).toBe(open);
  });

  const district = { methods: [...inspector.methods, 'importPackages', 'importTownPackages', 'districtLedger', 'ledgerHouseholds'] as ApiMethod[] };
  it.each([
    ['districtImport', true],
    ['ledger', true],
    ['inbox', false],
  ] as const)('a 区级 account opens %s: %s', (route, open) => {
    expect(mayOpen(district, route)).toBe(open);
  });
});
