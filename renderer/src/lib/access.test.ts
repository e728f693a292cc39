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
  ] as const)('an inspector opens %s: %s', (route, open) => {
    expect(mayOpen(inspector, route)).toBe(open);
  });
});
