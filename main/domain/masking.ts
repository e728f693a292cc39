/**
 * The one home of masking: 公民身份号码 keep their region code and last four
 * (6+4), mobile numbers their first three and last four (3+4), as a single
 * value and wherever they sit inside free text (OCR text, notes, file paths,
 * audit excerpts, whole API answers). Every output a role without full
 * numbers receives goes through here: the guard, search, exports, reports.
 *
 * Text masking keeps the text's length and every character that is not a
 * hidden digit, so a snippet may be cut from masked text at the positions
 * found in the original: masking first and cutting second never leaves a
 * cut-off number unrecognised.
 */

const MASK = '*';

/** 6+4 masking of one ID number field: keeps the region code and the last four, hides the birth date. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 10) return MASK.repeat(idNumber.length);
  return `${idNumber.slice(0, 6)}${MASK.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}

/** Half-width and full-width digits (Chinese IMEs type the latter). */
const DIGIT = '0-9\\uFF10-\\uFF19';
const CHECK_X = 'Xx\\uFF38\\uFF58';
/**
 * Between the groups of a written-out number: spaces of any width, line
 * breaks inside OCR text, and hyphens ("120101 19900101 1234",
 * "138-1234-5678"). Up to three, as OCR doubles spaces in table cells.
 */
const SEPARATOR = `[\\s\\-\\uFF0D]{1,3}`;
const GROUP = `[${DIGIT}]+[${CHECK_X}]?`;
/** A maximal run of digit groups; a letter or any other character ends it. */
const RUN = new RegExp(`${GROUP}(?:${SEPARATOR}${GROUP})*`, 'g');
const GROUP_IN_RUN = new RegExp(`([${DIGIT}]+)([${CHECK_X}]?)`, 'g');

interface Group {
  /** Offsets (in the run) of its digits, then of its check X when it has one. */
  digits: number[];
  x: number | null;
}

function groupsOf(run: string): Group[] {
  const groups: Group[] = [];
  for (const m of run.matchAll(GROUP_IN_RUN)) {
    const start = m.index;
    const digits = [...(m[1] ?? '')].map((_c, i) => start + i);
    groups.push({ digits, x: m[2] ? start + digits.length : null });
  }
  return groups;
}

const halfWidth = (c: string) => String.fromCharCode(c.charCodeAt(0) >= 0xff10 ? c.charCodeAt(0) - 0xfee0 : c.charCodeAt(0));

/** Where a number made of groups from..to starts and ends; which of its characters stay visible. */
interface Found {
  chars: number[];
  keepHead: number;
  keepTail: number;
  next: number;
}

/**
 * The number starting at group `from`, if its groups add up to an ID number
 * (18 characters, the last possibly X, or the legacy 15 digits) or, with
 * `phones`, to an 11-digit mobile number (1[3-9]…, an unspaced 86 prefix
 * allowed). A check X ends a number: nothing after it can belong to it.
 */
function numberAt(run: string, groups: Group[], from: number, phones: boolean): Found | null {
  const chars: number[] = [];
  const candidates: Found[] = [];
  for (let j = from; j < groups.length; j++) {
    const g = groups[j] as Group;
    chars.push(...g.digits);
    const withX = g.x === null ? null : [...chars, g.x];
    if (withX && withX.length === 18) candidates.push({ chars: withX, keepHead: 6, keepTail: 4, next: j + 1 });
    if (!withX && chars.length === 18) candidates.push({ chars: [...chars], keepHead: 6, keepTail: 4, next: j + 1 });
    if (!withX && chars.length === 15) candidates.push({ chars: [...chars], keepHead: 6, keepTail: 4, next: j + 1 });
    if (phones && !withX) {
      const digits = chars.map((i) => halfWidth(run[i] ?? '')).join('');
      if (chars.length === 11 && /^1[3-9]/.test(digits)) candidates.push({ chars: [...chars], keepHead: 3, keepTail: 4, next: j + 1 });
      if (chars.length === 13 && /^861[3-9]/.test(digits)) candidates.push({ chars: chars.slice(2), keepHead: 3, keepTail: 4, next: j + 1 });
    }
    if (withX || chars.length >= 18) break;
  }
  // The longest reading wins: an ID number over a mobile number in its first groups, 18 characters over 15.
  return candidates.sort((a, b) => b.chars.length - a.chars.length)[0] ?? null;
}

function maskRun(run: string, phones: boolean): string {
  const groups = groupsOf(run);
  const hidden = new Set<number>();
  for (let i = 0; i < groups.length; ) {
    const found = numberAt(run, groups, i, phones);
    if (!found) {
      i++;
      continue;
    }
    found.chars.slice(found.keepHead, found.chars.length - found.keepTail).forEach((c) => hidden.add(c));
    i = found.next;
  }
  if (hidden.size === 0) return run;
  return run
    .split('')
    .map((c, i) => (hidden.has(i) ? MASK : c))
    .join('');
}

export interface MaskOptions {
  /** Also mask mobile numbers 3+4 (default true: no output for a masked role needs them). */
  phones?: boolean;
}

/**
 * Every ID number (18 or 15 digits, spaced or grouped, full-width) and, by
 * default, every mobile number inside a text, masked. The result has the
 * same length as the text, character for character.
 */
export function maskText(text: string, options: MaskOptions = {}): string {
  const phones = options.phones ?? true;
  return text.replace(RUN, (run) => maskRun(run, phones));
}

/** Content hashes and run tokens are digits and letters by chance: masking them would break image URLs. */
const HEX_DIGEST = /^[0-9a-f]{32,}$/;

/** Binary payloads (a printed PDF, an uploaded roster) travel as base64 under keys named so. */
const isBinaryKey = (key: string) => /base64$/i.test(key);

/** Deep copy with every string masked (IDs and mobiles): a whole API answer, a package's metadata. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return (HEX_DIGEST.test(value) ? value : maskText(value)) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isBinaryKey(k) ? v : maskDeep(v)])) as T;
  }
  return value;
}

