// PHP-FPM's master log (`error_log`, /var/log/php8.2-fpm.log) and its slow log (`slowlog`):
//
//   [05-Mar-2024 10:12:01] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it
//   [20-Oct-2022 15:31:40] NOTICE: fpm is running, pid 1
//   [20-Mar-2024 09:49:15.249662] WARNING: pid 1, fpm_children_bury(), line 258: [pool www] child 287 exited …
//       (log_level = debug adds microseconds and the C function)
//   [19-Dec-2013 16:54:49] [pool www] pid 18575              slow log: a request over request_slowlog_timeout
//   script_filename = /home/web/htdocs/test/tt.php           … then the script and the PHP stack:
//   [0x0000000003a00dc8] curl_exec() /home/web/htdocs/test/tt.php:2
//
// zlog's stamp (`%d-%b-%Y %H:%M:%S`) is local time without a zone. The slow log's script and frames are
// continuations of its header, so one slow request is one record.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { scoreByShare, shareOf } from './detect-share.js';
import { MONTH_ALTERNATION, monthFromCodes, monthFromName } from './months.js';
import { CONTINUATION, type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, four, isDigit, two, validParts } from './stamp-bytes.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const STAMP = `^\\[(\\d{2})-(${MONTH_ALTERNATION})-(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?\\] `;
const LINE_RE = new RegExp(
  `${STAMP}(DEBUG|NOTICE|WARNING|ERROR|ALERT): (?:pid \\d{1,10}, ([\\w]{1,64})\\(\\), line \\d{1,6}: )?(.*)$`,
);
const SLOW_RE = new RegExp(`${STAMP} ?\\[pool ([^\\]]{1,100})\\] pid (\\d{1,10})\\s*$`);
const POOL_RE = /^\[pool ([^\]]{1,100})\] /;
const CHILD_RE = /child (\d{1,10}) (?:exited|said|started)/;
/** The slow log's body: the script and the `[0x…] function() file:line` frames (or `+++ dump failed`). */
const SLOW_BODY_RE = /^(?:script_filename = |\[0x[0-9a-f]{1,16}\] )/;

const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  NOTICE: 'notice',
  WARNING: 'warning',
  ERROR: 'error',
  ALERT: 'critical',
};

function stampOf(m: RegExpExecArray): LocalTime | null {
  const ts: LocalTime = {
    year: Number(m[3]),
    month: monthFromName(m[2]),
    day: Number(m[1]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (!validTime(ts)) return null;
  if (m[7] !== undefined) ts.ms = Number(m[7].slice(0, 3).padEnd(3, '0'));
  return ts;
}

function parsePhpFpm(line: string): ParsedLine | null {
  if (line[0] !== '[') return SLOW_BODY_RE.test(line) ? { message: line.trimEnd(), continuation: true } : null;
  if (line[1] === '0' && line[2] === 'x') {
    return SLOW_BODY_RE.test(line) ? { message: line.trimEnd(), continuation: true } : null;
  }
  const m = LINE_RE.exec(line);
  if (m) {
    const ts = stampOf(m);
    if (!ts) return null;
    const message = m[10];
    const fields: Record<string, string | number> = {};
    const pool = POOL_RE.exec(message);
    if (pool) fields.pool = pool[1];
    const child = CHILD_RE.exec(message);
    if (child) fields.child = Number(child[1]);
    if (m[9] !== undefined) fields.function = m[9];
    const parsed: ParsedLine = { ts, level: LEVELS[m[8]], program: 'php-fpm', message };
    if (Object.keys(fields).length > 0) parsed.fields = fields;
    return parsed;
  }
  const slow = SLOW_RE.exec(line);
  if (slow) {
    const ts = stampOf(slow);
    if (!ts) return null;
    return {
      ts,
      level: 'warning',
      program: 'php-fpm',
      pid: Number(slow[9]),
      message: `slow request: [pool ${slow[8]}] pid ${slow[9]}`,
      fields: { pool: slow[8], slow: 1 },
    };
  }
  return null;
}

/** Level words as bytes after the stamp, with their rank (model/event.ts order) and length. */
const SCAN_LEVELS: readonly [word: string, rank: number][] = [
  ['NOTICE', 2],
  ['WARNING', 3],
  ['ERROR', 4],
  ['ALERT', 5],
  ['DEBUG', 0],
];

/** `[05-Mar-2024 10:12:01` (optionally `.uuuuuu`) and `] `: the index after it, or -1. Fills the time facts. */
function fpmStampAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 23 > end || buf[p] !== 0x5b || buf[p + 3] !== 0x2d || buf[p + 7] !== 0x2d || buf[p + 12] !== 0x20) return -1;
  if (buf[p + 15] !== 0x3a || buf[p + 18] !== 0x3a) return -1;
  const a = buf[p + 4];
  const b = buf[p + 5];
  const c = buf[p + 6];
  // The regex's month alternation is case-sensitive: `Mar`, never `MAR`.
  if (a < 0x41 || a > 0x5a || b < 0x61 || b > 0x7a || c < 0x61 || c > 0x7a) return -1;
  f.day = two(buf, p + 1);
  f.month = monthFromCodes(a, b, c);
  f.year = four(buf, p + 8);
  f.hour = two(buf, p + 13);
  f.minute = two(buf, p + 16);
  f.second = two(buf, p + 19);
  f.ms = 0;
  if (f.day < 0 || f.month === 0 || f.year < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 || !validParts(f))
    return -1;
  let i = p + 21;
  if (buf[i] === 0x2e) {
    let k = i + 1;
    let ms = 0;
    while (k < end && k - i <= 6 && isDigit(buf[k])) {
      if (k - i <= 3) ms = ms * 10 + (buf[k] - 0x30);
      k++;
    }
    const digits = k - i - 1;
    if (digits === 0 || (k < end && isDigit(buf[k]))) return -1;
    for (let d = digits; d < 3; d++) ms *= 10;
    f.ms = ms;
    i = k;
  }
  return i + 1 < end && buf[i] === 0x5d && buf[i + 1] === 0x20 ? i + 2 : -1;
}

/** Characters JavaScript's `.` does not match: a line holding one goes to the string parser. */
function hasLineBreakChar(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x0d || (c === 0xe2 && buf[i + 1] === 0x80 && (buf[i + 2] === 0xa8 || buf[i + 2] === 0xa9))) return true;
  }
  return false;
}

/** The hot path's reading of the master log's `[stamp] LEVEL: ` lines and the slow log's body; UNSURE otherwise. */
function scanPhpFpm(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  if (hasLineBreakChar(buf, start, end)) return UNSURE;
  if (buf[start] !== 0x5b) return bytesAre(buf, start, end, 'script_filename = ') ? CONTINUATION : UNSURE;
  if (buf[start + 1] === 0x30 && buf[start + 2] === 0x78) {
    let k = start + 3;
    while (k < end && k - start - 3 < 16 && isHex(buf[k])) k++;
    return k > start + 3 && buf[k] === 0x5d && buf[k + 1] === 0x20 ? CONTINUATION : UNSURE;
  }
  const p = fpmStampAt(buf, start, end, f);
  if (p < 0) {
    f.month = Number.NaN;
    return UNSURE;
  }
  for (const [word, rank] of SCAN_LEVELS) {
    if (bytesAre(buf, p, end, word) && bytesAre(buf, p + word.length, end, ': ')) {
      f.level = rank;
      f.offset = Number.NaN;
      return RECORD;
    }
  }
  f.month = Number.NaN;
  return UNSURE;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
}

function detectPhpFpm(sample: string[], path: string): number {
  return scoreByShare(shareOf(sample, parsePhpFpm), 0.97, /fpm|slow/i.test(path) ? 0.02 : 0);
}

export const phpFpmLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'php-fpm' }),
    notableHints: ['] ERROR: ', '] ALERT: '],
    scan: scanPhpFpm,
  },
  id: 'php-fpm-log',
  detect: detectPhpFpm,
  parse: parsePhpFpm,
  samples: [
    // php/php-src#9792 (PHP 8.1.8, Ubuntu 22.04)
    '[20-Oct-2022 15:31:40] NOTICE: fpm is running, pid 1',
    '[20-Oct-2022 16:50:02] ALERT: oops, unknown child (103) exited with code 0. Please open a bug report (https://github.com/php/php-src/issues).',
    // php/php-src#15161
    '[25-Jul-2024 23:45:38] WARNING: [pool xxxxxx] child 33944 exited on signal 9 (SIGKILL) after 12.011399 seconds from start',
    // newrelic/newrelic-php-agent#862 (log_level = debug)
    '[20-Mar-2024 09:49:15.249662] WARNING: pid 1, fpm_children_bury(), line 258: [pool www] child 287 exited on signal 9 (SIGKILL) after 14.015627 seconds from start',
    '[19-Dec-2013 16:54:49] [pool www] pid 18575',
    'script_filename = /home/web/htdocs/sandbox_canglong/test/tt.php',
    '[0x0000000003a00dc8] curl_exec() /home/web/htdocs/sandbox_canglong/test/tt.php:2',
  ],
};
