// "What preceded each restart": the application's own lines in the minute before a restart, newest last. Which
// restarts there are is known only once every file is read, so an application's output is indexed as it is read —
// for each second (or, in output without stamps, each lifetime) the last few lines, as byte offsets into the file
// (read back from its descriptor at the end) or, for a stream that cannot be read again, as text within a budget.
import { clip } from '../report/redact.js';

// The index is columns of typed arrays, not an object per line: at 20,000 runs of 15 lines per file an object per
// line held 100+ MB of a 1 GB bundle's read. The lines are in fixed chunks (never one large block that grows by
// doubling: freed large blocks raise the C allocator's mmap threshold and stay in the process), and the chunks are
// transferred from the worker threads, not copied.
export const LINES_PER_RUN = 15;
/** Text of one line as "what preceded" quotes it. */
export const PRECEDING_CHARS = 300;
/** Runs kept per file (~300k lines, ~10 MiB); past this its later seconds are not indexed. */
export const MAX_RUNS = 20_000;
/** Bytes of text kept for a stream's index. */
export const TEXT_BUDGET = 8 * 1024 * 1024;

/** `slot` of a run placed by its second. */
export const NO_SLOT = -2147483648;
/**
 * Numbers per indexed line: placed time (NaN until its slot is placed), offset, and line number × LEN_SPAN + length
 * (a line is at most 64 KiB, and line numbers stay below 2^33: exact in a double).
 */
const STRIDE = 3;
const LEN_SPAN = 2 ** 20;
const RUN_SLOTS = LINES_PER_RUN * STRIDE;
/** Runs per chunk of `lines` (240 KB: below the size at which the allocator maps memory of its own). */
const CHUNK_RUNS = 256;
const CHUNK_SHIFT = 8;

/** The runs of one piece or file: plain data (typed arrays), so it crosses threads as it is. */
export interface RunIndex {
  count: number;
  /** Epoch second of run r's lines, or NaN when they are placed by their slot. */
  second: Float64Array;
  /** NO_SLOT, -1: before the piece's first stamp, or k ≥ 0: the k-th lifetime of untimed output. */
  slot: Int32Array;
  /** Lines in run r (at most LINES_PER_RUN), and where its oldest is in its ring of LINES_PER_RUN. */
  size: Uint8Array;
  head: Uint8Array;
  /** Run r's ring in chunk r >> CHUNK_SHIFT at [(r % CHUNK_RUNS) * RUN_SLOTS, …+ RUN_SLOTS), STRIDE numbers a line. */
  chunks: Float64Array[];
  /** Kept text of the ring's lines (streams only), at r * LINES_PER_RUN + ring position. */
  texts?: (string | undefined)[];
}

export function newRunIndex(capacity = 0, keepText = false): RunIndex {
  return {
    count: 0,
    second: new Float64Array(capacity),
    slot: new Int32Array(capacity),
    size: new Uint8Array(capacity),
    head: new Uint8Array(capacity),
    chunks: [],
    texts: keepText ? [] : undefined,
  };
}

/** Room for `runs` runs (amortised doubling). */
function reserve(ix: RunIndex, runs: number): void {
  while (ix.chunks.length * CHUNK_RUNS < runs) ix.chunks.push(new Float64Array(CHUNK_RUNS * RUN_SLOTS));
  if (runs <= ix.second.length) return;
  const cap = Math.max(runs, ix.second.length * 2, CHUNK_RUNS);
  const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number, make: (n: number) => T): T => {
    const b = make(n);
    b.set(a);
    return b;
  };
  ix.second = grow(ix.second, cap, (n) => new Float64Array(n));
  ix.slot = grow(ix.slot, cap, (n) => new Int32Array(n));
  ix.size = grow(ix.size, cap, (n) => new Uint8Array(n));
  ix.head = grow(ix.head, cap, (n) => new Uint8Array(n));
}

/** The same run: the same second (or both placed by slot) and the same slot. */
function sameRun(ix: RunIndex, r: number, second: number, slot: number): boolean {
  const s = ix.second[r];
  return (s === second || (Number.isNaN(s) && Number.isNaN(second))) && ix.slot[r] === slot;
}

function openRun(ix: RunIndex, second: number, slot: number): number {
  reserve(ix, ix.count + 1);
  const r = ix.count++;
  ix.second[r] = second;
  ix.slot[r] = slot;
  ix.size[r] = 0;
  ix.head[r] = 0;
  return r;
}

/** Ring position of a new line in run r: the next free one, or the oldest (evicted) once full. */
function pushPosition(ix: RunIndex, r: number): number {
  const size = ix.size[r];
  if (size < LINES_PER_RUN) {
    ix.size[r] = size + 1;
    return (ix.head[r] + size) % LINES_PER_RUN;
  }
  const pos = ix.head[r];
  ix.head[r] = (pos + 1) % LINES_PER_RUN;
  return pos;
}

function putLine(ix: RunIndex, r: number, pos: number, time: number, line: number, offset: number, end: number) {
  const at = (r & (CHUNK_RUNS - 1)) * RUN_SLOTS + pos * STRIDE;
  const l = ix.chunks[r >> CHUNK_SHIFT];
  l[at] = time;
  l[at + 1] = offset;
  l[at + 2] = line * LEN_SPAN + (end - offset);
}

/** The k-th oldest line of run r: its index in its chunk. */
function lineAt(ix: RunIndex, r: number, k: number): number {
  return (r & (CHUNK_RUNS - 1)) * RUN_SLOTS + ((ix.head[r] + k) % LINES_PER_RUN) * STRIDE;
}

/** Its index in `texts`. */
function textAt(ix: RunIndex, r: number, k: number): number {
  return r * LINES_PER_RUN + ((ix.head[r] + k) % LINES_PER_RUN);
}

export interface RunLine {
  time: number;
  line: number;
  offset: number;
  end: number;
  /** The text kept (streams). */
  text?: string;
}

/** The k-th oldest line of run r. */
export function runLine(ix: RunIndex, r: number, k: number): RunLine {
  const l = ix.chunks[r >> CHUNK_SHIFT];
  const at = lineAt(ix, r, k);
  const packed = l[at + 2];
  const len = packed % LEN_SPAN;
  const line = (packed - len) / LEN_SPAN;
  return { time: l[at], line, offset: l[at + 1], end: l[at + 1] + len, text: ix.texts?.[textAt(ix, r, k)] };
}

/** The buffers of an index, to transfer rather than copy to another thread. */
export function buffersOf(ix: RunIndex): ArrayBuffer[] {
  return [ix.second, ix.slot, ix.size, ix.head, ...ix.chunks].map((a) => a.buffer as ArrayBuffer);
}

export class PrecedingIndex {
  readonly runs: RunIndex;
  full = false;
  private textBytes = 0;

  /** `maxRuns`: what the file can still use of this piece's runs (fewer once earlier pieces filled the file's). */
  constructor(
    private readonly keepText: boolean,
    private readonly maxRuns = MAX_RUNS,
  ) {
    this.runs = newRunIndex(0, keepText);
  }

  /** A line at `time` (or in `slot` when not timed); `text` its text, when the caller decoded it already. */
  add(time: number, slot: number | undefined, line: number, offset: number, end: number, text: () => string): void {
    if (this.full) return;
    const ix = this.runs;
    const second = Number.isFinite(time) ? Math.floor(time / 1000) : Number.NaN;
    const runSlot = Number.isFinite(time) || slot === undefined ? NO_SLOT : slot;
    let r = ix.count - 1;
    if (r < 0 || !sameRun(ix, r, second, runSlot)) {
      if (ix.count >= this.maxRuns) {
        this.full = true;
        return;
      }
      r = openRun(ix, second, runSlot);
    }
    const evicts = ix.size[r] >= LINES_PER_RUN;
    const pos = pushPosition(ix, r);
    putLine(ix, r, pos, time, line, offset, end);
    if (!this.keepText) return;
    const t = text();
    const kept = clip(t, PRECEDING_CHARS);
    const texts = ix.texts as (string | undefined)[];
    const i = r * LINES_PER_RUN + pos;
    this.textBytes += kept.length;
    if (evicts) this.textBytes -= (texts[i] ?? '').length;
    if (this.textBytes > TEXT_BUDGET) this.full = true;
    texts[i] = kept;
  }

  /** The runs, trimmed to their count (a typed array crosses threads whole, used or not). */
  result(): RunIndex {
    const ix = this.runs;
    const n = ix.count;
    return {
      count: n,
      second: ix.second.slice(0, n),
      slot: ix.slot.slice(0, n),
      size: ix.size.slice(0, n),
      head: ix.head.slice(0, n),
      chunks: ix.chunks.slice(0, (n + CHUNK_RUNS - 1) >> CHUNK_SHIFT),
      texts: ix.texts,
    };
  }
}

/** Line numbers of a later piece's runs shifted by the lines before it. */
export function shiftRunLines(ix: RunIndex, by: number): void {
  for (let r = 0; r < ix.count; r++)
    for (let k = 0; k < ix.size[r]; k++) ix.chunks[r >> CHUNK_SHIFT][lineAt(ix, r, k) + 2] += by * LEN_SPAN;
}

/** Runs placed by a slot get their time (when `timeOf` knows it). */
export function placeRunSlots(ix: RunIndex, timeOf: (slot: number) => number): void {
  for (let r = 0; r < ix.count; r++) {
    if (ix.slot[r] === NO_SLOT) continue;
    const t = timeOf(ix.slot[r]);
    if (!Number.isFinite(t)) continue;
    ix.second[r] = Math.floor(t / 1000);
    ix.slot[r] = NO_SLOT;
    for (let k = 0; k < ix.size[r]; k++) ix.chunks[r >> CHUNK_SHIFT][lineAt(ix, r, k)] = t;
  }
}

/** Copies the k-th oldest line of `from`'s run r as the newest of `into`'s run q. */
function copyLine(into: RunIndex, q: number, from: RunIndex, r: number, k: number): void {
  const src = lineAt(from, r, k);
  const l = from.chunks[r >> CHUNK_SHIFT];
  const pos = pushPosition(into, q);
  into.chunks[q >> CHUNK_SHIFT].set(l.subarray(src, src + STRIDE), (q & (CHUNK_RUNS - 1)) * RUN_SLOTS + pos * STRIDE);
  if (into.texts) into.texts[q * LINES_PER_RUN + pos] = from.texts?.[textAt(from, r, k)];
}

/**
 * Appends a later piece's runs: a second that spans the cut is one run (the last LINES_PER_RUN lines of both
 * halves); a file read whole indexes its first MAX_RUNS seconds only, and so does a file read in pieces.
 */
export function appendRuns(into: RunIndex, later: RunIndex): void {
  const last = into.count - 1;
  const same = last >= 0 && later.count > 0 && sameRun(into, last, later.second[0], later.slot[0]);
  if (same) for (let k = 0; k < later.size[0]; k++) copyLine(into, last, later, 0, k);
  for (let r = same ? 1 : 0; r < later.count && into.count < MAX_RUNS; r++) {
    const q = openRun(into, later.second[r], later.slot[r]);
    for (let k = 0; k < later.size[r]; k++) copyLine(into, q, later, r, k);
  }
}
