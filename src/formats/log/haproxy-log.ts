// HAProxy logs: traffic lines (HTTP log format of `option httplog`, TCP log format of `option tcplog`) and HAProxy's
// own messages, as a syslog daemon files them (`Nov 22 19:56:45 web1 haproxy[1234]: …`), as HAProxy writes them
// itself to stdout/a file (`log stdout format raw`: no prefix), or with only `haproxy[pid]: `.
//
//   haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"
//   haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0
//   [WARNING] 285/071506 (74918) : Server express/local-gear is DOWN, reason: Layer7 timeout, check duration: 10002ms. …
//   [ALERT]    (301) : backend 'app' has no server available!
//
// Field layouts follow the configuration manual, section 8.2.2 "TCP log format" and 8.2.3 "HTTP log format"
// (https://docs.haproxy.org/2.8/configuration.html#8.2.3); timers are named as 1.8+ names them (TR/Tw/Tc/Tr/Ta;
// 1.4–1.7 wrote Tq/Tw/Tc/Tr/Tt in the same places). The termination state is 8.5 "Session state at disconnection".
// Own messages before 2.3 are stamped `[LEVEL] ddd/hhmmss (pid)` where ddd is tm_yday (0-based day of the year,
// checked: `271/091210` was logged on Sep 28 2020, `285/071506` on Oct 13 2014); 2.3+ writes `[LEVEL]  (pid)` only.
import type { HttpRequestFields, Level, LocalTime, ParsedLine } from '../../model/event.js';
import { scanHaproxyLog } from './haproxy-log-scan.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { splitRequestLine } from './nginx-access.js';
import type { LogFormat } from './types.js';

const SYSLOG_PREFIX_RE = new RegExp(
  `^(${MONTH_ALTERNATION}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\S+) ([^\\s\\[:]+)(?:\\[(\\d+)\\])?: ?(.*)$`,
);
const ISO_PREFIX_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) (\S+) ([^\s[:]+)(?:\[(\d+)\])?: ?(.*)$/;
const BARE_PREFIX_RE = /^(haproxy[\w.-]*)\[(\d+)\]: ?(.*)$/;
/** Some collectors prepend `2023-04-04 15:54:26 ` to what HAProxy wrote on stderr. */
const SPACE_DATE_PREFIX_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (\[[A-Z]+\].*)$/;

const ACCEPT_DATE = `\\[(\\d{2})/(${MONTH_ALTERNATION})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3,6}))?\\]`;
const HTTP_RE = new RegExp(
  `^(\\S+):(\\d+) ${ACCEPT_DATE} (\\S+) ([^\\s/]+)/(\\S+) ` + // client:port [accept_date] frontend backend/server
    '(-?\\d+)/(-?\\d+)/(-?\\d+)/(-?\\d+)/(\\+?-?\\d+) (-?\\d+) (\\+?\\d+) ' + // TR/Tw/Tc/Tr/Ta status bytes
    '(\\S+) (\\S+) ([A-Za-z-]{4}) ' + // captured cookies, termination state
    '(\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\+?\\d+) (\\d+)/(\\d+)' + // actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue
    '(?: \\{([^}]*)\\})?(?: \\{([^}]*)\\})?(?: "(.*?)"?)?$', // {request headers} {response headers} "request"
);
const TCP_RE = new RegExp(
  `^(\\S+):(\\d+) ${ACCEPT_DATE} (\\S+) ([^\\s/]+)/(\\S+) ` +
    '(-?\\d+)/(-?\\d+)/(\\+?-?\\d+) (\\+?\\d+) ([A-Za-z-]{2}) ' + // Tw/Tc/Tt bytes termination state
    '(\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\+?\\d+) (\\d+)/(\\d+)$',
);
const OWN_RE =
  /^\[(EMERG|ALERT|CRIT|ERR|ERROR|WARNING|WARN|NOTICE|INFO|DEBUG)\] +(?:(\d{1,3})\/(\d{2})(\d{2})(\d{2}) +)?\((\d+)\) ?: ?(.*)$/;
/** HAProxy's own messages as syslog receives them (no `[LEVEL]` there: the level is the syslog severity). */
const KNOWN_MESSAGE_RE =
  /^(?:Server \S+ is (?:DOWN|UP|going DOWN)|Health check for (?:backup )?server \S+ (?:failed|succeeded)|(?:backend|proxy) '?[^'\s]+'? has no server available|Proxy \S+ (?:started|stopped)|Stopping (?:frontend|backend|proxy) |Pausing (?:frontend|proxy) |Connect from |Server \S+ was DOWN and now enters maintenance)/;

const LEVELS: Record<string, Level> = {
  EMERG: 'critical',
  ALERT: 'critical',
  CRIT: 'critical',
  ERR: 'error',
  ERROR: 'error',
  WARNING: 'warning',
  WARN: 'warning',
  NOTICE: 'notice',
  INFO: 'info',
  DEBUG: 'debug',
};

const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/**
 * Month and day of a 0-based day of the year. The year is not in the line, so a common year is assumed;
 * `fields.haproxyYday` keeps the number so a later stage that knows the year can correct leap years.
 */
export function monthDayOfYday(yday: number, leap = false): { month: number; day: number } {
  for (let m = 11; m >= 0; m--) {
    const start = CUMULATIVE_DAYS[m] + (leap && m >= 2 ? 1 : 0);
    if (yday >= start) return { month: m + 1, day: yday - start + 1 };
  }
  return { month: 1, day: 1 };
}

function ms(fraction: string | undefined): number | undefined {
  return fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : undefined;
}

function acceptDate(m: RegExpExecArray, i: number): LocalTime {
  const ts: LocalTime = {
    year: Number(m[i + 2]),
    month: monthFromName(m[i + 1]),
    day: Number(m[i]),
    hour: Number(m[i + 3]),
    minute: Number(m[i + 4]),
    second: Number(m[i + 5]),
  };
  const millis = ms(m[i + 6]);
  if (millis !== undefined) ts.ms = millis;
  return ts;
}

function num(v: string): number {
  return Number(v.startsWith('+') ? v.slice(1) : v);
}

function parseHttp(m: RegExpExecArray): ParsedLine {
  const termination = m[22];
  const request: HttpRequestFields = {
    status: Number(m[18]),
    bytes: num(m[19]),
    client: m[1],
    backend: m[11],
    server: m[12],
    termination: termination.slice(0, 2),
  };
  const ta = num(m[17]);
  if (ta >= 0) request.duration = ta / 1000;
  const requestLine = m[32] ?? '';
  Object.assign(request, splitRequestLine(requestLine));
  const fields: Record<string, string | number> = {
    frontend: m[10],
    TR: Number(m[13]),
    Tw: Number(m[14]),
    Tc: Number(m[15]),
    Tr: Number(m[16]),
    Ta: ta,
    terminationState: termination,
    actconn: Number(m[23]),
    feconn: Number(m[24]),
    beconn: Number(m[25]),
    srv_conn: Number(m[26]),
    retries: num(m[27]),
    srv_queue: Number(m[28]),
    backend_queue: Number(m[29]),
  };
  if (m[30]) fields.requestHeaders = m[30];
  if (m[31]) fields.responseHeaders = m[31];
  return { ts: acceptDate(m, 3), program: 'haproxy', message: requestLine, request, fields };
}

function parseTcp(m: RegExpExecArray): ParsedLine {
  const tt = num(m[15]);
  const request: HttpRequestFields = {
    bytes: num(m[16]),
    client: m[1],
    backend: m[11],
    server: m[12],
    termination: m[17],
  };
  if (tt >= 0) request.duration = tt / 1000;
  const fields: Record<string, string | number> = {
    frontend: m[10],
    Tw: Number(m[13]),
    Tc: Number(m[14]),
    Tt: tt,
    terminationState: m[17],
    actconn: Number(m[18]),
    feconn: Number(m[19]),
    beconn: Number(m[20]),
    srv_conn: Number(m[21]),
    retries: num(m[22]),
    srv_queue: Number(m[23]),
    backend_queue: Number(m[24]),
  };
  return {
    ts: acceptDate(m, 3),
    program: 'haproxy',
    message: `${m[10]} ${m[11]}/${m[12]} ${m[17]}`,
    request,
    fields,
  };
}

/** Level of a message that arrived without `[LEVEL]` (through syslog), as HAProxy would have stamped it. */
function levelOfMessage(message: string): Level {
  if (/has no server available/.test(message)) return 'critical';
  if (/is DOWN|going DOWN|failed|Stopping|Pausing/.test(message)) return 'warning';
  return 'notice';
}

function serverFields(message: string, fields: Record<string, string | number>): void {
  const server = /^(?:Server|Health check for (?:backup )?server) ([^\s/]+)\/(\S+?)(?:,)? /.exec(message);
  if (server) {
    fields.backend = server[1];
    fields.server = server[2];
  }
  const reason = /reason: ([^,.]+)/.exec(message);
  if (reason) fields.reason = reason[1];
  const proxy = /^(?:backend|proxy) '?([^'\s]+)'? has no server available/.exec(message);
  if (proxy) fields.backend = proxy[1];
}

/** Parses what follows the prefix (or the whole line); `prefixed` says a syslog/`haproxy[pid]:` prefix was seen. */
function parseBody(body: string, programIsHaproxy: boolean): ParsedLine | null {
  const c = body.charCodeAt(0);
  if (c === 0x5b /* [ */) {
    const own = OWN_RE.exec(body);
    if (!own) return null;
    const message = own[7];
    const fields: Record<string, string | number> = { haproxyLevel: own[1] };
    serverFields(message, fields);
    const parsed: ParsedLine = { level: LEVELS[own[1]], program: 'haproxy', pid: Number(own[6]), message, fields };
    if (own[2] !== undefined) {
      const yday = Number(own[2]);
      const { month, day } = monthDayOfYday(yday);
      fields.haproxyYday = yday;
      parsed.ts = { month, day, hour: Number(own[3]), minute: Number(own[4]), second: Number(own[5]) };
    }
    return parsed;
  }
  if (body.indexOf(' [') > 0) {
    const http = HTTP_RE.exec(body);
    if (http) return parseHttp(http);
    const tcp = TCP_RE.exec(body);
    if (tcp) return parseTcp(tcp);
  }
  if (programIsHaproxy || KNOWN_MESSAGE_RE.test(body)) {
    const fields: Record<string, string | number> = {};
    serverFields(body, fields);
    const parsed: ParsedLine = { level: levelOfMessage(body), program: 'haproxy', message: body };
    if (Object.keys(fields).length > 0) parsed.fields = fields;
    return parsed;
  }
  return null;
}

function parseHaproxy(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c >= 0x41 && c <= 0x5a && (m = SYSLOG_PREFIX_RE.exec(line))) {
    const parsed = parseBody(m[9], /haproxy/i.test(m[7]));
    if (!parsed) return null;
    // The syslog stamp is when the line was emitted; traffic lines keep their own accept date, which has a year.
    if (!parsed.ts || parsed.ts.year === undefined) {
      parsed.ts = {
        month: monthFromName(m[1]),
        day: Number(m[2]),
        hour: Number(m[3]),
        minute: Number(m[4]),
        second: Number(m[5]),
      };
    }
    if (m[8] !== undefined) parsed.pid = Number(m[8]);
    parsed.fields = { ...parsed.fields, host: m[6] };
    return parsed;
  }
  if (c >= 0x30 && c <= 0x39 && (m = ISO_PREFIX_RE.exec(line))) {
    const parsed = parseBody(m[12], /haproxy/i.test(m[10]));
    if (!parsed) return null;
    if (!parsed.ts || parsed.ts.year === undefined) {
      const zone = m[8];
      parsed.ts = {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
        second: Number(m[6]),
        offsetMinutes:
          zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))),
      };
      const millis = ms(m[7]);
      if (millis !== undefined) parsed.ts.ms = millis;
    }
    if (m[11] !== undefined) parsed.pid = Number(m[11]);
    parsed.fields = { ...parsed.fields, host: m[9] };
    return parsed;
  }
  if (c === 0x68 && (m = BARE_PREFIX_RE.exec(line))) {
    const parsed = parseBody(m[3], true);
    if (parsed) parsed.pid = Number(m[2]);
    return parsed;
  }
  if (c >= 0x30 && c <= 0x39 && (m = SPACE_DATE_PREFIX_RE.exec(line))) {
    const parsed = parseBody(m[7], true);
    if (!parsed) return null;
    parsed.ts = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
    return parsed;
  }
  return parseBody(line, false);
}

function detectHaproxy(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (parseHaproxy(line)) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  return Math.min(1, (hits / seen) * 0.95 + (/haproxy/i.test(path) ? 0.05 : 0));
}

export const haproxyLog: LogFormat = {
  behaviour: {
    proxy: true,
    time: 'wall',
    multiline: false,
    requests: true,
    process: () => ({ source: 'haproxy-log' }),
    // Traffic lines have no level; HAProxy's own messages (levels, day-of-year stamps) go to the parser.
    notableHints: [],
    scan: scanHaproxyLog,
    repeatsRecords: true,
  },
  id: 'haproxy-log',
  detect: detectHaproxy,
  parse: parseHaproxy,
  samples: [
    // Configuration manual 8.2.3, HTTP log format example
    'haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
    // Configuration manual 8.2.2, TCP log format example
    'haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0',
    // rsyslog-filed HTTP line, a client abort while the server was still sending data
    'Nov 22 19:56:45 web1 haproxy[2217]: 203.0.113.7:51522 [22/Nov/2021:19:56:15.102] www~ app/web1 0/0/1/-1/30001 504 194 - - sH-- 312/312/128/64/0 0/22 "GET /api/export?all=1 HTTP/1.1"',
    // no server left for the backend: <NOSRV>, queued until timeout queue
    'Nov 22 19:56:47 web1 haproxy[2217]: 198.51.100.23:40112 [22/Nov/2021:19:56:17.004] www~ app/<NOSRV> 0/30002/-1/-1/30002 503 217 - - sQ-- 128/128/128/0/0 0/128 "POST /api/cart/add HTTP/1.1"',
    // raw stdout logging (log stdout format raw), TCP mode in front of MySQL, client timeout
    '10.0.4.17:56210 [07/Mar/2019:10:21:33.918] mysql-in galera/db2 1/0/50003 8121 cD 14/14/13/7/0 0/0',
    '[WARNING] 285/071506 (74918) : Server express/local-gear is DOWN, reason: Layer7 timeout, check duration: 10002ms. 0 active and 0 backup servers left. 128 sessions active, 0 requeued, 0 remaining in queue.',
    "[ALERT] 285/071506 (74918) : proxy 'express' has no server available!",
    '[WARNING]  (301) : Server app/web1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    '[NOTICE]   (1) : haproxy version is 2.6.12-1ppa1~jammy',
    'Sep 28 09:12:12 k8s-sh-03 haproxy[3065]: [WARNING] 271/091212 (3065) : Server ingress-node/10.10.10.168 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    // the same event as syslog receives it from HAProxy (no [LEVEL], no day-of-year stamp)
    'Mar 12 03:41:09 lb1 haproxy[8812]: Server app/web1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.',
    'Mar 12 03:41:09 lb1 haproxy[8812]: backend app has no server available!',
  ],
};
