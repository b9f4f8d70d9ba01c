// Bounded traffic: every request goes to 127.0.0.1, every loop is capped in count and in time.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HttpResult {
  status: number;
  error?: string;
  ms: number;
}

export interface RequestOptions {
  method?: string;
  path?: string;
  body?: string;
  agent?: http.Agent | false;
  timeoutMs?: number;
  /** Extra request headers (an X-Forwarded-For that a load balancer in front would set). */
  headers?: Record<string, string>;
}

export function request(port: number, opts: RequestOptions = {}): Promise<HttpResult> {
  const t0 = Date.now();
  const timeoutMs = opts.timeoutMs ?? 10000;
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        agent: opts.agent,
        headers: {
          ...(opts.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - t0 }));
        res.on('error', (e) => resolve({ status: res.statusCode ?? 0, error: e.message, ms: Date.now() - t0 }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ status: 0, error: e.code ?? e.message, ms: Date.now() - t0 }),
    );
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** Runs `fn` up to `count` times with at most `concurrency` in flight, stopping at `deadlineMs`. */
export async function bounded<T>(
  count: number,
  concurrency: number,
  deadlineMs: number,
  fn: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  const stopAt = Date.now() + deadlineMs;
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < stopAt) {
      const i = next++;
      results.push(await fn(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export function tally(results: HttpResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const k = r.error ? r.error : String(r.status);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export { sleep };
