/**
 * Working days from chinese-days (statutory holidays and 调休 working
 * weekends). The library silently treats years it has no data for as plain
 * Monday–Friday, so callers must show calendarWarnings() next to any result.
 */
import chineseDays from 'chinese-days';
import { addDays, yearOf } from './dates';

// Scanned once: a year with data always has weekday holidays (春节 at least).
const SCAN_FROM = 1990;
const SCAN_TO = 2100;
let coveredCache: readonly number[] | null = null;

export function coveredYears(): readonly number[] {
  if (!coveredCache) {
    const years: number[] = [];
    for (let y = SCAN_FROM; y <= SCAN_TO; y++) {
      if (chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0) years.push(y);
    }
    coveredCache = years;
  }
  return coveredCache;
}

export function isYearCovered(year: number): boolean {
  return coveredYears().includes(year);
}

/** Names getDayDetail gives a day that is neither a holiday nor a 调休 day. */
const PLAIN_DAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

/**
 * The library parses 'YYYY-MM-DD' as UTC but reads the weekday in local time,
 * so west of UTC an ordinary Saturday looks like a Friday. Its holiday tables
 * are shifted the same way and stay consistent, so we trust the tables and
 * compute the plain weekday ourselves, in UTC.
 */
export function isWorkday(date: string): boolean {
  // The calendar is fixed, and the library formats dates with dayjs on every call: remember each day's answer.
  let work = workdayCache.get(date);
  if (work === undefined) {
    work = workdayFromLibrary(date);
    workdayCache.set(date, work);
  }
  return work;
}

const workdayCache = new Map<string, boolean>();

function workdayFromLibrary(date: string): boolean {
  const detail = chineseDays.getDayDetail(date);
  if (!PLAIN_DAY_NAMES.has(detail.name)) return detail.work;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** Known days around National Day 2025; if any is wrong, the calendar cannot be trusted here. */
let brokenCache: boolean | null = null;

function calendarBroken(): boolean {
  brokenCache ??= calendarSelfCheckFails();
  return brokenCache;
}

function calendarSelfCheckFails(): boolean {
  const known: Array<[string, boolean]> = [
    ['2025-09-27', false],
    ['2025-09-28', true],
    ['2025-10-01', false],
    ['2025-10-09', true],
    ['2025-10-11', true],
    ['2025-10-12', false],
  ];
  return known.some(([date, work]) => isWorkday(date) !== work);
}

/** Warnings for a span of dates: uncovered years, or a misbehaving time zone. */
export function calendarWarnings(from: string, to: string): string[] {
  const warnings: string[] = [];
  const covered = coveredYears();
  const range = covered.length > 0 ? `${covered[0]}–${covered[covered.length - 1]}` : '无';
  for (let y = yearOf(from); y <= yearOf(to); y++) {
    if (!isYearCovered(y)) {
      warnings.push(`节假日数据仅覆盖 ${range} 年，${y} 年按周一至周五计算工作日，结果可能不准确`);
    }
  }
  if (calendarBroken()) {
    warnings.push('节假日数据自检未通过（可能与系统时区有关），工作日计算可能不准确，请将时区设为中国标准时间');
  }
  return warnings;
}

/** The day after, remembered: the walks below step through the same days for every case. */
function nextDay(date: string): string {
  let next = nextDayCache.get(date);
  if (next === undefined) {
    next = addDays(date, 1);
    nextDayCache.set(date, next);
  }
  return next;
}

const nextDayCache = new Map<string, string>();

/** The n-th working day after `date` (the start day itself is not counted). */
export function nthWorkdayAfter(date: string, n: number): string {
  let day = date;
  for (let count = 0; count < n;) {
    day = nextDay(day);
    if (isWorkday(day)) count++;
  }
  return day;
}

/** Working days in (from, to]: the start day is not counted, the end day is. */
export function workdaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) {
    if (isWorkday(day)) count++;
  }
  return count;
}
