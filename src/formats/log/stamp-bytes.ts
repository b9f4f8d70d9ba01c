// Timestamp readers on raw bytes, shared by the formats' hot-path scanners. Each reads one shape at a position
// and returns the index just after it, or -1 when the bytes are not that shape; they never allocate. They accept
// exactly what the string parsers accept for the same shape, or less (a scanner says UNSURE on -1).
import { monthFromCodes } from './months.js';
import type { LineFacts } from './scan-types.js';

const ZERO = 0x30;

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= 0x39;
}

/** Two decimal digits at `i`, or a large negative number when either is not a digit. */
export function two(buf: Uint8Array, i: number): number {
  const a = buf[i] - ZERO;
  const b = buf[i + 1] - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1000;
}

export function four(buf: Uint8Array, i: number): number {
  const hi = two(buf, i);
  const lo = two(buf, i + 2);
  return hi >= 0 && lo >= 0 ? hi * 100 + lo : -1000;
}

function isWordByte(c: number): boolean {
  // \w in a JS regex without the u flag: [A-Za-z0-9_]
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** The same range checks as the string parsers' validTime. */
export function validParts(f: LineFacts): boolean {
  return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= 31 && f.hour <= 23 && f.minute <= 59 && f.second <= 60;
}

/**
 * `2022-07-11T14:02:17.123+00:00` and the variants parseIsoStamp (syslog.ts) accepts: `T` or space, seconds
 * optional, `.` or `,` fraction of 1–9 digits, then optionally ` `? and `Z`, `±hh`, `±hhmm` or `±hh:mm` not
 * followed by a word character. Fills year…ms and offset (NaN when none). `requireT` as parseIsoStamp's.
 */
export function isoAt(buf: Uint8Array, p: number, end: number, f: LineFacts, requireT = false): number {
  if (p + 16 > end) return -1;
  const year = four(buf, p);
  if (year < 0 || buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 13] !== 0x3a) return -1;
  const sep = buf[p + 10];
  if (sep !== 0x54 && (requireT || sep !== 0x20)) return -1;
  const month = two(buf, p + 5);
  const day = two(buf, p + 8);
  const hour = two(buf, p + 11);
  const minute = two(buf, p + 14);
  if (month < 0 || day < 0 || hour < 0 || minute < 0) return -1;
  let i = p + 16;
  let second = 0;
  let ms = 0;
  if (i + 2 < end + 0 && buf[i] === 0x3a && two(buf, i + 1) >= 0) {
    second = two(buf, i + 1);
    i += 3;
    if (i < end && (buf[i] === 0x2e || buf[i] === 0x2c) && i + 1 < end && isDigit(buf[i + 1])) {
      ms = fractionMs(buf, i + 1, end, 9);
      i = fractionEnd(buf, i + 1, end, 9);
    }
  }
  f.year = year;
  f.month = month;
  f.day = day;
  f.hour = hour;
  f.minute = minute;
  f.second = second;
  f.ms = ms;
  f.offset = Number.NaN;
  if (!validParts(f)) return -1;
  return offsetAfter(buf, i, end, f);
}

/** The optional ` ?(Z|±hh(:?mm)?)(?!\w)` after an ISO stamp; returns the end of the stamp. */
function offsetAfter(buf: Uint8Array, i: number, end: number, f: LineFacts): number {
  let k = i;
  if (k < end && buf[k] === 0x20) k++;
  if (k >= end) return i;
  const c = buf[k];
  if (c === 0x5a) {
    if (k + 1 < end && isWordByte(buf[k + 1])) return i;
    f.offset = 0;
    return k + 1;
  }
  if (c !== 0x2b && c !== 0x2d) return i;
  const hh = k + 2 < end ? two(buf, k + 1) : -1000;
  if (hh < 0) return i;
  let stop = k + 3;
  let mm = 0;
  // Greedy like the regex: `:mm` or `mm` when present, else the hours alone.
  // The `:mm` needs three bytes inside the range: reading buf[end] would take the next line's byte for a digit.
  if (stop + 3 <= end && buf[stop] === 0x3a && two(buf, stop + 1) >= 0) {
    if (!(stop + 3 < end && isWordByte(buf[stop + 3]))) {
      mm = two(buf, stop + 1);
      stop += 3;
      return finishOffset(buf, stop, end, c, hh, mm, f, i);
    }
  }
  if (stop + 1 < end && two(buf, stop) >= 0 && !(stop + 2 < end && isWordByte(buf[stop + 2]))) {
    mm = two(buf, stop);
    stop += 2;
    return finishOffset(buf, stop, end, c, hh, mm, f, i);
  }
  if (stop < end && isWordByte(buf[stop])) return i;
  return finishOffset(buf, stop, end, c, hh, 0, f, i);
}

function finishOffset(
  _buf: Uint8Array,
  stop: number,
  _end: number,
  sign: number,
  hh: number,
  mm: number,
  f: LineFacts,
  _i: number,
): number {
  // offsetFromText: hours > 23 or minutes > 59 leave the offset unknown, the stamp still ends here.
  if (hh <= 23 && mm <= 59) f.offset = (sign === 0x2d ? -1 : 1) * (hh * 60 + mm);
  return stop;
}

/**
 * `Jul 11 14:02:17` (day padded with a space or a zero) with an optional `.ffffff` of 1–6 digits, as
 * RFC 3164 syslog writes it. No year, no offset.
 */
export function bsdAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 15 > end) return -1;
  const month = monthFromCodes(buf[p], buf[p + 1], buf[p + 2]);
  if (month === 0 || !isUpperAscii(buf[p]) || buf[p + 3] !== 0x20) return -1;
  if (!isLowerAscii(buf[p + 1]) || !isLowerAscii(buf[p + 2])) return -1;
  const d0 = buf[p + 4];
  const d1 = buf[p + 5];
  if (!isDigit(d1) || (d0 !== 0x20 && !isDigit(d0))) return -1;
  const day = (d0 === 0x20 ? 0 : d0 - ZERO) * 10 + (d1 - ZERO);
  if (buf[p + 6] !== 0x20 || buf[p + 9] !== 0x3a || buf[p + 12] !== 0x3a) return -1;
  const hour = two(buf, p + 7);
  const minute = two(buf, p + 10);
  const second = two(buf, p + 13);
  if (hour < 0 || minute < 0 || second < 0) return -1;
  let i = p + 15;
  let ms = 0;
  if (i < end && buf[i] === 0x2e && i + 1 < end && isDigit(buf[i + 1])) {
    ms = fractionMs(buf, i + 1, end, 6);
    i = fractionEnd(buf, i + 1, end, 6);
  }
  f.year = Number.NaN;
  f.month = month;
  f.day = day;
  f.hour = hour;
  f.minute = minute;
  f.second = second;
  f.ms = ms;
  f.offset = Number.NaN;
  return validParts(f) ? i : -1;
}

function isUpperAscii(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function isLowerAscii(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** `10/Oct/2000:13:55:36 -0700` (CLF `$time_local`), with an optional `.mmm` (HAProxy's accept date has no zone). */
export function clfAt(buf: Uint8Array, p: number, end: number, f: LineFacts, withZone: boolean): number {
  if (p + 20 > end) return -1;
  if (buf[p + 2] !== 0x2f || buf[p + 6] !== 0x2f || buf[p + 11] !== 0x3a || buf[p + 14] !== 0x3a) return -1;
  if (buf[p + 17] !== 0x3a) return -1;
  const day = two(buf, p);
  const month = monthFromCodes(buf[p + 3], buf[p + 4], buf[p + 5]);
  const year = four(buf, p + 7);
  const hour = two(buf, p + 12);
  const minute = two(buf, p + 15);
  const second = two(buf, p + 18);
  if (day < 0 || month === 0 || year < 0 || hour < 0 || minute < 0 || second < 0) return -1;
  // The parsers' MONTH_ALTERNATION is case-sensitive (`Jul`, never `jul` or `JUL`).
  if (!isUpperAscii(buf[p + 3]) || !isLowerAscii(buf[p + 4]) || !isLowerAscii(buf[p + 5])) return -1;
  f.year = year;
  f.month = month;
  f.day = day;
  f.hour = hour;
  f.minute = minute;
  f.second = second;
  f.ms = 0;
  f.offset = Number.NaN;
  let i = p + 20;
  if (withZone) {
    if (i + 6 > end || buf[i] !== 0x20) return -1;
    const sign = buf[i + 1];
    const hh = two(buf, i + 2);
    const mm = two(buf, i + 4);
    if ((sign !== 0x2b && sign !== 0x2d) || hh < 0 || mm < 0) return -1;
    f.offset = (sign === 0x2d ? -1 : 1) * (hh * 60 + mm);
    i += 6;
  }
  return validParts(f) ? i : -1;
}

/** `2022/07/11 14:01:27` (nginx error_log): local time with a year, no zone. */
export function slashDateAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 19 > end) return -1;
  if (buf[p + 4] !== 0x2f || buf[p + 7] !== 0x2f || buf[p + 10] !== 0x20) return -1;
  if (buf[p + 13] !== 0x3a || buf[p + 16] !== 0x3a) return -1;
  const year = four(buf, p);
  const month = two(buf, p + 5);
  const day = two(buf, p + 8);
  const hour = two(buf, p + 11);
  const minute = two(buf, p + 14);
  const second = two(buf, p + 17);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return -1;
  f.year = year;
  f.month = month;
  f.day = day;
  f.hour = hour;
  f.minute = minute;
  f.second = second;
  f.ms = 0;
  f.offset = Number.NaN;
  return validParts(f) ? p + 19 : -1;
}

/** Compares bytes at `p` with an ASCII literal. */
export function bytesAre(buf: Uint8Array, p: number, end: number, literal: string): boolean {
  if (p + literal.length > end) return false;
  for (let i = 0; i < literal.length; i++) if (buf[p + i] !== literal.charCodeAt(i)) return false;
  return true;
}

/** Index of the first `byte` in [p, end), or -1. */
export function indexOfByte(buf: Uint8Array, byte: number, p: number, end: number): number {
  for (let i = p; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

/** Milliseconds of the decimal fraction at `p` (up to `max` digits, the first three count: "5" → 500). */
function fractionMs(buf: Uint8Array, p: number, end: number, max: number): number {
  let ms = 0;
  const stop = fractionEnd(buf, p, end, max);
  for (let k = p; k < p + 3; k++) ms = ms * 10 + (k < stop ? buf[k] - ZERO : 0);
  return ms;
}

/** Where the fraction's digits at `p` end (at most `max` of them). */
function fractionEnd(buf: Uint8Array, p: number, end: number, max: number): number {
  let k = p;
  while (k < end && k - p < max && isDigit(buf[k])) k++;
  return k;
}
