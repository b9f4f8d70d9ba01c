// Byte readers shared by the formats' hot-path scanners (stamps are in stamp-bytes.ts). Each mirrors one piece of
// regex or Number() semantics exactly, or answers "unsure" (a negative index, NaN) where it cannot be exact
// without decoding: JavaScript's `\s` and `.` know Unicode spaces and line separators, bytes ≥ 0x80 are not judged.

/** Returned by readers for bytes they cannot judge (the scanner then says UNSURE). */
export const UNSURE_AT = -2;

/** 10^k for k ≤ 22: exact doubles, so digits / 10^k is the correctly rounded value Number() gives. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** A byte `\s` would match, or one that may start a multi-byte char `\s` matches (any byte ≥ 0x80). */
function spaceOrUnknown(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x80;
}

/**
 * End of the `\S+` run at `p` when a plain space (or the range end, with `endOk`) follows it; -1 when the run is
 * empty or ends on another ASCII space; UNSURE_AT on a byte ≥ 0x80 (it might be U+00A0, U+2028 …).
 */
export function tokenEnd(buf: Uint8Array, p: number, end: number, endOk = false): number {
  let i = p;
  while (i < end && !spaceOrUnknown(buf[i])) i++;
  if (i < end && buf[i] >= 0x80) return UNSURE_AT;
  if (i === p) return -1;
  if (i === end) return endOk ? i : -1;
  return buf[i] === 0x20 ? i : -1;
}

/** True when [p, end) holds no byte `.` of a regex refuses (\n, \r, U+2028/9) and no byte ≥ 0x80 at all. */
export function plainAscii(buf: Uint8Array, p: number, end: number): boolean {
  for (let i = p; i < end; i++) {
    const c = buf[i];
    if (c >= 0x80 || c === 0x0a || c === 0x0d) return false;
  }
  return true;
}

/**
 * The value Number() gives `\d+(\.\d+)?` at [p, q) exactly (digits over a power of ten, both exact doubles), or
 * NaN when it is not that shape or has more than 15 digits (where int arithmetic could round).
 */
export function decimalAt(buf: Uint8Array, p: number, q: number): number {
  let int = 0;
  let digits = 0;
  let frac = -1;
  for (let i = p; i < q; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x39) {
      int = int * 10 + (c - 0x30);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 0x2e && frac < 0 && i > p && i + 1 < q) frac = 0;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  return frac > 0 ? int / POW10[frac] : int;
}

/** An unsigned integer of 1–15 digits at [p, q) (a safe integer), or -1. */
export function intAt(buf: Uint8Array, p: number, q: number): number {
  if (q <= p || q - p > 15) return -1;
  let n = 0;
  for (let i = p; i < q; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** True when [p, p + literal.length) holds the ASCII literal anywhere in [p, end). */
export function containsAscii(buf: Uint8Array, p: number, end: number, literal: string): boolean {
  const first = literal.charCodeAt(0);
  const n = literal.length;
  outer: for (let i = p; i + n <= end; i++) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < n; k++) if (buf[i + k] !== literal.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

/**
 * True when [p, end) decodes to no char that a regex `.` refuses: \n, \r, U+2028, U+2029 (E2 80 A8/A9 always
 * decode to those, even after a broken sequence, since E2 is never a continuation byte).
 */
export function dotAll(buf: Uint8Array, p: number, end: number): boolean {
  for (let i = p; i < end; i++) {
    const c = buf[i];
    // one comparison for nearly every byte
    if (c > 0x0d && c !== 0xe2) continue;
    if (c === 0x0a || c === 0x0d) return false;
    if (c === 0xe2 && buf[i + 1] === 0x80 && (buf[i + 2] === 0xa8 || buf[i + 2] === 0xa9) && i + 2 < end) return false;
  }
  return true;
}
