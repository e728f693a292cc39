/**
 * Today in Beijing (Asia/Shanghai, UTC+8, no daylight saving), whatever zone
 * the machine is set to: the day the clerks and the service go by. The
 * renderer may not import main/ code, so this is the window's copy of
 * main/domain/beijingDate.ts; both are tested at 23:30 UTC.
 */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
