// Reads one candidate for the bundle: through a descriptor opened with the evidence layer's checks (no link
// followed, no FIFO waited on, the file the walk saw: src/evidence/open.ts), decompressed when its name says so
// (with the evidence layer's ratio guard), keeping the newest bytes — the tail — past the per-file cap, cut at a
// line boundary. Private keys and binary files are refused here, before anything is kept.
import { createReadStream, read } from 'node:fs';
import { promisify } from 'node:util';
import { type Codec, codecOfName } from '../evidence/codecs.js';
import { boundedStream, CHUNK_BYTES, DEFAULT_MAX_RATIO } from '../evidence/gzip.js';
import { closeFd, identityOf, openChecked } from '../evidence/open.js';
import { isBinary } from '../evidence/sample.js';
import type { Candidate } from './walk.js';
import type { LineWindow } from './window.js';

const readFd = promisify(read);

export type ReadOutcome = { ok: true; data: Buffer; truncated: boolean; codec?: Codec } | { ok: false; why: string };

const KEY_NAME = /\.key$/i;

/** `-----BEGIN RSA PRIVATE KEY-----`, `-----BEGIN ENCRYPTED PRIVATE KEY-----`, OpenSSH's, PuTTY's own header. */
export function holdsPrivateKey(data: Buffer): boolean {
  for (let at = data.indexOf('PRIVATE KEY-----'); at >= 0; at = data.indexOf('PRIVATE KEY-----', at + 1)) {
    if (data.subarray(Math.max(0, at - 40), at).includes('-----BEGIN ')) return true;
  }
  return data.includes('PuTTY-User-Key-File-');
}

/** Why a file is never collected, from its name alone: a private key. */
export function refusedByName(rel: string): string | undefined {
  return KEY_NAME.test(rel) ? 'a private key (*.key), never collected' : undefined;
}

/** `window`: a filter of the log's lines (--since/--until), applied before the cap keeps the newest bytes. */
export async function readCandidate(c: Candidate, cap: number, window?: LineWindow): Promise<ReadOutcome> {
  const label = `/${c.rel}`;
  let opened: { fd: number; size: number };
  try {
    opened = await openChecked(c.abs, label, identityOf(c.st));
  } catch (err) {
    return { ok: false, why: (err as Error).message.replace(`${label}: `, '') };
  }
  const codec = c.kind === 'log' ? codecOfName(c.rel) : undefined;
  let got: { data: Buffer; truncated: boolean };
  const tail = !codec && !window && opened.size > cap;
  try {
    // The stream owns its descriptor (closes it when done); a tail is read by position and closed here.
    got = tail ? await readTail(opened.fd, opened.size, cap) : await readStream(opened.fd, label, cap, codec, window);
  } catch (err) {
    return { ok: false, why: (err as Error).message.replace(`${label}: `, '') };
  } finally {
    if (tail) await closeFd(opened.fd).catch(() => {});
  }
  if (holdsPrivateKey(got.data)) return { ok: false, why: 'holds a private key, never collected' };
  if (isBinary(got.data.subarray(0, 8192))) return { ok: false, why: 'binary, not a text log or config' };
  return { ok: true, ...got, codec };
}

/** The last `cap` bytes of a plain file, from its first whole line. */
async function readTail(fd: number, size: number, cap: number): Promise<{ data: Buffer; truncated: boolean }> {
  // One byte more than the cap: when it is a newline, the window starts on a line of its own.
  const start = size - cap - 1;
  const buf = Buffer.alloc(cap + 1);
  let got = 0;
  while (got < buf.length) {
    const { bytesRead: n } = await readFd(fd, buf, got, buf.length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return { data: fromLineStart(buf.subarray(0, got)), truncated: true };
}

/** The whole (decoded) stream, or its last `cap` bytes from a line start when it is longer. */
async function readStream(
  fd: number,
  label: string,
  cap: number,
  codec: Codec | undefined,
  window?: LineWindow,
): Promise<{ data: Buffer; truncated: boolean }> {
  const raw = createReadStream('', { fd, highWaterMark: CHUNK_BYTES, autoClose: true });
  let problem: string | undefined;
  const stream = boundedStream(raw, {
    label,
    codec,
    maxRatio: DEFAULT_MAX_RATIO,
    entryCap: Number.POSITIVE_INFINITY,
    onProblem: (p) => {
      problem = p.message;
    },
    ownSource: true,
  });
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let dropped = false;
  try {
    const keep = (chunk: Buffer) => {
      if (chunk.length === 0) return;
      kept.push(chunk);
      keptBytes += chunk.length;
      // Whole chunks fall off the front while what is left still covers the cap.
      while (keptBytes - (kept[0] as Buffer).length >= cap + 1) {
        keptBytes -= (kept.shift() as Buffer).length;
        dropped = true;
      }
    };
    for await (const chunk of stream) keep(window ? window.push(chunk as Buffer) : (chunk as Buffer));
    if (window) keep(window.end());
  } catch (err) {
    throw new Error(problem ?? (err as Error).message);
  }
  const all = Buffer.concat(kept);
  if (!dropped && all.length <= cap) return { data: all, truncated: false };
  return { data: fromLineStart(all.subarray(all.length - cap - 1)), truncated: true };
}

/** `window` without its first partial line: its first byte is the byte before the kept ones. */
function fromLineStart(window: Buffer): Buffer {
  if (window[0] === 0x0a) return window.subarray(1);
  const nl = window.indexOf(0x0a);
  return nl < 0 ? Buffer.alloc(0) : window.subarray(nl + 1);
}
