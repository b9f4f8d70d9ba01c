// The hot-path scanner of HAProxy traffic lines (HTTP_RE and TCP_RE of haproxy-log.ts), raw or behind a syslog
// or `haproxy[pid]:` prefix: the accept date (with its year, so the prefix's stamp is not used), status, Ta/Tt
// as the duration, the termination state and the request's method and path. HAProxy's own messages (`[LEVEL]`,
// day-of-year stamps, levels guessed from the text), ISO-prefixed lines, status -1 (the read path's facts cannot
// tell it from "not a request") and numbers beyond 15 digits are UNSURE.

import { monthFromCodes } from './months.js';
import { dotAll, tokenEnd } from './scan-bytes.js';
import { type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, clfAt, isDigit } from './stamp-bytes.js';

const SPACE = 0x20;
const SLASH = 0x2f;

/** The last number read by `numberAt`. */
const read = { value: 0 };

/**
 * A `(\+?)(-?)\d+` number at p, ended by `stop`: the index of `stop`, or -1. Over 15 digits is -1 too (the
 * checked parse refuses unsafe byte counts and pids, and non-finite fields).
 */
function numberAt(buf: Uint8Array, p: number, end: number, stop: number, plus: boolean, minus: boolean): number {
  let i = p;
  if (plus && buf[i] === 0x2b) i++;
  let sign = 1;
  if (minus && buf[i] === 0x2d) {
    sign = -1;
    i++;
  }
  const d = i;
  let n = 0;
  while (i < end && isDigit(buf[i])) n = n * 10 + (buf[i++] - 0x30);
  if (i === d || i - d > 15 || i >= end || buf[i] !== stop) return -1;
  read.value = sign * n;
  return i;
}

/** `[dd/Mon/yyyy:HH:MM:SS(.ddd…)] ` at p (ms of 3–6 digits): the index after the space, or -1. */
function acceptDateAt(buf: Uint8Array, p: number, end: number, f: LineFacts): number {
  if (buf[p] !== 0x5b) return -1;
  let i = clfAt(buf, p + 1, end, f, false);
  if (i < 0) return -1;
  if (buf[i] === 0x2e) {
    const d = i + 1;
    let k = d;
    while (k < end && isDigit(buf[k])) k++;
    if (k - d < 3 || k - d > 6) return -1;
    f.ms = (buf[d] - 0x30) * 100 + (buf[d + 1] - 0x30) * 10 + (buf[d + 2] - 0x30);
    i = k;
  }
  return i + 1 < end && buf[i] === 0x5d && buf[i + 1] === SPACE ? i + 2 : -1;
}

function isTermByte(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;
}

/** `actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue` at p: the index after it, or -1. */
function connectionsAt(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  for (let k = 0; k < 4; k++) {
    i = numberAt(buf, i, end, SLASH, false, false);
    if (i < 0) return -1;
    i++;
  }
  i = numberAt(buf, i, end, SPACE, true, false);
  if (i < 0) return -1;
  i = numberAt(buf, i + 1, end, SLASH, false, false);
  if (i < 0) return -1;
  // the last number ends the line or is followed by the captures and the request
  let e = i + 1;
  while (e < end && isDigit(buf[e])) e++;
  return e === i + 1 || e - i - 1 > 15 ? -1 : e;
}

/** ` {…}` twice at most, then ` "request"?` to the end of the line: sets method and path. */
function httpTail(buf: Uint8Array, p: number, end: number, f: LineFacts): boolean {
  // `(.*)$` of the prefixes and the request: a line break here and the regexes take other ways (everything
  // before is tokens and numbers, which exclude them already)
  if (!dotAll(buf, p, end)) return false;
  let i = p;
  for (let k = 0; k < 2 && i + 1 < end && buf[i] === SPACE && buf[i + 1] === 0x7b; k++) {
    let c = i + 2;
    while (c < end && buf[c] !== 0x7d) c++;
    if (c >= end) return false;
    i = c + 1;
  }
  if (i === end) return true;
  if (i + 1 >= end || buf[i] !== SPACE || buf[i + 1] !== 0x22) return false;
  const a = i + 2;
  const b = buf[end - 1] === 0x22 && end - 1 >= a ? end - 1 : end;
  // splitRequestLine: `METHOD path …`
  let m = a;
  while (m < b && buf[m] !== SPACE) m++;
  f.methodStart = f.methodEnd = f.pathStart = f.pathEnd = a;
  if (m === a || m >= b || m - a > 20) return true;
  for (let x = a; x < m; x++) if (buf[x] < 0x41 || buf[x] > 0x5a) return true;
  f.methodEnd = m;
  let e = m + 1;
  while (e < b && buf[e] !== SPACE) e++;
  f.pathStart = m + 1;
  f.pathEnd = e;
  return true;
}

/** The timers, status, bytes, cookies, termination and connections of a traffic line from p. */
function trafficAfterServer(buf: Uint8Array, p: number, end: number, f: LineFacts): Verdict {
  const timersEnd = tokenEnd(buf, p, end);
  if (timersEnd < 0) return UNSURE;
  let slashes = 0;
  for (let k = p; k < timersEnd; k++) if (buf[k] === SLASH) slashes++;
  const http = slashes === 4;
  if (!http && slashes !== 2) return UNSURE;
  let i = p;
  for (let k = 0; k < slashes; k++) {
    i = numberAt(buf, i, end, SLASH, false, true);
    if (i < 0) return UNSURE;
    i++;
  }
  i = numberAt(buf, i, end, SPACE, true, true);
  if (i < 0) return UNSURE;
  const total = read.value;
  if (http) {
    // a status of -1 counts as a request in parse but not in the facts
    i = numberAt(buf, i + 1, end, SPACE, false, false);
    if (i < 0 || read.value > 999) return UNSURE;
    f.status = read.value;
  }
  i = numberAt(buf, i + 1, end, SPACE, true, false);
  if (i < 0) return UNSURE;
  if (http) {
    for (let k = 0; k < 2; k++) {
      i = tokenEnd(buf, i + 1, end);
      if (i < 0) return UNSURE;
    }
  }
  const t = i + 1;
  const termLen = http ? 4 : 2;
  for (let k = t; k < t + termLen; k++) if (k >= end || !isTermByte(buf[k])) return UNSURE;
  if (t + termLen >= end || buf[t + termLen] !== SPACE) return UNSURE;
  f.termStart = t;
  f.termEnd = t + 2;
  const c = connectionsAt(buf, t + termLen + 1, end);
  if (c < 0) return UNSURE;
  if (total >= 0) f.duration = total / 1000;
  if (!http) return c === end ? RECORD : UNSURE;
  if (!httpTail(buf, c, end, f)) return UNSURE;
  return RECORD;
}

/** A traffic line's body at p: client:port [accept date] frontend backend/server …. */
function traffic(buf: Uint8Array, p: number, end: number, f: LineFacts): Verdict {
  const client = tokenEnd(buf, p, end);
  if (client < 0) return UNSURE;
  let colon = client - 1;
  while (colon > p && buf[colon] !== 0x3a) colon--;
  if (colon <= p || colon + 1 >= client) return UNSURE;
  for (let k = colon + 1; k < client; k++) if (!isDigit(buf[k])) return UNSURE;
  const date = acceptDateAt(buf, client + 1, end, f);
  if (date < 0) return UNSURE;
  const frontend = tokenEnd(buf, date, end);
  if (frontend < 0) return UNSURE;
  const server = tokenEnd(buf, frontend + 1, end);
  if (server < 0) return UNSURE;
  let slash = frontend + 1;
  while (slash < server && buf[slash] !== SLASH) slash++;
  if (slash === frontend + 1 || slash + 1 >= server) return UNSURE;
  return trafficAfterServer(buf, server + 1, end, f);
}

/** Digit positions of `HH:MM:SS`. */
const TIME_DIGITS = [0, 1, 3, 4, 6, 7];

/** SYSLOG_PREFIX_RE up to the body: the body's start, or -1. */
function syslogPrefix(buf: Uint8Array, p: number, end: number): number {
  if (p + 16 > end || monthFromCodes(buf[p], buf[p + 1], buf[p + 2]) === 0 || buf[p + 3] !== SPACE) return -1;
  if (buf[p + 1] < 0x61 || buf[p + 2] < 0x61 || buf[p] > 0x5a) return -1; // MONTH_ALTERNATION's case
  let i = p + 4;
  if (buf[i] === SPACE) i++;
  const d = i;
  while (i < end && isDigit(buf[i]) && i - d < 2) i++;
  if (i === d || buf[i] !== SPACE) return -1;
  i++;
  if (i + 9 > end || buf[i + 2] !== 0x3a || buf[i + 5] !== 0x3a || buf[i + 8] !== SPACE) return -1;
  for (const k of TIME_DIGITS) if (!isDigit(buf[i + k])) return -1;
  const host = tokenEnd(buf, i + 9, end);
  if (host < 0) return -1;
  let prog = host + 1;
  while (prog < end && buf[prog] > SPACE && buf[prog] < 0x80 && buf[prog] !== 0x5b && buf[prog] !== 0x3a) prog++;
  if (prog === host + 1 || prog >= end || buf[prog] >= 0x80) return -1;
  return pidAndColon(buf, prog, end);
}

/** `(?:\[(\d+)\])?: ?` at p (a pid of at most 15 digits): the body's start, or -1. */
function pidAndColon(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  if (buf[i] === 0x5b) {
    i = numberAt(buf, i + 1, end, 0x5d, false, false);
    if (i < 0) return -1;
    i++;
  }
  if (i >= end || buf[i] !== 0x3a) return -1;
  i++;
  return i < end && buf[i] === SPACE ? i + 1 : i;
}

function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

export function scanHaproxyLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  const c = buf[start];
  let body = start;
  if (c >= 0x41 && c <= 0x5a) {
    body = syslogPrefix(buf, start, end);
    if (body < 0) return UNSURE;
  } else if (c === 0x68 && bytesAre(buf, start, end, 'haproxy')) {
    let i = start + 7;
    while (i < end && (isWordByte(buf[i]) || buf[i] === 0x2e || buf[i] === 0x2d)) i++;
    if (buf[i] !== 0x5b) return UNSURE;
    body = pidAndColon(buf, i, end);
    if (body < 0) return UNSURE;
  } else if (c >= 0x30 && c <= 0x39) {
    // ISO_PREFIX_RE and SPACE_DATE_PREFIX_RE start with `\d{4}-`
    if (isDigit(buf[start + 1]) && isDigit(buf[start + 2]) && isDigit(buf[start + 3]) && buf[start + 4] === 0x2d)
      return UNSURE;
  }
  // HAProxy's own messages ([LEVEL]) and anything that is not a traffic line
  if (body >= end || buf[body] === 0x5b) return UNSURE;
  return traffic(buf, body, end, f);
}
