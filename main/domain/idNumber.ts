/**
 * Resident identity numbers (公民身份号码, GB 11643-1999): validation and
 * upgrade of the legacy 15-digit form. Masking lives in ./masking.ts.
 */
import { beijingDate } from './beijingDate';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberResult =
  | { ok: true; idNumber: string; upgradedFrom15: boolean }
  | { ok: false; reason: string };

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function checkCharFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Full-width digits and X as typed by Chinese IMEs, spaces, lower-case x. */
function canonicalText(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ＸｘＸ]/g, 'X')
    .replace(/\s+/g, '')
    .toUpperCase();
}

function isRealDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  // Born today in Beijing counts, also before 08:00 when the UTC date is still yesterday.
  return real && y >= 1900 && `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` <= beijingDate(today);
}

/**
 * Validates an ID number and returns its canonical 18-character form.
 * A 15-digit legacy number (born 19xx) is upgraded by inserting "19" and
 * computing the check character.
 */
export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  const text = canonicalText(input);
  if (text.length === 0) return { ok: false, reason: '身份证号为空' };
  if (/^\d{15}$/.test(text)) {
    const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
    const upgraded = parseIdNumber(first17 + checkCharFor(first17), today);
    return upgraded.ok ? { ...upgraded, upgradedFrom15: true } : upgraded;
  }
  if (!/^\d{17}[\dX]$/.test(text)) {
    return { ok: false, reason: `身份证号应为18位（或旧式15位），实为${text.length}位或含非法字符` };
  }
  if (!isRealDate(text.slice(6, 14), today)) {
    return { ok: false, reason: '身份证号中的出生日期不存在' };
  }
  if (text.slice(14, 17) === '000') return { ok: false, reason: '身份证号顺序码不能为000' };
  if (checkCharFor(text.slice(0, 17)) !== text[17]) {
    return { ok: false, reason: '身份证号校验位错误' };
  }
  return { ok: true, idNumber: text, upgradedFrom15: false };
}

/** The birth date an ID number carries ('YYYY-MM-DD'), or null when it is not a valid number (unknown, or masked 6+4). */
export function birthDateOf(idNumber: string | null | undefined): string | null {
  if (!idNumber) return null;
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) return null;
  const d = parsed.idNumber.slice(6, 14);
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/** Builds a valid synthetic ID number (fixtures and benchmarks; never real people). */
export function makeIdNumber(region6: string, birth8: string, sequence: number): string {
  const seq = (Math.abs(Math.trunc(sequence)) % 999) + 1; // 001..999, never 000
  const first17 = `${region6}${birth8}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharFor(first17);
}
