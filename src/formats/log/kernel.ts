// Kernel ring buffer, in the shapes people collect it:
//
//   Jul 11 14:19:19 ip-172-31-1-2 kernel: [    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) …
//       /var/log/kern.log (syslog prefix, then the printk uptime stamp when CONFIG_PRINTK_TIME is set)
//   [12345.678901] Out of memory: Killed process 1234 (node) total-vm:2863312kB, anon-rss:1529104kB, …
//       raw `dmesg` (seconds since boot; the timeline rebases them on the boot time it knows)
//   [Mon Jul 11 14:19:19 2022] TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.
//       `dmesg -T` (local time as ctime(3) prints it, day padded with a space; no zone)
//   kern  :err   : [ 4242.000001] …   `dmesg -x` (facility and level stated)
//   <3>[ 4242.000001] …               `dmesg -r` (raw printk level)
//   2022-07-11T14:19:19,123456+00:00 … `dmesg --time-format iso` (util-linux ≥ 2.26)
//
// `Linux version … (` opens every boot: fields.boot = 1, since uptime stamps restart from 0 there.
// Lines that matter downstream (OOM kills, hung tasks, SYN flooding) get their numbers in fields; matching them
// to causes is the signatures' job.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { PARSE_SHARE } from './detect-share.js';
import { scanKernel } from './kernel-scan.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { kernelDetails, parseIsoStamp, syslog, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

/** printk levels KERN_EMERG(0) … KERN_DEBUG(7), include/linux/kern_levels.h */
const PRINTK_LEVELS: Level[] = ['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
/** Level names of `dmesg -x` (util-linux dmesg.c level_names). */
const DMESG_LEVEL_NAMES: Record<string, Level> = {
  emerg: 'critical',
  alert: 'critical',
  crit: 'critical',
  err: 'error',
  warn: 'warning',
  notice: 'notice',
  info: 'info',
  debug: 'debug',
};

const RAW_RE = /^(?:<(\d)>)?(\[ *\d{1,10}\.\d{1,9}\] ?.*)$/;
const DECODED_RE = /^([a-z]+) *:([a-z]+) *: (\[ *\d{1,10}\.\d{1,9}\] ?.*)$/;
const CTIME_RE = new RegExp(
  `^\\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH_ALTERNATION}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})\\] ?(.*)$`,
);

const OOM_KILLED_RE = /Kill(?:ed)? process (\d+) \(([^)]{0,64})\)/;
const HUNG_TASK_RE = /^INFO: task (.{1,64}):(\d+) blocked for more than (\d+) seconds/;
const SYN_FLOOD_RE = /Possible SYN flooding on port (?:\[?[\d.:a-f]*\]?:)?(\d+)/;

/** Numbers the timeline and reports quote: killed pid and process, hung task, flooded port. */
function withKernelFields(parsed: ParsedLine): ParsedLine {
  return withEventFields(kernelDetails(parsed));
}

function withEventFields(parsed: ParsedLine): ParsedLine {
  const msg = parsed.message;
  const oom = OOM_KILLED_RE.exec(msg);
  if (oom) parsed.fields = { ...parsed.fields, killedPid: Number(oom[1]), killedProcess: oom[2] };
  const hung = HUNG_TASK_RE.exec(msg);
  if (hung) {
    parsed.fields = { ...parsed.fields, task: hung[1], taskPid: Number(hung[2]), blockedSeconds: Number(hung[3]) };
  }
  const syn = SYN_FLOOD_RE.exec(msg);
  if (syn) parsed.fields = { ...parsed.fields, port: Number(syn[1]) };
  return parsed;
}

function parseKernel(line: string): ParsedLine | null {
  const c = line[0];
  if (c === '[' || c === '<') {
    const raw = RAW_RE.exec(line);
    if (raw) {
      const parsed: ParsedLine = withKernelFields({ program: 'kernel', message: raw[2] });
      if (raw[1] !== undefined) parsed.level = PRINTK_LEVELS[Number(raw[1])];
      return parsed;
    }
    const ctime = CTIME_RE.exec(line);
    if (ctime) {
      const ts: LocalTime = {
        year: Number(ctime[6]),
        month: monthFromName(ctime[1]),
        day: Number(ctime[2].trim()),
        hour: Number(ctime[3]),
        minute: Number(ctime[4]),
        second: Number(ctime[5]),
      };
      if (!validTime(ts)) return null;
      return withKernelFields({ ts, program: 'kernel', message: ctime[7] });
    }
    if (c === '[') return null;
  }
  const decoded = DECODED_RE.exec(line);
  if (decoded) {
    const level = DMESG_LEVEL_NAMES[decoded[2]];
    if (!level) return null;
    const parsed = withKernelFields({ program: 'kernel', level, message: decoded[3] });
    parsed.fields = { ...parsed.fields, facility: decoded[1] };
    return parsed;
  }
  if (c >= '0' && c <= '9') {
    const iso = parseIsoStamp(line, true);
    if (iso && iso.ts.offsetMinutes !== undefined && line[iso.end] === ' ') {
      return withKernelFields({ ts: iso.ts, program: 'kernel', message: line.slice(iso.end + 1) });
    }
  }
  // kern.log: a syslog record; kernel lines already carry uptime and banner via the syslog parser.
  const record = syslog.parse(line);
  if (record?.program !== 'kernel') return record;
  return withEventFields(record);
}

/** printk's uptime stamp as the kernel prints it: `[%5lu.%06lu]` (Xorg's `[    55.600]` has three decimals). */
const PRINTK_UPTIME_RE = /^(?:<\d>)?\[ *\d{1,10}\.\d{6}\]|^[a-z]+ *:[a-z]+ *: \[ *\d{1,10}\.\d{6}\]/;
/** `dmesg --time-format iso`: comma and microseconds, then the offset (any other ISO stamp is any logger's). */
const DMESG_ISO_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d{6}[+-]\d\d:?\d\d /;

/** A syslog record of the kernel with an ISO stamp (rsyslog's high-precision format): `<stamp> <host> kernel: `. */
const ISO_KERNEL_RECORD_RE = /^\S{1,64} \S{1,255} kernel(?:\[\d{1,10}\])?: /;

/** Whether a parsed line has the kernel's own shape, by content only. */
function kernelShaped(line: string, parsed: ParsedLine): boolean {
  if (parsed.program !== 'kernel' && parsed.uptime === undefined) return false;
  if (line.startsWith('[') || line.startsWith('<') || /^[a-z]/.test(line)) {
    // dmesg: printk's uptime (six decimals), or dmesg -T's ctime.
    return parsed.ts !== undefined || PRINTK_UPTIME_RE.test(line);
  }
  if (/^\d/.test(line)) return DMESG_ISO_RE.test(line) || ISO_KERNEL_RECORD_RE.test(line);
  return parsed.ts !== undefined; // kern.log: `Mon dd hh:mm:ss host kernel: …`
}

function detectKernel(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parseKernel(line);
    if (parsed && kernelShaped(line, parsed)) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  const share = hits / seen;
  if (share < PARSE_SHARE) return share * 0.5;
  // Below apache-error's 0.98 on `[ctime] [level]`; the name only breaks ties.
  const pathHint = /(^|\/)(kern[^/]*|dmesg[^/]*)$/.test(path) ? 0.03 : 0;
  return Math.min(1, share * 0.97 + pathHint);
}

export const kernel: LogFormat = {
  behaviour: {
    time: 'uptime',
    multiline: false,
    requests: false,
    process: () => ({ source: 'kernel' }),
    // The boot banner (fields.boot) is the one notable line a level does not tell; printk levels are in the facts.
    notableHints: ['Linux version'],
    scan: scanKernel,
  },
  id: 'kernel',
  detect: detectKernel,
  parse: parseKernel,
  samples: [
    // Seed 002, /var/log/kern.log after the reboot
    'Jul 11 14:19:19 ip-172-31-1-2 kernel: [    0.000000] Linux version 5.4.0-1060-aws (buildd@lgw01-amd64-054) (gcc version 7.5.0 (Ubuntu 7.5.0-3ubuntu1~18.04)) #62~18.04.1-Ubuntu SMP Mon Dec 13 18:08:06 UTC 2021 (Ubuntu 5.4.0-1060.62~18.04.1-aws 5.4.151)',
    'Jul 11 14:19:19 ip-172-31-1-2 kernel: [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-5.4.0-1060-aws root=PARTUUID=5a0b2b5e-01 ro console=tty1 console=ttyS0 nvme_core.io_timeout=4294967295',
    '[ 8843.221532] Out of memory: Killed process 1234 (node) total-vm:2863312kB, anon-rss:1529104kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4212kB oom_score_adj:0',
    '[ 8843.220417] node invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0',
    '[ 9123.101977] INFO: task jbd2/nvme0n1p1-8:263 blocked for more than 120 seconds.',
    '[ 9123.102110] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
    '[Mon Jul 11 14:02:05 2022] TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters.',
    '[Mon Jul 11 14:02:09 2022] nf_conntrack: nf_conntrack: table full, dropping packet',
    'kern  :err   : [ 8843.221600] Out of memory: Kill process 1234 (node) score 923 or sacrifice child',
    '<6>[    0.000000] Linux version 4.15.0-1044-aws (buildd@lgw01-amd64-001) (gcc version 7.3.0 (Ubuntu 7.3.0-16ubuntu3)) #46-Ubuntu SMP Thu Jul 4 13:38:28 UTC 2019 (Ubuntu 4.15.0-1044.46-aws 4.15.18)',
    '2022-07-11T14:19:19,123456+00:00 EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Opts: (null)',
  ],
};
