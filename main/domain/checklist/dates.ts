/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings. Everything runs in UTC so
 * the machine's time zone can never shift a date by one day.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtc(date: string): number | null {
  const m = ISO.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Reject dates such as 2025-02-30 that Date.UTC would silently roll over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && toUtc(value) !== null;
}

function mustParse(date: string): number {
  const ms = toUtc(date);
  if (ms === null) throw new Error(`日期格式错误：“${date}”，应为 YYYY-MM-DD`);
  return ms;
}

export function addDays(date: string, days: number): string {
  return fromUtc(mustParse(date) + days * DAY_MS);
}

/** Calendar months; the day is clamped to the month's end (08-31 + 6 → 02-28). */
export function addMonths(date: string, months: number): string {
  const d = new Date(mustParse(date));
  const target = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), target + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(d.getUTCFullYear(), target, Math.min(d.getUTCDate(), lastDay)));
}

/** Days from a to b counting both ends: 01-01..01-07 is 7 days. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((mustParse(to) - mustParse(from)) / DAY_MS) + 1;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
