// supervisord's own log (`logfile`, Debian's /var/log/supervisor/supervisord.log, or its stdout with nodaemon):
//
//   2014-04-22 13:51:33,469 INFO exited: seat3 (exit status 0; not expected)
//   2014-04-22 13:51:33,469 INFO gave up: seat3 entered FATAL state, too many start retries too quickly
//   2012-03-08 12:06:35,270 INFO spawned: 'webserver' with pid 19539
//   2012-03-08 12:06:34,223 CRIT Set uid to user 0
//
// '%(asctime)s %(levelname)s %(message)s' with supervisor's own four-letter level names (supervisor/loggers.py
// LevelsByName: CRIT ERRO WARN INFO DEBG TRAC BLAT), local time without a zone. The state changes of programs
// are from supervisor/process.py; each names its program, kept as fields.app so a restart finds what the
// program's own log said before it.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { CONTINUATION, type FastScan, RECORD, UNSURE } from './scan-types.js';
import { four, isDigit, two, validParts } from './stamp-bytes.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const LINE_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)$/;
const LEVELS: Record<string, Level> = {
  CRIT: 'critical',
  ERRO: 'error',
  WARN: 'warning',
  INFO: 'info',
  DEBG: 'debug',
  TRAC: 'debug',
  BLAT: 'debug',
};

/** `exited: web (exit status 1; not expected)`, `stopped: web (terminated by SIGTERM)`. */
const EXIT_RE =
  /^(exited|stopped): ([^\s(]{1,200}) \((?:exit status (\d{1,3})|terminated by (SIG\w{1,10})[^;)]{0,40})(?:; (not expected|expected))?\)$/;
const SPAWNED_RE = /^spawned: '([^']{1,200})' with pid (\d{1,10})$/;
const STATE_RE = /^(success|gave up): ([^\s]{1,200}) entered (RUNNING|FATAL) state/;
const SPAWNERR_RE = /^spawnerr: /;

function withProgramEvent(parsed: ParsedLine): ParsedLine {
  const text = parsed.message;
  const exit = EXIT_RE.exec(text);
  if (exit) {
    const fields: Record<string, string | number> = { app: exit[2], supervisorEvent: exit[1] };
    if (exit[3] !== undefined) fields.exitCode = Number(exit[3]);
    if (exit[4] !== undefined) fields.signal = exit[4];
    if (exit[5] !== undefined) fields.expected = exit[5] === 'expected' ? 1 : 0;
    parsed.fields = fields;
    return parsed;
  }
  const spawned = SPAWNED_RE.exec(text);
  if (spawned) {
    parsed.fields = { app: spawned[1], supervisorEvent: 'spawned', childPid: Number(spawned[2]) };
    return parsed;
  }
  const state = STATE_RE.exec(text);
  if (state) parsed.fields = { app: state[2], supervisorEvent: state[1] === 'success' ? 'running' : 'fatal' };
  else if (SPAWNERR_RE.test(text)) parsed.fields = { supervisorEvent: 'spawnerr' };
  return parsed;
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function parseSupervisord(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c < 0x30 || c > 0x39) {
    // With loglevel=debug supervisord copies a child's output into its own record
    // (`DEBG 'web' stdout output:` then the bytes as written): they continue that record. A line that opens
    // with a bracketed stamp is another log's record, not output.
    if (line.trim() === '' || (c === 0x5b && isDigitCode(line.charCodeAt(1)))) return null;
    return { message: line, continuation: true };
  }
  const m = LINE_RE.exec(line);
  if (!m) return null;
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    ms: Number(m[7]),
  };
  if (!validTime(ts)) return null;
  return withProgramEvent({ ts, program: 'supervisord', level: LEVELS[m[8]], message: m[9] });
}

/** What only supervisord writes: its four-letter levels other than INFO, and its own messages. */
const MARKER_RE =
  /^(?:exited: |stopped: |spawned: '|success: |gave up: |spawnerr: |supervisord started with pid |RPC interface '|Included extra file |waiting for |Set uid to user |Supervisor is running as root|Server '|daemonizing the supervisord process|received SIG)/;

/** `'web' stdout output:` (supervisor/dispatchers.py, loglevel debug). */
const OUTPUT_RE = /^'[^']{1,200}' std(?:out|err) output:$/;

function detectSupervisord(sample: string[], _path: string): number {
  let seen = 0;
  let parsed = 0;
  let markers = 0;
  let inOutput = false;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseSupervisord(line);
    if (!p) continue;
    if (p.continuation) {
      // Only the child output a DEBG record announced counts as this format's.
      if (inOutput) parsed++;
      continue;
    }
    inOutput = OUTPUT_RE.test(p.message);
    parsed++;
    // Python writes WARNING, ERROR, DEBUG: any level but INFO is supervisord's own.
    if (p.level !== 'info' || MARKER_RE.test(p.message)) markers++;
  }
  if (seen === 0 || markers === 0) return 0;
  const share = parsed / seen;
  // Above python-log, which reads the INFO lines of this layout too but not supervisord's messages.
  return share >= 0.9 ? Math.min(1, share + 0.05) : 0;
}

/** Level ranks (read/tally.ts LEVEL_RANK) of supervisord's level names. */
const LEVEL_RANKS: Record<string, number> = { CRIT: 5, ERRO: 4, WARN: 3, INFO: 1, DEBG: 0, TRAC: 0, BLAT: 0 };

/** `2014-04-22 13:51:33,469 INFO ` records and a child's output lines, read from bytes. */
const scanSupervisord: FastScan = (buf, start, end, f) => {
  const c = buf[start];
  // A child's output: parse() makes any non-blank line that does not open with a digit or `[digit` one.
  if (c > 0x20 && c < 0x7f && c !== 0x5b && !isDigit(c)) return CONTINUATION;
  if (end - start < 29 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d || buf[start + 10] !== 0x20) return UNSURE;
  if (buf[start + 13] !== 0x3a || buf[start + 16] !== 0x3a || buf[start + 19] !== 0x2c || buf[start + 23] !== 0x20)
    return UNSURE;
  if (buf[start + 28] !== 0x20) return UNSURE;
  const rank = LEVEL_RANKS[String.fromCharCode(buf[start + 24], buf[start + 25], buf[start + 26], buf[start + 27])];
  const ms = two(buf, start + 20) * 10 + (isDigit(buf[start + 22]) ? buf[start + 22] - 0x30 : -1000);
  if (rank === undefined || ms < 0) return UNSURE;
  for (let k = start + 29; k < end; k++) if (buf[k] === 0x0d || buf[k] >= 0x80) return UNSURE;
  f.year = four(buf, start);
  f.month = two(buf, start + 5);
  f.day = two(buf, start + 8);
  f.hour = two(buf, start + 11);
  f.minute = two(buf, start + 14);
  f.second = two(buf, start + 17);
  f.ms = ms;
  f.offset = Number.NaN;
  if (f.year < 0 || f.month < 0 || f.day < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 || !validParts(f)) {
    f.month = Number.NaN;
    return UNSURE;
  }
  f.level = rank;
  return RECORD;
};

export const supervisordLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'supervisord' }),
    processManager: 'supervisord',
    notableHints: ['CRIT', 'ERRO'],
    scan: scanSupervisord,
  },
  id: 'supervisord-log',
  detect: detectSupervisord,
  parse: parseSupervisord,
  samples: [
    // github.com/eve-seat/seat/issues/33
    "2014-04-22 13:51:33,183 INFO spawned: 'seat4' with pid 951",
    '2014-04-22 13:51:33,469 INFO exited: seat3 (exit status 0; not expected)',
    '2014-04-22 13:51:33,469 INFO gave up: seat3 entered FATAL state, too many start retries too quickly',
    // github.com/rfk/django-supervisor/issues/15
    '2012-03-08 12:06:34,223 CRIT Set uid to user 0',
    "2012-03-08 12:06:34,265 INFO RPC interface 'supervisor' initialized",
    '2012-03-08 12:06:34,266 INFO supervisord started with pid 19530',
    // github.com/Supervisor/supervisor/issues/1387
    '2020-11-09 15:59:20,573 INFO success: worker_1 entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)',
  ],
};
