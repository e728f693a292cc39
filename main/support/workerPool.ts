import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * A small pool of worker threads for CPU-heavy jobs (an export's packages:
 * bound volume PDFs, hashing, file writes). Workers start on first use, at
 * most `threads` of them, and stop on close() or after `idleMs` without
 * work; an idle worker does not keep the process alive. Keeping them a
 * while matters: a fresh worker runs its first hundred jobs or so at half
 * speed (JIT, caches), so the next export of a working session reuses warm
 * ones. Where no worker can be loaded, or one fails to start, jobs run on
 * the calling thread instead: slower, never different.
 *
 * A worker module is found beside `near` (the import.meta.url of a module in
 * the worker's folder): `<name>.js` or `<name>.mjs` is its own bundle, built
 * beside the desktop bundle (dist/main/) or the CLI's (dist/cli/);
 * `<name>.ts` is the source, run under tsx in tests and scripts.
 */

export interface WorkerPool<J, R> {
  /** Most worker threads it will use; 0 when every job runs on the calling thread. */
  readonly threads: number;
  /** Worker threads running now. */
  readonly running: number;
  /** Jobs finished where (tests check the worker path really ran). */
  readonly done: { worker: number; inProcess: number };
  run(job: J): Promise<R>;
  close(): Promise<void>;
}

export interface PoolSpec<J, R> {
  /** The worker module's name without extension. */
  name: string;
  /** import.meta.url of a module in the worker's folder (or of the bundle it is built beside). */
  near: string;
  /** The same work on the calling thread, for when no worker can run. */
  local: (job: J) => Promise<R>;
  threads: number;
  /** Stop idle workers after this long (ms); default a minute. */
  idleMs?: number;
}

export const IDLE_MS = 60_000;

/** How a worker is loaded: its own bundle, or the TypeScript source under tsx. */
export type WorkerEntry = { kind: 'bundle'; url: URL } | { kind: 'source'; url: URL; tsx: string };

export function workerEntry(name: string, near: string): WorkerEntry | null {
  for (const ext of ['.js', '.mjs']) {
    const url = new URL(`./${name}${ext}`, near);
    if (url.protocol === 'file:' && fs.existsSync(fileURLToPath(url))) return { kind: 'bundle', url };
  }
  const source = new URL(`./${name}.ts`, near);
  if (source.protocol !== 'file:' || !fs.existsSync(fileURLToPath(source))) return null;
  try {
    return { kind: 'source', url: source, tsx: import.meta.resolve('tsx/esm/api') };
  } catch {
    return null;
  }
}

interface PoolWorkerData {
  /** The packaged app's resources folder (fonts), which Electron sets on its main thread only. */
  resourcesPath: string | null;
}

type Reply<R> = { id: number; result: R } | { id: number; error: string };

function startWorker(entry: WorkerEntry): Worker {
  const data: PoolWorkerData = { resourcesPath: (process as { resourcesPath?: string }).resourcesPath ?? null };
  if (entry.kind === 'bundle') return new Worker(entry.url, { workerData: data });
  // Node 20 does not hand the parent's module hooks to a worker: register tsx inside it, then load the source.
  const boot = `import(${JSON.stringify(entry.tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.url.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * The worker side: answers each job with the handler's result (moving the
 * ArrayBuffers `transfer` names instead of copying them). Jobs are handled
 * one at a time, in order.
 */
export function serveJobs<J, R>(handler: (job: J) => Promise<R>, transfer: (result: R) => ArrayBuffer[] = () => []): void {
  const port = parentPort;
  if (!port) return;
  const { resourcesPath } = (workerData ?? {}) as Partial<PoolWorkerData>;
  const host = process as { resourcesPath?: string };
  if (resourcesPath && !host.resourcesPath) host.resourcesPath = resourcesPath;
  port.on('message', ({ id, job }: { id: number; job: J }) => {
    handler(job).then(
      (result) => port.postMessage({ id, result } satisfies Reply<R>, transfer(result)),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply<R>),
    );
  });
}

interface Task<J, R> {
  id: number;
  job: J;
  resolve(result: R): void;
  reject(error: Error): void;
}

interface Slot<J, R> {
  worker: Worker;
  task: Task<J, R> | null;
  /** Finished a job: it loaded, so a later failure is the job's, not the entry's. */
  proven: boolean;
}

const CLOSED = '工作线程已关闭';

class Pool<J, R> implements WorkerPool<J, R> {
  readonly done = { worker: 0, inProcess: 0 };
  readonly threads: number;
  private readonly slots: Slot<J, R>[] = [];
  private readonly queue: Task<J, R>[] = [];
  private nextId = 1;
  /** Set when a worker could not even start: the rest runs on this thread. */
  private broken = false;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly entry: WorkerEntry,
    private readonly spec: PoolSpec<J, R>,
  ) {
    this.threads = spec.threads;
  }

  get running(): number {
    return this.slots.length;
  }

  run(job: J): Promise<R> {
    if (this.closed) return Promise.reject(new Error(CLOSED));
    if (this.broken) return this.runHere(job);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  private runHere(job: J): Promise<R> {
    this.done.inProcess++;
    return this.spec.local(job);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      if (this.broken) {
        for (const task of this.queue.splice(0)) this.runHere(task.job).then(task.resolve, task.reject);
        return;
      }
      const slot = this.slots.find((s) => s.task === null) ?? (this.slots.length < this.threads ? this.spawn() : null);
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      this.settle(slot);
      slot.worker.postMessage({ id: task.id, job: task.job });
    }
  }

  /** Busy workers keep the process alive, idle ones do not; all stop after idleMs without work. */
  private settle(slot: Slot<J, R>): void {
    if (slot.task) slot.worker.ref();
    else slot.worker.unref();
    if (this.queue.length > 0 || this.slots.some((s) => s.task) || this.idleTimer || this.slots.length === 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      for (const idle of this.slots.splice(0)) void idle.worker.terminate();
    }, this.spec.idleMs ?? IDLE_MS);
    this.idleTimer.unref();
  }

  private spawn(): Slot<J, R> {
    const slot: Slot<J, R> = { worker: startWorker(this.entry), task: null, proven: false };
    slot.worker.on('message', (reply: Reply<R>) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = null;
      slot.proven = true;
      if ('error' in reply) task.reject(new Error(reply.error));
      else {
        this.done.worker++;
        task.resolve(reply.result);
      }
      this.dispatch();
      this.settle(slot);
    });
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      const task = slot.task;
      slot.task = null;
      if (!slot.proven) {
        // The worker never ran: its job (and every later one) runs here instead.
        this.broken = true;
        if (task) this.queue.unshift(task);
      } else task?.reject(new Error(`工作线程出错：${error.message}`));
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => lost(new Error(`线程退出（${code}）`)));
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    for (const task of this.queue.splice(0)) task.reject(new Error(CLOSED));
    for (const slot of slots) slot.task?.reject(new Error(CLOSED));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

class InProcess<J, R> implements WorkerPool<J, R> {
  readonly threads = 0;
  readonly running = 0;
  readonly done = { worker: 0, inProcess: 0 };

  constructor(private readonly local: (job: J) => Promise<R>) {}

  run(job: J): Promise<R> {
    this.done.inProcess++;
    return this.local(job);
  }

  async close(): Promise<void> {}
}

/** A pool of up to `spec.threads` workers; 0 threads, or no loadable worker, runs every job on the calling thread. */
export function workerPool<J, R>(spec: PoolSpec<J, R>): WorkerPool<J, R> {
  const entry = spec.threads > 0 ? workerEntry(spec.name, spec.near) : null;
  return entry ? new Pool(entry, spec) : new InProcess(spec.local);
}
