// Apache httpd's ErrorLog:
//
//   [Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] Directory index forbidden by rule: /var/www/html/
//       httpd 2.0–2.2: ctime stamp, level, optional client
//   [Sat Jul 08 17:40:54.742169 2017] [proxy:error] [pid 1081] (111)Connection refused: AH00957: HTTP: attempt …
//       httpd 2.4 (ErrorLogFormat default `[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client %a] %M`): microseconds,
//       module, pid and thread, the OS error (`(111)Connection refused`), client, and the message's AH code
//
// Both are local time without a zone. The AH code, module, client and errno go in fields so signatures and the
// report can quote them. Lines that are not Apache's (a CGI's or PHP's own stderr text) are not claimed.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const STAMP = `\\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH_ALTERNATION}) ([ \\d]?\\d) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))? (\\d{4})\\]`;
const LEVEL = '(emerg|alert|crit|error|warn|notice|info|debug|trace[1-8])';
const LINE_RE = new RegExp(
  `^${STAMP} \\[(?:([\\w-]+):)?${LEVEL}\\] ?(?:\\[pid (\\d{1,10})(?::tid (\\d{1,20}))?\\] )?(.*)$`,
);
/** `(111)Connection refused: ` — APR's errno and its text, before the client and the message. */
const ERRNO_RE = /^\((\d{1,6})\)([^:]{1,80}): /;
const CLIENT_RE = /^\[(?:client|remote) ([^\]]{1,100})\] /;
const CODE_RE = /^(AH\d{5}): /;

const LEVELS: Record<string, Level> = {
  emerg: 'critical',
  alert: 'critical',
  crit: 'critical',
  error: 'error',
  warn: 'warning',
  notice: 'notice',
  info: 'info',
  debug: 'debug',
};

function parseApacheError(line: string): ParsedLine | null {
  if (line[0] !== '[') return null;
  const m = LINE_RE.exec(line);
  if (!m) return null;
  const ts: LocalTime = {
    year: Number(m[7]),
    month: monthFromName(m[1]),
    day: Number(m[2].trim()),
    hour: Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5]),
  };
  if (!validTime(ts)) return null;
  if (m[6] !== undefined) ts.ms = Number(m[6].slice(0, 3).padEnd(3, '0'));
  const fields: Record<string, string | number> = {};
  if (m[8] !== undefined) fields.module = m[8];
  if (m[11] !== undefined) fields.tid = m[11];
  let rest = m[12];
  const errno = ERRNO_RE.exec(rest);
  if (errno) {
    fields.errno = Number(errno[1]);
    fields.error = errno[2];
    rest = rest.slice(errno[0].length);
  }
  const client = CLIENT_RE.exec(rest);
  if (client) {
    fields.client = client[1];
    rest = rest.slice(client[0].length);
  }
  const code = CODE_RE.exec(rest);
  if (code) fields.code = code[1];
  const parsed: ParsedLine = {
    ts,
    level: LEVELS[m[9]] ?? 'debug',
    program: 'apache',
    // The message keeps the errno text: "(111)Connection refused: AH00957: …" is what users search for.
    message: m[12],
  };
  if (m[10] !== undefined) parsed.pid = Number(m[10]);
  if (Object.keys(fields).length > 0) parsed.fields = fields;
  return parsed;
}

function detectApacheError(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (parseApacheError(line)) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  const ratio = hits / seen;
  // Above the kernel's 0.97 for the same ctime stamp: a `[level]` after it is Apache's, never dmesg's.
  if (ratio < 0.9) return ratio * 0.5;
  return Math.min(1, ratio * 0.98 + (/(?:apache|httpd|error)[^/]*$/i.test(path) ? 0.01 : 0));
}

export const apacheError: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: false,
    requests: false,
    process: () => ({ source: 'apache' }),
    notableHints: [':error]', ':crit]', ':alert]', ':emerg]', '[error]', '[crit]', '[alert]', '[emerg]'],
  },
  id: 'apache-error',
  detect: detectApacheError,
  parse: parseApacheError,
  samples: [
    // loghub Apache_2k.log (httpd 2.0)
    '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
    '[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/',
    // freedombox/FreedomBox#895 (httpd 2.4.25, Debian)
    '[Sat Jul 08 17:40:54.742169 2017] [proxy:error] [pid 1081] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8000 (127.0.0.1) failed',
    '[Sat Jul 08 17:40:54.742228 2017] [proxy_http:error] [pid 1081] [client 10.0.2.2:53768] AH01114: HTTP: failed to make connection to backend: 127.0.0.1',
    // openshift/origin-server#5456 (httpd 2.2, no space after the level)
    '[Wed May 28 17:00:35 2014] [error](111)Connection refused: proxy: HTTP: attempt to connect to 127.1.244.129:8080 (127.1.244.129) failed',
  ],
};
