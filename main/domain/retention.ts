/**
 * Retention (保管期限) of exited household files: 30 years by the district
 * notice (二(八)), counted by archive practice from 1 January of the year
 * after the exit unless configured to start on the exit date itself.
 */

import { isIsoDate } from './checklist/dates';

export interface RetentionPolicy {
  years: number;
  start: 'nextJanuary' | 'exitDate';
}

export const DEFAULT_RETENTION: RetentionPolicy = { years: 30, start: 'nextJanuary' };

/**
 * Whether a case belongs to an exited file (整户退出), kept apart from the
 * live work: `check`, the 整改清单, the 工作台 counts and the inspector's
 * sample leave it out. The exit closes every open case, so an open case of
 * an exited household is a new application beside the exited file and stays
 * live. (checkArchive.ts says the same in SQL: EXITED_CASE.)
 */
export function isExitedCase(householdStatus: string, closedOn: string | null): boolean {
  return householdStatus === '整户退出' && typeof closedOn === 'string' && closedOn !== '';
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? 0, m ?? 1, d ?? 1];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function dayBefore(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

/** Start of the period and its last day (保管期满): the day before the same date `years` later. */
export function retentionDates(exitedOn: string, policy: RetentionPolicy = DEFAULT_RETENTION): { start: string; until: string } {
  const [y] = parts(exitedOn);
  const start = policy.start === 'nextJanuary' ? iso(y + 1, 1, 1) : exitedOn;
  const [sy, sm, sd] = parts(start);
  // 29 February plus whole years lands on 1 March when the target year is not a leap year.
  const anniversary = new Date(Date.UTC(sy + policy.years, sm - 1, sd));
  const end = anniversary.getUTCMonth() === sm - 1 ? iso(sy + policy.years, sm, sd) : iso(sy + policy.years, 3, 1);
  return { start, until: dayBefore(end) };
}

/** Whether the retention period is over on `today` (destruction may be appraised from the day after 期满). */
export function retentionExpired(until: string, today: string): boolean {
  return today > until;
}

/** Whether 期满 falls within `months` months after `today` (or has already passed). */
export function expiresWithin(until: string, today: string, months: number): boolean {
  const [y, m, d] = parts(today);
  const limit = new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
  return until <= limit;
}

/** A date the exit may not come before, and what it is, in a clerk's words (e.g. 案卷的申请日期). */
export interface ExitDateFloor {
  date: string;
  what: string;
}

/**
 * Why an exit date cannot be right, or null: it must be a real date, not
 * after today (Beijing), not before any floor (the household's first dated
 * record or case, an earlier exit), and not so early that the file's
 * retention would already be over when the exit is recorded, which would let
 * it be destroyed at once.
 */
export function exitDateProblem(exitedOn: string, today: string, floors: ExitDateFloor[], policy: RetentionPolicy = DEFAULT_RETENTION): string | null {
  if (!isIsoDate(exitedOn)) return `退出日期“${exitedOn}”不是有效日期，应为 YYYY-MM-DD（如 2025-05-20）`;
  if (exitedOn > today) return `退出日期 ${exitedOn} 晚于今天（${today}），不能登记尚未发生的退出`;
  const floor = floors.filter((f) => exitedOn < f.date).sort((a, b) => b.date.localeCompare(a.date))[0];
  if (floor) return `退出日期 ${exitedOn} 早于该户${floor.what}（${floor.date}），请核对退出日期`;
  const { until } = retentionDates(exitedOn, policy);
  if (retentionExpired(until, today)) return `退出日期 ${exitedOn} 过早：按保管期限 ${policy.years} 年，该档案登记时就已期满（${until}），请核对退出日期`;
  return null;
}
