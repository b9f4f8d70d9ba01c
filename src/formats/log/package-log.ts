// What the package managers wrote about what they installed, upgraded and removed — one format for the four files
// a host keeps of it (each line says which it is):
//
//   2025-06-24 14:36:25 upgrade libsystemd0:amd64 252.36-1~deb12u1 252.38-1~deb12u1      dpkg.log
//   Start-Date: 2026-05-09  07:28:46                                                   apt's history.log: a record
//   Upgrade: tzdata:amd64 (2025b-0+deb12u1, 2025b-0+deb12u2)                             … its lines
//   Jun 28 17:10:04 Updated: 1:mariadb-libs-5.5.47-1.el7_2.x86_64                          yum.log (no year)
//   2022-03-28T14:31:28+00 SUBDEBUG Upgrade: openssl-libs-1:1.1.1g-16.el8_4               dnf.rpm.log
//
// dpkg (src/main/log.c, log_message and log_action) stamps "%Y-%m-%d %H:%M:%S" in local time; apt
// (apt-pkg/deb/dpkgpm.cc, WriteHistoryTag) opens each run with "Start-Date: %F  %T" and lists the packages it changed
// on the record's lines; yum's yum.log stamps "%b %d %H:%M:%S"; dnf's dnf.rpm.log carries an ISO time with its offset.
// The action and the package are kept as fields (action, package, from, to): the changes on the timeline.
import type { LocalTime, ParsedLine } from '../../model/event.js';
import { monthFromName } from './months.js';
import { offsetFromText, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

/** dpkg's actions (log_action) and its `status`, `startup` and `conffile` lines. */
const DPKG_RE =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (install|upgrade|remove|purge|configure|trigproc|status|startup|conffile) (.{1,2000})$/;
/** `<package>:<arch> <old> <new>` after an action; `<state> <package> <version>` after `status`. */
const DPKG_ACTION_RE = /^(\S{1,200}) (\S{1,100}) (\S{1,100})$/;
const APT_START_RE = /^Start-Date: (\d{4})-(\d{2})-(\d{2}) {1,2}(\d{2}):(\d{2}):(\d{2})$/;
/** The tags apt writes inside a record (WriteHistoryTag and the lines around it). */
const APT_TAG_RE = /^(?:Commandline|Requested-By|Install|Reinstall|Upgrade|Downgrade|Remove|Purge|End-Date|Error): /;
const YUM_RE =
  /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (Installed|Updated|Erased|Dep-Installed): (\S{1,300})$/;
const DNF_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}(?::?\d{2})?) (SUBDEBUG|INFO|DEBUG|WARNING|ERROR) (.{0,2000})$/;
const DNF_ACTION_RE =
  /^(Install|Installed|Upgrade|Upgraded|Downgrade|Downgraded|Reinstall|Reinstalled|Erase|Erased|Obsolete|Obsoleted|Cleanup): (\S{1,300})$/;

function stamp(m: RegExpExecArray, from: number): LocalTime {
  return {
    year: Number(m[from]),
    month: Number(m[from + 1]),
    day: Number(m[from + 2]),
    hour: Number(m[from + 3]),
    minute: Number(m[from + 4]),
    second: Number(m[from + 5]),
  };
}

function dpkgLine(m: RegExpExecArray): ParsedLine {
  const ts = stamp(m, 1);
  const action = m[7];
  const rest = m[8];
  const parsed: ParsedLine = { ts, program: 'dpkg', level: 'info', message: `${action} ${rest}` };
  const parts = DPKG_ACTION_RE.exec(rest);
  if (parts && action !== 'status' && action !== 'startup' && action !== 'conffile') {
    parsed.fields = { action, package: parts[1], from: parts[2], to: parts[3] };
  }
  return parsed;
}

function dnfLine(m: RegExpExecArray): ParsedLine {
  const ts: LocalTime = { ...stamp(m, 1), offsetMinutes: offsetFromText(m[7]) };
  const message = m[9];
  const level = m[8] === 'ERROR' ? 'error' : m[8] === 'WARNING' ? 'warning' : m[8] === 'INFO' ? 'info' : 'debug';
  const parsed: ParsedLine = { ts, program: 'dnf', level, message };
  const action = DNF_ACTION_RE.exec(message);
  if (action) parsed.fields = { action: action[1].toLowerCase(), package: action[2] };
  return parsed;
}

export function parsePackageLog(line: string): ParsedLine | null {
  if (line.trim() === '') return null;
  const c = line.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) {
    const dpkg = DPKG_RE.exec(line);
    if (dpkg) return validTime(stamp(dpkg, 1)) ? dpkgLine(dpkg) : null;
    const dnf = DNF_RE.exec(line);
    if (dnf) return validTime(stamp(dnf, 1)) ? dnfLine(dnf) : null;
    return null;
  }
  const start = APT_START_RE.exec(line);
  if (start) {
    const ts = stamp(start, 1);
    return validTime(ts) ? { ts, program: 'apt', level: 'info', message: line } : null;
  }
  // apt's record lines belong to the Start-Date above them.
  if (APT_TAG_RE.test(line)) return { message: line, continuation: true };
  const yum = YUM_RE.exec(line);
  if (yum) {
    const month = monthFromName(yum[1]);
    if (!month) return null;
    const ts: LocalTime = {
      month,
      day: Number(yum[2]),
      hour: Number(yum[3]),
      minute: Number(yum[4]),
      second: Number(yum[5]),
    };
    if (!validTime(ts)) return null;
    const action = yum[6] === 'Updated' ? 'upgrade' : yum[6] === 'Erased' ? 'remove' : 'install';
    return {
      ts,
      program: 'yum',
      level: 'info',
      message: `${yum[6]}: ${yum[7]}`,
      fields: { action, package: yum[7] },
    };
  }
  return null;
}

/** What only a package manager writes: dpkg's actions, apt's record, yum's verbs, dnf's SUBDEBUG and banner. */
const MARKER_RE =
  /^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?:install|upgrade|remove|purge|configure|status|startup) |Start-Date: |[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} (?:Installed|Updated|Erased): |\d{4}-\d{2}-\d{2}T\S{8,14} (?:SUBDEBUG |INFO --- logging initialized ---))/;

function detectPackageLog(sample: string[], _path: string): number {
  let seen = 0;
  let parsed = 0;
  let markers = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parsePackageLog(line);
    if (!p) continue;
    parsed++;
    if (MARKER_RE.test(line)) markers++;
  }
  if (seen === 0 || markers === 0) return 0;
  const share = parsed / seen;
  // Above generic-log (0.55), which reads the stamped lines of dpkg.log as any timestamped text.
  return share >= 0.9 ? Math.min(1, 0.6 + share * 0.35) : 0;
}

export const packageLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'packages' }),
    notableHints: ['ERROR', 'Error: '],
  },
  id: 'package-log',
  detect: detectPackageLog,
  parse: parsePackageLog,
  samples: [
    // this lab machine's /var/log/dpkg.log and /var/log/apt/history.log (Debian 12)
    '2025-06-24 14:36:25 upgrade libsystemd0:amd64 252.36-1~deb12u1 252.38-1~deb12u1',
    '2026-05-09 07:28:46 startup packages configure',
    'Start-Date: 2026-05-09  07:28:46',
    'Upgrade: tzdata:amd64 (2025b-0+deb12u1, 2025b-0+deb12u2)',
    // unix.stackexchange.com/questions/301973 (CentOS 7 /var/log/yum.log)
    'Jun 28 17:10:04 Updated: 1:mariadb-libs-5.5.47-1.el7_2.x86_64',
    // a RHEL 8 host's dnf.rpm.log quoted in a public CI tool's test data (found through the code search index)
    '2022-03-28T14:31:28+00 SUBDEBUG Upgrade: openssl-libs-1:1.1.1g-16.el8_4',
  ],
};
