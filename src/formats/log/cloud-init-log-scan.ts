// The hot-path scanner of /var/log/cloud-init.log, as MODERN_RE (cloud-init-log.ts) reads it:
// `YYYY-MM-DD HH:MM:SS,mmm - module.py[LEVEL]: message`, the level in the facts. The stage banners
// (`Cloud-init v. … running 'init-local'`: a boot) are found by the format's hint; the old syslog-style lines
// are UNSURE.

import { dotAll } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, two, validParts } from './stamp-bytes.js';

const LEVELS: readonly [string, number][] = [
  ['[DEBUG]:', 0],
  ['[INFO]:', 1],
  ['[WARNING]:', 3],
  ['[ERROR]:', 4],
  ['[CRITICAL]:', 5],
];

function isModuleByte(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2e ||
    c === 0x2d
  );
}

export function scanCloudInitLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const p = start;
  if (!isDigit(buf[p]) || p + 22 > end || buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 10] !== 0x20)
    return UNSURE;
  if (buf[p + 13] !== 0x3a || buf[p + 16] !== 0x3a) return UNSURE;
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
  if (buf[i] === 0x2c && i + 4 <= end && isDigit(buf[i + 1]) && isDigit(buf[i + 2]) && isDigit(buf[i + 3])) {
    f.ms = (buf[i + 1] - 0x30) * 100 + (buf[i + 2] - 0x30) * 10 + (buf[i + 3] - 0x30);
    i += 4;
  }
  if (!bytesAre(buf, i, end, ' - ')) return UNSURE;
  const m = i + 3;
  i = m;
  while (i < end && isModuleByte(buf[i])) i++;
  if (i === m || i - m > 64) return UNSURE;
  for (const [word, rank] of LEVELS) {
    if (!bytesAre(buf, i, end, word)) continue;
    if (!dotAll(buf, i, end)) return UNSURE;
    f.level = rank;
    return RECORD;
  }
  return UNSURE;
}
