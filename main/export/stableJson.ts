/**
 * JSON with sorted object keys and two-space indentation: the same data
 * always gives the same bytes, so a package's checksums only change when
 * its content does, and a person can still read the file.
 *
 * The text is exactly `JSON.stringify(value, sortKeys, 2)`; it is written
 * directly instead, without a replacer call per value, and a subtree that
 * is deeply frozen (the checklist pack every package of a batch carries) is
 * written once and reused: frozen all the way down, it cannot change.
 */
export function stableJson(value: unknown): string {
  return `${write(value, '') ?? 'undefined'}\n`;
}

/**
 * stableJson(value) cut around one deeply frozen subtree inside it (found by
 * identity): `head + shared + tail` is the whole text. `shared` is the
 * subtree's remembered text, the same string on every call, so a package
 * writer can encode it once for a whole batch; it is empty when `value`
 * does not hold the subtree.
 */
export function stableJsonAround(value: unknown, subtree: object): { head: string; shared: string; tail: string } {
  hole = { value: subtree, indent: null };
  try {
    const text = stableJson(value);
    const at = hole.indent === null ? -1 : text.indexOf(HOLE);
    if (at < 0 || hole.indent === null) return { head: text, shared: '', tail: '' };
    return { head: text.slice(0, at), shared: write(subtree, hole.indent) ?? '', tail: text.slice(at + HOLE.length) };
  } finally {
    hole = null;
  }
}

/** Stands for the subtree stableJsonAround cuts out: a raw NUL, which JSON text never holds (JSON.stringify escapes it). */
const HOLE = '\u0000';
let hole: { value: object; indent: string | null } | null = null;

/** The original definition, for data the direct writer does not handle (toJSON, class instances, boxed values). */
function slowJson(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, sortKeys, 2) as string | undefined;
  return text === undefined || indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

const STEP = '  ';
/** Text of deeply frozen subtrees, per indentation. */
const frozenText = new WeakMap<object, Map<string, string>>();
/** Objects found frozen all the way down. */
const deeplyFrozen = new WeakSet<object>();

function isPlain(value: object): boolean {
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Canonical array index ("0", "17"): JSON.stringify lists these first, in numeric order, whatever the insertion order. */
function isIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

function orderedKeys(object: Record<string, unknown>): string[] {
  const keys = Object.keys(object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!keys.some(isIndex)) return keys;
  const indices = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isIndex(k))];
}

function write(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      // undefined, functions and symbols are left out; bigint throws as JSON.stringify does.
      return typeof value === 'bigint' ? JSON.stringify(value) : undefined;
  }
  if (value === null) return 'null';
  if (hole && value === hole.value && hole.indent === null) {
    hole.indent = indent;
    return HOLE;
  }
  if (!isPlain(value)) return slowJson(value, indent);
  const cached = frozenText.get(value)?.get(indent);
  if (cached !== undefined) return cached;
  const inner = indent + STEP;
  let frozen = Object.isFrozen(value);
  const parts: string[] = [];
  const note = (child: unknown) => {
    if (frozen && child !== null && typeof child === 'object' && (!deeplyFrozen.has(child) || child === hole?.value)) frozen = false;
  };
  let text: string;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      parts.push(write(item, inner) ?? 'null');
      note(item);
    }
    text = parts.length === 0 ? '[]' : `[\n${inner}${parts.join(`,\n${inner}`)}\n${indent}]`;
  } else {
    const object = value as Record<string, unknown>;
    for (const key of orderedKeys(object)) {
      const child = object[key];
      const written = write(child, inner);
      if (written !== undefined) parts.push(`${JSON.stringify(key)}: ${written}`);
      note(child);
    }
    text = parts.length === 0 ? '{}' : `{\n${inner}${parts.join(`,\n${inner}`)}\n${indent}}`;
  }
  if (frozen) {
    deeplyFrozen.add(value);
    let byIndent = frozenText.get(value);
    if (!byIndent) frozenText.set(value, (byIndent = new Map()));
    byIndent.set(indent, text);
  }
  return text;
}

/** Freezes parsed JSON all the way down, so stableJson may reuse its text (and nobody changes it by mistake). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
