// Bounded retention with exact counts. For each file and kind of notable line (a signature, or an error level
// without one) the read path keeps the first K, the last K and a uniform sample of K lines — whatever the number
// of lines. The three are chosen by the line's byte offset in its file and a hash of it, never by the order lines
// arrive in, so a file read in one piece or split across workers keeps exactly the same lines (the sketches of its
// pieces merge). The last K are kept raw and turned into events only when they survive the merge.
import type { LogEvent } from '../model/event.js';
import type { PendingRecord } from './records.js';

export const KEEP_EACH = 100;

/** The sketch of a file's requests answered 5xx: not events of the timeline, read for their durations only. */
export const SERVER_ERRORS = 'request:5xx';

/** A record kept before it is known to survive: turned into an event only if it is still among the last K. */
export interface RawLine {
  offset: number;
  hash: number;
  record: PendingRecord;
}

export interface Kept {
  offset: number;
  hash: number;
  event: LogEvent;
  /** The record it was built from (its slot places it when its time is not known yet). */
  record: PendingRecord;
}

export interface SketchData {
  count: number;
  first: Kept[];
  /** Sorted by offset ascending; at most KEEP_EACH. */
  last: RawLine[];
  /** The KEEP_EACH lines of smallest hash, in no particular order. */
  sample: Kept[];
  /** Index in `sample` of its largest member once full (the one a better line replaces). */
  worst: number;
}

export function newSketch(): SketchData {
  return { count: 0, first: [], last: [], sample: [], worst: -1 };
}

/** splitmix32 of the offset, salted by the file: a uniform, reproducible rank for the sample. */
export function rankOf(offset: number, salt: number): number {
  let z = (Math.floor(offset / 4294967296) ^ (offset >>> 0) ^ salt) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  // Offsets above 2^32 fold in the high word; mix once more so neighbouring lines do not collide.
  return (Math.imul(z ^ (offset & 0xffff), 0x27d4eb2d) ^ salt) >>> 0;
}

export function saltOf(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Sample order: smaller hash first, then smaller offset — so the sample is a function of the set of lines. */
function before(a: { hash: number; offset: number }, b: { hash: number; offset: number }): boolean {
  return a.hash < b.hash || (a.hash === b.hash && a.offset < b.offset);
}

function worstSample(s: SketchData): number {
  let worst = 0;
  for (let i = 1; i < s.sample.length; i++) if (before(s.sample[worst], s.sample[i])) worst = i;
  return worst;
}

/** What the sketch needs to know of a new line, to build the event only when it is kept. */
export interface Offer {
  offset: number;
  hash: number;
  /** The full event, built on demand. */
  event(): LogEvent;
  record: PendingRecord;
}

/**
 * Offers a line (lines arrive in increasing offset order within one piece). Returns the event when it was built
 * (kept in `first` or `sample`), so a record can keep growing it with its continuation lines.
 */
export function offer(s: SketchData, o: Offer): LogEvent | undefined {
  s.count++;
  let built: LogEvent | undefined;
  if (s.first.length < KEEP_EACH) {
    built = o.event();
    s.first.push({ offset: o.offset, hash: o.hash, event: built, record: o.record });
  }
  if (s.sample.length < KEEP_EACH) {
    built ??= o.event();
    s.sample.push({ offset: o.offset, hash: o.hash, event: built, record: o.record });
    if (s.sample.length === KEEP_EACH) s.worst = worstSample(s);
  } else if (before(o, s.sample[s.worst])) {
    built ??= o.event();
    s.sample[s.worst] = { offset: o.offset, hash: o.hash, event: built, record: o.record };
    s.worst = worstSample(s);
  }
  if (s.last.length >= KEEP_EACH) s.last.shift();
  s.last.push({ offset: o.offset, hash: o.hash, record: o.record });
  return built;
}

/** Merges the sketch of a later piece of the same file into `into`. */
export function mergeSketch(into: SketchData, later: SketchData): void {
  into.count += later.count;
  for (const k of later.first) {
    if (into.first.length >= KEEP_EACH) break;
    into.first.push(k);
  }
  for (const k of later.sample) {
    if (into.sample.length < KEEP_EACH) {
      into.sample.push(k);
      if (into.sample.length === KEEP_EACH) into.worst = worstSample(into);
    } else if (before(k, into.sample[into.worst])) {
      into.sample[into.worst] = k;
      into.worst = worstSample(into);
    }
  }
  into.last.push(...later.last);
  if (into.last.length > KEEP_EACH) into.last.splice(0, into.last.length - KEEP_EACH);
}
