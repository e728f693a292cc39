import { describe, expect, it } from 'vitest';
import { deepFreeze, stableJson, stableJsonAround } from './stableJson';

/** stableJson is byte for byte the replacer definition it replaced, frozen subtrees included. */

function reference(value: unknown): string {
  const sortKeys = (_key: string, v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  return `${JSON.stringify(value, sortKeys, 2)}\n`;
}

const samples: [string, unknown][] = [
  ['primitives', [1, -0, 2.5e-7, 1e21, NaN, Infinity, true, false, null, '', '中文 "引号" \\ \n \u2028', undefined, () => 1]],
  ['empty containers', { a: {}, b: [], c: [[]], d: [{}] }],
  ['key order by code unit, index keys first', { b: 1, a: 2, 10: 'x', 9: 'y', '01': 'z', B: 3, 中: 4, é: 5, '': 6 }],
  ['undefined and functions left out of objects, null in arrays', { a: undefined, b: () => 1, c: [undefined, () => 1], d: 1 }],
  ['dates and other objects with toJSON', { at: new Date('2026-01-05T08:00:00Z'), nested: { toJSON: () => ({ z: 1, a: 2 }) } }],
  ['class instances and boxed values', { map: new Map([['a', 1]]), n: Object(5) as unknown, s: Object('x') as unknown }],
  ['deep nesting', { a: { b: { c: { d: [1, { e: [2, { f: 3 }] }] } } } }],
  ['an own __proto__ key (JSON.parse makes them), a sparse array, a null-prototype object', { parsed: JSON.parse('{"z": 1, "__proto__": {"b": 1, "a": 2}}') as unknown, sparse: Object.assign(new Array<number>(3), { 0: 1, 2: 3 }), bare: Object.assign(Object.create(null) as object, { b: 1, a: 2 }) }],
  ['top-level string', '户档'],
  ['top-level undefined', undefined],
];

describe('stableJson', () => {
  it.each(samples)('writes %s exactly as JSON.stringify with sorted keys', (_name, value) => {
    expect(stableJson(value)).toBe(reference(value));
  });

  it('reuses the text of a deeply frozen subtree at any depth, and the result stays exact', () => {
    const pack = deepFreeze({ key: '开原', items: [{ code: 'dibao.01', name: '申请书', when: { always: true } }], version: 2 });
    const first = { checklist: { pack, rows: [1] }, other: pack };
    expect(stableJson(first)).toBe(reference(first));
    const second = { checklist: { pack, rows: [2] }, deeper: { a: { pack } } };
    expect(stableJson(second)).toBe(reference(second));
    expect(Object.isFrozen(pack.items[0]?.when)).toBe(true);
  });

  it('never reuses the text of a frozen object whose children can still change', () => {
    const inner = { n: 1 };
    const shell = Object.freeze({ inner });
    expect(stableJson(shell)).toBe(reference(shell));
    inner.n = 2;
    expect(stableJson(shell)).toBe(reference(shell));
    expect(stableJson(shell)).toContain('"n": 2');
  });

  it('cuts the text around a shared frozen subtree, the same text of it every time, the whole exact', () => {
    const pack = deepFreeze({ items: [{ code: 'dibao.01', name: '申请书 \u0000', 10: 'x', 9: ['y'] }], version: 2 });
    const texts = [1, 2].map((n) => {
      const value = { audit: [{ note: `第${n}条` }], checklist: { pack, rows: [n] }, z: [{ deep: { pack: null } }] };
      const cut = stableJsonAround(value, pack);
      expect(cut.head + cut.shared + cut.tail).toBe(reference(value));
      expect(cut.head).toMatch(/"pack": $/);
      return cut.shared;
    });
    expect(texts[0]).toBe(texts[1]);
    expect(texts[0]).toContain('      "code": "dibao.01"');
    // Not there, or there twice: the whole text, uncut.
    for (const value of [{ a: 1 }, { a: pack, b: [pack] }]) expect(stableJsonAround(value, pack)).toEqual({ head: reference(value), shared: '', tail: '' });
  });

  it('throws on a BigInt as JSON.stringify does', () => {
    expect(() => stableJson({ a: 1n })).toThrow(TypeError);
  });
});
