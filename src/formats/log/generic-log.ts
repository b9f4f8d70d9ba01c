// generic-log: a timestamped text log that no specific format claims (an in-house app's log, a tool's log,
// Xorg, VMware, anything written as "<time> <maybe a level> <message>"). Read as time, level and text so it is on
// the timeline and in the analysis — never guessed as a specific format: it scores below every specific
// detector, and claims a file only when nearly all of its record lines start with a time it can read.
//
// Times read at the start of a line (optionally in brackets, after an optional `<digits>` priority):
//   2024-03-05 10:12:01,123    2024-03-05T10:12:01.123456Z    2024-03-05T10:12:01+01:00    2024/03/05 10:12:01
//   05/Mar/2024:10:12:01 +0000    05-Mar-2024 10:12:01    Mar  5 10:12:01 (year-less)    Tue Mar  5 10:12:01 2024
//   10.30 16:49:06 and 03-17 16:13:38.811 (year-less month.day / month-day: Proxifier, Android logcat)
// A line without a time continues the record above (a stack trace, a wrapped message).
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { monthFromName } from './months.js';
import type { LogFormat } from './types.js';

/** Below every specific format's score on its own files: a specific format always wins. */
const GENERIC_SCORE = 0.55;
/** Share of non-blank lines that must start with a time for the file to be a timestamped log. */
const STAMPED_SHARE = 0.9;

const ISO = /^(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?/;
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-]\d{4}))?/;
const DMY = /^(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;
/** Year-less month and day with a dot or dash (Proxifier `10.30 16:49:06`, Android logcat `03-17 16:13:38.811`). */
const MD = /^(\d{2})[.-](\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?(?=[ \]])/;
const CTIME = /^(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\d{4}))?/;
const LEVEL_WORD =
  /^[[(<]?(TRACE|DEBUG|DBG|INFO|INF|NOTICE|WARN|WARNING|WRN|ERROR|ERR|EROR|FATAL|CRIT|CRITICAL|ALERT|EMERG|SEVERE)\b[\])>:]?/i;

const LEVELS: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  dbg: 'debug',
  info: 'info',
  inf: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  wrn: 'warning',
  error: 'error',
  err: 'error',
  eror: 'error',
  severe: 'error',
  fatal: 'critical',
  crit: 'critical',
  critical: 'critical',
  alert: 'critical',
  emerg: 'critical',
};

function offsetOf(z: string | undefined): number | undefined {
  if (z === undefined) return undefined;
  if (z === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function msOf(frac: string | undefined): number | undefined {
  return frac === undefined ? undefined : Number(frac.slice(0, 3).padEnd(3, '0'));
}

function valid(ts: LocalTime): boolean {
  return (
    ts.month >= 1 &&
    ts.month <= 12 &&
    ts.day >= 1 &&
    ts.day <= 31 &&
    ts.hour <= 23 &&
    ts.minute <= 59 &&
    ts.second <= 60 &&
    (ts.year === undefined || (ts.year >= 1970 && ts.year <= 2100))
  );
}

/** The time a line starts with, and where the rest begins. */
export function leadingTime(line: string): { ts: LocalTime; end: number } | null {
  let at = 0;
  const pri = /^<\d{1,3}>/.exec(line);
  if (pri) at = pri[0].length;
  const bracket = line[at] === '[';
  if (bracket) at++;
  const s = at === 0 ? line : line.slice(at, at + 48);
  let ts: LocalTime | undefined;
  let len = 0;
  let m = ISO.exec(s);
  if (m) {
    ts = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +m[6] };
    ts.ms = msOf(m[7]);
    ts.offsetMinutes = offsetOf(m[8]);
    len = m[0].length;
  } else if ((m = CLF.exec(s))) {
    ts = { year: +m[3], month: monthFromName(m[2]), day: +m[1], hour: +m[4], minute: +m[5], second: +m[6] };
    ts.offsetMinutes = offsetOf(m[7]);
    len = m[0].length;
  } else if ((m = DMY.exec(s))) {
    ts = { year: +m[3], month: monthFromName(m[2]), day: +m[1], hour: +m[4], minute: +m[5], second: +m[6] };
    ts.ms = msOf(m[7]);
    len = m[0].length;
  } else if ((m = MD.exec(s))) {
    ts = { month: +m[1], day: +m[2], hour: +m[3], minute: +m[4], second: +m[5] };
    ts.ms = msOf(m[6]);
    len = m[0].length;
  } else if ((m = CTIME.exec(s))) {
    ts = { month: monthFromName(m[1]), day: +m[2].trim(), hour: +m[3], minute: +m[4], second: +m[5] };
    ts.ms = msOf(m[6]);
    if (m[7] !== undefined) ts.year = +m[7];
    len = m[0].length;
  }
  if (!ts || ts.month === 0 || !valid(ts)) return null;
  if (ts.ms === undefined) delete ts.ms;
  if (ts.offsetMinutes === undefined) delete ts.offsetMinutes;
  let end = at + len;
  if (bracket) {
    const close = line.indexOf(']', end);
    if (close < 0 || close > end + 8) return null;
    end = close + 1;
  }
  return { ts, end };
}

export function parseGeneric(line: string): ParsedLine | null {
  const lead = leadingTime(line);
  if (!lead) {
    if (line.trim() === '') return null;
    return { message: line, continuation: true };
  }
  let rest = line.slice(lead.end).replace(/^[\s:|,-]{0,8}/, '');
  let level: Level | undefined;
  const lv = LEVEL_WORD.exec(rest);
  if (lv) {
    level = LEVELS[lv[1].toLowerCase()];
    rest = rest.slice(lv[0].length).trimStart();
    if (rest.startsWith(':') || rest.startsWith('|') || rest.startsWith('-')) rest = rest.slice(1).trimStart();
  }
  const p: ParsedLine = { ts: lead.ts, message: rest };
  if (level) p.level = level;
  return p;
}

/**
 * A line that continues the record above by its shape: VMware's `--> ` (vpxd, hostd: the rest of a multi-line
 * message) or an indented line (a stack frame, a wrapped message).
 */
const CONTINUED_RE = /^(?:--> |[ \t]+\S)/;

function detectGeneric(sample: string[]): number {
  let lines = 0;
  let stamped = 0;
  let continued = 0;
  for (const l of sample) {
    if (l.trim() === '') continue;
    lines++;
    if (leadingTime(l)) stamped++;
    else if (stamped > 0 && CONTINUED_RE.test(l)) continued++;
    if (lines >= 200) break;
  }
  if (lines < 2) return lines === 1 && stamped === 1 ? GENERIC_SCORE : 0;
  // Continuations count with the records they continue, but at most as many as there are records.
  return (stamped + Math.min(continued, stamped)) / lines >= STAMPED_SHARE ? GENERIC_SCORE : 0;
}

export const genericLog: LogFormat = {
  id: 'generic-log',
  detect: detectGeneric,
  parse: parseGeneric,
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'generic-log' }),
    notableHints: [],
  },
  samples: [
    // VMware ESXi hostd.log (VMware KB 1021806 examples)
    '2024-03-05T10:12:01.123Z info hostd[2099] [Originator@6876 sub=Default] Supported VMs 64',
    '2024-03-05 10:12:01,123 ERROR [worker-3] job 812 failed: connection refused',
    '[2024-03-05T10:12:01.123Z] WARN cache miss storm: 812 misses/s',
    'Mar  5 10:12:01 backup.sh: rsync finished with code 23',
    '05-Mar-2024 10:12:01 NOTICE: nightly export done',
  ],
};
