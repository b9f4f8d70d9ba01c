// The hot-path scanner of Heroku logs (heroku-log.ts): the application's own lines,
// `2013-06-21T18:47:59.630002+00:00 app[web.1]: message`, with the level levelOf gives them (warning when the
// text names SIGKILL, SIGTERM or Idling, else info). Router and platform lines (`heroku[…]`: logfmt pairs,
// exit codes, error codes) and app lines that look like them, and drain lines, are UNSURE.

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

export function scanHerokuLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  if (!isDigit(buf[start])) return UNSURE;
  const s = stampAt(buf, start, end, f);
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
