/**
 * Working days: statutory holidays and 调休 working weekends from
 * chinese-days for the years it has data for, and from the holiday tables an
 * administrator imported into the archive (国务院办公厅's yearly notice) for
 * the others. A year neither knows is unknown, never guessed as plain
 * Monday–Friday: the time limits that need it are 待确认 (timeline.ts).
 */
import chineseDays from 'chinese-days';
import { addDays, yearOf } from './dates';

/** 休: a day off (holiday, or a weekend day of a holiday period); 班: a weekend day that is worked (调休). */
export type HolidayKind = '休' | '班';

/** One row of an imported holiday table: only days that differ from plain Monday–Friday need a row, but a 休 weekday must be there. */
export interface HolidayDay {
  date: string;
  kind: HolidayKind;
}

/** The working days a case's time limits are counted in. */
export interface WorkCalendar {
  /** Whether the day is a working day; null when its year is not known. */
  isWorkday(date: string): boolean | null;
  /** Where the calendar has its days of that year from, or null when it has none. */
  yearSource(year: number): '内置' | '导入' | null;
}

// Scanned once: a year with data always has weekday holidays (春节 at least).
const SCAN_FROM = 1990;
const SCAN_TO = 2100;
let coveredCache: readonly number[] | null = null;

/** The years chinese-days has holiday data for. */
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

/** Monday to Friday, read in UTC so the machine's time zone cannot shift it. */
export function isPlainWeekday(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/**
 * The library's answer (years it has no data for come out as plain
 * Monday–Friday: callers ask the calendar, which knows better). The library
 * parses 'YYYY-MM-DD' as UTC but reads the weekday in local time, so west of
 * UTC an ordinary Saturday looks like a Friday. Its holiday tables are
 * shifted the same way and stay consistent, so we trust the tables and
 * compute the plain weekday ourselves.
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
  return isPlainWeekday(date);
}

/**
 * The calendar of an archive: an imported year's table wins over the
 * library's data for that year (the notice is the authority; importing a
 * year again replaces it), other years come from the library, the rest are
 * unknown.
 */
export function workCalendar(imported: readonly HolidayDay[] = []): WorkCalendar {
  if (imported.length === 0) return BUILTIN_CALENDAR;
  const days = new Map(imported.map((d) => [d.date, d.kind]));
  const years = new Set(imported.map((d) => yearOf(d.date)));
  return {
    isWorkday(date) {
      const year = yearOf(date);
      if (years.has(year)) {
        const kind = days.get(date);
        return kind === undefined ? isPlainWeekday(date) : kind === '班';
      }
      return BUILTIN_CALENDAR.isWorkday(date);
    },
    yearSource: (year) => (years.has(year) ? '导入' : BUILTIN_CALENDAR.yearSource(year)),
  };
}

const BUILTIN_CALENDAR: WorkCalendar = {
  isWorkday: (date) => (isYearCovered(yearOf(date)) ? isWorkday(date) : null),
  yearSource: (year) => (isYearCovered(year) ? '内置' : null),
};

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

/** Warnings for any result counted with the library: a misbehaving time zone. */
export function calendarWarnings(): string[] {
  return calendarBroken() ? ['节假日数据自检未通过（可能与系统时区有关），工作日计算可能不准确，请将时区设为中国标准时间'] : [];
}

/** What a clerk is told when a time limit needs a year the calendar does not know. */
export function unknownYearReason(years: readonly number[]): string {
  const named = `${[...years].sort((a, b) => a - b).join('、')}年`;
  return `${named}的法定节假日安排尚未导入，无法计算工作日，请管理员在“设置—法定节假日”中导入国务院办公厅${named}节假日安排后再判断`;
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

/** The n-th working day after `date` (the start day itself is not counted); null when an unknown year lies on the way. */
export function nthWorkdayAfter(date: string, n: number, calendar: WorkCalendar = BUILTIN_CALENDAR): string | null {
  let day = date;
  for (let count = 0; count < n;) {
    day = nextDay(day);
    const work = calendar.isWorkday(day);
    if (work === null) return null;
    if (work) count++;
  }
  return day;
}

/**
 * Working days in (from, to]: the start day is not counted, the end day is.
 * `unknownYears` lists the years of days the calendar does not know; they
 * are not counted, so `days` is then a lower bound.
 */
export function workdaysBetween(from: string, to: string, calendar: WorkCalendar = BUILTIN_CALENDAR): { days: number; unknownYears: number[] } {
  let days = 0;
  const unknown = new Set<number>();
  for (let day = nextDay(from); day <= to; day = nextDay(day)) {
    const work = calendar.isWorkday(day);
    if (work === null) unknown.add(yearOf(day));
    else if (work) days++;
  }
  return { days, unknownYears: [...unknown] };
}
