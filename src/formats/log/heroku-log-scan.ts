// The hot-path scanner of Heroku logs (heroku-log.ts): the application's own lines,
// `2013-06-21T18:47:59.630002+00:00 app[web.1]: message`, with the level levelOf gives them (warning when the
// text names SIGKILL, SIGTERM or Idling, else info), and the router's request lines (logfmt pairs: method,
// path, status, service time, `at=` as the level). Platform lines (`heroku[web.1]`: exit codes, error codes),
// lines that look like them, and drain lines are UNSURE.

import { containsAscii, dotAll } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, two, validParts } from './stamp-bytes.js';

function isDynoByte(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2e ||
    c === 0x2d
  );
}

/** LINE_RE's stamp `YYYY-MM-DDTHH:MM:SS(.f{1,9})?(Z|±hh:?mm)` at p: the index after it, or -1. */
function stampAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 20 > end || buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 10] !== 0x54) return -1;
  if (buf[p + 13] !== 0x3a || buf[p + 16] !== 0x3a) return -1;
  const hi = two(buf, p);
  const lo = two(buf, p + 2);
  f.month = two(buf, p + 5);
  f.day = two(buf, p + 8);
  f.hour = two(buf, p + 11);
  f.minute = two(buf, p + 14);
  f.second = two(buf, p + 17);
  if (hi < 0 || lo < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 || !validParts(f)) return -1;
  f.year = hi * 100 + lo;
  let i = p + 19;
  f.ms = 0;
  if (buf[i] === 0x2e) {
    let k = i + 1;
    while (k < end && isDigit(buf[k])) k++;
    const n = k - i - 1;
    if (n < 1 || n > 9) return -1;
    for (let d = 0; d < 3; d++) f.ms = f.ms * 10 + (d < n ? buf[i + 1 + d] - 0x30 : 0);
    i = k;
  }
  if (buf[i] === 0x5a) {
    f.offset = 0;
    return i + 1;
  }
  if (buf[i] !== 0x2b && buf[i] !== 0x2d) return -1;
  const hh = two(buf, i + 1);
  const colon = buf[i + 3] === 0x3a ? 1 : 0;
  const mm = two(buf, i + 3 + colon);
  if (hh < 0 || mm < 0 || i + 5 + colon > end) return -1;
  f.offset = (buf[i] === 0x2d ? -1 : 1) * (hh * 60 + mm);
  return i + 5 + colon;
}

/** `[\w.-]`, PAIR_RE's key characters (the same as a dyno name's). */
const isKeyByte = isDynoByte;

/** The router line's values that make its request and level: [start, end) of each, start -1 when absent. */
const pairs = { method: -1, methodEnd: 0, path: -1, pathEnd: 0, status: -1, statusEnd: 0 };
const more = { bytes: -1, bytesEnd: 0, service: -1, serviceEnd: 0, at: -1, atEnd: 0 };

/** The value of the pair whose key is [k, e): recorded when it is one routerLine reads (the last one wins). */
function record(buf: Uint8Array, k: number, e: number, v: number, ve: number): void {
  const n = e - k;
  if (n === 6 && bytesAre(buf, k, e, 'method')) {
    pairs.method = v;
    pairs.methodEnd = ve;
  } else if (n === 4 && bytesAre(buf, k, e, 'path')) {
    pairs.path = v;
    pairs.pathEnd = ve;
  } else if (n === 6 && bytesAre(buf, k, e, 'status')) {
    pairs.status = v;
    pairs.statusEnd = ve;
  } else if (n === 5 && bytesAre(buf, k, e, 'bytes')) {
    more.bytes = v;
    more.bytesEnd = ve;
  } else if (n === 7 && bytesAre(buf, k, e, 'service')) {
    more.service = v;
    more.serviceEnd = ve;
  } else if (n === 2 && bytesAre(buf, k, e, 'at')) {
    more.at = v;
    more.atEnd = ve;
  }
}

/** The `at=` value is exactly `word`. */
function atIs(buf: Uint8Array, word: string): boolean {
  return more.at >= 0 && more.atEnd - more.at === word.length && bytesAre(buf, more.at, more.atEnd, word);
}

/**
 * PAIR_RE's matches over [p, end) as matchAll finds them: `key=` then a quoted value (kept without its quotes)
 * or a bare one up to a space or a quote. False when a byte ≥ 0x80 occurs (a Unicode space ends a bare value).
 */
function routerPairs(buf: Uint8Array, p: number, end: number): boolean {
  pairs.method = pairs.path = pairs.status = more.bytes = more.service = more.at = -1;
  let s = p;
  while (s < end) {
    if (buf[s] >= 0x80) return false;
    if (!isKeyByte(buf[s])) {
      s++;
      continue;
    }
    let r = s;
    while (r < end && isKeyByte(buf[r])) r++;
    if (r >= end || buf[r] !== 0x3d) {
      s = r;
      continue;
    }
    const v = r + 1;
    let ve = v;
    if (v < end && buf[v] === 0x22) {
      let q = v + 1;
      while (q < end && buf[q] !== 0x22) q += buf[q] === 0x5c ? 2 : 1;
      if (q < end) {
        record(buf, s, r, v + 1, q);
        s = q + 1;
        continue;
      }
      // no closing quote: `[^\s"]*` matches nothing there
      record(buf, s, r, v, v);
      s = v;
      continue;
    }
    while (ve < end && buf[ve] !== 0x22 && buf[ve] !== 0x20 && (buf[ve] < 0x09 || buf[ve] > 0x0d)) {
      if (buf[ve] >= 0x80) return false;
      ve++;
    }
    record(buf, s, r, v, ve);
    s = ve;
  }
  return true;
}

/** `^\d{n,m}$` on [a, b) with at most 15 digits: the value, -1 when not digits, -2 when too long to be exact. */
function digitsValue(buf: Uint8Array, a: number, b: number): number {
  if (b <= a) return -1;
  for (let i = a; i < b; i++) if (!isDigit(buf[i])) return -1;
  if (b - a > 15) return -2;
  let n = 0;
  for (let i = a; i < b; i++) n = n * 10 + (buf[i] - 0x30);
  return n;
}

/** routerLine and levelOf on a router line's message at [p, end). */
function router(buf: Uint8Array, p: number, end: number, f: LineFacts): Verdict {
  if (!routerPairs(buf, p, end)) return UNSURE;
  if (bytesAre(buf, p, end, 'Error ') || bytesAre(buf, p, end, 'State changed from ')) return UNSURE;
  if (bytesAre(buf, p, end, 'Process exited with status ')) return UNSURE;
  f.level = atIs(buf, 'error') ? 4 : atIs(buf, 'warning') || signal(buf, p, end) ? 3 : atIs(buf, 'info') ? 1 : 2;
  if (pairs.method < 0 && pairs.status < 0) return RECORD;
  if (pairs.method >= 0) {
    f.methodStart = pairs.method;
    f.methodEnd = pairs.methodEnd;
  }
  if (pairs.path >= 0) {
    f.pathStart = pairs.path;
    f.pathEnd = pairs.pathEnd;
  }
  if (pairs.status >= 0 && pairs.statusEnd - pairs.status === 3) {
    const status = digitsValue(buf, pairs.status, pairs.statusEnd);
    if (status >= 0) f.status = status;
  }
  // the checked parse refuses a byte count that is not a safe integer
  if (more.bytes >= 0 && digitsValue(buf, more.bytes, more.bytesEnd) === -2) return UNSURE;
  const service = more.service;
  if (service >= 0 && bytesAre(buf, more.serviceEnd - 2, more.serviceEnd, 'ms') && more.serviceEnd - 2 > service) {
    const ms = digitsValue(buf, service, more.serviceEnd - 2);
    if (ms === -2) return UNSURE;
    if (ms >= 0) f.duration = ms / 1000;
  }
  return RECORD;
}

function signal(buf: Uint8Array, p: number, end: number): boolean {
  return (
    containsAscii(buf, p, end, 'SIGKILL') ||
    containsAscii(buf, p, end, 'SIGTERM') ||
    containsAscii(buf, p, end, 'Idling')
  );
}

export function scanHerokuLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  if (!isDigit(buf[start])) return UNSURE;
  const s = stampAt(buf, start, end, f);
  if (s >= 0 && bytesAre(buf, s, end, ' heroku[router]:')) {
    let m = s + 16;
    if (m < end && buf[m] === 0x20) m++;
    if (!dotAll(buf, m, end)) return UNSURE;
    return router(buf, m, end, f);
  }
  if (s < 0 || !bytesAre(buf, s, end, ' app[')) return UNSURE;
  let i = s + 5;
  while (i < end && isDynoByte(buf[i])) i++;
  if (i === s + 5 || !bytesAre(buf, i, end, ']:')) return UNSURE;
  i += 2;
  if (i < end && buf[i] === 0x20) i++;
  if (!dotAll(buf, i, end)) return UNSURE;
  // levelOf's patterns (and the old router's `Error Hnn (…) -> GET /path`) go to the parser
  if (bytesAre(buf, i, end, 'Error ') || bytesAre(buf, i, end, 'State changed from ')) return UNSURE;
  if (bytesAre(buf, i, end, 'Process exited with status ')) return UNSURE;
  const signal =
    containsAscii(buf, i, end, 'SIGKILL') ||
    containsAscii(buf, i, end, 'SIGTERM') ||
    containsAscii(buf, i, end, 'Idling');
  f.level = signal ? 3 : 1;
  return RECORD;
}
