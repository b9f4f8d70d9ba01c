// Heroku logs as `heroku logs` prints them (and as a log drain receives them, RFC 5424 framed):
//
//   2012-11-05T17:01:30.234567+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" …
//   2012-11-05T17:01:30.234567+00:00 app[web.1]: Listening on 3000
//   <158>1 2012-11-05T17:01:30.234567+00:00 host heroku router - at=info method=GET path="/" …
//
// Router lines are logfmt (https://devcenter.heroku.com/articles/http-routing#heroku-router-log-format); their
// fields go into `fields` and the HTTP part into `request` (service= is the time the dyno took). Platform lines from
// heroku[web.1] (state changes, R14, exits) get their code/status into `fields`.
import type { HttpRequestFields, Level, ParsedLine } from '../../model/event.js';
import { scanHerokuLog } from './heroku-log-scan.js';
import type { LogFormat } from './types.js';

const LINE_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2}) (app|heroku)\[([\w.-]+)\]: ?(.*)$/;
const DRAIN_RE =
  /^<\d{1,3}>1 (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2}) \S+ (app|heroku) ([\w.-]+) - ?(.*)$/;
/** logfmt pair: key=value or key="value with spaces" */
/** A key starts after a character that cannot be part of it: from inside a run each start rescanned it. */
const PAIR_RE = /(?:^|[^\w.-])([\w.-]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;
/** `Error R14 (Memory quota exceeded)`, older router `Error H12 (Request timeout) -> GET …` */
const ERROR_CODE_RE = /^Error ([HRL]\d{2}) \(([^)]*)\)/;

function offsetOf(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  return (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function milliseconds(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const m = /^(\d+)ms$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

function routerLine(message: string, fields: Record<string, string | number>): HttpRequestFields | undefined {
  for (const m of message.matchAll(PAIR_RE)) {
    const raw = m[2];
    fields[m[1]] = raw.startsWith('"') ? raw.slice(1, -1) : raw;
  }
  if (fields.method === undefined && fields.status === undefined) return undefined;
  const request: HttpRequestFields = {};
  if (typeof fields.method === 'string') request.method = fields.method;
  if (typeof fields.path === 'string') request.path = fields.path;
  if (/^\d{3}$/.test(String(fields.status))) request.status = Number(fields.status);
  if (/^\d+$/.test(String(fields.bytes))) request.bytes = Number(fields.bytes);
  const service = milliseconds(String(fields.service));
  if (service !== undefined) request.duration = service / 1000;
  if (typeof fields.fwd === 'string') request.client = fields.fwd;
  if (typeof fields.dyno === 'string') request.server = fields.dyno;
  return request;
}

function levelOf(source: string, message: string, fields: Record<string, string | number>): Level {
  if (fields.at === 'error' || ERROR_CODE_RE.test(message) || /^State changed from \w+ to crashed/.test(message))
    return 'error';
  if (fields.at === 'warning' || /^Process exited with status [1-9]|SIGKILL|Idling|SIGTERM/.test(message))
    return 'warning';
  if (fields.at === 'info') return 'info';
  return source === 'heroku' ? 'notice' : 'info';
}

function parseHeroku(line: string): ParsedLine | null {
  const m = LINE_RE.exec(line) ?? DRAIN_RE.exec(line);
  if (!m) return null;
  const source = m[9];
  const dyno = m[10];
  const message = m[11];
  const parsed: ParsedLine = {
    ts: {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
      offsetMinutes: offsetOf(m[8]),
    },
    program: `${source}[${dyno}]`,
    message,
  };
  if (m[7]) parsed.ts!.ms = Number(m[7].slice(0, 3).padEnd(3, '0'));
  const fields: Record<string, string | number> = { source, dyno };
  if (source === 'heroku' && dyno === 'router') {
    const request = routerLine(message, fields);
    if (request) parsed.request = request;
  } else if (source === 'heroku') {
    const code = ERROR_CODE_RE.exec(message);
    if (code) {
      fields.code = code[1];
      fields.desc = code[2];
    }
    const exit = /^Process exited with status (\d+)/.exec(message);
    if (exit) fields.exitStatus = Number(exit[1]);
    const state = /^State changed from (\w+) to (\w+)/.exec(message);
    if (state) {
      fields.stateFrom = state[1];
      fields.stateTo = state[2];
    }
    const mem = /^Process running mem=(\d+(?:\.\d+)?)M\((\d+(?:\.\d+)?)%\)/.exec(message);
    if (mem) {
      fields.memoryMB = Number(mem[1]);
      fields.memoryPercent = Number(mem[2]);
    }
  }
  const oldRouter = /^Error (H\d{2}) \(([^)]*)\) -> (\S+) (\S+)/.exec(message);
  if (oldRouter) {
    fields.code = oldRouter[1];
    fields.desc = oldRouter[2];
    const status = /status=(\d{3})/.exec(message);
    parsed.request = { method: oldRouter[3], path: oldRouter[4] };
    if (status) parsed.request.status = Number(status[1]);
  }
  parsed.level = levelOf(source, message, fields);
  parsed.fields = fields;
  return parsed;
}

function detectHeroku(sample: string[]): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (LINE_RE.test(line) || DRAIN_RE.test(line)) hits++;
  }
  return seen === 0 ? 0 : (hits / seen) * 0.95;
}

export const herokuLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: false,
    requests: true,
    process: () => ({ source: 'heroku-log' }),
    // Application lines' levels are in the scanner's facts; router and platform lines go to the parser.
    notableHints: [],
    scan: scanHerokuLog,
    connectionPerRequest: true,
  },
  id: 'heroku-log',
  detect: detectHeroku,
  parse: parseHeroku,
  samples: [
    '2012-11-05T17:01:30.234567+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" host=myapp.herokuapp.com request_id=3d8b6d5f-2a8d-4f7c-9a8e-0c7c1b5e2f11 fwd="1.2.3.4" dyno=web.1 connect=0ms service=30000ms status=503 bytes=0',
    '2013-06-21T19:54:07.420138+00:00 heroku[router]: at=error code=H99 desc="Platform error" method=GET path="/" host=myapp.herokuapp.com fwd="24.5.12.8" dyno= connect= service= status=503 bytes=',
    '2013-06-21T19:50:11.081532+00:00 heroku[router]: at=info method=GET path="/api/items?page=2" host=myapp.herokuapp.com request_id=9f1a fwd="24.5.12.8" dyno=web.1 connect=1ms service=18ms status=200 bytes=1532',
    '2013-06-21T18:48:02.710532+00:00 heroku[web.1]: Idling',
    '2013-06-21T18:48:02.710877+00:00 heroku[web.1]: State changed from up to down',
    '2013-06-21T18:48:05.119023+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
    '2013-06-21T18:48:06.421092+00:00 heroku[web.1]: Process exited with status 143',
    '2013-06-21T18:40:12.004211+00:00 heroku[web.1]: Process running mem=1066M(104.1%)',
    '2013-06-21T18:40:12.004397+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)',
    '2013-06-21T18:47:59.630002+00:00 app[web.1]: Express server listening on port 24735',
    '2010-10-06T21:51:37-07:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" host=myapp.herokuapp.com fwd=17.17.17.17 dyno=web.1 connect=6ms service=30001ms status=503 bytes=0',
    '2011-09-22T11:43:49+00:00 heroku[router]: Error H12 (Request timeout) -> GET www.domain.com/controller/action dyno=web.1 queue= wait= service=30000ms status=503 bytes=0',
  ],
};
