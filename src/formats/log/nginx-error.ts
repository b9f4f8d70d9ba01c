// nginx error_log: `YYYY/MM/DD HH:MM:SS [level] pid#tid: *connection message, client: …, server: …, request: "…"`
//
//   2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection while reading response
//   header from upstream, client: 1.2.3.4, server: api.example.com, request: "GET /v1/location?id=4704 HTTP/1.1",
//   upstream: "http://127.0.0.1:8080/v1/location?id=4704", host: "api.example.com"
//
// The stamp is local time with no zone and nginx never writes one (ngx_cached_err_log_time), so no offset is set.
// The context pairs after the message are written by ngx_http_log_error_handler in a fixed order: client, server,
// request, subrequest, upstream, host, referrer.
import type { Level, ParsedLine } from '../../model/event.js';
import { splitRequestLine } from './nginx-access.js';
import { scanNginxError } from './nginx-error-scan.js';
import type { LogFormat } from './types.js';

const ERROR_RE =
  /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(debug|info|notice|warn|error|crit|alert|emerg)\] (\d+)#(\d+): (?:\*(\d+) )?(.*)$/;

const LEVELS: Record<string, Level> = {
  debug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warning',
  error: 'error',
  crit: 'critical',
  alert: 'critical',
  emerg: 'critical',
};

const CONTEXT_KEYS = ['client', 'server', 'request', 'subrequest', 'upstream', 'host', 'referrer'];

/** Splits `message, client: a, server: b, request: "…"` at the first context key nginx appends. */
function splitContext(text: string): { message: string; context: Record<string, string> } {
  const context: Record<string, string> = {};
  const at = text.indexOf(', client: ');
  if (at < 0) return { message: text, context };
  let rest = text.slice(at + 2);
  while (rest.length > 0) {
    const colon = rest.indexOf(': ');
    if (colon <= 0) break;
    const key = rest.slice(0, colon);
    if (!CONTEXT_KEYS.includes(key)) break;
    rest = rest.slice(colon + 2);
    let value: string;
    if (rest[0] === '"') {
      // Values are quoted when they come from the request; nginx escapes `"` inside as \x22.
      const close = rest.indexOf('"', 1);
      value = close < 0 ? rest.slice(1) : rest.slice(1, close);
      rest = close < 0 ? '' : rest.slice(close + 1);
    } else {
      const comma = rest.indexOf(', ');
      value = comma < 0 ? rest : rest.slice(0, comma);
      rest = comma < 0 ? '' : rest.slice(comma);
    }
    context[key] = value;
    if (!rest.startsWith(', ')) break;
    rest = rest.slice(2);
  }
  return { message: text.slice(0, at), context };
}

function parseError(line: string): ParsedLine | null {
  const m = ERROR_RE.exec(line);
  if (!m) return null;
  const pid = Number(m[8]);
  const { message, context } = splitContext(m[11]);
  const parsed: ParsedLine = {
    ts: {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    },
    level: LEVELS[m[7]],
    program: 'nginx',
    pid,
    message,
  };
  const fields: Record<string, string | number> = { nginxLevel: m[7] };
  if (m[10] !== undefined) fields.connection = Number(m[10]);
  if (m[9] !== m[8]) fields.tid = Number(m[9]);
  for (const [key, value] of Object.entries(context)) fields[key] = value;
  parsed.fields = fields;
  if (context.client || context.request || context.upstream) {
    const request = context.request ? splitRequestLine(context.request) : {};
    parsed.request = { ...request };
    if (context.client) parsed.request.client = context.client;
    if (context.upstream) parsed.request.server = context.upstream;
  }
  return parsed;
}

function detectError(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (ERROR_RE.test(line)) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  // nginx -t and startup failures print "nginx: [emerg] …" lines in between; a few misses are fine.
  return Math.min(1, (hits / seen) * 0.95 + (/error/i.test(path) ? 0.05 : 0));
}

export const nginxError: LogFormat = {
  behaviour: {
    proxy: true,
    time: 'wall',
    multiline: false,
    requests: false,
    process: () => ({ source: 'nginx-error' }),
    // Every line states its level, which the scanner reads: no literal is needed to keep error lines.
    notableHints: [],
    scan: scanNginxError,
  },
  id: 'nginx-error',
  detect: detectError,
  parse: parseError,
  samples: [
    '2022/07/11 14:01:27 [error] 8934#8934: *220129 upstream prematurely closed connection while reading response header from upstream, client: 1.2.3.4, server: api.example.com, request: "GET /v1/location?id=4704 HTTP/1.1", upstream: "http://127.0.0.1:8080/v1/location?id=4704", host: "api.example.com"',
    // Seed 000 case 2 (App Engine nginx sidecar)
    '2020/06/16 23:11:11 [error] 35#35: *1149 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 169.254.1.1, server: _, request: "POST /api/redacted HTTP/1.1", upstream: "http://127.0.0.1:8081/api/redacted", host: "redacted.appspot.com"',
    '2022/07/10 03:14:07 [error] 8935#8935: *221877 connect() failed (111: Connection refused) while connecting to upstream, client: 93.184.216.34, server: _, request: "GET /v1/orders/list?customer_id=1 HTTP/1.1", upstream: "http://127.0.0.1:8082/v1/orders/list?customer_id=1", host: "api.example.com"',
    '2022/07/10 03:14:09 [error] 8936#8936: *221901 no live upstreams while connecting to upstream, client: 93.184.216.34, server: _, request: "GET /v1/orders/list HTTP/1.1", upstream: "http://backend_8082/v1/orders/list", host: "api.example.com"',
    '2016/02/18 10:05:12 [alert] 1432#0: 1024 worker_connections are not enough',
    '2016/02/18 10:05:12 [crit] 1432#0: accept4() failed (24: Too many open files)',
    '2022/07/10 00:00:01 [warn] 8937#8937: *220051 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/3/41/0000123456 while reading upstream, client: 8.8.4.4, server: _, request: "GET /v1/reports/export?format=csv HTTP/1.1", upstream: "http://127.0.0.1:8091/v1/reports/export?format=csv", host: "api.example.com"',
    '2022/07/10 00:00:02 [notice] 1#1: signal 1 (SIGHUP) received from 1, reconfiguring',
    '2019/03/05 09:12:44 [emerg] 8214#8214: bind() to 0.0.0.0:80 failed (98: Address already in use)',
  ],
};
