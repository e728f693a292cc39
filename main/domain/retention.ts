/**
 * Retention (保管期限) of exited household files: 30 years by the district
 * notice (二(八)), counted by archive practice from 1 January of the year
 * after the exit unless configured to start on the exit date itself.
 */

export interface RetentionPolicy {
  years: number;
  start: 'nextJanuary' | 'exitDate';
}

export const DEFAULT_RETENTION: RetentionPolicy = { years: 30, start: 'nextJanuary' };

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
