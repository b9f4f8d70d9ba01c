// Python `logging` output, in the format strings people actually run:
//
//   2024-03-05 10:12:01,123 - myapp.views - ERROR - boom     '%(asctime)s - %(name)s - %(levelname)s - %(message)s'
//   2024-03-05 10:12:01,123 - ERROR - boom                   '%(asctime)s - %(levelname)s - %(message)s'
//   2024-03-05 10:12:01,123 INFO     tuned.daemon: starting  tuned: '%(asctime)s %(levelname)-8s %(name)s: %(message)s'
//   2024-03-05 10:12:01,123 INFO Starting unattended upgrades script      unattended-upgrades
//   2024-03-05 10:12:01,123 [INFO] rhsmd:3141:MainThread @rhsmd.py:100 - … rhsm.log
//   [2024-03-05 10:12:01 +0000] [1234] [CRITICAL] WORKER TIMEOUT (pid:5678)  gunicorn ≥ 19 ('[%Y-%m-%d %H:%M:%S %z]')
//   2013-06-06 22:24:29 [26219] [CRITICAL] WORKER TIMEOUT (pid:8602)          gunicorn < 19 (no zone)
//   [2024-03-05 10:12:01,123: ERROR/MainProcess] consumer: Connection to broker lost.   Celery worker_log_format
//   [05/Mar/2024 10:12:01] "GET / HTTP/1.1" 500 145           Django runserver (django.server, '[{server_time}]')
//   ERROR:root:boom                                          logging.basicConfig()'s default, untimed
//   Internal Server Error: /orders/                          Django's default console handler (no format), untimed
//
// A traceback (`Traceback (most recent call last):`, indented `File "…", line N, in f` frames and source lines, the
// closing `ValueError: …` line, the chained-exception separators) continues the record above it. asctime is local
// time without a zone (logging's default converter is time.localtime); gunicorn states its offset.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { type FastScan, type LineFacts, RECORD, UNSURE } from './scan-types.js';
import { bytesAre, four, indexOfByte, isDigit, two, validParts } from './stamp-bytes.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

/** logging's level names (logging.getLevelName); WARN and FATAL are aliases that never print. */
const LEVEL_NAMES = '(DEBUG|INFO|WARNING|ERROR|CRITICAL)';
const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
};

/** asctime: '%Y-%m-%d %H:%M:%S' then ',mmm' (logging.Formatter.default_msec_format); some configs use '.'. */
const ASCTIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[,.](\d{3})\d{0,3})?/;
/** ` - name - LEVEL - msg` or ` - LEVEL - msg` (levelname may be padded: `%(levelname)-8s`). */
const DASHED_RE = new RegExp(`^ - (?:([^\\s]{1,200}) - )?${LEVEL_NAMES} *- (.*)$`);
/** ` LEVEL rest` (unattended-upgrades, tuned); the name is taken when the rest starts with `name: `. */
const SPACED_RE = new RegExp(`^ ${LEVEL_NAMES} ([\\s\\S]*)$`);
/** ` [LEVEL] msg` (rhsm) or ` [pid] [LEVEL] msg` (gunicorn before 19). */
const BRACKETED_RE = new RegExp(`^ (?:\\[(\\d{1,10})\\] )?\\[${LEVEL_NAMES}\\] (.*)$`);
const LOGGER_PREFIX_RE = /^([\w.-]{1,200}): (.*)$/;
/** Java layouts that share an asctime-like start: a thread in brackets (log4j) or `pid --- [` (Spring Boot). */
const JAVA_REST_RE = /^(?:\[|\d{1,10} --- )/;

const GUNICORN_RE = new RegExp(
  `^\\[(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) ([+-])(\\d{2})(\\d{2})\\] \\[(\\d{1,10})\\] \\[${LEVEL_NAMES}\\] (.*)$`,
);
const CELERY_RE = new RegExp(
  `^\\[(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3}): ${LEVEL_NAMES}/([^\\]\\s]{1,100})\\] (.*)$`,
);
const DJANGO_SERVER_RE = new RegExp(`^\\[(\\d{2})/(${MONTH_ALTERNATION})/(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})\\] (.*)$`);
/** django.server's request message: `"GET /path HTTP/1.1" 500 145` (WSGIRequestHandler.log_request). */
const DJANGO_REQUEST_RE = /^"([A-Z]{3,10}) (\S{1,8000}) HTTP\/[\d.]{1,5}" (\d{3}) (\d{1,15}|-)$/;
/** logging.basicConfig()'s BASIC_FORMAT '%(levelname)s:%(name)s:%(message)s'. */
const BASIC_RE = new RegExp(`^${LEVEL_NAMES}:([^:\\s]{1,200}):(.*)$`);
/** Django's default console output (django.request without a formatter) and the runserver banner. */
const DJANGO_CONSOLE_RE =
  /^(?:(Internal Server Error|Not Found|Bad Request|Forbidden(?: \(.{1,200}\))?|Method Not Allowed \(\w{1,10}\)): \/|Watching for file changes with \w|Performing system checks\.\.\.$|System check identified |Django version \d|Starting development server at |Quit the server with )/;

/** runserver's start banner: `February 25, 2019 - 23:27:30` (strftime '%B %d, %Y - %X' in the C locale). */
const DJANGO_BANNER_DATE_RE =
  /^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{2}), (\d{4}) - (\d{2}):(\d{2}):(\d{2})$/;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The lines of a traceback after its first frame-less line (traceback.format_exception). */
const TRACEBACK_HEADS =
  /^(?:Traceback \(most recent call last\):$|During handling of the above exception, another exception occurred:$|The above exception was the direct cause of the following exception:$|Current thread 0x[0-9a-f]{1,16} \(most recent call first\):$|Fatal Python error: )/;
/** The closing `module.ExceptionName: message` line (or the bare name; `socket.gaierror` is lower case). */
const EXCEPTION_LINE_RE =
  /^[A-Za-z_][\w.]{0,200}(?:Error|error|Exception|Exit|Interrupt|Warning|Timeout|Lost|Failure|Fault|Iteration|DoesNotExist|NotFound)(?:: |:$|$)/;

/** A line that continues a Python traceback (shared with uWSGI, whose output carries the app's tracebacks). */
export function isTracebackLine(line: string): boolean {
  const c = line.charCodeAt(0);
  // Indented: `  File "…", line N, in f`, the source line under it, `    ^^^^` markers, a chained exception's
  // indented group (ExceptionGroup `  | `).
  if (c === 0x20 || c === 0x09) return line.trim() !== '';
  return TRACEBACK_HEADS.test(line) || EXCEPTION_LINE_RE.test(line);
}

function asctimeOf(m: RegExpExecArray): LocalTime {
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (m[7] !== undefined) ts.ms = Number(m[7]);
  return ts;
}

/** A line that starts with asctime: the three layouts after it. */
function parseAsctimeFirst(line: string): ParsedLine | null {
  const stamp = ASCTIME_RE.exec(line);
  if (!stamp) return null;
  const ts = asctimeOf(stamp);
  if (!validTime(ts)) return null;
  const rest = line.slice(stamp[0].length);
  const dashed = DASHED_RE.exec(rest);
  if (dashed) {
    const parsed: ParsedLine = { ts, level: LEVELS[dashed[2]], message: dashed[3] };
    if (dashed[1] !== undefined) parsed.fields = { logger: dashed[1] };
    return parsed;
  }
  const bracketed = BRACKETED_RE.exec(rest);
  if (bracketed) {
    const parsed: ParsedLine = { ts, level: LEVELS[bracketed[2]], message: bracketed[3] };
    if (bracketed[1] !== undefined) {
      // gunicorn before 19 wrote '%(asctime)s [%(process)d] [%(levelname)s] %(message)s'.
      parsed.program = 'gunicorn';
      parsed.pid = Number(bracketed[1]);
    }
    return parsed;
  }
  const spaced = SPACED_RE.exec(rest);
  const spacedRest = spaced ? spaced[2].trimStart() : '';
  if (spaced && !JAVA_REST_RE.test(spacedRest)) {
    const parsed: ParsedLine = { ts, level: LEVELS[spaced[1]], message: spacedRest };
    const logger = LOGGER_PREFIX_RE.exec(spacedRest);
    if (logger) {
      parsed.fields = { logger: logger[1] };
      parsed.message = logger[2];
    }
    return parsed;
  }
  return null;
}

function parseGunicorn(m: RegExpExecArray): ParsedLine | null {
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    offsetMinutes: (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])),
  };
  if (!validTime(ts)) return null;
  return { ts, program: 'gunicorn', pid: Number(m[10]), level: LEVELS[m[11]], message: m[12] };
}

function parseCelery(m: RegExpExecArray): ParsedLine | null {
  const ts = asctimeOf(m);
  if (!validTime(ts)) return null;
  return { ts, program: 'celery', level: LEVELS[m[8]], message: m[10], fields: { process: m[9] } };
}

function parseDjangoServer(m: RegExpExecArray): ParsedLine | null {
  const ts: LocalTime = {
    year: Number(m[3]),
    month: monthFromName(m[2]),
    day: Number(m[1]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (!validTime(ts)) return null;
  const parsed: ParsedLine = { ts, program: 'django', message: m[7] };
  const req = DJANGO_REQUEST_RE.exec(m[7]);
  if (req) {
    parsed.request = { method: req[1], path: req[2], status: Number(req[3]) };
    if (req[4] !== '-') parsed.request.bytes = Number(req[4]);
  }
  return parsed;
}

/** Lines without a time: basicConfig's default, Django's console, tracebacks. */
function parseUntimed(line: string): ParsedLine | null {
  if (isTracebackLine(line)) return { message: line, continuation: true };
  const basic = BASIC_RE.exec(line);
  if (basic) return { level: LEVELS[basic[1]], message: basic[3], fields: { logger: basic[2] } };
  const banner = DJANGO_BANNER_DATE_RE.exec(line);
  if (banner) {
    const ts: LocalTime = {
      year: Number(banner[3]),
      month: MONTH_NAMES.indexOf(banner[1]) + 1,
      day: Number(banner[2]),
      hour: Number(banner[4]),
      minute: Number(banner[5]),
      second: Number(banner[6]),
    };
    return validTime(ts) ? { ts, program: 'django', message: line } : null;
  }
  const console = DJANGO_CONSOLE_RE.exec(line);
  if (console) {
    // django.request logs 5xx at ERROR, 4xx at WARNING (django/utils/log.py log_response).
    const level: Level = console[1] === 'Internal Server Error' ? 'error' : console[1] ? 'warning' : 'info';
    return { program: 'django', level, message: line };
  }
  return null;
}

export function parsePython(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return parseAsctimeFirst(line);
  if (c === 0x5b) {
    const g = GUNICORN_RE.exec(line);
    if (g) return parseGunicorn(g);
    const cel = CELERY_RE.exec(line);
    if (cel) return parseCelery(cel);
    const dj = DJANGO_SERVER_RE.exec(line);
    if (dj) return parseDjangoServer(dj);
    return null;
  }
  return parseUntimed(line);
}

/** A record whose layout only Python writes (the loose ` LEVEL msg` and untimed layouts are not). */
function isDistinctive(p: ParsedLine, line: string): boolean {
  if (p.program === 'gunicorn' || p.program === 'celery' || (p.program === 'django' && p.ts)) return true;
  if (p.ts === undefined) return false;
  const stamp = ASCTIME_RE.exec(line);
  if (!stamp) return false;
  const after = line.slice(stamp[0].length, stamp[0].length + 3);
  return after === ' - ' || after.startsWith(' [');
}

function detectPython(sample: string[], _path: string): number {
  let seen = 0;
  let parsed = 0;
  let records = 0;
  let distinctive = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parsePython(line);
    if (!p) continue;
    parsed++;
    if (p.continuation) continue;
    records++;
    if (isDistinctive(p, line)) distinctive++;
  }
  if (seen === 0 || records === 0) return 0;
  const share = parsed / seen;
  if (share < 0.9) return 0;
  // `2024-03-05 10:12:01,123 INFO msg` is also supervisord's and some Java layouts' shape: when most records
  // have only that shape, stay below the formats that recognise their own messages in it (they score ≥ 0.95),
  // yet above what a file name alone gives (pm2-log's 0.92 for `*-out.log`).
  return distinctive * 2 >= records ? share : Math.min(share, 0.93);
}

// ── The hot path: gunicorn's and Celery's lines read from bytes ───────────────────────────────────────────────

/** Level ranks (read/tally.ts LEVEL_RANK) of the names parse() accepts, keyed by their first two bytes. */
function levelAt(buf: Uint8Array, p: number, end: number): [rank: number, length: number] | null {
  const names: readonly [string, number][] = [
    ['DEBUG', 0],
    ['INFO', 1],
    ['WARNING', 3],
    ['ERROR', 4],
    ['CRITICAL', 5],
  ];
  for (const [name, rank] of names) if (bytesAre(buf, p, end, name)) return [rank, name.length];
  return null;
}

/** `YYYY-MM-DD HH:MM:SS` at p into f (no fraction, no offset); false when it is not one parse() accepts. */
function dateTimeAt(buf: Uint8Array, p: number, end: number, f: LineFacts): boolean {
  if (p + 19 > end || buf[p + 4] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 10] !== 0x20) return false;
  if (buf[p + 13] !== 0x3a || buf[p + 16] !== 0x3a) return false;
  f.year = four(buf, p);
  f.month = two(buf, p + 5);
  f.day = two(buf, p + 8);
  f.hour = two(buf, p + 11);
  f.minute = two(buf, p + 14);
  f.second = two(buf, p + 17);
  f.ms = 0;
  f.offset = Number.NaN;
  return f.year >= 0 && f.month >= 0 && f.day >= 0 && f.hour >= 0 && f.minute >= 0 && f.second >= 0 && validParts(f);
}

/** The message `(.*)$` takes: no CR, and nothing but ASCII (U+2028/9 and other non-ASCII go to parse()). */
function plainRest(buf: Uint8Array, p: number, end: number): boolean {
  for (let i = p; i < end; i++) if (buf[i] === 0x0d || buf[i] >= 0x80) return false;
  return true;
}

/** `[2024-01-09 13:24:39 +0000] [1637] [CRITICAL] ` (gunicorn ≥ 19). */
function scanGunicorn(buf: Uint8Array, start: number, end: number, f: LineFacts): number {
  const z = start + 21;
  if (!dateTimeAt(buf, start + 1, end, f) || buf[z - 1] !== 0x20 || z + 8 > end) return UNSURE;
  if (buf[z] !== 0x2b && buf[z] !== 0x2d) return UNSURE;
  const hh = two(buf, z + 1);
  const mm = two(buf, z + 3);
  if (hh < 0 || mm < 0 || !bytesAre(buf, z + 5, end, '] [')) return UNSURE;
  f.offset = (buf[z] === 0x2d ? -1 : 1) * (hh * 60 + mm);
  let i = z + 8;
  const pidStart = i;
  while (i < end && isDigit(buf[i])) i++;
  if (i === pidStart || i - pidStart > 10 || !bytesAre(buf, i, end, '] [')) return UNSURE;
  const level = levelAt(buf, i + 3, end);
  if (!level || !bytesAre(buf, i + 3 + level[1], end, '] ')) return UNSURE;
  if (!plainRest(buf, i + 5 + level[1], end)) return UNSURE;
  f.level = level[0];
  return RECORD;
}

/** `[2017-01-13 15:51:07,161: WARNING/MainProcess] ` (Celery). */
function scanCelery(buf: Uint8Array, start: number, end: number, f: LineFacts): number {
  const c = start + 20;
  if (!dateTimeAt(buf, start + 1, end, f) || c + 6 > end || buf[c] !== 0x2c) return UNSURE;
  const ms = isDigit(buf[c + 1]) && isDigit(buf[c + 2]) && isDigit(buf[c + 3]);
  if (!ms || buf[c + 4] !== 0x3a || buf[c + 5] !== 0x20) return UNSURE;
  f.ms = (buf[c + 1] - 0x30) * 100 + (buf[c + 2] - 0x30) * 10 + (buf[c + 3] - 0x30);
  const level = levelAt(buf, c + 6, end);
  const slash = c + 6 + (level ? level[1] : 0);
  if (!level || slash >= end || buf[slash] !== 0x2f) return UNSURE;
  const close = indexOfByte(buf, 0x5d, slash + 1, Math.min(end, slash + 102));
  if (close < 0 || close === slash + 1 || close + 1 >= end || buf[close + 1] !== 0x20) return UNSURE;
  // The process name is `[^\]\s]{1,100}`: ASCII without spaces here, anything else to parse().
  for (let k = slash + 1; k < close; k++) if (buf[k] <= 0x20 || buf[k] >= 0x7f) return UNSURE;
  if (!plainRest(buf, close + 2, end)) return UNSURE;
  f.level = level[0];
  return RECORD;
}

/** gunicorn's and Celery's records; every other shape (and every doubt) goes to parse(). */
const scanPython: FastScan = (buf, start, end, f) => {
  if (buf[start] !== 0x5b || end - start < 27) return UNSURE;
  const verdict = buf[start + 20] === 0x2c ? scanCelery(buf, start, end, f) : scanGunicorn(buf, start, end, f);
  if (verdict === UNSURE) {
    f.level = -1;
    f.month = Number.NaN;
  }
  return verdict as 0 | 1;
};

const SUPERVISOR_CHILD_LOG_RE = /(?:^|\/)([^/]{1,200}?)-std(?:out|err)---supervisor-[\w]{1,20}\.log/;
const KNOWN_SOURCES_RE = /(?:^|\/)(gunicorn|celery|django|tuned|rhsm|unattended-upgrades)(?:[/._-]|$)/;

/** gunicorn, celery or django from the file's place; the program name of a supervisord child log. */
export function pythonProcess(path: string): { source: string; app?: string } {
  const child = SUPERVISOR_CHILD_LOG_RE.exec(path);
  const known = KNOWN_SOURCES_RE.exec(path);
  if (child) return { source: known?.[1] ?? 'python', app: child[1] };
  if (known) {
    const name = known[1];
    // The application's own output: what preceded its restarts.
    return name === 'gunicorn' || name === 'celery' || name === 'django'
      ? { source: name, app: name }
      : { source: name };
  }
  return { source: 'python' };
}

export const pythonLog: LogFormat = {
  behaviour: {
    time: 'optional',
    multiline: true,
    requests: true,
    process: pythonProcess,
    notableHints: ['ERROR', 'CRITICAL', 'Internal Server Error'],
    scan: scanPython,
  },
  id: 'python-log',
  detect: detectPython,
  parse: parsePython,
  samples: [
    // github.com/benoitc/gunicorn/issues/3136 (gunicorn 20.1.0)
    '[2024-01-09 13:24:39 +0000] [1637] [CRITICAL] WORKER TIMEOUT (pid:7214)',
    '[2024-01-09 13:24:40 +0000] [1637] [WARNING] Worker with pid 7214 was terminated due to signal 6',
    '[2024-01-09 13:24:40 +0000] [7310] [INFO] Booting worker with pid: 7310',
    // github.com/benoitc/gunicorn/issues/545 (gunicorn 0.17.4)
    '2013-06-06 22:24:29 [26219] [CRITICAL] WORKER TIMEOUT (pid:8602)',
    // github.com/celery/celery/issues/3760
    '[2017-01-13 15:51:07,161: WARNING/MainProcess] consumer: Connection to broker lost. Trying to re-establish the connection...',
    'Traceback (most recent call last):',
    '  File "/Users/Joanna/.virtualenvs/mdt-dev/lib/python3.6/site-packages/redis/connection.py", line 346, in read_response',
    '    raise socket.error(SERVER_CLOSED_CONNECTION_ERROR)',
    'OSError: Connection closed by server.',
    // github.com/celery/celery/issues/2150
    '[2014-07-15 15:02:51,310: ERROR/Beat] Celerybeat: Connection error: [Errno 111] Connection refused. Trying again in 2.0 seconds...',
    // docs.python.org/3/howto/logging.html (the HOWTO's examples)
    '2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message',
    '2005-03-19 15:10:26,697 - simple_example - CRITICAL - critical message',
    'WARNING:root:Watch out!',
    // Django runserver (django/core/servers/basehttp.py)
    '[05/Mar/2024 10:12:01] "GET / HTTP/1.1" 500 145',
    // github.com/thecourseforum/theCourseForum2/pull/890 (Django's console output)
    'Internal Server Error: /department/19/Fall+2024/',
  ],
};
