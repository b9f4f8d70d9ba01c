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
import { scoreByShare, shareOf } from './detect-share.js';
import { MONTH_ALTERNATION, monthFromCodes, monthFromName } from './months.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { four, isDigit, two, validParts } from './stamp-bytes.js';
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

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
/** Level ranks as model/event.ts orders them (debug 0 … critical 5). */
const LEVEL_RANKS: Record<string, number> = {
  emerg: 5,
  alert: 5,
  crit: 5,
  error: 4,
  warn: 3,
  notice: 2,
  info: 1,
  debug: 0,
};

function ascii(buf: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += String.fromCharCode(buf[i]);
  return out;
}

/** `[Sun Dec 04 04:47:44(.uuuuuu)? 2005] ` as the regex reads it: the index after it, or -1. Fills the time facts. */
function ctimeAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (p + 26 > end || buf[p] !== 0x5b || buf[p + 4] !== 0x20 || buf[p + 8] !== 0x20) return -1;
  if (!WEEKDAYS.has(ascii(buf, p + 1, p + 4))) return -1;
  const a = buf[p + 5];
  const b = buf[p + 6];
  const c = buf[p + 7];
  if (a < 0x41 || a > 0x5a || b < 0x61 || b > 0x7a || c < 0x61 || c > 0x7a) return -1;
  f.month = monthFromCodes(a, b, c);
  // `[ \d]?\d`: `04`, ` 4` or `4`.
  let i = p + 9;
  if (isDigit(buf[i]) && isDigit(buf[i + 1])) f.day = two(buf, i);
  else if (buf[i] === 0x20 && isDigit(buf[i + 1])) f.day = buf[i + 1] - 0x30;
  else if (isDigit(buf[i]) && buf[i + 1] === 0x20) {
    f.day = buf[i] - 0x30;
    i--;
  } else return -1;
  i += 2;
  if (buf[i] !== 0x20 || buf[i + 3] !== 0x3a || buf[i + 6] !== 0x3a) return -1;
  f.hour = two(buf, i + 1);
  f.minute = two(buf, i + 4);
  f.second = two(buf, i + 7);
  i += 9;
  f.ms = 0;
  if (buf[i] === 0x2e) {
    let k = i + 1;
    let ms = 0;
    while (k < end && k - i <= 6 && isDigit(buf[k])) {
      if (k - i <= 3) ms = ms * 10 + (buf[k] - 0x30);
      k++;
    }
    const digits = k - i - 1;
    if (digits === 0) return -1;
    for (let d = digits; d < 3; d++) ms *= 10;
    f.ms = ms;
    i = k;
  }
  if (buf[i] !== 0x20 || buf[i + 5] !== 0x5d) return -1;
  f.year = four(buf, i + 1);
  if (f.month === 0 || f.year < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 || !validParts(f)) return -1;
  return i + 6;
}

/** The hot path's reading of `[ctime] [module:level] …`; UNSURE for anything else (the string parser decides). */
function scanApacheError(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const p = ctimeAt(buf, start, end, f);
  if (p < 0 || buf[p] !== 0x20 || buf[p + 1] !== 0x5b) {
    f.month = Number.NaN;
    return UNSURE;
  }
  let i = p + 2;
  const run = i;
  while (i < end && i - run < 64 && (buf[i] === 0x2d || buf[i] === 0x5f || isWordByte(buf[i]))) i++;
  let levelFrom = run;
  if (buf[i] === 0x3a && i > run) {
    levelFrom = i + 1;
    i = levelFrom;
    while (i < end && i - levelFrom < 8 && isWordByte(buf[i])) i++;
  }
  const word = ascii(buf, levelFrom, i);
  const rank = LEVEL_RANKS[word] ?? (/^trace[1-8]$/.test(word) ? 0 : -1);
  if (rank < 0 || buf[i] !== 0x5d || hasLineBreakChar(buf, i, end)) {
    f.month = Number.NaN;
    return UNSURE;
  }
  f.level = rank;
  f.offset = Number.NaN;
  return RECORD;
}

function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Characters JavaScript's `.` does not match: a line holding one goes to the string parser. */
function hasLineBreakChar(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === 0x0d || (c === 0xe2 && buf[i + 1] === 0x80 && (buf[i + 2] === 0xa8 || buf[i + 2] === 0xa9))) return true;
  }
  return false;
}

function detectApacheError(sample: string[], path: string): number {
  const hint = /apache|httpd|error/i.test(path.slice(path.lastIndexOf('/') + 1)) ? 0.01 : 0;
  // Above the kernel's 0.97 for the same ctime stamp: a `[level]` after it is Apache's, never dmesg's.
  return scoreByShare(shareOf(sample, parseApacheError), 0.98, hint, false);
}

export const apacheError: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: false,
    requests: false,
    process: () => ({ source: 'apache' }),
    notableHints: [':error]', ':crit]', ':alert]', ':emerg]', '[error]', '[crit]', '[alert]', '[emerg]'],
    scan: scanApacheError,
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
