// The hot-path scanner of haproxy_ctld's Ruby Logger lines (haproxy-ctld.ts):
// `I, [2014-10-13T07:14:48.857616 #74934]  INFO -- : message`, the level in the facts. The add-gear and
// remove-gear lines (numbers in fields) are UNSURE.

import { dotAll } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, two, validParts } from './stamp-bytes.js';

const LEVELS: readonly [string, number][] = [
  ['DEBUG -- ', 0],
  ['INFO -- ', 1],
  ['WARN -- ', 3],
  ['ERROR -- ', 4],
  ['FATAL -- ', 5],
  ['ANY -- ', 1],
];

function isMark(c: number): boolean {
  return c === 0x44 || c === 0x49 || c === 0x57 || c === 0x45 || c === 0x46 || c === 0x41;
}

export function scanHaproxyCtld(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const p = start + 4;
  if (!isMark(buf[start]) || !bytesAre(buf, start + 1, end, ', [') || p + 21 > end) return UNSURE;
  if (buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 10] !== 0x54 || buf[p + 13] !== 0x3a) return UNSURE;
  if (buf[p + 16] !== 0x3a) return UNSURE;
  const hi = two(buf, p);
  const lo = two(buf, p + 2);
  f.month = two(buf, p + 5);
  f.day = two(buf, p + 8);
  f.hour = two(buf, p + 11);
  f.minute = two(buf, p + 14);
  f.second = two(buf, p + 17);
  if (hi < 0 || lo < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 || !validParts(f)) return UNSURE;
  f.year = hi * 100 + lo;
  let i = p + 19;
  f.ms = 0;
  if (buf[i] === 0x2e) {
    let k = i + 1;
    while (k < end && isDigit(buf[k])) k++;
    const n = k - i - 1;
    if (n < 1 || n > 9) return UNSURE;
    for (let d = 0; d < 3; d++) f.ms = f.ms * 10 + (d < n ? buf[i + 1 + d] - 0x30 : 0);
    i = k;
  }
  if (!bytesAre(buf, i, end, ' #')) return UNSURE;
  // the pid: a safe integer for the checked parse
  let k = i + 2;
  while (k < end && isDigit(buf[k])) k++;
  if (k === i + 2 || k - i - 2 > 15 || !bytesAre(buf, k, end, '] ')) return UNSURE;
  i = k + 2;
  while (i < end && buf[i] === 0x20) i++;
  for (const [word, rank] of LEVELS) {
    if (!bytesAre(buf, i, end, word)) continue;
    let c = i + word.length;
    while (c < end && buf[c] !== 0x3a) c++;
    if (c >= end || !dotAll(buf, start, end)) return UNSURE;
    c++;
    if (c < end && buf[c] === 0x20) c++;
    if (bytesAre(buf, c, end, 'add-gear') || bytesAre(buf, c, end, 'remove-gear')) return UNSURE;
    f.level = rank;
    return RECORD;
  }
  return UNSURE;
}
