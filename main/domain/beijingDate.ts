/**
 * The calendar day in Beijing (Asia/Shanghai, UTC+8 all year, no daylight
 * saving): the day the clerks and the documents go by, whatever zone the
 * machine is set to. Between 00:00 and 08:00 Beijing time the UTC date is
 * still yesterday's. Every "today" and every day taken from a stored
 * timestamp goes through here, never through toISOString().slice(0, 10).
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing day of a stored ISO timestamp (e.g. an updated_at "2026-12-04T17:30:00.000Z" is 2026-12-05). */
export function beijingDateOf(timestamp: string): string {
  const at = new Date(timestamp);
  // A bare date or an unreadable value is kept as it is rather than turned into "Invalid Date".
  return Number.isNaN(at.getTime()) || /^\d{4}-\d{2}-\d{2}$/.test(timestamp) ? timestamp.slice(0, 10) : beijingDate(at);
}

/** The year in Beijing, e.g. for a 档号 or a box label printed on New Year's Eve UTC. */
export function beijingYear(at: Date): number {
  return Number(beijingDate(at).slice(0, 4));
}
