import { describe, expect, it } from 'vitest';
import { JobQueue } from './queue';

/** A job that finishes when the test says so. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('JobQueue', () => {
  it('runs title jobs before page jobs that were queued earlier', async () => {
    const queue = new JobQueue<string>();
    queue.addWorker('w1');
    const started: string[] = [];
    const first = gate();
    const job = (name: string, wait?: Promise<void>) => async () => {
      started.push(name);
      await wait;
      return name;
    };
    const all = [
      queue.add('page', job('page1', first.opened)),
      queue.add('page', job('page2')),
      queue.add('page', job('page3')),
      queue.add('title', job('title1')),
      queue.add('title', job('title2')),
    ];
    await tick();
    expect(queue.stats()).toMatchObject({ queued: 4, running: 1, done: 0 });
    first.open();
    expect(await Promise.all(all)).toEqual(['page1', 'page2', 'page3', 'title1', 'title2']);
    expect(started).toEqual(['page1', 'title1', 'title2', 'page2', 'page3']);
    expect(queue.stats()).toMatchObject({ queued: 0, running: 0, done: 5, failed: 0 });
    expect(queue.stats().pagesPerMinute).toBeGreaterThan(0);
  });

  it('reports progress until unsubscribed, and survives a throwing listener', async () => {
    const queue = new JobQueue<string>();
    const seen: number[] = [];
    queue.onProgress(() => {
      throw new Error('display broken');
    });
    const stop = queue.onProgress((s) => seen.push(s.done));
    queue.addWorker('w1');
    await queue.add('page', async () => 1);
    stop();
    await queue.add('page', async () => 2);
    expect(seen.at(-1)).toBe(1);
  });

  it('counts failures, and replaces workers reported unhealthy', async () => {
    const broken = new Set<string>();
    const dropped: string[] = [];
    const queue = new JobQueue<string>({ healthy: (w) => !broken.has(w), dropped: (w) => dropped.push(w) });
    queue.addWorker('w1');
    await expect(
      queue.add('page', async (w) => {
        broken.add(w);
        throw new Error('wasm aborted');
      }),
    ).rejects.toThrow('wasm aborted');
    expect(dropped).toEqual(['w1']);
    expect(queue.stats()).toMatchObject({ done: 1, failed: 1 });
    const waiting = queue.add('title', async (w) => w);
    queue.addWorker('w2');
    expect(await waiting).toBe('w2');
  });

  it('close() rejects waiting and running jobs and every later one', async () => {
    const queue = new JobQueue<string>();
    queue.addWorker('w1');
    const running = queue.add('page', () => new Promise(() => {}));
    const waiting = queue.add('title', async () => 'never');
    queue.close(new Error('stopped'));
    await expect(running).rejects.toThrow('stopped');
    await expect(waiting).rejects.toThrow('stopped');
    await expect(queue.add('page', async () => 1)).rejects.toThrow('stopped');
    expect(queue.stats()).toMatchObject({ queued: 0, running: 0 });
  });
});
