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
import { MONTH_ALTERNATION, monthFromName } from './months.js';
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

function detectPhpFpm(sample: string[], path: string): number {
  let seen = 0;
  let ours = 0;
  let stamped = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parsePhpFpm(line);
    if (!parsed) continue;
    ours++;
    if (parsed.ts) stamped++;
  }
  if (seen === 0 || stamped === 0) return 0;
  const ratio = ours / seen;
  if (ratio < 0.9) return ratio * 0.5;
  return Math.min(1, ratio * 0.97 + (/fpm|slow/i.test(path) ? 0.02 : 0));
}

export const phpFpmLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'php-fpm' }),
    notableHints: ['] ERROR: ', '] ALERT: '],
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
