// The hot-path scanner of Redis logs, as parseRedis (redis-log.ts) reads them: `pid:role dd Mon yyyy
// HH:MM:SS.mmm c msg` (5.0+; 3.x and 4.x without the year) and `[pid] dd Mon HH:MM:SS.mmm c msg` (2.x, no year), the level from the mark
// (Redis has none above warning, so no line is notable without a signature), indented banner lines as
// continuations. Signal-handler lines (an epoch stamp) are UNSURE.
import { monthFromCodes } from './months.js';
import { dotAll } from './scan-bytes.js';
import { CONTINUATION, type LineFacts, NOT_MINE, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { isDigit, two } from './stamp-bytes.js';

/** `.` and `-` debug, `*` notice, `#` warning; -1: not a mark. */
function markRank(c: number): number {
  return c === 0x2e || c === 0x2d ? 0 : c === 0x2a ? 2 : c === 0x23 ? 3 : -1;
}

/** `dd Mon ` with a 1–2 digit day at p (month in MONTH_ALTERNATION's case): the index after it, or -1. */
function dayMonth(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  let i = p;
  while (i < end && isDigit(buf[i]) && i - p < 2) i++;
  if (i === p || buf[i] !== 0x20 || i + 5 > end) return -1;
  f.day = i - p === 1 ? buf[p] - 0x30 : two(buf, p);
  const month = monthFromCodes(buf[i + 1], buf[i + 2], buf[i + 3]);
  if (month === 0 || buf[i + 1] > 0x5a || buf[i + 2] < 0x61 || buf[i + 3] < 0x61 || buf[i + 4] !== 0x20) return -1;
  f.month = month;
  return i + 5;
}

/** `HH:MM:SS(.mmm)? c ` at p: the index of the message, or -1. */
function timeAndMark(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 8 > end || buf[p + 2] !== 0x3a || buf[p + 5] !== 0x3a) return -1;
  f.hour = two(buf, p);
  f.minute = two(buf, p + 3);
  f.second = two(buf, p + 6);
  if (f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60) return -1;
  if (f.day < 1 || f.day > 31) return -1;
  let i = p + 8;
  f.ms = 0;
  if (buf[i] === 0x2e && i + 4 <= end && isDigit(buf[i + 1]) && isDigit(buf[i + 2]) && isDigit(buf[i + 3])) {
    f.ms = (buf[i + 1] - 0x30) * 100 + (buf[i + 2] - 0x30) * 10 + (buf[i + 3] - 0x30);
    i += 4;
  }
  if (i + 3 > end || buf[i] !== 0x20 || buf[i + 2] !== 0x20) return -1;
  const rank = markRank(buf[i + 1]);
  if (rank < 0) return -1;
  f.level = rank;
  return i + 3;
}

/** 1–10 digits at p followed by `stop`: the index of `stop`, or -1. */
function pidEnd(buf: Uint8Array, p: number, end: number, stop: number): number {
  let i = p;
  while (i < end && isDigit(buf[i])) i++;
  return i > p && i - p <= 10 && i < end && buf[i] === stop ? i : -1;
}

function isRole(c: number): boolean {
  return c === 0x58 || c === 0x43 || c === 0x53 || c === 0x4d;
}

export function scanRedisLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const c = buf[start];
  if (c === 0x20) {
    // `line.trim() === ''`: blank; any other ASCII byte makes it a continuation
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b >= 0x80) return UNSURE;
      if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return CONTINUATION;
    }
    return NOT_MINE;
  }
  if (!dotAll(buf, start, end)) return UNSURE;
  let p: number;
  if (c === 0x5b) {
    const e = pidEnd(buf, start + 1, end, 0x5d);
    if (e < 0 || buf[e + 1] !== 0x20) return UNSURE;
    p = dayMonth(buf, e + 2, end, f);
    f.year = Number.NaN;
  } else {
    const e = pidEnd(buf, start, end, 0x3a);
    if (e < 0 || !isRole(buf[e + 1]) || buf[e + 2] !== 0x20) return UNSURE;
    p = dayMonth(buf, e + 3, end, f);
    if (p < 0) return UNSURE;
    // Redis ≥ 5 writes the year; 3.x and 4.x do not (`HH:` follows the month).
    f.year = Number.NaN;
    if (p + 5 <= end && buf[p + 2] !== 0x3a) {
      const hi = two(buf, p);
      const lo = two(buf, p + 2);
      if (hi < 0 || lo < 0 || buf[p + 4] !== 0x20) return UNSURE;
      f.year = hi * 100 + lo;
      p += 5;
    }
  }
  if (p < 0) return UNSURE;
  f.offset = Number.NaN;
  return timeAndMark(buf, p, end, f) < 0 ? UNSURE : RECORD;
}
