/**
 * The calendar day in Beijing (Asia/Shanghai, UTC+8 all year, no daylight
 * saving): the day the clerks and the documents go by, whatever zone the
 * machine is set to. Between 00:00 and 08:00 Beijing time the UTC date is
 * still yesterday's.
 */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
