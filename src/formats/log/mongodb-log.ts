// MongoDB server log (mongod, mongos), every generation:
//
//   {"t":{"$date":"2024-03-05T10:12:01.123+00:00"},"s":"I","c":"NETWORK","id":22943,"ctx":"listener","msg":"Connection accepted",…}
//       4.4+: structured JSON, one object per line (docs "Log Messages"): severity s = F, E, W, I or D1–D5
//   2019-05-14T11:43:00.557+0000 I NETWORK  [listener] connection accepted from 172.2.16.210:54632 #285248 (…)
//       3.0–4.2: ISO stamp with offset, severity letter (4.2 pads it: `W  NETWORK`), component (or `-`), [context]
//   2014-04-09T18:22:47.374-0400 [initandlisten] MongoDB starting : pid=74396 port=27017 …
//       2.6: no severity or component; some lines without a context
//   Mon Aug  5 20:21:42 [initandlisten] db version v2.2.5, pdfile version 4.5
//       ≤ 2.4: ctime stamp, local time without year or zone
//
// json-log would read a 4.4 line too (it has `msg`); this format scores above it on MongoDB's own files, which
// are recognised by the `"t":{"$date":` head and the `s`/`c` keys no pino, bunyan or winston line has.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { parseIsoStamp, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

/** JSON.parse only below this length (a 16 MB BSON dump is not a log record worth parsing). */
const MAX_JSON_LINE = 1024 * 1024;

const ISO_RE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})?) (?:([FEWI]|D[1-5]?) {1,2}([A-Z][A-Z0-9_]{0,19}|-) +(?! ))?(?:\[([^\]]{1,200})\] )?(.*)$/;
const CTIME_RE = new RegExp(
  `^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (${MONTH_ALTERNATION}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3}))? (?:\\[([^\\]\\s]{1,200})\\] )?(.*)$`,
);

function levelOf(severity: string | undefined): Level | undefined {
  if (severity === undefined) return undefined;
  switch (severity[0]) {
    case 'F':
      return 'critical';
    case 'E':
      return 'error';
    case 'W':
      return 'warning';
    case 'I':
      return 'info';
    case 'D':
      return 'debug';
    default:
      return undefined;
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** attr.error is `{code, codeName, errmsg}` or a string. */
function errorText(attr: Json | undefined): string | undefined {
  const e = attr?.error;
  if (typeof e === 'string') return e;
  if (isObject(e) && typeof e.errmsg === 'string') return e.errmsg;
  return undefined;
}

function parseJsonLine(line: string): ParsedLine | null {
  if (line.length > MAX_JSON_LINE) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(obj) || !isObject(obj.t) || typeof obj.s !== 'string' || typeof obj.msg !== 'string') return null;
  const date = obj.t.$date;
  const stamp = typeof date === 'string' ? parseIsoStamp(date, true) : null;
  if (!stamp) return null;
  const attr = isObject(obj.attr) ? obj.attr : undefined;
  const fields: Record<string, string | number> = {};
  if (typeof obj.c === 'string') fields.component = obj.c;
  if (typeof obj.id === 'number') fields.id = obj.id;
  if (typeof obj.ctx === 'string') fields.ctx = obj.ctx;
  const error = errorText(attr);
  if (error !== undefined) fields.error = error;
  if (typeof attr?.durationMillis === 'number') fields.durationMillis = attr.durationMillis;
  const parsed: ParsedLine = { ts: stamp.ts, program: 'mongod', message: obj.msg, fields };
  const level = levelOf(obj.s);
  if (level) parsed.level = level;
  return parsed;
}

function parseIsoLine(m: RegExpExecArray): ParsedLine | null {
  const stamp = parseIsoStamp(m[1], true);
  if (!stamp) return null;
  const fields: Record<string, string | number> = {};
  if (m[3] !== undefined && m[3] !== '-') fields.component = m[3];
  if (m[4] !== undefined) fields.ctx = m[4];
  const parsed: ParsedLine = { ts: stamp.ts, program: 'mongod', message: m[5] };
  const level = levelOf(m[2]);
  if (level) parsed.level = level;
  if (Object.keys(fields).length) parsed.fields = fields;
  return parsed;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function parseCtimeLine(m: RegExpExecArray): ParsedLine | null {
  const ts: LocalTime = {
    month: monthFromName(m[1]),
    day: Number(m[2]),
    hour: Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5]),
    // The stamp's weekday tells which years its date can be in (year-evidence.ts).
    weekday: WEEKDAYS.indexOf(m.input.slice(0, 3)),
  };
  if (!validTime(ts)) return null;
  if (m[6] !== undefined) ts.ms = Number(m[6]);
  const parsed: ParsedLine = { ts, program: 'mongod', message: m[8] };
  if (m[7] !== undefined) parsed.fields = { ctx: m[7] };
  return parsed;
}

function parseMongo(line: string): ParsedLine | null {
  const c = line[0];
  if (c === '{') return line.startsWith('{"t":') ? parseJsonLine(line) : null;
  if (c === ' ' || c === '\t')
    return line.trim() === '' ? null : { program: 'mongod', message: line, continuation: true };
  if (c >= '0' && c <= '9') {
    const m = ISO_RE.exec(line);
    return m ? parseIsoLine(m) : null;
  }
  const m = CTIME_RE.exec(line);
  return m ? parseCtimeLine(m) : null;
}

/** mongod's thread names (2.2–2.6 text logs: mtools' test logs, the 2.6 manual): conn17, initandlisten, rsSync… */
const MONGO_CONTEXT =
  /^(?:conn\d{1,9}|initandlisten|signalProcessingThread|TTLMonitor|clientcursormon|websvr|rs[A-Z][A-Za-z]{2,30}|ReplicaSetMonitorWatcher|journal|DataFileSync|FileAllocator|PeriodicTask[A-Za-z]{0,30}|repl[A-Za-z0-9]{0,30}|Balancer|mongosMain|LockPinger|migrateThread|ftdc|listener|main|SignalHandler|thread\d{1,6}|-)$/;

function isMongoContext(ctx: string | number | undefined): boolean {
  return typeof ctx === 'string' && MONGO_CONTEXT.test(ctx);
}

function detectMongo(sample: string[], path: string): number {
  let seen = 0;
  let parsed = 0;
  let marked = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseMongo(line);
    if (!p) continue;
    parsed++;
    // What tells mongod from any ISO-stamped log: a component, the JSON head, or one of mongod's own thread
    // contexts in brackets (2.x) — an app's `[quiet-api]` tag is no mongod context.
    if (p.fields?.component !== undefined || line.startsWith('{') || isMongoContext(p.fields?.ctx)) marked++;
  }
  if (seen === 0 || parsed / seen < 0.9 || marked / seen < 0.5) return 0;
  // Above json-log (≤ 1.0 only with a .json name; 0.98 otherwise) on 4.4+ files.
  return Math.min(1, (parsed / seen) * 0.99 + (/mongo/i.test(path) ? 0.01 : 0));
}

export const mongodbLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'mongodb' }),
    notableHints: [],
  },
  id: 'mongodb-log',
  detect: detectMongo,
  parse: parseMongo,
  samples: [
    // tstack/lnav test/logfile_mongodb.0 (MongoDB 4.4+ JSON)
    '{"t":{"$date":"2026-03-10T20:58:09.401+00:00"},"s":"I",  "c":"NETWORK",  "id":22943,   "ctx":"listener","msg":"Connection accepted","attr":{"remote":"10.29.42.162:56982","uuid":"9b9119f8-f43a-475a-a4db-11e53d36bc00","connectionId":162095,"connectionCount":22461}}',
    '{"t":{"$date":"2026-03-10T20:58:09.525+00:00"},"s":"I",  "c":"COMMAND",  "id":51803,   "ctx":"conn162095","msg":"Slow query","attr":{"durationMillis":120,"ns":"mydb.users","planSummary":"IXSCAN { name: 1 }","queryHash":"ABC123"}}',
    '{"t":{"$date":"2026-03-10T20:58:10.004+00:00"},"s":"W",  "c":"STORAGE",  "id":22220,   "ctx":"initandlisten","msg":"Detected unclean shutdown"}',
    // rueckstiess/mtools mtools/test/logfiles/mongod_3_4_2.log (3.4 text)
    '2017-10-09T12:44:35.621+0530 I CONTROL  [initandlisten] ** WARNING: soft rlimits too low. Number of files is 256, should be at least 1000',
    '2017-10-09T12:44:43.673+0530 I -        [conn1] end connection 127.0.0.1:54104 (1 connection now open)',
    // rueckstiess/mtools mtools/test/logfiles/mongod_26.log (2.6) and mongod_225.log (2.2)
    '2014-04-09T18:22:47.374-0400 [initandlisten] MongoDB starting : pid=74396 port=27017 dbpath=/Users/tr/Documents/tmp/data/db 64-bit host=enter.local',
    'Mon Aug  5 20:21:42 [initandlisten] db version v2.2.5, pdfile version 4.5',
  ],
};
