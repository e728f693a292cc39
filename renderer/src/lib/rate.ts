import type { ProgressEvent } from '../../../main/api/contract';

/**
 * Work done per minute, computed from the progress events the service pushes.
 * Each task reports a running count (done of total) that starts again at each
 * run; the meter adds up the increments over a sliding window.
 */

const WINDOW_MS = 120_000;

/** The tasks of the scanner queue (收取、拆分、识别): their speed is the 识别速度; an export is no part of it. */
export const INGEST_TASKS: readonly string[] = ['收取文件', '拆分页面', '识别归档', '全文识别'];

/** The unit each ingest task counts in (全文识别 counts pages, the others files). */
export function unitOf(task: string): string {
  return task === '全文识别' ? '页' : '个文件';
}

export class RateMeter {
  private last = new Map<string, number>();
  private samples: { task: string; at: number; amount: number }[] = [];

  push(event: ProgressEvent, at: number): void {
    const before = this.last.get(event.task) ?? 0;
    const amount = event.done >= before ? event.done - before : event.done;
    this.last.set(event.task, event.done >= event.total ? 0 : event.done);
    if (amount > 0) this.samples.push({ task: event.task, at, amount });
    this.samples = this.samples.filter((s) => at - s.at <= WINDOW_MS);
  }

  /** Per minute over the window; null until two samples span some time. */
  perMinute(task: string, now: number): number | null {
    const recent = this.samples.filter((s) => s.task === task && now - s.at <= WINDOW_MS);
    if (recent.length === 0) return null;
    const first = recent[0];
    if (!first) return null;
    const span = Math.max(now - first.at, 5_000);
    const total = recent.reduce((sum, s) => sum + s.amount, 0);
    return (total * 60_000) / span;
  }
}
