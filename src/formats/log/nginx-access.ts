// nginx access log: "combined" and "common" — the two formats Apache and Tomcat's AccessLogValve also write —
// and the common variants with $request_time / $upstream_response_time / $upstream_status appended; Apache's
// vhost_combined (the virtual host first), gunicorn's default access_log_format (combined) and Tomcat's
// AccessLogValve patterns (common, `%D`, `%T` appended) read the same way.
//
//   93.184.216.34 - - [10/Jul/2022:13:55:36 +0000] "GET /v1/orders/status?order_id=12 HTTP/1.1" 502 157 "-" "okhttp/4.9.3"
//   10.0.0.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326
//   10.0.0.7 - - [10/Jul/2022:13:55:36 +0000] "POST /api HTTP/1.1" 504 167 "-" "curl/7.84.0" 60.001 60.000 "504"
//
// `nginxAccess.parse` reads a line as a string; the read path's hot path is the Buffer scanner of
// nginx-access-scan.ts, which gives the same facts without a regex or a string per line.
// nginx writes `"` inside a field as \x22 (escape=default); Apache writes \" — both are skipped over.
import type { HttpRequestFields, LocalTime, ParsedLine } from '../../model/event.js';
import { MONTH_ALTERNATION, monthFromBytes, monthFromName } from './months.js';
import { scanNginxAccess } from './nginx-access-scan.js';
import type { LogFormat } from './types.js';

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
// Linear: each group is a run of a character class bounded by a literal that the class excludes.
const ACCESS_RE = new RegExp(
  '^(\\S+) (\\S+) (\\S+) ' + // $remote_addr - $remote_user
    `\\[(\\d{2})/(${MONTH_ALTERNATION})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-])(\\d{2})(\\d{2})\\] ` + // [$time_local]
    `${QUOTED} (\\d{3}) (\\d+|-)(?=$| )` + // "$request" $status $body_bytes_sent
    `(?: ${QUOTED} ${QUOTED})?` + // "$http_referer" "$http_user_agent" (combined)
    '(.*)$', // appended variables
);

/** Splits `"GET /path HTTP/1.1"` into method and path; a garbage request (`-`, TLS bytes) keeps neither. */
export function splitRequestLine(request: string): { method?: string; path?: string } {
  const sp = request.indexOf(' ');
  if (sp <= 0) return {};
  const method = request.slice(0, sp);
  if (!/^[A-Z]{1,20}$/.test(method)) return {};
  const sp2 = request.indexOf(' ', sp + 1);
  const path = sp2 < 0 ? request.slice(sp + 1) : request.slice(sp + 1, sp2);
  return path ? { method, path } : { method };
}

/**
 * The variables people append after combined: `$request_time $upstream_response_time [$upstream_status]`,
 * quoted or not, or as `rt=… urt=… us=…` pairs (the nginx blog's "upstream_time" format and its variants).
 * Only the first token can be $request_time, as in the hot path.
 */
function applyTail(tail: string, request: HttpRequestFields, fields: Record<string, string | number>): void {
  let index = 0;
  for (const raw of tail.split(' ')) {
    if (!raw) continue;
    const token = raw.length > 1 && raw[0] === '"' && raw[raw.length - 1] === '"' ? raw.slice(1, -1) : raw;
    const first = index++ === 0;
    const eq = token.indexOf('=');
    if (eq > 0) {
      const key = token.slice(0, eq);
      const value = token.slice(eq + 1).replace(/^"|"$/g, '');
      if (key === 'rt' && first) setDuration(value, request);
      else if (key === 'request_time') setDuration(value, request);
      else if (key === 'urt' || key === 'upstream_response_time') fields.upstream_response_time = value;
      else if (key === 'us' || key === 'upstream_status') request.upstreamStatus = value;
      else if (key === 'uct' || key === 'upstream_connect_time') fields.upstream_connect_time = value;
      else if (key === 'uht' || key === 'upstream_header_time') fields.upstream_header_time = value;
      continue;
    }
    if (first) {
      // nginx's $request_time always has a fraction (`0.004`), as Tomcat's %T and gunicorn's %(L)s do; a bare
      // integer is another server's %D (Apache and gunicorn: µs; Tomcat ≤ 10.0: ms, 10.1+: µs) or an integer %T,
      // whose unit the line does not tell: no duration rather than a wrong one.
      if (/^\d+\.\d+$/.test(token)) setDuration(token, request);
    } else if (/^\d{3}$/.test(token)) {
      request.upstreamStatus = token;
    } else if (/^(\d+\.\d+|-)(,|$)/.test(token) && fields.upstream_response_time === undefined) {
      fields.upstream_response_time = token;
    }
  }
}

function setDuration(value: string, request: HttpRequestFields): void {
  const n = Number(value);
  if (value !== '' && value !== '-' && Number.isFinite(n)) request.duration = n;
}

/**
 * Apache's `vhost_combined` (`%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`, Debian's
 * other_vhosts_access.log): the virtual host and port before the combined line. Only Apache ships it by name.
 */
const VHOST_RE = /^([^\s:]{1,253}):(\d{1,5}) (?=\S+ \S+ \S+ \[)/;

function parseAccess(line: string): ParsedLine | null {
  const direct = ACCESS_RE.exec(line);
  if (direct) return accessOf(direct);
  const vhost = VHOST_RE.exec(line);
  const m = vhost ? ACCESS_RE.exec(line.slice(vhost[0].length)) : null;
  if (!vhost || !m) return null;
  const parsed = accessOf(m);
  parsed.fields = { ...parsed.fields, vhost: vhost[1], port: Number(vhost[2]), server: 'apache' };
  return parsed;
}

function accessOf(m: RegExpExecArray): ParsedLine {
  const sign = m[10] === '-' ? -1 : 1;
  const ts: LocalTime = {
    year: Number(m[6]),
    month: monthFromName(m[5]),
    day: Number(m[4]),
    hour: Number(m[7]),
    minute: Number(m[8]),
    second: Number(m[9]),
    offsetMinutes: sign * (Number(m[11]) * 60 + Number(m[12])),
  };
  const requestLine = m[13];
  const request: HttpRequestFields = { ...splitRequestLine(requestLine), status: Number(m[14]), client: m[1] };
  if (m[15] !== '-') request.bytes = Number(m[15]);
  const fields: Record<string, string | number> = {};
  if (m[3] !== '-') fields.remote_user = m[3];
  if (m[16] !== undefined && m[16] !== '-') fields.http_referer = m[16];
  if (m[17] !== undefined && m[17] !== '-') fields.http_user_agent = m[17];
  if (m[18]) applyTail(m[18], request, fields);
  const parsed: ParsedLine = { ts, message: requestLine, request };
  if (Object.keys(fields).length > 0) parsed.fields = fields;
  return parsed;
}

function detectAccess(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (ACCESS_RE.test(line) || (VHOST_RE.test(line) && parseAccess(line))) hits++;
  }
  if (seen === 0) return 0;
  const ratio = hits / seen;
  const named = /access|ssl_request/i.test(path) ? 0.05 : 0;
  return ratio === 0 ? 0 : Math.min(1, ratio * 0.95 + named);
}

export const nginxAccess: LogFormat = {
  behaviour: {
    proxy: true,
    time: 'wall',
    multiline: false,
    requests: true,
    process: () => ({ source: 'nginx-access' }),
    // Access lines have no level: none is notable without a signature.
    notableHints: [],
    scan: scanNginxAccess,
  },
  id: 'nginx-access',
  detect: detectAccess,
  parse: parseAccess,
  samples: [
    // nginx combined (the bench generator's shape, a 502 during a burst)
    '93.184.216.34 - - [10/Jul/2022:13:55:36 +0000] "GET /v1/orders/status?order_id=12 HTTP/1.1" 502 157 "-" "okhttp/4.9.3"',
    // Apache httpd docs' common-format example
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    // Apache combined with a referer and user agent
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    // nginx combined + $request_time $upstream_response_time "$upstream_status"
    '203.0.113.9 - - [16/Jun/2020:23:11:11 +0000] "POST /api/orders HTTP/1.1" 504 167 "-" "axios/0.27.2" 60.001 60.000 "504"',
    // Tomcat AccessLogValve common pattern (%h %l %u %t "%r" %s %b)
    '0:0:0:0:0:0:0:1 - - [12/Oct/2014:06:01:40 +0200] "GET /manager/html HTTP/1.1" 401 2474',
    // nginx logging a TLS handshake sent to a plain-HTTP port: no method, no bytes
    '45.155.205.233 - - [11/Jul/2022:03:12:09 +0000] "\\x16\\x03\\x01\\x00\\xEE\\x01" 400 157 "-" "-"',
    // nginx "rt=… uct=… uht=… urt=…" pairs (the nginx blog's upstream_time format)
    '10.1.2.3 - - [11/Jul/2022:14:01:27 +0000] "GET /v1/location?id=4704 HTTP/1.1" 502 157 "-" "Go-http-client/1.1" rt=0.004 uct="0.000" uht="-" urt="0.004"',
  ],
};
