// The hot-path scanner of combined/common access lines: the facts `parseAccess` (nginx-access.ts) gives, read off
// the bytes. It follows ACCESS_RE step by step — three `\S+` tokens, the `[$time_local]` stamp, the quoted request
// (backslash escapes), a three-digit status, the byte count, the optional referer and user agent — and the first
// appended token as `$request_time` the way applyTail reads it. Anything it cannot follow exactly is UNSURE.

import { containsAscii, decimalAt, intAt, plainAscii, tokenEnd } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { clfAt, isDigit } from './stamp-bytes.js';

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const UNSURE_QUOTE = -2;

/**
 * The closing quote of a QUOTED field whose content starts at `p` (`"((?:[^"\\]|\\.)*)"`): -1 when there is
 * none, UNSURE_QUOTE when a backslash is followed by what `.` may refuse (a line break, a multi-byte char).
 */
export function closeQuote(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      if (i + 1 >= end) return -1;
      const n = buf[i + 1];
      if (n === 0x0a || n === 0x0d || n >= 0x80) return UNSURE_QUOTE;
      i += 2;
    } else i++;
  }
  return -1;
}

/** splitRequestLine: `METHOD path …` with METHOD `[A-Z]{1,20}`; else neither. */
function requestParts(buf: Uint8Array, p: number, q: number, f: LineFacts): void {
  let m = p;
  while (m < q && buf[m] !== SPACE) m++;
  f.methodStart = f.methodEnd = f.pathStart = f.pathEnd = p;
  if (m === p || m >= q || m - p > 20) return;
  for (let i = p; i < m; i++) if (buf[i] < 0x41 || buf[i] > 0x5a) return;
  f.methodEnd = m;
  let e = m + 1;
  while (e < q && buf[e] !== SPACE) e++;
  f.pathStart = m + 1;
  f.pathEnd = e;
}

/**
 * applyTail's `$request_time`: the first token, bare or quoted, when it is a decimal or `rt=<decimal>`.
 * False when the tail is not one the scanner can follow (non-ASCII, a later `request_time=`, an odd value).
 */
function tailDuration(buf: Uint8Array, p: number, end: number, f: LineFacts): boolean {
  if (!plainAscii(buf, p, end) || containsAscii(buf, p, end, 'request_time=')) return false;
  let a = p;
  while (a < end && buf[a] === SPACE) a++;
  if (a >= end) return true;
  let b = a;
  while (b < end && buf[b] !== SPACE) b++;
  // The token without a pair of enclosing quotes.
  if (b - a > 1 && buf[a] === QUOTE && buf[b - 1] === QUOTE) {
    a++;
    b--;
  }
  let eq = a;
  while (eq < b && buf[eq] !== 0x3d) eq++;
  if (eq < b && eq > a) {
    if (eq - a !== 2 || buf[a] !== 0x72 || buf[a + 1] !== 0x74) return true; // another key: no duration
    // rt=value, with one leading and one trailing quote dropped
    let va = eq + 1;
    let vb = b;
    if (va < vb && buf[va] === QUOTE) va++;
    if (vb > va && buf[vb - 1] === QUOTE) vb--;
    if (vb === va || (vb - va === 1 && buf[va] === 0x2d)) return true;
    f.duration = decimalAt(buf, va, vb);
    return !Number.isNaN(f.duration);
  }
  if (!isDigit(buf[a])) return true; // /^\d+\.\d+$/ fails on it
  // A bare integer (another server's %D or %T) is no duration, as applyTail reads it.
  let dot = a;
  while (dot < b && buf[dot] !== 0x2e) dot++;
  if (dot === b) return true;
  const d = decimalAt(buf, a, b);
  if (!Number.isNaN(d)) f.duration = d;
  // Digits that are not exactly that shape (`12x`, `1.2.3`) give no duration; too many digits: unsure.
  return !Number.isNaN(d) || !allDigits(buf, a, b);
}

function allDigits(buf: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isDigit(buf[i]) && buf[i] !== 0x2e) return false;
  return true;
}

export function scanNginxAccess(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  // $remote_addr $ident $remote_user, then `[`
  const a = tokenEnd(buf, start, end);
  if (a < 0) return UNSURE;
  f.clientStart = start;
  f.clientEnd = a;
  const b = tokenEnd(buf, a + 1, end);
  if (b < 0) return UNSURE;
  const c = tokenEnd(buf, b + 1, end);
  if (c < 0 || buf[c + 1] !== 0x5b) return UNSURE;
  const stampEnd = clfAt(buf, c + 2, end, f, true);
  if (stampEnd < 0 || stampEnd + 3 > end) return UNSURE;
  if (buf[stampEnd] !== 0x5d || buf[stampEnd + 1] !== SPACE || buf[stampEnd + 2] !== QUOTE) return UNSURE;
  const reqStart = stampEnd + 3;
  const reqEnd = closeQuote(buf, reqStart, end);
  if (reqEnd < 0) return UNSURE;
  requestParts(buf, reqStart, reqEnd, f);
  // ` ddd ` status, then `\d+|-` followed by the end or a space
  let p = reqEnd + 1;
  if (p + 5 > end || buf[p] !== SPACE || buf[p + 4] !== SPACE) return UNSURE;
  const status = intAt(buf, p + 1, p + 4);
  if (status < 0) return UNSURE;
  p += 5;
  let q = p;
  while (q < end && buf[q] !== SPACE) q++;
  if (!(q - p === 1 && buf[p] === 0x2d) && intAt(buf, p, q) < 0) return UNSURE;
  f.status = status;
  if (q >= end) return RECORD;
  // ` "$http_referer" "$http_user_agent"`: taken when both are there, as the optional group of ACCESS_RE
  if (q + 1 < end && buf[q + 1] === QUOTE) {
    const refEnd = closeQuote(buf, q + 2, end);
    if (refEnd < 0 || refEnd + 2 >= end || buf[refEnd + 1] !== SPACE || buf[refEnd + 2] !== QUOTE) return UNSURE;
    const uaEnd = closeQuote(buf, refEnd + 3, end);
    if (uaEnd < 0) return UNSURE;
    q = uaEnd + 1;
  }
  return tailDuration(buf, q, end, f) ? RECORD : UNSURE;
}
