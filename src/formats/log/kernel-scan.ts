// The hot-path scanner of kernel logs, as parseKernel (kernel.ts) reads them: raw dmesg lines (`[uptime] msg`,
// with `<level>` for `dmesg -r`: the facts' level) and kern.log's syslog records (the syslog scanner, whose
// kernel lines carry their uptime). Lines whose message gets numbers in fields (OOM kills, hung tasks, SYN
// floods: a number the checked parse may refuse), `dmesg -T`, `dmesg -x` and ISO stamps are UNSURE. The boot
// banner `Linux version` is the format's notable hint.

import { dotAll } from './scan-bytes.js';
import { type LineFacts, NO_LEVEL, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit } from './stamp-bytes.js';
import { KERNEL_TAG, kernelUptimeAt, scanSyslog, tagged } from './syslog-scan.js';

/** printk levels 0–7 (KERN_EMERG … KERN_DEBUG) as ranks; 8 and 9 state none. */
const PRINTK_RANKS = [5, 5, 5, 4, 3, 2, 1, 0, NO_LEVEL, NO_LEVEL];

/** withEventFields reads numbers out of these messages. */
function eventMessage(buf: Uint8Array, p: number, end: number): boolean {
  // HUNG_TASK_RE is anchored at the message, which starts after the `[uptime] ` of kern.log's syslog lines
  let m = p;
  if (buf[m] === 0x5b) {
    while (m < end && buf[m] !== 0x5d) m++;
    m = m + 1 < end && buf[m + 1] === 0x20 ? m + 2 : m + 1;
  }
  if (bytesAre(buf, p, end, 'INFO: task ') || bytesAre(buf, m, end, 'INFO: task ')) return true;
  // one pass for both unanchored patterns
  for (let i = p; i < end; i++) {
    const c = buf[i];
    if (c === 0x4b && bytesAre(buf, i, end, 'Kill')) return true;
    if (c === 0x50 && bytesAre(buf, i, end, 'Possible SYN flooding on port')) return true;
  }
  return false;
}

/** `[ *up.time] ?msg` at p (RAW_RE's second group) into f.uptime: the message start, or -1. */
function rawAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (!kernelUptimeAt(buf, p, end, f) || Number.isNaN(f.uptime)) return -1;
  let i = p + 1;
  while (buf[i] !== 0x5d) i++;
  i++;
  return i < end && buf[i] === 0x20 ? i + 1 : i;
}

export function scanKernel(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const c = buf[start];
  if (c === 0x5b || c === 0x3c) {
    let p = start;
    let level = NO_LEVEL;
    if (c === 0x3c) {
      if (start + 3 > end || !isDigit(buf[start + 1]) || buf[start + 2] !== 0x3e) return UNSURE;
      level = PRINTK_RANKS[buf[start + 1] - 0x30];
      p = start + 3;
    }
    if (!dotAll(buf, p, end)) return UNSURE;
    const msg = rawAt(buf, p, end, f);
    if (msg < 0 || eventMessage(buf, msg, end)) return UNSURE;
    f.level = level;
    return RECORD;
  }
  // `dmesg -x` (lower case facility) and ISO stamps go to the parser
  if (c < 0x41 || c > 0x5a) return UNSURE;
  const v = scanSyslog(buf, start, end, f);
  if (v === RECORD && tagged.kind === KERNEL_TAG && eventMessage(buf, tagged.message, end)) return UNSURE;
  return v;
}
