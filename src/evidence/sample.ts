// A look at the head of an entry for format detection, without losing it: the returned stream replays
// the sample and then continues with the rest (tar members can be read only once, so this matters).
import { Readable } from 'node:stream';
import { isReportedError } from './gzip.js';

export const DEFAULT_SAMPLE_BYTES = 64 * 1024;
/** How much of the head decides "binary" (the same window `file(1)` and git use for their guess). */
export const BINARY_WINDOW_BYTES = 8 * 1024;

export interface Sniffed {
  /** The head: at most `bytes`, cut after `lines` lines when asked. */
  sample: Buffer;
  binary: boolean;
  /** The whole content again, sample first. Read this instead of the original stream. */
  stream: Readable;
  /** The stream ended within the sample (the sample is the whole content, or all that could be read). */
  ended: boolean;
  /** The read problem met within the sample, if any (already reported by the walk when it came from it). */
  error?: string;
}

export interface SniffOptions {
  bytes?: number;
  lines?: number;
}

/**
 * NUL bytes, or more than 10% control characters, in the first 8 KiB. Tab, CR, LF, FF, VT and ESC
 * count as text: ESC starts the ANSI colour codes that pm2 and many dev servers write into their logs.
 */
export function isBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, BINARY_WINDOW_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 32 && (b < 9 || b > 13) && b !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** The first `n` lines of a sample as text (for detectors that look at lines). */
export function sampleLines(sample: Buffer, n: number, encoding: 'utf8' | 'latin1' = 'utf8'): string[] {
  const out: string[] = [];
  let pos = 0;
  while (out.length < n && pos < sample.length) {
    let nl = sample.indexOf(10, pos);
    if (nl === -1) nl = sample.length;
    const end = nl > pos && sample[nl - 1] === 13 ? nl - 1 : nl;
    out.push(sample.toString(encoding, pos, end));
    pos = nl + 1;
  }
  return out;
}

/** Reads the head of `stream` and hands back a stream that replays it, then continues. */
export async function sniff(stream: Readable, opts: SniffOptions = {}): Promise<Sniffed> {
  const maxBytes = opts.bytes ?? DEFAULT_SAMPLE_BYTES;
  const maxLines = opts.lines ?? Number.POSITIVE_INFINITY;
  const chunks: Buffer[] = [];
  let have = 0;
  let newlines = 0;
  let ended = false;
  let error: unknown;
  // Kept for the whole sniff: an 'error' emitted while nobody listens would end the process.
  const keepError = (err: Error) => {
    error ??= err;
  };
  stream.on('error', keepError);
  while (have < maxBytes && newlines < maxLines) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      have += chunk.length;
      if (maxLines !== Number.POSITIVE_INFINITY) newlines += countNewlines(chunk);
      continue;
    }
    if (stream.readableEnded || stream.destroyed || error !== undefined) {
      ended = true;
      error ??= stream.errored ?? undefined;
      break;
    }
    const outcome = await new Promise<'readable' | 'end' | Error>((resolve) => {
      const onReadable = () => done('readable');
      const onEnd = () => done('end');
      const onError = (err: Error) => done(err);
      const done = (v: 'readable' | 'end' | Error) => {
        stream.off('readable', onReadable);
        stream.off('end', onEnd);
        stream.off('error', onError);
        resolve(v);
      };
      stream.on('readable', onReadable);
      stream.on('end', onEnd);
      stream.on('error', onError);
    });
    if (outcome === 'end') {
      ended = true;
      break;
    }
    if (outcome instanceof Error) {
      ended = true;
      error = outcome;
      break;
    }
  }
  if (error === undefined) stream.off('error', keepError);
  const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, have);
  const sample = cutSample(head, maxBytes, maxLines);
  let replay: Readable;
  if (error !== undefined) {
    const err = error;
    replay = Readable.from(
      (async function* () {
        if (head.length > 0) yield head;
        throw err;
      })(),
      { objectMode: false },
    );
  } else if (ended) {
    replay = Readable.from(head.length > 0 ? [head] : [], { objectMode: false });
  } else {
    if (head.length > 0) stream.unshift(head);
    replay = stream;
  }
  return {
    sample,
    binary: isBinary(sample),
    stream: replay,
    ended,
    error:
      error === undefined
        ? undefined
        : isReportedError(error)
          ? error.message
          : String((error as Error).message ?? error),
  };
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i !== -1) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

function cutSample(head: Buffer, maxBytes: number, maxLines: number): Buffer {
  let end = Math.min(head.length, maxBytes);
  if (maxLines !== Number.POSITIVE_INFINITY) {
    let seen = 0;
    let i = head.indexOf(10);
    while (i !== -1 && i < end) {
      if (++seen === maxLines) {
        end = i + 1;
        break;
      }
      i = head.indexOf(10, i + 1);
    }
  }
  return head.subarray(0, end);
}
