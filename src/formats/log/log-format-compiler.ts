// Compiles an nginx `log_format` into a parser, so a custom access log found next to its nginx.conf is read field by
// field instead of being left unknown.
//
//   log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
//                   '"$http_referer" "$http_user_agent" $request_time $upstream_response_time "$upstream_addr"';
//
// The format is a sequence of literals and variables; a variable's value runs to the next occurrence of the literal
// that follows it (indexOf, no regex). That is sound because nginx escapes `"` and `\` inside values (escape=default
// writes \x22, escape=json writes \"), so a quoted value never contains its own closing literal.
// Reference: https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format (escape=default|json|none, 1.11.8+).

import type { HttpRequestFields, LocalTime, ParsedLine } from '../../model/event.js';
import { utcLocalTime } from '../../model/event.js';
import { checkedLine, isValidLocalTime } from './checked.js';
import { monthFromName } from './months.js';
import { nginxAccess, splitRequestLine } from './nginx-access.js';
import type { LogFormat } from './types.js';

export type NginxLogEscape = 'default' | 'json' | 'none';

export interface CompileOptions {
  /** The `escape=` parameter of the log_format directive; `default` when absent. */
  escape?: NginxLogEscape;
  /** Real lines written with this format (checked by tests like every format's samples). */
  samples?: string[];
}

type Setter = (value: string, out: Accumulator) => void;

interface Accumulator {
  ts?: LocalTime;
  request: HttpRequestFields;
  fields: Record<string, string | number>;
  requestLine?: string;
}

const TIME_LOCAL_RE = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
/** Variables that may carry credentials: only whether they were set is kept. */
const SECRET_RE = /authorization|cookie|token|passw|secret|api_?key|session/i;

function offsetOf(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.replace(':', '');
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function parseTimeLocal(v: string): LocalTime | undefined {
  const m = TIME_LOCAL_RE.exec(v);
  if (!m) return undefined;
  const month = monthFromName(m[2]);
  if (!month) return undefined;
  const sign = m[7] === '-' ? -1 : 1;
  const ts: LocalTime = {
    year: Number(m[3]),
    month,
    day: Number(m[1]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    offsetMinutes: sign * (Number(m[8]) * 60 + Number(m[9])),
  };
  // A bad $time_local leaves the line untimed rather than rolled into another day.
  return isValidLocalTime(ts) ? ts : undefined;
}

function parseIso(v: string): LocalTime | undefined {
  const m = ISO_RE.exec(v);
  if (!m) return undefined;
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  if (!isValidLocalTime(ts)) return undefined;
  if (m[7]) ts.ms = Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (m[8]) ts.offsetMinutes = offsetOf(m[8]);
  return ts;
}

/** `$msec`: epoch seconds with milliseconds — UTC by definition, so offset 0. */
function parseMsec(v: string): LocalTime | undefined {
  if (!/^\d{9,11}(\.\d{1,3})?$/.test(v)) return undefined;
  return utcLocalTime(Math.round(Number(v) * 1000));
}

function seconds(v: string): number | undefined {
  const n = Number(v);
  return v !== '' && Number.isFinite(n) ? n : undefined;
}

function integer(v: string): number | undefined {
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

const SETTERS: Record<string, Setter> = {
  time_local: (v, a) => {
    a.ts = parseTimeLocal(v);
  },
  time_iso8601: (v, a) => {
    a.ts = parseIso(v);
  },
  msec: (v, a) => {
    a.ts = parseMsec(v);
  },
  request: (v, a) => {
    a.requestLine = v;
    Object.assign(a.request, splitRequestLine(v));
  },
  request_method: (v, a) => {
    a.request.method = v;
  },
  request_uri: (v, a) => {
    a.request.path = v;
  },
  uri: (v, a) => {
    // $uri has no query string; $request_uri or $request win when both are logged.
    if (a.request.path === undefined) a.request.path = v;
  },
  status: (v, a) => {
    a.request.status = integer(v);
  },
  body_bytes_sent: (v, a) => {
    a.request.bytes = integer(v);
  },
  bytes_sent: (v, a) => {
    if (a.request.bytes === undefined) a.request.bytes = integer(v);
  },
  request_time: (v, a) => {
    a.request.duration = seconds(v);
  },
  upstream_response_time: (v, a) => {
    a.fields.upstream_response_time = v;
  },
  upstream_status: (v, a) => {
    a.request.upstreamStatus = v;
  },
  remote_addr: (v, a) => {
    a.request.client = v;
  },
  upstream_addr: (v, a) => {
    a.request.server = v;
  },
};

function genericSetter(name: string): Setter {
  if (SECRET_RE.test(name)) {
    return (_v, a) => {
      a.fields[name] = 'set';
    };
  }
  if (name === '__proto__') {
    // Assigning would set the prototype (and drop a string): define the field instead.
    return (v, a) => {
      Object.defineProperty(a.fields, name, { value: v, enumerable: true, writable: true, configurable: true });
    };
  }
  return (v, a) => {
    a.fields[name] = v;
  };
}

/** Accepts the directive's value as written in nginx.conf: `'part one ' 'part two'` → one string. */
export function joinQuotedFormat(text: string): string {
  const parts = [...text.matchAll(/'([^']*)'|"([^"]*)"/g)];
  if (parts.length === 0) return text.trim();
  return parts.map((m) => m[1] ?? m[2]).join('');
}

/** Unescapes a value written with escape=json (\" \\ \uXXXX); other values are kept as written. */
function unescapeJson(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  try {
    return JSON.parse(`"${v}"`) as string;
  } catch {
    return v;
  }
}

/**
 * Compiles a log_format string (`$var` / `${var}` between literals). Returns null when two variables touch with no
 * literal between them (nginx itself cannot be parsed back then) or when the format has no variable.
 */
export function compileNginxLogFormat(format: string, options: CompileOptions = {}): LogFormat | null {
  const escaping = options.escape ?? 'default';
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of format.matchAll(/\$\{(\w+)\}|\$(\w+)/g)) {
    literals.push(format.slice(last, m.index));
    names.push(m[1] ?? m[2]);
    last = (m.index ?? 0) + m[0].length;
  }
  literals.push(format.slice(last));
  if (names.length === 0) return null;
  for (let i = 1; i < names.length; i++) if (literals[i] === '') return null;
  // Own keys only: `$__proto__` or `$constructor` would otherwise find Object.prototype's members.
  const setters = names.map((n) => (Object.hasOwn(SETTERS, n) ? SETTERS[n] : genericSetter(n)));
  const head = literals[0];
  const json = escaping === 'json';

  /** Next occurrence of `lit` at or after `from`, skipping backslash-escaped characters when escape=json. */
  const find = (line: string, lit: string, from: number): number => {
    if (!json) return line.indexOf(lit, from);
    let i = line.indexOf(lit, from);
    while (i >= 0) {
      let bs = 0;
      for (let k = i - 1; k >= from && line.charCodeAt(k) === 0x5c; k--) bs++;
      if (bs % 2 === 0) return i;
      i = line.indexOf(lit, i + 1);
    }
    return -1;
  };

  const parseFields = (line: string): ParsedLine | null => {
    if (!line.startsWith(head)) return null;
    const acc: Accumulator = { request: {}, fields: {} };
    let pos = head.length;
    for (let i = 0; i < names.length; i++) {
      const lit = literals[i + 1];
      let valueEnd: number;
      let next: number;
      if (i === names.length - 1) {
        // The last literal closes the line (trailing spaces tolerated, also those the format itself ends with).
        const trimmed = line.trimEnd();
        const close = lit.trimEnd();
        if (close === '') valueEnd = trimmed.length;
        else if (trimmed.endsWith(close) && trimmed.length - close.length >= pos)
          valueEnd = trimmed.length - close.length;
        else return null;
        next = line.length;
      } else {
        valueEnd = find(line, lit, pos);
        if (valueEnd < 0) return null;
        next = valueEnd + lit.length;
      }
      const raw = line.slice(pos, valueEnd);
      if (raw !== '-' && raw !== '') setters[i](json ? unescapeJson(raw) : raw, acc);
      pos = next;
    }
    const request = acc.request;
    const message =
      acc.requestLine ?? (request.method || request.path ? `${request.method ?? ''} ${request.path ?? ''}`.trim() : '');
    const parsed: ParsedLine = { message, request };
    if (acc.ts) parsed.ts = acc.ts;
    if (Object.keys(acc.fields).length > 0) parsed.fields = acc.fields;
    return parsed;
  };

  const parse = (line: string): ParsedLine | null => checkedLine(parseFields(line));

  const hasTime = names.some((n) => n === 'time_local' || n === 'time_iso8601' || n === 'msec');
  const detect = (sample: string[]): number => {
    let seen = 0;
    let hits = 0;
    for (const line of sample) {
      if (!line.trim()) continue;
      seen++;
      const p = parse(line);
      if (p && (!hasTime || p.ts)) hits++;
    }
    // A format compiled from the user's own nginx.conf is stronger evidence than the built-in guesses.
    return seen === 0 ? 0 : hits / seen;
  };

  // nginx-access's behaviour, but not its scanner: that one reads combined/common, not this format.
  const { scan: _combinedOnly, ...behaviour } = nginxAccess.behaviour;
  return { id: 'nginx-access', detect, parse, samples: options.samples ?? [], behaviour };
}
