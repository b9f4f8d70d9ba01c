// The hot path for large access logs (combined/common format): parses byte ranges of a file straight
// from Buffers — no string per line — into per-minute counters and per-minute endpoint counts, on worker
// threads for large files. Memory is bounded by the span in minutes × distinct endpoints (capped), never
// by the file size.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AccessRecord, newAccessRecord, parseCombinedBuffer } from '../formats/log/nginx-access.js';

export interface AccessMinute {
  requests: number;
  s4xx: number;
  s5xx: number;
  s502: number;
  s503: number;
  s504: number;
  /** Sum of $request_time (s) and how many lines had one. */
  durSum: number;
  durCount: number;
}

export interface AccessLineSample {
  line: number;
  time: number;
  status: number;
  text: string;
}

export interface AccessScan {
  lines: number;
  parsed: number;
  /** Lines that were not combined/common access lines. */
  skipped: number;
  firstTime: number;
  lastTime: number;
  /** Epoch minute (ms) → counters. */
  minutes: Map<number, AccessMinute>;
  /** Endpoint names by id; id 0 is "(other)" once the cap is reached. */
  endpoints: string[];
  /** Epoch minute → requests per endpoint id (index = id), and 5xx per endpoint id. */
  endpointMinutes: Map<number, { counts: Uint32Array; errors: Uint32Array }>;
  /** The first and last 5xx lines (bounded), with 1-based line numbers. */
  firstErrors: AccessLineSample[];
  lastErrors: AccessLineSample[];
  /** A few lines that did not parse, for the report. */
  badLines: number[];
}

/** Distinct endpoints kept; the rest count as "(other)". */
export const MAX_ENDPOINTS = 2000;
const SAMPLES = 50;
const BLOCK = 8 * 1024 * 1024;
/** Files above this are split across worker threads. */
export const PARALLEL_THRESHOLD = 64 * 1024 * 1024;

/** "GET /v1/orders/123/items?x=1" → "GET /v1/orders/:id/items": ids (digits, hex ≥ 8, UUIDs) become :id. */
export function normaliseEndpoint(method: string, path: string): string {
  const q = path.indexOf('?');
  const p = q >= 0 ? path.slice(0, q) : path;
  const segs = p.split('/').map((s) => (/^(\d+|[0-9a-fA-F]{8,}|[0-9a-fA-F-]{36})$/.test(s) ? ':id' : s));
  return `${method} ${segs.join('/') || '/'}`;
}

function newMinute(): AccessMinute {
  return { requests: 0, s4xx: 0, s5xx: 0, s502: 0, s503: 0, s504: 0, durSum: 0, durCount: 0 };
}

/** Incremental scanner over one contiguous range of lines. */
export class AccessScanner {
  readonly scan: AccessScan = {
    lines: 0,
    parsed: 0,
    skipped: 0,
    firstTime: Number.POSITIVE_INFINITY,
    lastTime: Number.NEGATIVE_INFINITY,
    minutes: new Map(),
    endpoints: ['(other)'],
    endpointMinutes: new Map(),
    firstErrors: [],
    lastErrors: [],
    badLines: [],
  };
  private readonly rec: AccessRecord = newAccessRecord();
  /** Hash of the normalised endpoint bytes → endpoint id (verified on first sight only). */
  private readonly ids = new Map<number, number>();
  private curMinute = Number.NaN;
  private cur: AccessMinute = newMinute();
  private curEp: { counts: Uint32Array; errors: Uint32Array } | undefined;

  constructor(private readonly firstLine = 1) {}

  /** Feeds one line [start, end) of `buf` (without its newline). */
  line(buf: Buffer, start: number, end: number): void {
    const s = this.scan;
    const lineNo = this.firstLine + s.lines;
    s.lines++;
    if (end <= start) return;
    const r = this.rec;
    if (!parseCombinedBuffer(buf, start, end, r)) {
      s.skipped++;
      if (s.badLines.length < 10) s.badLines.push(lineNo);
      return;
    }
    s.parsed++;
    const t = r.epochMs;
    if (t < s.firstTime) s.firstTime = t;
    if (t > s.lastTime) s.lastTime = t;
    const minute = t - (t % 60000);
    if (minute !== this.curMinute) this.switchMinute(minute);
    const m = this.cur;
    m.requests++;
    const st = r.status;
    const isErr = st >= 500 && st < 600;
    if (isErr) {
      m.s5xx++;
      if (st === 502) m.s502++;
      else if (st === 503) m.s503++;
      else if (st === 504) m.s504++;
    } else if (st >= 400 && st < 500) m.s4xx++;
    if (!Number.isNaN(r.requestTime)) {
      m.durSum += r.requestTime;
      m.durCount++;
    }
    const id = this.endpointId(buf, r);
    const ep = this.curEp as { counts: Uint32Array; errors: Uint32Array };
    if (id >= ep.counts.length) this.growEndpoints(minute);
    const ep2 = this.curEp as { counts: Uint32Array; errors: Uint32Array };
    ep2.counts[id]++;
    if (isErr) {
      ep2.errors[id]++;
      const sample = () => ({ line: lineNo, time: t, status: st, text: buf.toString('latin1', start, end) });
      if (s.firstErrors.length < SAMPLES) s.firstErrors.push(sample());
      else {
        if (s.lastErrors.length >= SAMPLES) s.lastErrors.shift();
        s.lastErrors.push(sample());
      }
    }
  }

  private switchMinute(minute: number): void {
    const s = this.scan;
    let m = s.minutes.get(minute);
    if (!m) {
      m = newMinute();
      s.minutes.set(minute, m);
    }
    this.cur = m;
    this.curMinute = minute;
    let ep = s.endpointMinutes.get(minute);
    if (!ep) {
      const n = Math.max(16, s.endpoints.length * 2);
      ep = { counts: new Uint32Array(n), errors: new Uint32Array(n) };
      s.endpointMinutes.set(minute, ep);
    }
    this.curEp = ep;
  }

  private growEndpoints(minute: number): void {
    const old = this.curEp as { counts: Uint32Array; errors: Uint32Array };
    const n = Math.max(old.counts.length * 2, this.scan.endpoints.length + 16);
    const counts = new Uint32Array(n);
    const errors = new Uint32Array(n);
    counts.set(old.counts);
    errors.set(old.errors);
    this.curEp = { counts, errors };
    this.scan.endpointMinutes.set(minute, this.curEp);
  }

  /**
   * Hashes method + path up to "?" with id-like segments folded, so the common case costs no string.
   * Two independent 32-bit hashes make a collision between two real endpoints negligible.
   */
  private endpointId(buf: Buffer, r: AccessRecord): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = r.methodStart; i < r.methodEnd; i++) {
      h1 = Math.imul(h1 ^ buf[i], 16777619);
      h2 = Math.imul(h2 + buf[i], 2246822519) ^ (h2 >>> 13);
    }
    h1 = Math.imul(h1 ^ 32, 16777619);
    let end = r.pathStart;
    while (end < r.pathEnd && buf[end] !== 0x3f) end++; // up to '?'
    let segStart = r.pathStart;
    for (let i = r.pathStart; i <= end; i++) {
      if (i < end && buf[i] !== 0x2f) continue;
      // one segment [segStart, i): fold ids
      if (isIdSegment(buf, segStart, i)) {
        h1 = Math.imul(h1 ^ 0x3a, 16777619);
        h2 = Math.imul(h2 + 0x3a, 2246822519) ^ (h2 >>> 13);
      } else {
        for (let k = segStart; k < i; k++) {
          h1 = Math.imul(h1 ^ buf[k], 16777619);
          h2 = Math.imul(h2 + buf[k], 2246822519) ^ (h2 >>> 13);
        }
      }
      h1 = Math.imul(h1 ^ 0x2f, 16777619);
      h2 = Math.imul(h2 + 0x2f, 2246822519) ^ (h2 >>> 13);
      segStart = i + 1;
      if (i >= end) break;
    }
    const key = (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const eps = this.scan.endpoints;
    if (eps.length >= MAX_ENDPOINTS) {
      this.ids.set(key, 0);
      return 0;
    }
    const method = buf.toString('latin1', r.methodStart, r.methodEnd) || '-';
    const path = buf.toString('latin1', r.pathStart, r.pathEnd) || '-';
    const id = eps.length;
    eps.push(normaliseEndpoint(method, path));
    this.ids.set(key, id);
    return id;
  }

  finish(): AccessScan {
    return this.scan;
  }
}

function isIdSegment(buf: Buffer, a: number, b: number): boolean {
  const n = b - a;
  if (n === 0) return false;
  let digits = true;
  let hex = true;
  for (let i = a; i < b; i++) {
    const c = buf[i];
    const d = c >= 0x30 && c <= 0x39;
    if (!d) digits = false;
    if (!(d || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || (c === 0x2d && n === 36))) hex = false;
    if (!digits && !hex) return false;
  }
  return digits || (hex && n >= 8);
}

/** Scans bytes [from, to) of a file, which start at a line boundary; reads in blocks, never the whole file. */
export function scanFileRange(path: string, from: number, to: number, firstLine = 1): AccessScan {
  const scanner = new AccessScanner(firstLine);
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(BLOCK);
    let carry = 0; // bytes of an unfinished line kept at the start of buf
    let pos = from;
    while (pos < to) {
      if (carry === buf.length) {
        // A line longer than the block: grow once (bounded by the evidence layer's line cap elsewhere).
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const want = Math.min(buf.length - carry, to - pos);
      const n = readSync(fd, buf, carry, want, pos);
      if (n <= 0) break;
      pos += n;
      const end = carry + n;
      let start = 0;
      let nl = buf.indexOf(10, start);
      while (nl !== -1 && nl < end) {
        const lineEnd = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
        scanner.line(buf, start, lineEnd);
        start = nl + 1;
        nl = buf.indexOf(10, start);
      }
      carry = end - start;
      if (carry > 0) buf.copy(buf, 0, start, end);
    }
    if (carry > 0) scanner.line(buf, 0, buf[carry - 1] === 13 ? carry - 1 : carry);
  } finally {
    closeSync(fd);
  }
  return scanner.finish();
}

/** Byte offsets that split a file into `parts` ranges, each starting at a line boundary. */
export function splitAtLines(path: string, parts: number): number[] {
  const size = statSync(path).size;
  const cuts = [0];
  const fd = openSync(path, 'r');
  const probe = Buffer.allocUnsafe(64 * 1024);
  try {
    for (let i = 1; i < parts; i++) {
      let at = Math.floor((size * i) / parts);
      for (;;) {
        const n = readSync(fd, probe, 0, probe.length, at);
        if (n <= 0) {
          at = size;
          break;
        }
        const nl = probe.indexOf(10);
        if (nl !== -1 && nl < n) {
          at += nl + 1;
          break;
        }
        at += n;
      }
      if (at > cuts[cuts.length - 1] && at < size) cuts.push(at);
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(size);
  return cuts;
}

/** Merges range scans in file order; endpoint ids are re-keyed by name. */
export function mergeScans(parts: AccessScan[]): AccessScan {
  const out = new AccessScanner().finish();
  const nameToId = new Map<string, number>([['(other)', 0]]);
  for (const p of parts) {
    out.lines += p.lines;
    out.parsed += p.parsed;
    out.skipped += p.skipped;
    out.firstTime = Math.min(out.firstTime, p.firstTime);
    out.lastTime = Math.max(out.lastTime, p.lastTime);
    for (const [t, m] of p.minutes) {
      const o = out.minutes.get(t);
      if (!o) out.minutes.set(t, { ...m });
      else {
        o.requests += m.requests;
        o.s4xx += m.s4xx;
        o.s5xx += m.s5xx;
        o.s502 += m.s502;
        o.s503 += m.s503;
        o.s504 += m.s504;
        o.durSum += m.durSum;
        o.durCount += m.durCount;
      }
    }
    const remap = p.endpoints.map((name) => {
      let id = nameToId.get(name);
      if (id === undefined) {
        id = out.endpoints.length < MAX_ENDPOINTS ? out.endpoints.length : 0;
        if (id !== 0) out.endpoints.push(name);
        nameToId.set(name, id);
      }
      return id;
    });
    for (const [t, ep] of p.endpointMinutes) {
      let o = out.endpointMinutes.get(t);
      const need = out.endpoints.length;
      if (!o || o.counts.length < need) {
        const counts = new Uint32Array(Math.max(need, 16));
        const errors = new Uint32Array(Math.max(need, 16));
        if (o) {
          counts.set(o.counts);
          errors.set(o.errors);
        }
        o = { counts, errors };
        out.endpointMinutes.set(t, o);
      }
      for (let i = 0; i < ep.counts.length && i < remap.length; i++) {
        if (ep.counts[i] === 0 && ep.errors[i] === 0) continue;
        o.counts[remap[i]] += ep.counts[i];
        o.errors[remap[i]] += ep.errors[i];
      }
    }
    for (const e of p.firstErrors) {
      if (out.firstErrors.length < SAMPLES) out.firstErrors.push(e);
      else out.lastErrors.push(e);
    }
    out.lastErrors.push(...p.lastErrors);
    out.badLines.push(...p.badLines);
  }
  out.lastErrors = out.lastErrors.slice(-SAMPLES);
  out.badLines = out.badLines.slice(0, 10);
  return out;
}

/**
 * Scans a whole uncompressed access log, on worker threads when it is large. Line numbers in the result
 * are the file's own.
 */
export async function scanAccessFile(
  path: string,
  opts: { workers?: number; parallelThreshold?: number } = {},
): Promise<AccessScan> {
  const size = statSync(path).size;
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), 8));
  if (size < (opts.parallelThreshold ?? PARALLEL_THRESHOLD) || workers === 1) return scanFileRange(path, 0, size, 1);
  const cuts = splitAtLines(path, workers);
  const ranges = cuts.slice(0, -1).map((from, i) => ({ from, to: cuts[i + 1] }));
  const scans = await Promise.all(ranges.map((r) => runWorker(path, r.from, r.to)));
  // Line numbers: each range counted from 1; shift by the lines of the ranges before it.
  let offset = 0;
  for (let i = 0; i < scans.length; i++) {
    if (i > 0) offset += scans[i - 1].lines;
    if (offset > 0) {
      for (const e of scans[i].firstErrors) e.line += offset;
      for (const e of scans[i].lastErrors) e.line += offset;
      scans[i].badLines = scans[i].badLines.map((l) => l + offset);
    }
  }
  return mergeScans(scans);
}

function runWorker(path: string, from: number, to: number): Promise<AccessScan> {
  // From source (tests, `npm run lab`) the worker is TypeScript: load it through tsx's loader.
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './access-worker.ts' : './access-worker.js', import.meta.url);
  const entry = isTs
    ? `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url.href)}); });`
    : url;
  return new Promise((resolve, reject) => {
    const w = new Worker(entry, { eval: isTs, workerData: { path, from, to } });
    w.once('message', (m: AccessScan) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`access scan worker exited with code ${code}`));
    });
  });
}
