import { describe, expect, it } from 'vitest';
import { conditionFacts, describeCondition, evaluateCondition, type FactMap } from './conditions';
import type { Condition } from './packSchema';

const facts: FactMap = { t: true, f: false, u: null };

describe('evaluateCondition (three-valued)', () => {
  const rows: Array<[Condition, boolean | null]> = [
    ['t', true],
    ['f', false],
    ['u', null],
    ['absent', null],
    [{ not: 't' }, false],
    [{ not: 'u' }, null],
    [{ any: ['f', 't'] }, true],
    [{ any: ['u', 't'] }, true],
    [{ any: ['f', 'u'] }, null],
    [{ any: ['f', 'f'] }, false],
    [{ all: ['t', 't'] }, true],
    [{ all: ['t', 'u'] }, null],
    [{ all: ['u', 'f'] }, false],
    [{ all: ['t', { any: ['f', { not: 'f' }] }] }, true],
  ];
  it.each(rows)('%j → %s', (cond, expected) => {
    expect(evaluateCondition(cond, facts)).toBe(expected);
  });
});

describe('condition helpers', () => {
  it('lists facts and describes in Chinese', () => {
    const cond: Condition = { any: ['a', { not: 'b' }] };
    expect(conditionFacts(cond)).toEqual(['a', 'b']);
    expect(describeCondition(cond, { a: { label: '甲' }, b: { label: '乙' } })).toBe('(“甲”或非“乙”)');
  });
});
