// The hot path of `investigate`: splits a byte stream into lines. Works on Buffers with indexOf(10) and
// decodes only when asked (one string per line in readLines, none in forEachLineBuffer). Lines end at
// "\n" with an optional "\r" before it; a last line without newline counts; NUL bytes and invalid UTF-8
// pass through (decoded as U+FFFD); overlong lines are cut at the cap and reported once per file.
import type { Readable } from 'node:stream';
import { formatBytes, isReportedError, printable } from './gzip.js';
import type { InputProblem } from './types.js';

/** Default cap on one line: real log lines are far shorter; longer ones are dumps or binary noise. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

export interface LineOptions {
  /** Display path, for the overlong-line message. */
  path?: string;
  maxLineBytes?: number;
  encoding?: 'utf8' | 'latin1';
  onProblem?: (p: InputProblem) => void;
}

export interface LineStats {
  lines: number;
  bytes: number;
  /** Lines cut at the cap. */
  truncated: number;
  /** Set when the stream ended with a problem the walk already reported (cap, truncated gzip). */
  error?: string;
}

export interface Line {
  line: string;
  lineNo: number;
}

const LF = 10;
const CR = 13;

/**
 * Calls onLine(buf, start, end, lineNo) for each line; `buf[start..end)` is the line without its
 * terminator, valid only during the call. Resolves with counts; rejects only on errors the walk did not
 * report (an I/O error of a stream that did not come from the walk).
 */
export async function forEachLineBuffer(
  stream: Readable | AsyncIterable<Buffer>,
  onLine: (buf: Buffer, start: number, end: number, lineNo: number) => void,
  opts: LineOptions = {},
): Promise<LineStats> {
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const stats: LineStats = { lines: 0, bytes: 0, truncated: 0 };
  // A line spanning chunks: its first bytes, at most max + 1 (room for a "\r" before the "\n").
  let carry: Buffer | null = null;
  let carryLen = 0;
  let carryOver = false;
  let firstTruncated = 0;

  const emit = (buf: Buffer, start: number, end: number, over: boolean) => {
    stats.lines++;
    if (end > start && buf[end - 1] === CR) end--;
    if (over || end - start > max) {
      end = start + Math.min(end - start, max);
      stats.truncated++;
      if (firstTruncated === 0) firstTruncated = stats.lines;
    }
    onLine(buf, start, end, stats.lines);
  };
  const append = (chunk: Buffer, start: number, end: number) => {
    const room = max + 1 - carryLen;
    const take = Math.min(room, end - start);
    if (take < end - start) carryOver = true;
    if (take <= 0) return;
    if (!carry) carry = Buffer.allocUnsafe(Math.min(max + 1, Math.max(256, (end - start) * 2)));
    if (carry.length < carryLen + take) {
      const bigger = Buffer.allocUnsafe(Math.min(max + 1, Math.max(carry.length * 2, carryLen + take)));
      carry.copy(bigger, 0, 0, carryLen);
      carry = bigger;
    }
    chunk.copy(carry, carryLen, start, start + take);
    carryLen += take;
  };
  const flushCarry = () => {
    if (carry && (carryLen > 0 || carryOver)) emit(carry, 0, carryLen, carryOver);
    else if (carryOver) emit(Buffer.alloc(0), 0, 0, true);
    carryLen = 0;
    carryOver = false;
  };
  let pendingLine = false;

  try {
    for await (const data of stream) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
      stats.bytes += chunk.length;
      let pos = 0;
      if (pendingLine) {
        const nl = chunk.indexOf(LF);
        if (nl === -1) {
          append(chunk, 0, chunk.length);
          continue;
        }
        append(chunk, 0, nl);
        flushCarry();
        pendingLine = false;
        pos = nl + 1;
      }
      let nl = chunk.indexOf(LF, pos);
      while (nl !== -1) {
        emit(chunk, pos, nl, false);
        pos = nl + 1;
        nl = chunk.indexOf(LF, pos);
      }
      if (pos < chunk.length) {
        append(chunk, pos, chunk.length);
        pendingLine = true;
      }
    }
  } catch (err) {
    if (!isReportedError(err)) throw err;
    stats.error = err.message;
  } finally {
    if (pendingLine) flushCarry();
    if (stats.truncated > 0 && opts.onProblem) {
      const where = printable(opts.path ?? '<input>');
      opts.onProblem({
        path: opts.path ?? '<input>',
        message: `${where}:${firstTruncated}: line longer than ${formatBytes(max)} truncated${stats.truncated > 1 ? ` (${stats.truncated} lines)` : ''}`,
      });
    }
  }
  return stats;
}

/**
 * Lines as strings, in batches (one per chunk read, so the per-line cost stays a decode and a push).
 * Ends quietly, after the lines read before it, on a problem the walk already reported.
 */
export async function* readLines(
  stream: Readable | AsyncIterable<Buffer>,
  opts: LineOptions = {},
): AsyncGenerator<Line[]> {
  const encoding = opts.encoding ?? 'utf8';
  let batch: Line[] = [];
  const queue: Line[][] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let resumeProducer: (() => void) | undefined;
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;

  // The splitter pushes a batch per chunk and waits while one is unconsumed, keeping memory bounded.
  const source = (async function* () {
    for await (const chunk of stream) {
      yield chunk as Buffer;
      if (batch.length > 0) {
        queue.push(batch);
        batch = [];
        wake?.();
        if (queue.length > 1) await new Promise<void>((r) => (resumeProducer = r));
      }
    }
  })();
  const producer = forEachLineBuffer(
    source,
    (buf, start, end, lineNo) => {
      if (encoding === 'utf8' && end - start === max) end = utf8Boundary(buf, start, end);
      batch.push({ line: buf.toString(encoding, start, end), lineNo });
    },
    opts,
  ).then(
    () => {
      done = true;
      wake?.();
    },
    (err) => {
      failure = err;
      done = true;
      wake?.();
    },
  );
  while (true) {
    const next = queue.shift();
    if (next) {
      const r = resumeProducer;
      resumeProducer = undefined;
      r?.();
      yield next;
      continue;
    }
    if (done) {
      if (batch.length > 0) {
        const last = batch;
        batch = [];
        yield last;
      }
      break;
    }
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
  await producer;
  if (failure) throw failure;
}

/** Moves a cut back so that it does not split a UTF-8 sequence (which would decode as U+FFFD). */
function utf8Boundary(buf: Buffer, start: number, end: number): number {
  let i = end;
  while (i > start && (buf[i - 1] & 0xc0) === 0x80 && end - i < 3) i--;
  if (i > start && buf[i - 1] >= 0xc0) {
    const lead = buf[i - 1];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (end - (i - 1) < need) return i - 1;
  }
  return end;
}
