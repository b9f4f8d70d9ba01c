// The hot-path scanner of MySQL/MariaDB error logs: MODERN_RE's stamp (fraction, `Z` or `±hh:mm`, MariaDB's
// space-padded hour), the thread
// id and LEVEL_RE's `[Level] ` as parseMysql (mysql-log.ts) reads them, the level in the facts (so [ERROR]
// lines are kept without a literal). MariaDB's `Version: '…'` line is a continuation, other lines without a
// leading digit are not MySQL's. Legacy YYMMDD stamps and lines without a level are UNSURE.

import { dotAll } from './scan-bytes.js';
import { CONTINUATION, type LineFacts, NOT_MINE, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, two } from './stamp-bytes.js';

const LEVELS: readonly [string, number][] = [
  ['[Note] ', 1],
  ['[Warning] ', 3],
  ['[ERROR] ', 4],
  ['[Error] ', 4],
  ['[System] ', 1],
  ['[Info] ', 1],
];

/** `YYYY-MM-DD[T ]HH:MM:SS(.f{1,6})?(Z|±hh:mm)?` at start: the index after it, or -1. */
function stampAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 19 > end || buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 13] !== 0x3a || buf[p + 16] !== 0x3a)
    return -1;
  if (buf[p + 10] !== 0x54 && buf[p + 10] !== 0x20) return -1;
  const hi = two(buf, p);
  const lo = two(buf, p + 2);
  f.month = two(buf, p + 5);
  f.day = two(buf, p + 8);
  // MariaDB's space-padded hour (` 7`) after the space separator only, as MODERN_RE reads it.
  const padded = buf[p + 10] === 0x20 && buf[p + 11] === 0x20 && isDigit(buf[p + 12]);
  f.hour = padded ? buf[p + 12] - 0x30 : two(buf, p + 11);
  f.minute = two(buf, p + 14);
  f.second = two(buf, p + 17);
  if (hi < 0 || lo < 0 || f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour < 0 || f.hour > 23)
    return -1;
  if (f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60) return -1;
  f.year = hi * 100 + lo;
  let i = p + 19;
  f.ms = 0;
  if (i < end && buf[i] === 0x2e) {
    let k = i + 1;
    while (k < end && isDigit(buf[k])) k++;
    const n = k - i - 1;
    if (n < 1 || n > 6) return -1;
    for (let d = 0; d < 3; d++) f.ms = f.ms * 10 + (d < n ? buf[i + 1 + d] - 0x30 : 0);
    i = k;
  }
  f.offset = Number.NaN;
  if (i < end && buf[i] === 0x5a) {
    f.offset = 0;
    return i + 1;
  }
  if (i + 6 <= end && (buf[i] === 0x2b || buf[i] === 0x2d) && buf[i + 3] === 0x3a) {
    const hh = two(buf, i + 1);
    const mm = two(buf, i + 4);
    if (hh < 0 || mm < 0) return -1;
    // offsetFromText: out-of-range parts leave the offset unknown
    if (hh <= 23 && mm <= 59) f.offset = (buf[i] === 0x2d ? -1 : 1) * (hh * 60 + mm);
    return i + 6;
  }
  return i;
}

export function scanMysqlLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const c = buf[start];
  if (!isDigit(c)) return bytesAre(buf, start, end, "Version: '") ? CONTINUATION : NOT_MINE;
  if (buf[start + 4] !== 0x2d || !dotAll(buf, start, end)) return UNSURE;
  let i = stampAt(buf, start, end, f);
  // ` +(?:(\d{1,20}) +)?`
  if (i < 0 || i >= end || buf[i] !== 0x20) return UNSURE;
  while (i < end && buf[i] === 0x20) i++;
  let k = i;
  while (k < end && isDigit(buf[k])) k++;
  if (k > i && k < end && buf[k] === 0x20) {
    if (k - i > 20) return UNSURE;
    i = k;
    while (i < end && buf[i] === 0x20) i++;
  }
  for (const [word, rank] of LEVELS) {
    if (bytesAre(buf, i, end, word)) {
      f.level = rank;
      return RECORD;
    }
  }
  return UNSURE;
}
