// The hot-path scanner of Tomcat's logs, as parseTomcat (tomcat-log.ts) reads them: the one-line format of
// Tomcat 8+ (`12-Oct-2014 06:01:40.123 SEVERE [thread] logger message`), the two-line records of Tomcat ≤ 7
// (`Oct 12, 2014 6:01:40 AM class method`, then `SEVERE: message`, a continuation with the level) and tab-indented
// stack frames. The JUL level is in the facts, so SEVERE lines are kept without a literal. Exception lines
// (which parse gives level error by their shape), `... n more` and anything else are UNSURE.

import { monthFromCodes } from './months.js';
import { dotAll, tokenEnd } from './scan-bytes.js';
import { CONTINUATION, type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, two, validParts } from './stamp-bytes.js';

/** JUL levels in the regexes' alternation order, with `: ` or ` ` after them checked by the caller. */
const JUL: readonly [string, number][] = [
  ['SEVERE', 4],
  ['WARNING', 3],
  ['INFO', 1],
  ['CONFIG', 1],
  ['FINE', 0],
  ['FINER', 0],
  ['FINEST', 0],
];

const level = { rank: 0, end: 0 };

/** A JUL level word at p followed by `after`: true with level.rank and level.end (after `after`). */
function julAt(buf: Uint8Array, p: number, end: number, after: string): boolean {
  for (const [word, rank] of JUL) {
    if (bytesAre(buf, p, end, word) && bytesAre(buf, p + word.length, end, after)) {
      level.rank = rank;
      level.end = p + word.length + after.length;
      return true;
    }
  }
  return false;
}

function isMonth(buf: Uint8Array, p: number): number {
  const m = monthFromCodes(buf[p], buf[p + 1], buf[p + 2]);
  return m > 0 && buf[p] <= 0x5a && buf[p + 1] >= 0x61 && buf[p + 2] >= 0x61 ? m : 0;
}

/** ONE_LINE_RE: `dd-Mon-yyyy HH:MM:SS(.mmm)? LEVEL [thread] logger ?msg`. */
function oneLine(buf: Uint8Array, p: number, end: number, f: LineFacts): Verdict {
  if (p + 21 > end || buf[p + 2] !== 0x2d || buf[p + 6] !== 0x2d || buf[p + 11] !== 0x20) return UNSURE;
  if (buf[p + 14] !== 0x3a || buf[p + 17] !== 0x3a) return UNSURE;
  f.day = two(buf, p);
  f.month = isMonth(buf, p + 3);
  const hi = two(buf, p + 7);
  const lo = two(buf, p + 9);
  f.hour = two(buf, p + 12);
  f.minute = two(buf, p + 15);
  f.second = two(buf, p + 18);
  if (hi < 0 || lo < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 || !validParts(f)) return UNSURE;
  f.year = hi * 100 + lo;
  let i = p + 20;
  f.ms = 0;
  if (buf[i] === 0x2e && i + 4 <= end && isDigit(buf[i + 1]) && isDigit(buf[i + 2]) && isDigit(buf[i + 3])) {
    f.ms = (buf[i + 1] - 0x30) * 100 + (buf[i + 2] - 0x30) * 10 + (buf[i + 3] - 0x30);
    i += 4;
  }
  if (i >= end || buf[i] !== 0x20 || !julAt(buf, i + 1, end, ' [')) return UNSURE;
  let t = level.end;
  while (t < end && buf[t] !== 0x5d) t++;
  if (t + 1 >= end || buf[t + 1] !== 0x20) return UNSURE;
  // `(\S+) ?(.*)$`
  if (tokenEnd(buf, t + 2, end, true) < 0 || !dotAll(buf, t + 2, end)) return UNSURE;
  f.level = level.rank;
  return RECORD;
}

function isClassByte(c: number, extra: string): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x24 ||
    c === 0x2e ||
    extra.indexOf(String.fromCharCode(c)) >= 0
  );
}

/** HEADER_RE: `Mon d, yyyy h:MM:SS AM class( method)?` to the end of the line. */
function header(buf: Uint8Array, p: number, end: number, f: LineFacts): Verdict {
  f.month = isMonth(buf, p);
  if (f.month === 0 || buf[p + 3] !== 0x20) return UNSURE;
  let i = p + 4;
  const d = i;
  while (i < end && isDigit(buf[i]) && i - d < 2) i++;
  if (i === d || !bytesAre(buf, i, end, ', ')) return UNSURE;
  f.day = i - d === 1 ? buf[d] - 0x30 : two(buf, d);
  i += 2;
  const y = two(buf, i) * 100 + two(buf, i + 2);
  if (y < 0 || buf[i + 4] !== 0x20) return UNSURE;
  f.year = y;
  i += 5;
  const h = i;
  while (i < end && isDigit(buf[i]) && i - h < 2) i++;
  if (i === h || buf[i] !== 0x3a || i + 9 > end || buf[i + 3] !== 0x3a || buf[i + 6] !== 0x20) return UNSURE;
  const hour12 = (i - h === 1 ? buf[h] - 0x30 : two(buf, h)) % 12;
  f.minute = two(buf, i + 1);
  f.second = two(buf, i + 4);
  const pm = bytesAre(buf, i + 7, end, 'PM ');
  if (!pm && !bytesAre(buf, i + 7, end, 'AM ')) return UNSURE;
  f.hour = pm ? hour12 + 12 : hour12;
  if (f.minute < 0 || f.second < 0 || !validParts(f)) return UNSURE;
  let c = i + 10;
  const cls = c;
  while (c < end && isClassByte(buf[c], '')) c++;
  if (c === cls) return UNSURE;
  if (c < end) {
    if (buf[c] !== 0x20) return UNSURE;
    const m = c + 1;
    c = m;
    while (c < end && isClassByte(buf[c], '<>-')) c++;
    if (c === m || c !== end) return UNSURE;
  }
  return RECORD;
}

export function scanTomcatLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const c = buf[start];
  if (isDigit(c)) return oneLine(buf, start, end, f);
  if (c === 0x09) {
    // FRAME_RE's `\s+at [\w$.<>/-]+\(`
    let i = start;
    while (i < end && (buf[i] === 0x09 || buf[i] === 0x20)) i++;
    if (!bytesAre(buf, i, end, 'at ')) return UNSURE;
    const a = i + 3;
    i = a;
    while (i < end && isClassByte(buf[i], '<>/-')) i++;
    return i > a && i < end && buf[i] === 0x28 ? CONTINUATION : UNSURE;
  }
  if (c >= 0x41 && c <= 0x5a) {
    if (isMonth(buf, start) > 0 && buf[start + 3] === 0x20) return header(buf, start, end, f);
    if (julAt(buf, start, end, ': ')) {
      if (!dotAll(buf, level.end, end)) return UNSURE;
      f.level = level.rank;
      return CONTINUATION;
    }
    if (bytesAre(buf, start, end, 'Caused by: ')) return CONTINUATION;
  }
  return UNSURE;
}
