// nginx access log: "combined" and "common" — the two formats Apache and Tomcat's AccessLogValve also write —
// and the common variants with $request_time / $upstream_response_time / $upstream_status appended.
//
//   93.184.216.34 - - [10/Jul/2022:13:55:36 +0000] "GET /v1/orders/status?order_id=12 HTTP/1.1" 502 157 "-" "okhttp/4.9.3"
//   10.0.0.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326
//   10.0.0.7 - - [10/Jul/2022:13:55:36 +0000] "POST /api HTTP/1.1" 504 167 "-" "curl/7.84.0" 60.001 60.000 "504"
//
// Two parsers with the same results: `nginxAccess.parse` (string → ParsedLine, for detection and small files) and
// `parseCombinedBuffer` (bytes → AccessRecord, no regex and no string per line, for the 400 MB/s investigate path).
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
      if (/^\d+(\.\d+)?$/.test(token)) setDuration(token, request);
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

function parseAccess(line: string): ParsedLine | null {
  const m = ACCESS_RE.exec(line);
  if (!m) return null;
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
    if (ACCESS_RE.test(line)) hits++;
  }
  if (seen === 0) return 0;
  const ratio = hits / seen;
  const named = /access|ssl_request/i.test(path) ? 0.05 : 0;
  return ratio === 0 ? 0 : Math.min(1, ratio * 0.95 + named);
}

export const nginxAccess: LogFormat = {
  behaviour: {
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

// ---------------------------------------------------------------------------------------------------------------
// Hot path.

/**
 * One access line as the hot path leaves it. Offsets index the Buffer that was parsed (valid until it is reused);
 * the fields are overwritten on every call, so one record serves a whole file.
 */
export interface AccessRecord {
  /** UTC epoch ms, computed with the offset the line states (the stamp `[10/Oct/2000:13:55:36 -0700]`). */
  epochMs: number;
  /** The stated offset, minutes east of UTC (-0700 → -420). */
  offsetMinutes: number;
  /** `$remote_addr` as [clientStart, clientEnd). */
  clientStart: number;
  clientEnd: number;
  /** Method as [methodStart, methodEnd); both equal when the request had no method (garbage, `-`). */
  methodStart: number;
  methodEnd: number;
  /** Path incl. query as [pathStart, pathEnd); both equal when absent. */
  pathStart: number;
  pathEnd: number;
  /** HTTP status, 100..599 (whatever three digits were written). */
  status: number;
  /** `$body_bytes_sent`, -1 for `-`. */
  bytes: number;
  /** `$request_time` in seconds when appended after combined, NaN when absent. */
  requestTime: number;
}

export function newAccessRecord(): AccessRecord {
  return {
    epochMs: 0,
    offsetMinutes: 0,
    clientStart: 0,
    clientEnd: 0,
    methodStart: 0,
    methodEnd: 0,
    pathStart: 0,
    pathEnd: 0,
    status: 0,
    bytes: -1,
    requestTime: Number.NaN,
  };
}

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;
/** `dd/Mon/yyyy:HH:MM:SS +zzzz` */
const STAMP_LEN = 26;
/** `dd/Mon/yyyy:HH:MM` — lines of one minute share it, so the minute's epoch is computed once. */
const MINUTE_PREFIX_LEN = 17;

// Per-minute cache: the stamp bytes (minute prefix + offset) last converted, and the result.
const cachedStamp = Buffer.alloc(STAMP_LEN);
let cachedValid = false;
let cachedMinuteMs = 0;
let cachedOffset = 0;

/** Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digit(buf: Buffer, i: number): number {
  const d = buf[i] - ZERO;
  return d >= 0 && d <= 9 ? d : -1000000;
}

function two(buf: Buffer, i: number): number {
  return digit(buf, i) * 10 + digit(buf, i + 1);
}

/** Converts the stamp at `p`; false when it is not a valid `dd/Mon/yyyy:HH:MM:SS ±hhmm`. */
function readStamp(buf: Buffer, p: number, out: AccessRecord): boolean {
  if (cachedValid && buf[p + 16] === cachedStamp[16] && buf[p + 15] === cachedStamp[15]) {
    let same = true;
    for (let i = 0; i < MINUTE_PREFIX_LEN; i++) {
      if (buf[p + i] !== cachedStamp[i]) {
        same = false;
        break;
      }
    }
    for (let i = 20; same && i < STAMP_LEN; i++) if (buf[p + i] !== cachedStamp[i]) same = false;
    if (same) {
      const sec = two(buf, p + 18);
      if (buf[p + 17] !== 0x3a || sec < 0 || sec > 60) return false;
      out.epochMs = cachedMinuteMs + sec * 1000;
      out.offsetMinutes = cachedOffset;
      return true;
    }
  }
  if (buf[p + 2] !== 0x2f || buf[p + 6] !== 0x2f || buf[p + 11] !== 0x3a || buf[p + 14] !== 0x3a) return false;
  if (buf[p + 17] !== 0x3a || buf[p + 20] !== SPACE) return false;
  const day = two(buf, p);
  const month = monthFromBytes(buf, p + 3);
  const year = two(buf, p + 7) * 100 + two(buf, p + 9);
  const hour = two(buf, p + 12);
  const minute = two(buf, p + 15);
  const sec = two(buf, p + 18);
  const sign = buf[p + 21] === 0x2d ? -1 : buf[p + 21] === 0x2b ? 1 : 0;
  const oh = two(buf, p + 22);
  const om = two(buf, p + 24);
  if (month === 0 || sign === 0 || day < 1 || day > 31 || year < 0 || hour < 0 || hour > 23) return false;
  if (minute < 0 || minute > 59 || sec < 0 || sec > 60 || oh < 0 || om < 0) return false;
  const offset = sign * (oh * 60 + om);
  const minuteMs = (daysFromCivil(year, month, day) * 1440 + hour * 60 + minute - offset) * 60000;
  buf.copy(cachedStamp, 0, p, p + STAMP_LEN);
  cachedValid = true;
  cachedMinuteMs = minuteMs;
  cachedOffset = offset;
  out.epochMs = minuteMs + sec * 1000;
  out.offsetMinutes = offset;
  return true;
}

/**
 * Index of the closing quote of a field opened before `p`, skipping backslash-escaped quotes; -1 if none before
 * `end`. Uses the native indexOf (memchr): user agents are long and this is most of the line.
 */
function closingQuote(buf: Buffer, p: number, end: number): number {
  let i = buf.indexOf(QUOTE, p);
  while (i >= 0 && i < end) {
    let backslashes = 0;
    for (let k = i - 1; k >= p && buf[k] === BACKSLASH; k--) backslashes++;
    if ((backslashes & 1) === 0) return i;
    i = buf.indexOf(QUOTE, i + 1);
  }
  return -1;
}

/** Parses an unsigned decimal (with optional fraction) at [p, end) up to a space or quote; NaN if none. */
function readDecimal(buf: Buffer, p: number, end: number): number {
  let int = 0;
  let frac = 0;
  let scale = 1;
  let digits = 0;
  let i = p;
  for (; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) break;
    int = int * 10 + d;
    digits++;
  }
  if (i < end && buf[i] === 0x2e) {
    for (i++; i < end; i++) {
      const d = buf[i] - ZERO;
      if (d < 0 || d > 9) break;
      frac = frac * 10 + d;
      scale *= 10;
      digits++;
    }
  }
  if (digits === 0 || (i < end && buf[i] !== SPACE && buf[i] !== QUOTE && buf[i] !== 0x2c)) return Number.NaN;
  return int + frac / scale;
}

/**
 * Parses the combined/common line at buf[start, end) (no trailing newline) into `out`.
 * Returns false, leaving `out` partly written, when the line is not combined/common.
 */
export function parseCombinedBuffer(buf: Buffer, start: number, end: number, out: AccessRecord): boolean {
  // $remote_addr
  let p = start;
  while (p < end && buf[p] !== SPACE) p++;
  if (p === start || p >= end) return false;
  out.clientStart = start;
  out.clientEnd = p;
  // " - $remote_user [" — the user may hold anything but a space
  p++;
  while (p < end && buf[p] !== SPACE) p++;
  p++;
  while (p < end && buf[p] !== SPACE) p++;
  p++;
  if (p + STAMP_LEN + 4 >= end || buf[p] !== 0x5b || buf[p + STAMP_LEN + 1] !== 0x5d) return false;
  if (!readStamp(buf, p + 1, out)) return false;
  p += STAMP_LEN + 2;
  if (buf[p] !== SPACE || buf[p + 1] !== QUOTE) return false;
  // "$request"
  const reqStart = p + 2;
  const reqEnd = closingQuote(buf, reqStart, end);
  if (reqEnd < 0) return false;
  let m = reqStart;
  while (m < reqEnd && buf[m] >= 0x41 && buf[m] <= 0x5a) m++;
  if (m > reqStart && m < reqEnd && buf[m] === SPACE && m - reqStart <= 20) {
    out.methodStart = reqStart;
    out.methodEnd = m;
    let q = m + 1;
    while (q < reqEnd && buf[q] !== SPACE) q++;
    out.pathStart = m + 1;
    out.pathEnd = q;
  } else {
    out.methodStart = out.methodEnd = out.pathStart = out.pathEnd = reqStart;
  }
  // $status
  p = reqEnd + 1;
  if (p + 4 > end || buf[p] !== SPACE) return false;
  const s0 = digit(buf, p + 1);
  const s1 = digit(buf, p + 2);
  const s2 = digit(buf, p + 3);
  if (s0 < 0 || s1 < 0 || s2 < 0) return false;
  out.status = s0 * 100 + s1 * 10 + s2;
  p += 4;
  // $body_bytes_sent
  if (p >= end || buf[p] !== SPACE) return false;
  p++;
  if (buf[p] === 0x2d) {
    out.bytes = -1;
    p++;
  } else {
    let bytes = 0;
    const b0 = p;
    while (p < end && buf[p] >= ZERO && buf[p] <= 0x39) bytes = bytes * 10 + (buf[p++] - ZERO);
    if (p === b0) return false;
    out.bytes = bytes;
  }
  out.requestTime = Number.NaN;
  if (p >= end) return true; // common
  if (buf[p] !== SPACE) return false;
  // "$http_referer" "$http_user_agent" — both or neither, as the string parser
  if (buf[p + 1] === QUOTE) {
    const refEnd = closingQuote(buf, p + 2, end);
    if (refEnd < 0 || buf[refEnd + 1] !== SPACE || buf[refEnd + 2] !== QUOTE) return false;
    const uaEnd = closingQuote(buf, refEnd + 3, end);
    if (uaEnd < 0) return false;
    p = uaEnd + 1;
  }
  // Appended variables: the first bare or quoted decimal is $request_time (rt=… is recognised too).
  while (p < end && buf[p] === SPACE) p++;
  if (p >= end) return true;
  if (buf[p] === QUOTE) p++;
  else if (buf[p] === 0x72 && buf[p + 1] === 0x74 && buf[p + 2] === 0x3d) p += buf[p + 3] === QUOTE ? 4 : 3;
  out.requestTime = readDecimal(buf, p, end);
  return true;
}
