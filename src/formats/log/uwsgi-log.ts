// uWSGI's log (`logto`/`daemonize` file, Debian's /var/log/uwsgi/app/<app>.log, or its stderr):
//
//   [pid: 97702|app: 0|req: 164/103193] 31.184.180.149 () {40 vars in 1130 bytes} [Sun Dec 15 19:05:01 2013]
//     GET /x => generated 914 bytes in 37 msecs (HTTP/1.1 200) 2 headers in 71 bytes (1 switches on core 0)
//       a request (core/logging.c uwsgi_logit_simple): status, duration (msecs, or micros with log-micros)
//   Mon Jul  3 03:55:12 2017 - *** HARAKIRI ON WORKER 1 (pid: 17511, try: 1) ***
//       a master message with `log-date` (ctime, local time); without it the message has no time:
//   DAMN ! worker 1 (pid: 2449) died, killed by signal 9 :( trying respawn ...
//   *** Starting uWSGI 2.0.18 (64bit) on [Tue Mar  5 10:12:01 2024] ***
//
// uWSGI states no level. Its own messages are recognised by how they start (core/master*.c, core/uwsgi.c,
// core/socket.c, plugins/python); the app's Python tracebacks continue the record above. Other app output is
// not uWSGI's and is skipped.
import type { LocalTime, ParsedLine } from '../../model/event.js';
import { MONTH_ALTERNATION, monthFromCodes, monthFromName } from './months.js';
import { isTracebackLine } from './python-log.js';
import { type FastScan, type LineFacts, RECORD, UNSURE } from './scan-types.js';
import { bytesAre, four, isDigit, two, validParts } from './stamp-bytes.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const CTIME = `(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH_ALTERNATION}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})`;
const REQUEST_RE = new RegExp(
  `^\\[pid: (\\d{1,10})\\|app: (-?\\d{1,6})\\|req: (-?\\d{1,15})/(\\d{1,15})\\] (\\S{1,200}) \\(([^)]{0,200})\\) \\{(\\d{1,6}) vars in (\\d{1,10}) bytes\\} \\[${CTIME}\\] ([A-Z]{1,20}) (\\S{0,8000}) => generated (\\d{1,15}) bytes in (\\d{1,15}) (msecs|micros)(?: via \\w{1,20}\\(\\))? \\(([^ )]{1,20}) (\\d{3})\\)(.*)$`,
);
const DATED_RE = new RegExp(`^${CTIME} - (.*)$`);

/** How uWSGI's own messages start (master, workers, sockets, the Python plugin, the startup report). */
const UWSGI_MESSAGE_RE =
  /^(?:\*\*\* |!!! |DAMN ! |Respawned uWSGI |respawned uWSGI |spawned uWSGI |WSGI app \d|HARAKIRI|\.\.\.The work of process |worker \d{1,6} (?:killed|buried|lifetime)|uWSGI |uwsgi |uwsgi_|detected |your |mapped \d|compiled with version|os: |nodename: |machine: |current working directory|writing pidfile|chdir\(\) to |setgid\(\)|setuid\(\)|Python version: |Python main interpreter|python threads support|Set PythonHome|added .{1,4000} to pythonpath|thunder lock|lock engine|probably another instance|unable to |no app loaded|--- no python application found|subprocess \d{1,10} exited|mapping worker |getting INI configuration|\[uWSGI\]|\[uwsgi-|Operational MODE|SIGINT\/SIGQUIT received|SIGTERM received|gracefully |goodbye to uWSGI|Gracefully killing worker |binary reloading|chmod\(\) socket|bind\(\)|listen\(\)|announcing |cache "|spooler |clock source: |pcre jit|initializing \d|building mime-types|running "|\[rule: \d)/;

function ctimeOf(m: RegExpExecArray, at: number): LocalTime {
  return {
    year: Number(m[at + 5]),
    month: monthFromName(m[at]),
    day: Number(m[at + 1].trim()),
    hour: Number(m[at + 2]),
    minute: Number(m[at + 3]),
    second: Number(m[at + 4]),
  };
}

function parseRequest(m: RegExpExecArray): ParsedLine | null {
  const ts = ctimeOf(m, 9);
  if (!validTime(ts)) return null;
  const amount = Number(m[18]);
  return {
    ts,
    program: 'uwsgi',
    pid: Number(m[1]),
    message: `${m[15]} ${m[16]} => ${m[20]} ${m[21]}`,
    request: {
      method: m[15],
      path: m[16],
      status: Number(m[21]),
      bytes: Number(m[17]),
      duration: m[19] === 'msecs' ? amount / 1000 : amount / 1_000_000,
      client: m[5],
    },
    // uWSGI's app id (its mount index), not a program name: fields.app names programs elsewhere.
    fields: { appId: Number(m[2]) },
  };
}

export function parseUwsgi(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c === 0x5b && line.startsWith('[pid: ')) {
    const req = REQUEST_RE.exec(line);
    if (req) return parseRequest(req);
  }
  if (c >= 0x41 && c <= 0x5a) {
    const dated = DATED_RE.exec(line);
    if (dated) {
      const ts = ctimeOf(dated, 1);
      return validTime(ts) ? { ts, program: 'uwsgi', message: dated[7] } : null;
    }
  }
  if (UWSGI_MESSAGE_RE.test(line)) return { program: 'uwsgi', message: line };
  if (isTracebackLine(line)) return { message: line, continuation: true };
  return null;
}

// ── The hot path: request lines read from bytes ───────────────────────────────────────────────────────────────

/** Digits at p (at most `max`, optionally after a `-`): the index after them, or -1. Value in `out[0]`. */
function digitsAt(buf: Uint8Array, p: number, end: number, max: number, out: number[], signed = false): number {
  let i = p;
  const negative = signed && i < end && buf[i] === 0x2d;
  if (negative) i++;
  const from = i;
  let v = 0;
  while (i < end && isDigit(buf[i]) && i - from < max) v = v * 10 + (buf[i++] - 0x30);
  if (i === from || (i < end && isDigit(buf[i]))) return -1;
  out[0] = negative ? -v : v;
  return i;
}

/** Printable ASCII without `stop` from p: the index of the first byte that is not (a space, `stop` or the end). */
function wordEnd(buf: Uint8Array, p: number, end: number, stop: number, spaces: boolean): number {
  let i = p;
  while (i < end && buf[i] !== stop && buf[i] >= (spaces ? 0x20 : 0x21) && buf[i] < 0x7f) i++;
  return i;
}

/** `Mon Jan 15 01:14:23 2018` (ctime, day padded with a space) at p into f; false when it is not one. */
function ctimeAt(buf: Uint8Array, p: number, end: number, f: LineFacts): boolean {
  if (p + 24 > end || buf[p + 3] !== 0x20 || buf[p + 7] !== 0x20 || buf[p + 10] !== 0x20) return false;
  if (buf[p + 13] !== 0x3a || buf[p + 16] !== 0x3a || buf[p + 19] !== 0x20) return false;
  const day = buf[p + 8] === 0x20 && isDigit(buf[p + 9]) ? buf[p + 9] - 0x30 : two(buf, p + 8);
  const upper = (c: number) => c >= 0x41 && c <= 0x5a;
  const lower = (c: number) => c >= 0x61 && c <= 0x7a;
  // The regex's month names are capitalised; monthFromCodes folds case.
  if (
    !upper(buf[p + 4]) ||
    !lower(buf[p + 5]) ||
    !lower(buf[p + 6]) ||
    !WEEKDAYS.has(String.fromCharCode(buf[p], buf[p + 1], buf[p + 2]))
  )
    return false;
  f.month = monthFromCodes(buf[p + 4], buf[p + 5], buf[p + 6]);
  f.day = day;
  f.hour = two(buf, p + 11);
  f.minute = two(buf, p + 14);
  f.second = two(buf, p + 17);
  f.year = four(buf, p + 20);
  f.ms = 0;
  f.offset = Number.NaN;
  return f.month > 0 && day >= 0 && f.hour >= 0 && f.minute >= 0 && f.second >= 0 && f.year >= 0 && validParts(f);
}

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

/** `[pid: 53|app: 0|req: 6/5] 193.144.44.171 () {38 vars in 581 bytes} [ctime] GET /x => generated …`. */
const scanRequest: FastScan = (buf, start, end, f) => {
  const n = [0];
  if (!bytesAre(buf, start, end, '[pid: ')) return UNSURE;
  let i = digitsAt(buf, start + 6, end, 10, n);
  if (i < 0 || !bytesAre(buf, i, end, '|app: ') || (i = digitsAt(buf, i + 6, end, 6, n, true)) < 0) return UNSURE;
  if (!bytesAre(buf, i, end, '|req: ') || (i = digitsAt(buf, i + 6, end, 15, n, true)) < 0) return UNSURE;
  if (buf[i] !== 0x2f || (i = digitsAt(buf, i + 1, end, 15, n)) < 0 || !bytesAre(buf, i, end, '] ')) return UNSURE;
  const client = wordEnd(buf, i + 2, end, 0x20, false);
  if (client === i + 2 || client - i - 2 > 200 || !bytesAre(buf, client, end, ' (')) return UNSURE;
  const user = wordEnd(buf, client + 2, end, 0x29, true);
  if (user - client - 2 > 200 || !bytesAre(buf, user, end, ') {') || (i = digitsAt(buf, user + 3, end, 6, n)) < 0)
    return UNSURE;
  if (!bytesAre(buf, i, end, ' vars in ') || (i = digitsAt(buf, i + 9, end, 10, n)) < 0) return UNSURE;
  if (!bytesAre(buf, i, end, ' bytes} [') || !ctimeAt(buf, i + 9, end, f) || !bytesAre(buf, i + 33, end, '] '))
    return UNSURE;
  return scanResponse(buf, i + 35, end, f);
};

/** `GET /x => generated 914 bytes in 37 msecs (HTTP/1.1 200)…` after the request's time. */
function scanResponse(buf: Uint8Array, p: number, end: number, f: LineFacts): ReturnType<FastScan> {
  const n = [0];
  let i = p;
  while (i < end && buf[i] >= 0x41 && buf[i] <= 0x5a && i - p < 20) i++;
  if (i === p || buf[i] !== 0x20) return UNSURE;
  f.methodStart = p;
  f.methodEnd = i;
  const path = wordEnd(buf, i + 1, end, 0x20, false);
  if (path - i - 1 > 8000 || !bytesAre(buf, path, end, ' => generated ')) return UNSURE;
  f.pathStart = i + 1;
  f.pathEnd = path;
  if ((i = digitsAt(buf, path + 14, end, 15, n)) < 0 || !bytesAre(buf, i, end, ' bytes in ')) return UNSURE;
  if ((i = digitsAt(buf, i + 10, end, 15, n)) < 0) return UNSURE;
  const micros = bytesAre(buf, i, end, ' micros');
  if (!micros && !bytesAre(buf, i, end, ' msecs')) return UNSURE;
  i += micros ? 7 : 6;
  // ` via sendfile()` and the like, and anything unusual after: parse() decides.
  if (!bytesAre(buf, i, end, ' (')) return UNSURE;
  const proto = wordEnd(buf, i + 2, end, 0x29, false);
  if (
    proto === i + 2 ||
    proto - i - 2 > 20 ||
    buf[proto] !== 0x20 ||
    two(buf, proto + 1) < 0 ||
    !isDigit(buf[proto + 3])
  )
    return UNSURE;
  if (buf[proto + 4] !== 0x29) return UNSURE;
  for (let k = proto + 5; k < end; k++) if (buf[k] === 0x0d || buf[k] >= 0x80) return UNSURE;
  f.status = two(buf, proto + 1) * 10 + (buf[proto + 3] - 0x30);
  f.duration = micros ? n[0] / 1_000_000 : n[0] / 1000;
  return RECORD;
}

/** Lines only uWSGI writes: requests, the banner, worker deaths and respawns. */
const UWSGI_MARKER_RE =
  /^(?:\[pid: \d|\*\*\* Starting uWSGI|DAMN ! worker|Respawned uWSGI|spawned uWSGI|\*\*\* HARAKIRI|\*\*\* uWSGI|WSGI app \d|uWSGI )/;

function detectUwsgi(sample: string[], _path: string): number {
  let seen = 0;
  let parsed = 0;
  let markers = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseUwsgi(line);
    if (!p) continue;
    parsed++;
    const message = p.ts && !p.request ? p.message : line;
    if (UWSGI_MARKER_RE.test(message)) markers++;
  }
  if (seen === 0 || markers === 0) return 0;
  const share = parsed / seen;
  return share >= 0.9 ? share : 0;
}

/** Debian's uwsgi package writes /var/log/uwsgi/app/<app>.log. */
const DEBIAN_APP_LOG_RE = /(?:^|\/)uwsgi\/app\/([^/]{1,200})\.log/;

export const uwsgiLog: LogFormat = {
  behaviour: {
    time: 'optional',
    multiline: true,
    requests: true,
    process: (path) => {
      const app = DEBIAN_APP_LOG_RE.exec(path)?.[1];
      return app ? { source: 'uwsgi', app } : { source: 'uwsgi' };
    },
    notableHints: [],
    scan: (buf, start, end, f) => {
      const verdict = buf[start] === 0x5b ? scanRequest(buf, start, end, f) : UNSURE;
      if (verdict === UNSURE) {
        f.status = -1;
        f.month = Number.NaN;
        f.methodStart = f.methodEnd = f.pathStart = f.pathEnd = 0;
      }
      return verdict;
    },
  },
  id: 'uwsgi-log',
  detect: detectUwsgi,
  parse: parseUwsgi,
  samples: [
    // github.com/unbit/uwsgi/issues/480 (uWSGI 1.9.17; the syslog prefix removed)
    '[pid: 97702|app: 0|req: 164/103193] 31.184.180.149 () {40 vars in 1130 bytes} [Sun Dec 15 19:05:01 2013] GET /... => generated 914 bytes in 37 msecs (HTTP/1.1 200) 2 headers in 71 bytes (1 switches on core 0)',
    '*** HARAKIRI ON WORKER 10 (pid: 97702, try: 1) ***',
    'DAMN ! worker 10 (pid: 97702) died, killed by signal 9 :( trying respawn ...',
    'Respawned uWSGI worker 10 (new pid: 85491)',
    // github.com/unbit/uwsgi/issues/1571 (log-date)
    'Mon Jul  3 03:55:12 2017 - *** HARAKIRI ON WORKER 1 (pid: 17511, try: 1) ***',
    'Mon Jul  3 03:55:13 2017 - DAMN ! worker 1 (pid: 17511) died, killed by signal 9 :( trying respawn ...',
    // github.com/singularityhub/sregistry/issues/80
    '[pid: 53|app: 0|req: 6/5] 193.144.44.171 () {38 vars in 581 bytes} [Mon Jan 15 01:14:23 2018] GET /api/container/mso4sc/zibaffinity:latest => generated 4991 bytes in 224 msecs (HTTP/1.1 200) 5 headers in 159 bytes (1 switches on core 0)',
  ],
};
