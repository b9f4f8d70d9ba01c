// A small pool of read worker threads, one piece at a time each; created per run and closed at its end, so two
// runs in one process share nothing.
import { Worker } from 'node:worker_threads';
import type { PieceDone, PieceTask } from './run-piece.js';

interface Waiting {
  /** The task, or how to build it when a thread takes it. */
  task: PieceTask | (() => PieceTask);
  resolve: (d: PieceDone) => void;
  reject: (e: Error) => void;
}

export class ReadPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Waiting[] = [];
  private readonly busy = new Map<Worker, Waiting>();
  private readonly all: Worker[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = spawn();
      w.on('message', (m: { done?: PieceDone; error?: string }) => this.settle(w, m));
      w.on('error', (err) => this.fail(w, err));
      this.all.push(w);
      this.idle.push(w);
    }
  }

  run(task: PieceTask | (() => PieceTask)): Promise<PieceDone> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private next(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop() as Worker;
      const job = this.queue.shift() as Waiting;
      this.busy.set(w, job);
      w.postMessage({ id: 0, task: typeof job.task === 'function' ? job.task() : job.task });
    }
  }

  private settle(w: Worker, m: { done?: PieceDone; error?: string }): void {
    const job = this.busy.get(w);
    this.busy.delete(w);
    this.idle.push(w);
    if (job) {
      if (m.done) job.resolve(m.done);
      else job.reject(new Error(m.error ?? 'read worker failed'));
    }
    this.next();
  }

  private fail(w: Worker, err: Error): void {
    const job = this.busy.get(w);
    this.busy.delete(w);
    job?.reject(err);
  }
}

/**
 * A read thread's young generation, in MiB. V8 grows it to 48 MiB per thread under the read path's allocation
 * rate, most of it garbage that dies young: capped, two threads' heaps stay within the 300 MiB budget of a 1 GB read
 * (371 → 3xx MiB max RSS) for a few percent more scavenging.
 */
const YOUNG_MB = 8;

function spawn(): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_MB };
  // From source (tests, `npm run lab`) the worker is TypeScript: load it through tsx's loader.
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './worker.ts' : './worker.js', import.meta.url);
  if (!isTs) return new Worker(url, { resourceLimits });
  const entry = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(entry, { eval: true, resourceLimits });
}
