/**
 * JSON with sorted object keys and two-space indentation: the same data
 * always gives the same bytes, so a package's checksums only change when
 * its content does, and a person can still read the file.
 *
 * The text is exactly `JSON.stringify(value, sortKeys, 2)`. For plain data
 * (what JSON.parse and object literals make) it is written by the engine's
 * own JSON.stringify over a copy with its keys in order, without a replacer
 * call per value; anything else (toJSON, class instances, boxed values)
 * takes the replacer definition itself.
 */
export function stableJson(value: unknown): string {
  return `${writeJson(value, null) ?? 'undefined'}\n`;
}

/**
 * stableJson(value) cut around a deeply frozen subtree that occurs once
 * inside it (found by identity): `head + shared + tail` is the whole text.
 * `shared` is the subtree's text, the same string on every call, so a
 * package writer can encode it once for a whole batch (the checklist pack
 * every package carries); it is empty, and the whole text in `head`, when
 * `value` does not hold the subtree exactly once.
 */
export function stableJsonAround(value: unknown, subtree: object): { head: string; shared: string; tail: string } {
  const text = `${writeJson(value, subtree) ?? 'undefined'}\n`;
  const at = text.indexOf(HOLE_TEXT);
  if (at < 0 || text.lastIndexOf(HOLE_TEXT) !== at) return { head: at < 0 ? text : stableJson(value), shared: '', tail: '' };
  const indent = /^ */.exec(text.slice(text.lastIndexOf('\n', at) + 1))?.[0] ?? '';
  return { head: text.slice(0, at), shared: subtreeText(subtree, indent), tail: text.slice(at + HOLE_TEXT.length) };
}

/** The reference definition. */
function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** Stands in for the subtree stableJsonAround cuts out; its text is looked for once written. */
const HOLE = '\u0000hudang:stableJsonAround\u0000';
const HOLE_TEXT = JSON.stringify(HOLE);

/** Met a value only the reference definition writes exactly. */
const NOT_PLAIN = Symbol('not plain');

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A copy with every object's keys in code-unit order (the engine then lists
 * array-index keys first, as it does for the reference's Object.fromEntries),
 * the subtree replaced by HOLE; NOT_PLAIN when something is not plain data.
 */
function sortedCopy(value: unknown, hole: object | null): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value === hole) return HOLE;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i], hole);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      copy[i] = item;
    }
    return copy;
  }
  if (!isPlainObject(value)) return NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(byCodeUnit)) {
    const item = sortedCopy((value as Record<string, unknown>)[key], hole);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}

function writeJson(value: unknown, hole: object | null): string | undefined {
  const copy = sortedCopy(value, hole);
  return (copy === NOT_PLAIN ? JSON.stringify(value, sortKeys, 2) : JSON.stringify(copy, null, 2)) as string | undefined;
}

/** Text of deeply frozen subtrees, per indentation: frozen all the way down, they cannot change. */
const frozenText = new WeakMap<object, Map<string, string>>();

function deeplyFrozen(value: unknown): boolean {
  return value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(deeplyFrozen));
}

function subtreeText(subtree: object, indent: string): string {
  const cached = frozenText.get(subtree)?.get(indent);
  if (cached !== undefined) return cached;
  const text = (writeJson(subtree, null) ?? '').replace(/\n/g, `\n${indent}`);
  if (deeplyFrozen(subtree)) {
    let byIndent = frozenText.get(subtree);
    if (!byIndent) frozenText.set(subtree, (byIndent = new Map()));
    byIndent.set(indent, text);
  }
  return text;
}

/** Freezes parsed JSON all the way down, so stableJsonAround may reuse its text (and nobody changes it by mistake). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
