/**
 * The one place the window turns dates into text and typed text into dates.
 * Dates show as 2025-08-03 whatever the browser's or the system's locale
 * (a date <input> would follow the locale, e.g. 08/03/2025); times are
 * Beijing time, as the service counts them (see today.ts).
 */

const BEIJING_MS = 8 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date (YYYY-MM-DD) or an ISO time as its Beijing day, "2025-08-03"; empty for nothing, the text itself if it is no date. */
export function showDate(value: string | null | undefined): string {
  if (!value) return '';
  if (ISO_DAY.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
}

/** An ISO time as Beijing "2025-08-03 14:05". */
export function showDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A date as printed papers write it: "2025年8月3日". */
export function showChineseDate(value: string | null | undefined): string {
  const day = showDate(value);
  const m = ISO_DAY.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/**
 * What a clerk types as a date, as YYYY-MM-DD: 2025-08-03, 2025-8-3,
 * 2025/8/3, 2025.8.3, 20250803 or 2025年8月3日. Null when it is no real date.
 */
export function parseDateInput(text: string): string | null {
  const t = text.trim().replace(/\s+/g, '');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
