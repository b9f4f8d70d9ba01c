// The hot path's view of one line: what a format's Buffer scanner fills in without making a string. A scanner
// answers for the common shapes of its format and says UNSURE for anything else, so the line goes through the
// string parser; whatever it does answer must equal what `parse` would say (checked by the tests on every sample,
// fixture and corpus line, and by the fuzz harness).

/** The scanner cannot tell: parse the line as a string. */
export const UNSURE = 0;
/** A record of this format (parse() would return a line that is not a continuation). */
export const RECORD = 1;
/** A continuation of the record above (parse() would return `continuation: true`). */
export const CONTINUATION = 2;
/** Not a line of this format (parse() would return null): counted as skipped. */
export const NOT_MINE = 3;

export type Verdict = typeof UNSURE | typeof RECORD | typeof CONTINUATION | typeof NOT_MINE;

/** Level ranks: debug 0 … critical 5 (model/event.ts Level order); NO_LEVEL when the line states none. */
export const NO_LEVEL = -1;

export interface LineFacts {
  /** Wall-clock parts as written; `month` NaN when the line carries no time. `year` NaN when it has none. */
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC the line states; NaN when it states none. */
  offset: number;
  /** Seconds since boot (dmesg); NaN when absent. */
  uptime: number;
  /** The level parse() gives when no notable hint occurs in the line (NO_LEVEL: none). */
  level: number;
  /** HTTP status of a request line, -1 when the line is not one. */
  status: number;
  /** Request duration in seconds; NaN when absent. */
  duration: number;
  /** Byte ranges in the buffer (start === end when absent). */
  methodStart: number;
  methodEnd: number;
  pathStart: number;
  pathEnd: number;
  /** The termination state of a proxy session line (HAProxy `cD`), when the format has one. */
  termStart: number;
  termEnd: number;
  /** The client's address of a request line, when the format has one. */
  clientStart: number;
  clientEnd: number;
}

export type FastScan = (buf: Uint8Array, start: number, end: number, facts: LineFacts) => Verdict;

export function newFacts(): LineFacts {
  return {
    year: Number.NaN,
    month: Number.NaN,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    ms: 0,
    offset: Number.NaN,
    uptime: Number.NaN,
    level: NO_LEVEL,
    status: -1,
    duration: Number.NaN,
    methodStart: 0,
    methodEnd: 0,
    pathStart: 0,
    pathEnd: 0,
    termStart: 0,
    termEnd: 0,
    clientStart: 0,
    clientEnd: 0,
  };
}

/** Resets what a scanner may leave unset. */
export function resetFacts(f: LineFacts): void {
  f.year = Number.NaN;
  f.month = Number.NaN;
  f.ms = 0;
  f.offset = Number.NaN;
  f.uptime = Number.NaN;
  f.level = NO_LEVEL;
  f.status = -1;
  f.duration = Number.NaN;
  f.methodStart = f.methodEnd = f.pathStart = f.pathEnd = 0;
  f.termStart = f.termEnd = 0;
  f.clientStart = f.clientEnd = 0;
}
