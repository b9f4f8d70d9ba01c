// Redis server log (`logfile`, or stdout under systemd/Docker):
//
//   1234:M 11 Jul 2022 14:02:17.123 # WARNING overcommit_memory is set to 0! Background save may fail …
//       Redis ≥ 5: pid, role (X sentinel, C RDB/AOF child, S replica, M master), local time, level char
//   1388:M 04 Jul 12:13:00.858 * DB loaded from disk: 0.000 seconds
//       Redis 3.x and 4.x (Ubuntu 18.04's 4.0.9): the same without the year
//   [1234] 11 Jul 14:02:17.123 * DB saved on disk
//       Redis 2.x: no role and no year (2.4 and older also no milliseconds)
//   1:signal-handler (1693279182) Received SIGTERM scheduling shutdown...
//       Redis ≥ 6.2 from its signal handler, stamped in epoch seconds
//
// Level chars from server.c serverLogRaw: `.` debug, `-` verbose, `*` notice, `#` warning. The stamp is local
// time with no zone (strftime "%d %b %Y %H:%M:%S."). The ASCII-art banner Redis < 7 prints at start is indented
// text after a `*` line: continuation.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { scanRedisLog } from './redis-log-scan.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const V3_RE = new RegExp(
  `^(\\d{1,10}):([XCSM]) (\\d{1,2}) (${MONTH_ALTERNATION}) (?:(\\d{4}) )?(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3}))? ([.*#-]) (.*)$`,
);
const V2_RE = new RegExp(
  `^\\[(\\d{1,10})\\] (\\d{1,2}) (${MONTH_ALTERNATION}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3}))? ([.*#-]) (.*)$`,
);
const SIGNAL_RE = /^(\d{1,10}):signal-handler \((\d{9,11})\) (.*)$/;

const LEVELS: Record<string, Level> = { '.': 'debug', '-': 'debug', '*': 'notice', '#': 'warning' };
const ROLES: Record<string, string> = { X: 'sentinel', C: 'child', S: 'replica', M: 'master' };

function parseRedis(line: string): ParsedLine | null {
  const c = line[0];
  if (c === '[') {
    const m = V2_RE.exec(line);
    if (!m) return null;
    const ts: LocalTime = {
      month: monthFromName(m[3]),
      day: Number(m[2]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
    if (!validTime(ts)) return null;
    if (m[7] !== undefined) ts.ms = Number(m[7]);
    return { ts, program: 'redis', pid: Number(m[1]), level: LEVELS[m[8]], message: m[9] };
  }
  if (c === ' ') {
    return line.trim() === '' ? null : { program: 'redis', message: line, continuation: true };
  }
  const m = V3_RE.exec(line);
  if (m) {
    const ts: LocalTime = {
      month: monthFromName(m[4]),
      day: Number(m[3]),
      hour: Number(m[6]),
      minute: Number(m[7]),
      second: Number(m[8]),
    };
    if (m[5] !== undefined) ts.year = Number(m[5]);
    if (!validTime(ts)) return null;
    if (m[9] !== undefined) ts.ms = Number(m[9]);
    return {
      ts,
      program: 'redis',
      pid: Number(m[1]),
      level: LEVELS[m[10]],
      message: m[11],
      fields: { role: ROLES[m[2]] },
    };
  }
  const sig = SIGNAL_RE.exec(line);
  if (sig) {
    // Epoch seconds are UTC by definition.
    const d = new Date(Number(sig[2]) * 1000);
    const ts: LocalTime = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      offsetMinutes: 0,
    };
    return { ts, program: 'redis', pid: Number(sig[1]), message: sig[3], fields: { role: 'signal-handler' } };
  }
  return null;
}

function detectRedis(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parseRedis(line);
    if (parsed?.ts) hits++;
    else if (parsed?.continuation) seen--; // banner art neither helps nor hurts
  }
  if (seen <= 0 || hits === 0) return 0;
  return Math.min(1, (hits / seen) * 0.97 + (/redis/i.test(path) ? 0.03 : 0));
}

export const redisLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'redis-log' }),
    // Redis marks no line above warning: none is notable without a signature.
    notableHints: [],
    scan: scanRedisLog,
  },
  id: 'redis-log',
  detect: detectRedis,
  parse: parseRedis,
  samples: [
    // Seed 002, /var/log/redis/redis-server.log (Redis 5 on Ubuntu 18.04)
    "1234:M 11 Jul 2022 14:19:25.417 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
    "1234:M 11 Jul 2022 14:19:25.417 # WARNING you have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis. To fix this issue run the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled' as root, and add it to your /etc/rc.local in order to retain the setting after a reboot. Redis must be restarted after THP is disabled.",
    '1234:M 11 Jul 2022 14:19:25.416 # WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.',
    '1234:M 11 Jul 2022 14:19:25.418 * Ready to accept connections',
    '1234:M 11 Jul 2022 15:02:01.003 * 10 changes in 300 seconds. Saving...',
    "1234:M 11 Jul 2022 15:02:01.004 # Can't save in background: fork: Cannot allocate memory",
    '5678:C 11 Jul 2022 15:07:01.120 # Write error saving DB on disk: No space left on device',
    '1234:M 11 Jul 2022 15:07:01.210 # Background saving error',
    '1234:S 11 Jul 2022 15:07:05.001 * Connecting to MASTER 10.0.0.12:6379',
    '26:X 11 Jul 2022 15:07:09.442 # +sdown master mymaster 10.0.0.12 6379',
    '[3574] 13 Apr 12:52:30.731 # Sentinel runid is 2e3b1eed9e95d760e1853e047a33bf4f8ac16c59',
    '[1421] 05 Mar 09:12:44 - 1 clients connected (0 slaves), 797376 bytes in use',
    '1:signal-handler (1693279182) Received SIGTERM scheduling shutdown...',
  ],
};
