/**
 * Crash injection for durability tests: with HUDANG_CRASH_AT="<point>:<n>" the
 * process kills itself (SIGKILL, no cleanup) the n-th time it passes <point>.
 * This is how tests prove a transaction leaves the archive before or after,
 * never half. Without the variable it does nothing.
 */
const spec = process.env.HUDANG_CRASH_AT ?? '';
const [crashPoint, crashCountText] = spec.split(':');
const crashCount = Number(crashCountText);
const passes = new Map<string, number>();

export function crashPointReached(point: string): void {
  if (!spec || point !== crashPoint) return;
  const n = (passes.get(point) ?? 0) + 1;
  passes.set(point, n);
  if (n === crashCount) process.kill(process.pid, 'SIGKILL');
}
