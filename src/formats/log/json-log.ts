// One JSON object per line, as Node loggers and containers write them:
//
//   {"level":30,"time":1657548137123,"pid":1,"hostname":"x","msg":"request completed","req":{…},"res":{…},"responseTime":12}
//       pino (numeric levels 10 trace … 60 fatal, `time` epoch ms; pino-http adds req/res/responseTime in ms)
//   {"name":"app","hostname":"x","pid":1,"level":50,"msg":"…","time":"2022-07-11T14:02:17.123Z","v":0}
//       bunyan (same numeric levels, ISO `time`, `v` format version)
//   {"level":"error","message":"…","timestamp":"2022-07-11T14:02:17.123Z"}
//       winston json() + timestamp()
//   {"message":"GET /v1/me/tenant","timestamp":"2022-07-11T14:02:17","type":"out","process_id":0,"app_name":"api"}
//       PM2 with `log_type: 'json'` (lib/God/ForkMode.js)
//   {"log":"GET /v1/me/tenant\n","stream":"stdout","time":"2022-07-11T14:02:17.123456789Z"}
//       Docker's json-file driver
//
// Only known keys are read: a log object can carry anything, including secrets, and nothing else is kept.

import type { HttpRequestFields, Level, LocalTime, ParsedLine } from '../../model/event.js';
import { utcLocalTime } from '../../model/event.js';
import { appName } from './app-name.js';
import { scanJsonLog } from './json-log-scan.js';
import { parseIsoStamp } from './syslog.js';
import type { LogFormat } from './types.js';

/** JSON.parse is only tried below this length: a 100 MB line is not a log record worth a parse. */
export const MAX_JSON_LINE = 1024 * 1024;

/** pino/bunyan numeric levels (pino lib/constants.js, bunyan README "Levels"). */
function numericLevel(n: number): Level | undefined {
  if (n >= 60) return 'critical';
  if (n >= 50) return 'error';
  if (n >= 40) return 'warning';
  if (n >= 30) return 'info';
  if (n >= 10) return 'debug';
  return undefined;
}

const LEVEL_NAMES: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  verbose: 'debug',
  silly: 'debug',
  info: 'info',
  http: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  fatal: 'critical',
  crit: 'critical',
  critical: 'critical',
  alert: 'critical',
  emerg: 'critical',
  emergency: 'critical',
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}(\.\d{1,9})?$/.test(v)) return Number(v);
  return undefined;
}

/** Epoch ms (or seconds, as zap writes `ts`) to UTC wall parts; epoch values are UTC by definition. */
function fromEpoch(value: number): LocalTime | undefined {
  // Seconds before 2286 are < 1e10; ms are ≥ 1e12 for any date after 2001.
  return utcLocalTime(value < 1e11 ? value * 1000 : value);
}

function timeOf(obj: Json): LocalTime | undefined {
  for (const key of ['time', 'timestamp', '@timestamp', 'ts', 'date', 'datetime']) {
    const v = obj[key];
    if (typeof v === 'number') return fromEpoch(v);
    if (typeof v === 'string') {
      const stamp = parseIsoStamp(v);
      if (stamp) return stamp.ts;
      const n = num(v);
      if (n !== undefined) return fromEpoch(n);
    }
  }
  return undefined;
}

function levelOf(obj: Json): Level | undefined {
  const log = isObject(obj.log) ? obj.log : undefined;
  for (const v of [obj.level, obj.severity, obj.lvl, log?.level, obj['log.level']]) {
    if (typeof v === 'number') return numericLevel(v);
    if (typeof v === 'string') {
      const level = LEVEL_NAMES[v.toLowerCase()];
      if (level) return level;
    }
  }
  return undefined;
}

function messageOf(obj: Json): string | undefined {
  for (const key of ['msg', 'message', '@message', 'log']) {
    const v = obj[key];
    // Docker's `log` keeps the trailing newline of what the container wrote.
    if (typeof v === 'string') return v.endsWith('\n') ? v.slice(0, v.endsWith('\r\n') ? -2 : -1) : v;
  }
  return undefined;
}

/** HTTP fields of pino-http, express-winston/morgan-json and flat request loggers, when present. */
function requestOf(obj: Json): HttpRequestFields | undefined {
  const meta = isObject(obj.meta) ? obj.meta : obj;
  const req = isObject(meta.req) ? meta.req : isObject(meta.request) ? meta.request : undefined;
  const res = isObject(meta.res) ? meta.res : isObject(meta.response) ? meta.response : undefined;
  const request: HttpRequestFields = {};
  const method = str(req?.method) ?? str(meta.method);
  if (method) request.method = method;
  const path = str(req?.url) ?? str(req?.originalUrl) ?? str(meta.url) ?? str(meta.path);
  if (path) request.path = path;
  const status = num(res?.statusCode) ?? num(res?.status) ?? num(meta.statusCode) ?? num(meta.status);
  if (status !== undefined && status >= 100 && status <= 599) request.status = Math.trunc(status);
  // pino-http and express-winston report responseTime in milliseconds.
  const responseTime = num(meta.responseTime) ?? num(obj.responseTime);
  if (responseTime !== undefined) request.duration = responseTime / 1000;
  const client = str(req?.remoteAddress) ?? str(req?.ip) ?? str(meta.remoteAddress) ?? str(meta.ip);
  if (client) request.client = client;
  return Object.keys(request).length > 0 && (request.method || request.status !== undefined) ? request : undefined;
}

function parseJson(line: string): ParsedLine | null {
  if (line.length > MAX_JSON_LINE) return null;
  let start = 0;
  while (line.charCodeAt(start) === 0x20 || line.charCodeAt(start) === 0x09) start++;
  if (line.charCodeAt(start) !== 0x7b /* { */) return null;
  let end = line.length - 1;
  while (end > start && (line.charCodeAt(end) === 0x20 || line.charCodeAt(end) === 0x0d)) end--;
  if (line.charCodeAt(end) !== 0x7d /* } */) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(obj)) return null;
  const message = messageOf(obj);
  const ts = timeOf(obj);
  const level = levelOf(obj);
  // An object with none of a log record's keys is data, not a log line.
  if (message === undefined && ts === undefined && level === undefined) return null;
  const parsed: ParsedLine = { message: message ?? '' };
  if (ts) parsed.ts = ts;
  if (level) parsed.level = level;
  const pid = num(obj.pid);
  if (pid !== undefined) parsed.pid = pid;
  const program = str(obj.name) ?? str(obj.app_name) ?? str(obj.service);
  if (program) parsed.program = program;
  const fields: Record<string, string | number> = {};
  const hostname = str(obj.hostname) ?? str(obj.host);
  if (hostname) fields.hostname = hostname;
  const instance = num(obj.process_id);
  if (instance !== undefined) fields.instance = instance;
  const stream = str(obj.stream) ?? str(obj.type);
  if (stream === 'stdout' || stream === 'stderr' || stream === 'out' || stream === 'err') fields.stream = stream;
  const err = isObject(obj.err) ? obj.err : isObject(obj.error) ? obj.error : undefined;
  if (err) {
    const type = str(err.type) ?? str(err.name);
    if (type) fields.errorName = type;
    const code = str(err.code);
    if (code) fields.errno = code;
    const errMessage = str(err.message);
    if (errMessage && !parsed.message.includes(errMessage)) fields.errorMessage = errMessage.slice(0, 1000);
  }
  if (Object.keys(fields).length > 0) parsed.fields = fields;
  const request = requestOf(obj);
  if (request) parsed.request = request;
  return parsed;
}

function detectJson(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    // Docker's json-file envelope is container-log's: the app's own line is inside its "log".
    if (line.startsWith('{"log":') && line.includes('"stream":')) continue;
    if (parseJson(line)) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  return Math.min(1, (hits / seen) * 0.98 + (/\.json(l)?$|json/.test(path) ? 0.02 : 0));
}

export const jsonLog: LogFormat = {
  behaviour: {
    time: 'optional',
    multiline: false,
    requests: true,
    process: (path) => ({ source: 'json-log', app: appName(path) }),
    // Levels are members the scanner reads (facts.level): no line needs a literal to be kept.
    notableHints: [],
    scan: scanJsonLog,
  },
  id: 'json-log',
  detect: detectJson,
  parse: parseJson,
  samples: [
    '{"level":30,"time":1657548137123,"pid":2412,"hostname":"ip-172-31-1-2","req":{"id":1,"method":"GET","url":"/v1/me/tenant","remoteAddress":"::ffff:127.0.0.1","remotePort":51234},"res":{"statusCode":200},"responseTime":12,"msg":"request completed"}',
    '{"level":50,"time":1657548139001,"pid":2412,"hostname":"ip-172-31-1-2","err":{"type":"RangeError","message":"Invalid string length","stack":"RangeError: Invalid string length\\n    at JSON.stringify (<anonymous>)"},"msg":"Invalid string length"}',
    '{"name":"api","hostname":"ip-172-31-1-2","pid":2412,"level":50,"msg":"Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?","time":"2022-07-11T14:02:17.123Z","v":0}',
    '{"level":"error","message":"connect ECONNREFUSED 127.0.0.1:6379","timestamp":"2022-07-11T14:02:17.123Z"}',
    '{"level":"info","message":"HTTP GET /v1/inventory/get","meta":{"req":{"url":"/v1/inventory/get?id=12493","method":"GET"},"res":{"statusCode":502},"responseTime":30012},"timestamp":"2022-07-11T14:02:19.004Z"}',
    '{"message":"GET /v1/me/tenant","timestamp":"2022-07-11T14:02:17","type":"out","process_id":0,"app_name":"api"}',
    '{"log":"Error: socket hang up\\n","stream":"stderr","time":"2022-07-11T14:02:17.123456789Z"}',
  ],
};
