// logfmt: a line of key=value pairs, as Go's logrus (text formatter without a TTY), dockerd, Grafana, Loki,
// Prometheus (go-kit log) and Heroku-style apps write it:
//
//   time="2024-03-05T10:12:01Z" level=error msg="Handler for POST /v1.41/containers/create returned error: …"
//   t=2024-03-05T10:12:01+0000 lvl=eror msg="Request Completed" logger=context method=GET path=/ status=500
//   ts=2024-03-05T10:12:01.123Z caller=main.go:380 level=warn msg="Error on ingesting samples"
//
// A line is logfmt only when it is nothing but pairs (a value quoted with `"` may hold spaces and `\"`) and
// names a time (`time`, `t`, `ts`, `timestamp`) and a level or message (`level`, `lvl`, `msg`, `message`):
// a Heroku router line is a stamp and a `heroku[router]:` tag first, so it is not logfmt. An indented line is a
// continuation (a Go stack trace printed after the record). Grafana's request lines carry method/path/status.

import type { HttpRequestFields, Level, LocalTime, ParsedLine } from '../../model/event.js';
import { utcLocalTime } from '../../model/event.js';
import { appName } from './app-name.js';
import { parseIsoStamp } from './syslog.js';
import type { LogFormat } from './types.js';

/** Longest line tokenised: a record past this is not worth splitting into pairs. */
const MAX_LINE = 64 * 1024;
/** Fields kept per line (the pairs beyond are still checked, not kept). */
const MAX_FIELDS = 40;

const TIME_KEYS = ['time', 't', 'ts', 'timestamp', '@timestamp'];
const LEVEL_KEYS = ['level', 'lvl', 'severity'];
const MESSAGE_KEYS = ['msg', 'message'];

/** logrus, go-kit, log15 (Grafana's `eror`, `dbug`, `crit`) and zap level names. */
const LEVELS: Record<string, Level> = {
  trace: 'debug',
  debug: 'debug',
  dbug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  eror: 'error',
  err: 'error',
  crit: 'critical',
  critical: 'critical',
  fatal: 'critical',
  panic: 'critical',
  dpanic: 'critical',
};

const UNESCAPE: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

const KEY_BYTE = /^[\w.@/-]$/;

/**
 * The pairs of a line, in order, or null when the line is anything but pairs. A hand-written scanner (one pass,
 * no regex backtracking): key = [\w.@/-]+, then `=` and a quoted value with `\` escapes or a bare value up to
 * the next space, or nothing (a bare key, logfmt's flag); pairs are separated by one or more spaces.
 */
export function logfmtPairs(line: string): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && KEY_BYTE.test(line[i])) i++;
    if (i === keyStart) return null;
    const key = line.slice(keyStart, i);
    if (i >= n || line[i] === ' ') {
      pairs.push([key, '']); // a bare key (logfmt's boolean flag)
      continue;
    }
    if (line[i] !== '=') return null;
    i++;
    let value: string;
    if (line[i] === '"') {
      const parts: string[] = [];
      let from = ++i;
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) {
          parts.push(line.slice(from, i), UNESCAPE[line[i + 1]] ?? line[i + 1]);
          i += 2;
          from = i;
        } else i++;
      }
      if (i >= n) return null; // unterminated quote
      parts.push(line.slice(from, i));
      value = parts.join('');
      i++;
      if (i < n && line[i] !== ' ') return null;
    } else {
      const start = i;
      while (i < n && line[i] !== ' ') {
        if (line[i] === '"') return null;
        i++;
      }
      value = line.slice(start, i);
    }
    pairs.push([key, value]);
  }
  return pairs;
}

/** RFC 3339 (with or without zone) or epoch seconds/ms. */
function timeOf(value: string): LocalTime | undefined {
  const stamp = parseIsoStamp(value);
  if (stamp && stamp.end === value.length) return stamp.ts;
  if (/^\d{10}(?:\.\d{1,9})?$|^\d{13}$/.test(value)) {
    const n = Number(value);
    return utcLocalTime(n < 1e11 ? n * 1000 : n);
  }
  return undefined;
}

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration (`1.503ms`, `2.1s`, `1m3.2s`) in seconds. */
export function goDuration(value: string): number | undefined {
  if (!/^(?:\d{1,12}(?:\.\d{1,12})?(?:ns|us|µs|ms|s|m|h)){1,4}$/.test(value)) return undefined;
  let total = 0;
  for (const m of value.matchAll(/(\d{1,12}(?:\.\d{1,12})?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(m[1]) * GO_UNITS[m[2]];
  return Math.round(total * 1e9) / 1e9; // nanoseconds: no float noise from the unit products
}

/** Grafana's and other HTTP middlewares' request pairs. */
function requestOf(fields: Record<string, string>): HttpRequestFields | undefined {
  const status = fields.status ?? fields.status_code;
  if (!fields.method || status === undefined || !/^[1-5]\d\d$/.test(status)) return undefined;
  const request: HttpRequestFields = { method: fields.method, status: Number(status) };
  const path = fields.path ?? fields.uri ?? fields.url;
  if (path) request.path = path;
  const ms = fields.time_ms ?? fields.duration_ms;
  const duration = fields.duration !== undefined ? goDuration(fields.duration) : undefined;
  if (duration !== undefined) request.duration = duration;
  else if (ms !== undefined && /^\d{1,12}(?:\.\d{1,9})?$/.test(ms)) request.duration = Number(ms) / 1000;
  const client = fields.remote_addr ?? fields.client;
  if (client) request.client = client;
  return request;
}

function firstOf(fields: Record<string, string>, keys: readonly string[]): [string, string] | undefined {
  for (const k of keys) if (fields[k] !== undefined) return [k, fields[k]];
  return undefined;
}

function parseLogfmt(line: string): ParsedLine | null {
  if (line.length > MAX_LINE) return null;
  if (line[0] === ' ' || line[0] === '\t') {
    return line.trim() === '' ? null : { message: line, continuation: true };
  }
  const pairs = logfmtPairs(line);
  if (!pairs || pairs.length < 2) return null;
  const all: Record<string, string> = {};
  for (const [k, v] of pairs) if (all[k] === undefined) all[k] = v;
  const time = firstOf(all, TIME_KEYS);
  const ts = time ? timeOf(time[1]) : undefined;
  const level = firstOf(all, LEVEL_KEYS);
  const message = firstOf(all, MESSAGE_KEYS);
  if (!ts || (!level && !message)) return null;
  const parsed: ParsedLine = { ts, message: message?.[1] ?? '' };
  if (level) {
    const mapped = LEVELS[level[1].toLowerCase()];
    if (mapped) parsed.level = mapped;
  }
  const fields: Record<string, string> = {};
  let kept = 0;
  for (const [k, v] of Object.entries(all)) {
    if (k === time?.[0] || k === level?.[0] || k === message?.[0] || kept >= MAX_FIELDS) continue;
    fields[k] = v;
    kept++;
  }
  const program = fields.logger ?? fields.component ?? fields.module;
  if (program) parsed.program = program;
  const request = requestOf(all);
  if (request) parsed.request = request;
  if (kept > 0) parsed.fields = fields;
  return parsed;
}

function detectLogfmt(sample: string[]): number {
  let seen = 0;
  let records = 0;
  let parsed = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseLogfmt(line);
    if (!p) continue;
    parsed++;
    if (!p.continuation) records++;
  }
  // At least 90 % of the lines (continuations included) and a real record among them.
  if (seen === 0 || records === 0 || parsed / seen < 0.9) return 0;
  return (parsed / seen) * 0.96;
}

export const logfmt: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: true,
    process: (path) => ({ source: 'logfmt', app: appName(path) }),
    notableHints: [],
  },
  id: 'logfmt',
  detect: detectLogfmt,
  parse: parseLogfmt,
  samples: [
    // tstack/lnav test/logfile_logfmt.0 (logrus text formatter, virtual-kubelet)
    'time="2021-09-15T21:17:10.220731Z" level=error msg="error retrieving pod status: pod inc-1-enh-domain-c14-ns-2/hello-inc-1-enh-domain-c14-ns-2-3-d8f465685-k75gp is not found: PodNotFound" namespace=inc-1-enh-domain-c14-ns-2 pod=hello-inc-1-enh-domain-c14-ns-2-3-d8f465685-k75gp reason= status=Pending',
    'time="2021-09-15T21:17:11.674149Z" level=warning msg="Failed to DeletePod in the provider" error="pod inc-1-domain-c14-ns-6/fe-inc-1-domain-c14-ns-6-5-656d9bb695-4584b is not found: PodNotFound" namespace=inc-1-domain-c14-ns-6 pod=fe-inc-1-domain-c14-ns-6-5-656d9bb695-4584b uid=be2def59-3a08-42fd-8f84-6f64cfcefa93',
    // tstack/lnav test/logfile_grafana.0 (Grafana 11: logger first, t=, level=)
    'logger=settings t=2025-04-24T19:51:48.520963849Z level=info msg="Starting Grafana" version=11.5.2 commit=598e0338d5374d6bc404b02a58094132c5eeceb8 branch=HEAD compiled=2025-04-24T19:51:48Z',
    // github.com/grafana/grafana/issues/14686 and /issues/8690 (log15: t=, lvl=eror)
    't=2018-12-31T08:15:26+0000 lvl=eror msg="Server shutdown" logger=server reason="System signal: terminated"',
    't=2017-06-22T17:38:23+0200 lvl=eror msg="Fail to initialize orm engine" logger=sqlstore error="Sqlstore::Migration failed err: Error 1049: Unknown database \'grafana\'\\n"',
    // github.com/grafana/grafana/issues/49748 (Grafana 8.5 through rsyslog, the tag removed)
    'logger=context traceID=00000000000000000000000000000000 userId=1 orgId=1 uname=admin t=2022-05-27T10:00:19.85+0200 lvl=eror msg="Query data error" error="failed to query data: Failed to query data: rpc error: code = Canceled desc = context canceled" remote_addr=192.168.2.228 traceID=00000000000000000000000000000000',
  ],
};
