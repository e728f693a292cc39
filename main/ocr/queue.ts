import type { OcrStats } from './types';

/**
 * A two-priority job queue over a fixed set of workers. Generic in the worker
 * type so the scheduling can be tested without OCR.
 *
 * tesseract.js's own scheduler is first-in first-out; classification needs
 * title jobs to overtake a backlog of full pages, hence this queue.
 */

export type Priority = 'title' | 'page';

interface Entry<W> {
  run: (worker: W) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  settled: boolean;
}

/** Completions kept for the throughput estimate. */
const RATE_WINDOW = 20;

export interface JobQueueHooks<W> {
  /** Asked after every job; a worker reported unhealthy is dropped instead of reused. */
  healthy?: (worker: W) => boolean;
  dropped?: (worker: W) => void;
}

export class JobQueue<W> {
  private readonly waiting: Record<Priority, Entry<W>[]> = { title: [], page: [] };
  private readonly idle: W[] = [];
  private readonly running = new Set<Entry<W>>();
  private readonly listeners = new Set<(stats: OcrStats) => void>();
  private readonly finishedAt: number[] = [];
  private done = 0;
  private failed = 0;
  private closed: Error | undefined;

  constructor(private readonly hooks: JobQueueHooks<W> = {}) {}

  addWorker(worker: W): void {
    this.idle.push(worker);
    this.pump();
  }

  /** Queues a job; it runs on the first idle worker, title jobs before page jobs. */
  add<T>(priority: Priority, run: (worker: W) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<T>((resolve, reject) => {
      this.waiting[priority].push({ run, resolve: resolve as (v: unknown) => void, reject, settled: false });
      this.changed();
      this.pump();
    });
  }

  /** Rejects every waiting and running job with `error`; later jobs are rejected at once. */
  close(error: Error): void {
    this.closed = error;
    const entries = [...this.waiting.title, ...this.waiting.page, ...this.running];
    this.waiting.title.length = 0;
    this.waiting.page.length = 0;
    for (const entry of entries) this.settle(entry, error);
    this.running.clear();
    this.idle.length = 0;
    this.changed();
  }

  stats(): OcrStats {
    return {
      queued: this.waiting.title.length + this.waiting.page.length,
      running: this.running.size,
      done: this.done,
      failed: this.failed,
      pagesPerMinute: this.rate(),
    };
  }

  onProgress(listener: (stats: OcrStats) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private pump(): void {
    while (!this.closed && this.idle.length > 0) {
      const entry = this.waiting.title.shift() ?? this.waiting.page.shift();
      if (!entry) return;
      const worker = this.idle.shift() as W;
      this.running.add(entry);
      this.changed();
      void this.execute(entry, worker);
    }
  }

  private async execute(entry: Entry<W>, worker: W): Promise<void> {
    let value: unknown;
    let error: Error | undefined;
    try {
      value = await entry.run(worker);
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    if (this.closed) return; // close() has already rejected the job
    this.running.delete(entry);
    this.done++;
    if (error) this.failed++;
    this.finishedAt.push(performance.now());
    if (this.finishedAt.length > RATE_WINDOW) this.finishedAt.shift();
    if (this.hooks.healthy?.(worker) === false) this.hooks.dropped?.(worker);
    else this.idle.push(worker);
    this.settle(entry, error, value);
    this.changed();
    this.pump();
  }

  private settle(entry: Entry<W>, error: Error | undefined, value?: unknown): void {
    if (entry.settled) return;
    entry.settled = true;
    if (error) entry.reject(error);
    else entry.resolve(value);
  }

  /** Jobs per minute over the last RATE_WINDOW completions. */
  private rate(): number {
    const n = this.finishedAt.length;
    if (n < 2) return 0;
    const span = (this.finishedAt[n - 1] ?? 0) - (this.finishedAt[0] ?? 0);
    return span > 0 ? ((n - 1) * 60_000) / span : 0;
  }

  private changed(): void {
    const stats = this.stats();
    for (const listener of this.listeners) {
      try {
        listener(stats);
      } catch {
        // A broken progress display must not stop recognition.
      }
    }
  }
}
