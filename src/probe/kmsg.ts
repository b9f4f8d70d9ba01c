// OOM kills from the kernel's ring buffer, /dev/kmsg (readable by root, or by anyone when kernel.dmesg_restrict is
// 0): each read(2) returns one record, "prio,seq,usecs-since-boot,flags;text", until EAGAIN at the end; EPIPE means
// records were overwritten while reading and the next read goes on. The live host only: another root's kernel log
// is a file (`collect` brings kern.log, which `investigate` reads).
//
// Sample (a record of the build machine's /dev/kmsg):
//   6,12,0,-;Hypervisor detected: KVM
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { why } from './read.js';
import type { OomKill } from './types.js';

/** Records read at most: the ring buffer holds a few thousand; a flood must not hold the snapshot up. */
const MAX_RECORDS = 50_000;

/** The OOM kills of one kmsg record's text, or undefined: mm/oom_kill.c's "Out of memory: Killed process 1 (x)". */
export function parseOomRecord(record: string, bootTime: number): OomKill | undefined {
  const semi = record.indexOf(';');
  if (semi < 0) return undefined;
  const fields = record.slice(0, semi).split(',');
  const nl = record.indexOf('\n', semi);
  const text = record.slice(semi + 1, nl < 0 ? undefined : nl);
  // "Out of memory: Killed process", "Memory cgroup out of memory: Killed process" (kernels before 5.x: "Kill process").
  const at = text.indexOf('ut of memory: Kill');
  if (at < 0) return undefined;
  const proc = text.indexOf('process ', at);
  const open = text.indexOf(' (', proc);
  const close = text.indexOf(')', open);
  if (proc < 0 || open < 0 || close < 0) return undefined;
  const pid = Number(text.slice(proc + 8, open));
  const usecs = Number(fields[2]);
  return {
    time: Number.isFinite(usecs) ? new Date((bootTime + usecs / 1e6) * 1000).toISOString() : null,
    pid: Number.isInteger(pid) ? pid : null,
    process: text.slice(open + 2, close),
    cgroup: text.startsWith('Memory cgroup'),
    text: text.length > 300 ? `${text.slice(0, 300)}…` : text,
  };
}

/** Every OOM kill still in the ring buffer, or why it could not be read. */
export function readOomKills(bootTime: number): { kills: OomKill[] } | { why: string } {
  let fd: number;
  try {
    fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { why: why(err) };
  }
  const kills: OomKill[] = [];
  const buf = Buffer.alloc(16 * 1024);
  try {
    for (let i = 0; i < MAX_RECORDS; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue;
        break;
      }
      if (n <= 0) break;
      const kill = parseOomRecord(buf.toString('utf8', 0, n), bootTime);
      if (kill) kills.push(kill);
    }
  } finally {
    closeSync(fd);
  }
  return { kills };
}
