// The hot-path scanners of Node's output, bare (node-log.ts) and as PM2 writes it (pm2-log.ts): the optional stamp
// prefix each parser reads, then withNodeDetails' verdict on the message — a continuation (indented frames,
// closing braces, carets, GC traces) or a record, with the level Node states (process warnings, FATAL
// ERROR) are read too; PM2's daemon lines and `pm2 logs` prefixes are UNSURE: the parser reads them.

import { dotAll } from './scan-bytes.js';
import { CONTINUATION, type LineFacts, NOT_MINE, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, isoAt } from './stamp-bytes.js';

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** `line.trim() === ''`: 1 blank, 0 not, -1 unsure (only bytes ≥ 0x80 besides spaces: Unicode spaces?). */
function blank(buf: Uint8Array, start: number, end: number): number {
  let high = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c >= 0x80) high = true;
    else if (!isAsciiSpace(c)) return 0;
  }
  return high ? -1 : 1;
}

function allOf(buf: Uint8Array, p: number, end: number, set: string): boolean {
  for (let i = p; i < end; i++) if (set.indexOf(String.fromCharCode(buf[i])) < 0) return false;
  return true;
}

/** `^\^+ *$` from p. */
function caretLine(buf: Uint8Array, p: number, end: number): boolean {
  let i = p;
  while (i < end && buf[i] === 0x5e) i++;
  while (i < end && buf[i] === 0x20) i++;
  return i === end;
}

const TRACE_WARNINGS_HINT = '(Use `node --trace-warnings ...` to show where the warning was created)';
const JS_STACKTRACE = '<--- JS stacktrace --->';

/** The whole of [p, end) is `literal`. */
function exactly(buf: Uint8Array, p: number, end: number, literal: string): boolean {
  return end - p === literal.length && bytesAre(buf, p, end, literal);
}

function digitRun(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  while (i < end && isDigit(buf[i])) i++;
  return i;
}

/** NODE_VERSION_FOOTER_RE `^Node\.js v\d{1,3}\.\d{1,3}\.\d{1,3}$`. */
function versionFooter(buf: Uint8Array, p: number, end: number): boolean {
  if (!bytesAre(buf, p, end, 'Node.js v')) return false;
  let i = p + 9;
  for (let part = 0; part < 3; part++) {
    const d = digitRun(buf, i, end);
    if (d === i || d - i > 3) return false;
    i = d;
    if (part < 2) {
      if (i >= end || buf[i] !== 0x2e) return false;
      i++;
    }
  }
  return i === end;
}

/** GC_TRACE_RE `^\[(\d+):0x[0-9a-f]{1,16}\] +\d`: 1 match, 0 none, -1 unsure (a pid that may not be safe). */
function gcTrace(buf: Uint8Array, p: number, end: number): number {
  const d = digitRun(buf, p + 1, end);
  if (d === p + 1 || !bytesAre(buf, d, end, ':0x')) return 0;
  let h = d + 3;
  while (h < end && ((buf[h] >= 0x30 && buf[h] <= 0x39) || (buf[h] >= 0x61 && buf[h] <= 0x66))) h++;
  if (h === d + 3 || h - d - 3 > 16 || h >= end || buf[h] !== 0x5d) return 0;
  let i = h + 1;
  while (i < end && buf[i] === 0x20) i++;
  if (i === h + 1 || i >= end || !isDigit(buf[i])) return 0;
  return d - p - 1 > 15 ? -1 : 1;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * PROCESS_WARNING_RE `^\(node:(\d+)\) (?:\[([A-Z]{2,8}\d{1,6})\] )?([A-Za-z]{0,64}Warning|Warning): ?(.*)$`:
 * 1 match, 0 none, -1 unsure.
 */
function processWarning(buf: Uint8Array, p: number, end: number): number {
  if (!bytesAre(buf, p, end, '(node:')) return 0;
  const d = digitRun(buf, p + 6, end);
  if (d === p + 6 || !bytesAre(buf, d, end, ') ')) return 0;
  let i = d + 2;
  if (i < end && buf[i] === 0x5b) {
    let k = i + 1;
    while (k < end && buf[k] >= 0x41 && buf[k] <= 0x5a) k++;
    const letters = k - i - 1;
    const e = digitRun(buf, k, end);
    if (letters < 2 || letters > 8 || e === k || e - k > 6 || !bytesAre(buf, e, end, '] ')) return 0;
    i = e + 2;
  }
  let w = i;
  while (w < end && isLetter(buf[w])) w++;
  // `Warning` ends the run of letters (a colon must follow it), after at most 64 others
  if (w - i < 7 || w - i - 7 > 64 || !bytesAre(buf, w - 7, end, 'Warning') || w >= end || buf[w] !== 0x3a) return 0;
  if (!dotAll(buf, w, end)) return -1;
  return d - p - 6 > 15 ? -1 : 1;
}

/**
 * withNodeDetails' verdict on the message at [p, end), and its level into `f` unless a logger's level word
 * already set one (which parseNode keeps).
 */
export function nodeMessage(buf: Uint8Array, p: number, end: number, f: LineFacts, keepLevel: boolean): Verdict {
  if (p >= end) return RECORD;
  const c = buf[p];
  if (c === 0x20 || c === 0x09) return CONTINUATION;
  if (c === 0x7d || c === 0x5d) return allOf(buf, p + 1, end, ']}),;') ? CONTINUATION : RECORD;
  if (c === 0x5e) return caretLine(buf, p, end) ? CONTINUATION : RECORD;
  if (c === 0x4e) return versionFooter(buf, p, end) ? CONTINUATION : RECORD;
  if (c === 0x3c) return exactly(buf, p, end, JS_STACKTRACE) ? CONTINUATION : RECORD;
  if (c === 0x5b) {
    const gc = gcTrace(buf, p, end);
    return gc < 0 ? UNSURE : gc > 0 ? CONTINUATION : RECORD;
  }
  if (c === 0x28) {
    if (exactly(buf, p, end, TRACE_WARNINGS_HINT)) return CONTINUATION;
    const w = processWarning(buf, p, end);
    if (w < 0) return UNSURE;
    if (w > 0 && !keepLevel) f.level = 3;
    return RECORD;
  }
  if (c === 0x46 && bytesAre(buf, p, end, 'FATAL ERROR: ') && !keepLevel) f.level = 5;
  return RECORD;
}

function clearTime(f: LineFacts): void {
  f.year = f.month = f.offset = Number.NaN;
  f.ms = 0;
}

/** `new Date().toISOString()` then a space (pm2-log's JS_ISO_STAMP), at `p`, given isoAt ended at `i`. */
function jsIsoStamp(buf: Uint8Array, p: number, i: number): boolean {
  if (i !== p + 24 || buf[p + 10] !== 0x54 || buf[p + 19] !== 0x2e || buf[p + 23] !== 0x5a) return false;
  return isDigit(buf[p + 20]) && isDigit(buf[p + 21]) && isDigit(buf[p + 22]) && buf[p + 24] === 0x20;
}

export function scanPm2Log(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const b = blank(buf, start, end);
  if (b !== 0) return b > 0 ? NOT_MINE : UNSURE;
  let msg = start;
  const c = buf[start];
  if (c >= 0x30 && c <= 0x39) {
    // `0|api | …` (pm2 logs)
    let d = start;
    while (d < end && d - start < 7 && buf[d] >= 0x30 && buf[d] <= 0x39) d++;
    if (d < end && buf[d] === 0x7c && d - start <= 6) return UNSURE;
    const i = isoAt(buf, start, end, f);
    if (i >= 0 && i < end && buf[i] === 0x3a && (i + 1 === end || buf[i + 1] === 0x20)) msg = Math.min(end, i + 2);
    else if (i >= 0 && i < end && buf[i] === 0x20 && jsIsoStamp(buf, start, i)) msg = i + 1;
    else clearTime(f);
  }
  if (bytesAre(buf, msg, end, 'PM2') || bytesAre(buf, start, end, 'PM2')) return UNSURE;
  return nodeMessage(buf, msg, end, f, false);
}

const LEVEL_WORDS: readonly [string, number][] = [
  // In LEVEL_WORD_RE's order: the regex tries the alternatives left to right.
  ['trace', 0],
  ['debug', 0],
  ['info', 1],
  ['notice', 2],
  ['warn', 3],
  ['warning', 3],
  ['error', 4],
  ['err', 4],
  ['fatal', 5],
  ['crit', 5],
  ['critical', 5],
];

/** LEVEL_WORD_RE `^\[?(words)\]?:? ` (ASCII case-insensitive) at p: the index after it, or -1. */
function levelWordAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  const open = p < end && buf[p] === 0x5b ? p + 1 : p;
  for (const [word, rank] of LEVEL_WORDS) {
    let i = open;
    let k = 0;
    while (k < word.length && i < end && (buf[i] | 0x20) === word.charCodeAt(k) && isLetter(buf[i])) {
      i++;
      k++;
    }
    if (k < word.length) continue;
    if (i < end && buf[i] === 0x5d) i++;
    if (i < end && buf[i] === 0x3a) i++;
    if (i < end && buf[i] === 0x20) {
      f.level = rank;
      return i + 1;
    }
    // Backtracking over the optional `]` and `:` (`warn:x` cannot end in a space either way).
  }
  return -1;
}

export function scanNodeLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const b = blank(buf, start, end);
  if (b !== 0) return b > 0 ? NOT_MINE : UNSURE;
  const bracketed = buf[start] === 0x5b;
  const at = bracketed ? start + 1 : start;
  let i = at < end && buf[at] >= 0x30 && buf[at] <= 0x39 ? isoAt(buf, at, end, f) : -1;
  if (bracketed && i >= 0) i = i < end && buf[i] === 0x5d ? i + 1 : -1;
  if (i < 0 || (i < end && buf[i] !== 0x20)) {
    clearTime(f);
    return nodeMessage(buf, start, end, f, false);
  }
  let msg = Math.min(end, i + 1);
  const level = levelWordAt(buf, msg, end, f);
  if (level >= 0) msg = level;
  // A logger's level word wins over what Node's text says; without one, Node's levelled lines are UNSURE.
  return nodeMessage(buf, msg, end, f, level >= 0);
}
