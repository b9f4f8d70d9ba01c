// The hot-path scanner of syslog files: RFC 3164 (`Jul 11 13:59:43.123456 host tag[pid]: msg`) and the RFC 3339
// first token of rsyslog's high-precision format and journalctl short-iso, as parseSyslog (syslog.ts) reads them:
// the stamp, the host, the `tag[pid]:` (a pid beyond 2^53 makes the checked parse refuse the line) and, for the
// kernel's lines, the `[uptime]` stamp. Lines with a `<PRI>` (which states a level), journal markers, lines
// without a host or a tag, localised or unpadded stamps and anything else are UNSURE. syslog states no level without a PRI; the `Linux version` banner is the one notable
// line, and its literal is the format's hint.

import { decimalAt, dotAll, tokenEnd } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bsdAt, bytesAre, isoAt } from './stamp-bytes.js';

const SPACE = 0x20;

/** What the tag reader found: not a tag, a tag, or the kernel's tag. */
export const NO_TAG = 0;
export const TAG = 1;
export const KERNEL_TAG = 2;

/** ASCII `\s`. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isTagByte(c: number): boolean {
  // [^\s:[\]] on ASCII; bytes ≥ 0x80 are not judged here
  return c < 0x80 && !isSpace(c) && c !== 0x3a && c !== 0x5b && c !== 0x5d;
}

/**
 * TAG_RE at `p`: `([^\s:[\]]{1,128})(?:\[([^\]\s]{0,32})\])?: ?`. Returns the start of the message (with the
 * tag kind in `tagged.kind`), or -1 when unsure (a non-ASCII byte, a pid the checked parse would refuse).
 */
export function tagAt(buf: Uint8Array, p: number, end: number, tag: { kind: number }): number {
  tag.kind = NO_TAG;
  let i = p;
  while (i < end && isTagByte(buf[i])) i++;
  if (i < end && buf[i] >= 0x80) return -1;
  const nameEnd = i;
  if (i === p || i - p > 128 || i >= end) return p;
  if (buf[i] === 0x5b) {
    let k = i + 1;
    let digits = true;
    while (k < end && buf[k] !== 0x5d && !isSpace(buf[k]) && buf[k] < 0x80) {
      if (buf[k] < 0x30 || buf[k] > 0x39) digits = false;
      k++;
    }
    if (k < end && buf[k] >= 0x80) return -1;
    if (k >= end || buf[k] !== 0x5d || k - i - 1 > 32) return p;
    // /^\d+$/ pids become numbers: more than 15 digits may not be a safe integer
    if (digits && k - i - 1 > 15) return -1;
    i = k + 1;
  }
  if (i >= end || buf[i] !== 0x3a) return p;
  i++;
  if (i < end && buf[i] === SPACE) i++;
  tag.kind = nameEnd - p === 6 && bytesAre(buf, p, end, 'kernel') ? KERNEL_TAG : TAG;
  return i;
}

/**
 * kernelDetails' `^\[ *(\d{1,10}\.\d{1,9})\]` at `p` into f.uptime. False when unsure: a value Number() would
 * round differently than digits over a power of ten (more than 15 digits).
 */
export function kernelUptimeAt(buf: Uint8Array, p: number, end: number, f: LineFacts): boolean {
  if (p >= end || buf[p] !== 0x5b) return true;
  let i = p + 1;
  while (i < end && buf[i] === SPACE) i++;
  const a = i;
  while (i < end && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
  const intDigits = i - a;
  if (intDigits < 1 || intDigits > 10 || i >= end || buf[i] !== 0x2e) return true;
  const dot = i;
  i++;
  while (i < end && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
  const fracDigits = i - dot - 1;
  if (fracDigits < 1 || fracDigits > 9 || i >= end || buf[i] !== 0x5d) return true;
  f.uptime = decimalAt(buf, a, i);
  return !Number.isNaN(f.uptime);
}

/** The tag of the line scanned last, and where its message starts (the kernel format reads on from there). */
export const tagged = { kind: NO_TAG, message: 0 };

/** Host, tag and kernel details after the stamp (at the space after it). */
function afterStamp(buf: Uint8Array, p: number, end: number, f: LineFacts): Verdict {
  if (p >= end || buf[p] !== SPACE) return UNSURE;
  const hostEnd = tokenEnd(buf, p + 1, end, true);
  if (hostEnd < 0) return UNSURE;
  // `(.*)$`: a line break anywhere after the stamp and the regex fails
  if (!dotAll(buf, hostEnd, end)) return UNSURE;
  // A host token ending in `:` is a tag (a line without a host): the parse reads it as one.
  if (hostEnd > p + 1 && buf[hostEnd - 1] === 0x3a) return UNSURE;
  const rest = hostEnd < end ? hostEnd + 1 : end;
  const msg = tagAt(buf, rest, end, tagged);
  // Untagged lines (repeat notices, macOS's `tag <Notice>:`, an empty tag) are the parser's.
  if (msg < 0 || tagged.kind === NO_TAG) return UNSURE;
  tagged.message = msg;
  if (tagged.kind === KERNEL_TAG) {
    if (!kernelUptimeAt(buf, msg, end, f)) return UNSURE;
    // An early uptime with a wall-clock time tells the boot time: the parse is what the read path uses for it.
    if (f.uptime < 600) return UNSURE;
  }
  return RECORD;
}

export function scanSyslog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  tagged.kind = NO_TAG;
  const c = buf[start];
  if (c >= 0x41 && c <= 0x5a) {
    const i = bsdAt(buf, start, end, f);
    return i < 0 ? UNSURE : afterStamp(buf, i, end, f);
  }
  if (c >= 0x30 && c <= 0x39) {
    // ISO_HOST_RE's first token is the stamp and nothing else
    const token = tokenEnd(buf, start, end);
    if (token < 0) return UNSURE;
    const i = isoAt(buf, start, token, f, true);
    return i !== token ? UNSURE : afterStamp(buf, i, end, f);
  }
  return UNSURE;
}
