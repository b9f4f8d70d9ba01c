// The systemd journal as journalctl exports it. Debian 12 installs no rsyslog by default, so on many hosts this is
// the main log: every service's lines, the kernel's, with exact times.
//
//   -o json (and json-seq's records; json-pretty is one object over many lines and not read):
//     {"__REALTIME_TIMESTAMP":"1709633521123456","_HOSTNAME":"web1","SYSLOG_IDENTIFIER":"nginx","_PID":"812",
//      "PRIORITY":"3","MESSAGE":"…","_TRANSPORT":"stdout",…}        (systemd.journal-fields(7), journalctl(1))
//   -o export: one `KEY=value` per line, entries separated by a blank line, opened by `__CURSOR=…;t=<realtime µs
//     in hex>;…` (the Journal Export Format); binary fields (a length-prefixed value after a bare `KEY` line) skipped.
//   -o short, short-iso, short-precise, short-iso-precise, short-full: syslog-shaped lines (read by syslog's
//     parser) in a file that journalctl marks: `-- Logs begin at … --`, `-- Journal begins at … --`, `-- Boot … --`.
//     Without a marker such a file is plain syslog.
//
// Each entry's MESSAGE is the program's own line: it goes through the signatures of that program's format (the
// kernel transport as `kernel`, the rest as syslog carries them), and PRIORITY gives the level.

import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { utcLocalTime } from '../../model/event.js';
import { syslog } from './syslog.js';
import type { LogFormat } from './types.js';

/** PRIORITY (RFC 5424 severities) → level. */
const PRIORITY: Level[] = ['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MARKER = /^-- (?:Logs begin at|Journal begins at|Boot [0-9a-f]{32}|No entries|Reboot) /;
const HEADER = /^-- (?:Logs begin at|Journal begins at|Boot [0-9a-f]{32}|No entries) /;
const CURSOR_TIME = /;t=([0-9a-f]{1,16});/;
const EXPORT_FIELD = /^([A-Z0-9_]{1,64})=/;

function utcParts(us: number): LocalTime | undefined {
  if (!Number.isFinite(us) || us <= 0) return undefined;
  return utcLocalTime(Math.floor(us / 1000));
}

/** The entry as the syslog line its program would have written (what the syslog and kernel signatures read). */
function asSyslogLine(ts: LocalTime, host: string, ident: string, pid: string | undefined, message: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${MON[ts.month - 1]} ${String(ts.day).padStart(2, ' ')} ${two(ts.hour)}:${two(ts.minute)}:${two(ts.second)}`;
  return `${stamp} ${host} ${ident}${pid ? `[${pid}]` : ''}: ${message}`;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // A MESSAGE that is not valid UTF-8 is exported as an array of bytes.
  if (Array.isArray(v) && v.length <= 65536 && v.every((b) => Number.isInteger(b) && b >= 0 && b < 256))
    return Buffer.from(v as number[]).toString('utf8');
  return undefined;
}

function parseJsonEntry(line: string): ParsedLine | null {
  let o: Record<string, unknown>;
  try {
    const v = JSON.parse(line) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    o = v as Record<string, unknown>;
  } catch {
    return null;
  }
  const ts = utcParts(Number(o.__REALTIME_TIMESTAMP));
  const message = text(o.MESSAGE);
  if (!ts || message === undefined) return null;
  const kernel = o._TRANSPORT === 'kernel';
  const ident = kernel ? 'kernel' : (text(o.SYSLOG_IDENTIFIER) ?? text(o._COMM) ?? 'journal');
  const pid = kernel ? undefined : (text(o._PID) ?? text(o.SYSLOG_PID));
  const host = text(o._HOSTNAME) ?? '-';
  const p: ParsedLine = {
    ts,
    program: ident,
    message,
    inner: { text: asSyslogLine(ts, host, ident, pid, message), format: kernel ? 'kernel' : 'syslog' },
  };
  if (pid && /^\d{1,10}$/.test(pid)) p.pid = Number(pid);
  const pri = Number(text(o.PRIORITY));
  if (Number.isInteger(pri) && pri >= 0 && pri <= 7) p.level = PRIORITY[pri];
  const unit = text(o._SYSTEMD_UNIT);
  p.fields = unit ? { host, unit } : { host };
  return p;
}

function parseExportLine(line: string): ParsedLine | null {
  if (line.startsWith('__CURSOR=')) {
    const m = CURSOR_TIME.exec(line);
    const ts = m ? utcParts(Number.parseInt(m[1], 16)) : undefined;
    return ts ? { ts, message: line } : { message: line };
  }
  const m = EXPORT_FIELD.exec(line);
  if (!m) return line.trim() === '' ? null : { message: line, continuation: true };
  if (m[1] === 'MESSAGE') {
    const message = line.slice(m[0].length);
    return { message, continuation: true, inner: { text: message, format: 'syslog' } };
  }
  return { message: line, continuation: true };
}

export function parseJournal(line: string): ParsedLine | null {
  if (line.charCodeAt(0) === 0x7b) return parseJsonEntry(line);
  if (MARKER.test(line))
    return /^-- (?:Boot|Reboot)/.test(line) ? { message: line, fields: { boot: 1 } } : { message: line };
  if (line.startsWith('__') || EXPORT_FIELD.test(line)) return parseExportLine(line);
  const p = syslog.parse(line);
  if (!p) return null;
  // A short-* line is a syslog line: its signatures are syslog's (the kernel's for the kernel's lines).
  const isKernel = p.program === 'kernel';
  return { ...p, inner: { text: line, format: isKernel ? 'kernel' : 'syslog' } };
}

function detectJournal(sample: string[]): number {
  const lines = sample.filter((l) => l.trim() !== '').slice(0, 200);
  if (lines.length === 0) return 0;
  if (lines[0].startsWith('__CURSOR=') && lines.some((l) => l.startsWith('__REALTIME_TIMESTAMP='))) return 1;
  const json = lines.filter((l) => l.startsWith('{') && l.includes('"__REALTIME_TIMESTAMP"')).length;
  if (json / lines.length >= 0.9) return 1;
  // short-*: syslog lines under journalctl's own header or boot markers; above syslog's own score on such files.
  // (`-- Reboot --` alone is not enough: syslog's own parser has always read it.)
  if (lines.some((l) => HEADER.test(l))) return 0.97;
  return 0;
}

export const journald: LogFormat = {
  id: 'journald',
  detect: detectJournal,
  parse: parseJournal,
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'journald' }),
    notableHints: [],
    wraps: true,
  },
  samples: [
    // journalctl -b -u nginx -o json, from DigitalOcean's "How To Use Journalctl to View and Manipulate Systemd Logs"
    // (Justin Ellingwood, 2015; systemd 218)
    '{ "__CURSOR" : "s=13a21661cf4948289c63075db6c25c00;i=116f1;b=81b58db8fd9046ab9f847ddb82a2fa2d;m=19f0daa;t=50e33c33587ae;x=e307daadb4858635", "__REALTIME_TIMESTAMP" : "1422990364739502", "__MONOTONIC_TIMESTAMP" : "27200938", "_BOOT_ID" : "81b58db8fd9046ab9f847ddb82a2fa2d", "PRIORITY" : "6", "_UID" : "0", "_GID" : "0", "_CAP_EFFECTIVE" : "3fffffffff", "_MACHINE_ID" : "752737531a9d1a9c1e3cb52a4ab967ee", "_HOSTNAME" : "desktop", "SYSLOG_FACILITY" : "3", "CODE_FILE" : "src/core/unit.c", "CODE_LINE" : "1402", "CODE_FUNCTION" : "unit_status_log_starting_stopping_reloading", "SYSLOG_IDENTIFIER" : "systemd", "MESSAGE_ID" : "7d4958e842da4a758f6c1cdc7b36dcc5", "_TRANSPORT" : "journal", "_PID" : "1", "_COMM" : "systemd", "_EXE" : "/usr/lib/systemd/systemd", "_CMDLINE" : "/usr/lib/systemd/systemd", "_SYSTEMD_CGROUP" : "/", "UNIT" : "nginx.service", "MESSAGE" : "Starting A high performance web server and a reverse proxy server...", "_SOURCE_REALTIME_TIMESTAMP" : "1422990364737973" }',
    // journalctl -o short-iso on an Ubuntu 18.04 EC2 host (test/fixtures/log/syslog/journal-short-iso.txt)
    '-- Logs begin at Sun 2022-07-10 00:00:01 UTC, end at Mon 2022-07-11 14:30:02 UTC. --',
    '2022-07-11T14:15:37+0000 ip-172-31-1-2 systemd[1]: snapd.service: Watchdog timeout (limit 5min)!',
    // journalctl's separator between boots in short output (systemd < 252)
    '-- Reboot --',
  ],
};
