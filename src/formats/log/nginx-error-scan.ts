// The hot-path scanner of nginx error_log lines, as ERROR_RE (nginx-error.ts) reads them: the zone-less
// `YYYY/MM/DD HH:MM:SS` stamp, the `[level]` (the facts' level, so error lines are kept without a literal),
// `pid#tid: ` and the optional `*connection `. Numbers longer than 15 digits (a pid the checked parse may refuse)
// and line breaks in the message (where `(.*)$` fails) are UNSURE.

import { dotAll } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, slashDateAt } from './stamp-bytes.js';

const LEVELS: readonly [string, number][] = [
  ['[debug] ', 0],
  ['[info] ', 1],
  ['[notice] ', 2],
  ['[warn] ', 3],
  ['[error] ', 4],
  ['[crit] ', 5],
  ['[alert] ', 5],
  ['[emerg] ', 5],
];

/** End of a run of 1–15 digits at p, or -1. */
function digits(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  while (i < end && isDigit(buf[i])) i++;
  return i === p || i - p > 15 ? -1 : i;
}

export function scanNginxError(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const stamp = slashDateAt(buf, start, end, f);
  if (stamp < 0 || stamp >= end || buf[stamp] !== 0x20) return UNSURE;
  let p = stamp + 1;
  let level = -1;
  for (const [word, rank] of LEVELS) {
    if (bytesAre(buf, p, end, word)) {
      level = rank;
      p += word.length;
      break;
    }
  }
  if (level < 0) return UNSURE;
  const pid = digits(buf, p, end);
  if (pid < 0 || pid >= end || buf[pid] !== 0x23) return UNSURE;
  const tid = digits(buf, pid + 1, end);
  if (tid < 0 || !bytesAre(buf, tid, end, ': ')) return UNSURE;
  p = tid + 2;
  if (p < end && buf[p] === 0x2a) {
    // `*connection ` when digits and a space follow; else the message starts with the `*`
    let i = p + 1;
    while (i < end && isDigit(buf[i])) i++;
    if (i > p + 1 && i < end && buf[i] === 0x20 && digits(buf, p + 1, end) < 0) return UNSURE;
  }
  if (!dotAll(buf, p, end)) return UNSURE;
  f.level = level;
  return RECORD;
}
