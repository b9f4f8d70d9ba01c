// The hot-path scanner of JSON log lines: instead of JSON.parse, one pass over the bytes validates the line as
// JSON (so a line JSON.parse refuses is never answered for) and notes where the few members parseJson
// (json-log.ts) reads are — level, time, the message keys, pid, and the request members of pino-http and
// express-winston — then reads only those, in parseJson's order of preference. It says UNSURE for anything it
// cannot read exactly without a string: escapes in a member it needs, a needed member twice in one object,
// exponents, very long numbers, non-ASCII level names, nesting deeper than it follows.

import { decimalAt } from './scan-bytes.js';
import { type LineFacts, NO_LEVEL, NOT_MINE, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { isoAt } from './stamp-bytes.js';

/** The members parseJson reads, by name; roles below say in which object each one counts. */
const KEYS = [
  'level', // 0
  'severity',
  'lvl',
  'log',
  'log.level',
  'msg', // 5
  'message',
  '@message',
  'time', // 8
  'timestamp',
  '@timestamp',
  'ts',
  'date',
  'datetime', // 13
  'meta', // 14
  'req',
  'request',
  'res',
  'response',
  'method', // 19
  'url',
  'path',
  'statusCode',
  'status',
  'responseTime', // 24
  'pid',
  'originalUrl', // 26
] as const;
const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<(typeof KEYS)[number], number>;
const NKEYS = KEYS.length;
const KEY_BYTES = KEYS.map((k) => Buffer.from(k));

/** Objects whose members count: the line, its `meta`, the req/request/res/response objects, and `log`. */
const TOP = 0;
const META = 1;
const LOG = 2;
/** req, request, res, response under the line (3..6) and under meta (7..10). */
const SUB = 3;
const ROLES = 11;
const NONE = -1;

const T_STR = 1;
const T_ESC = 2;
const T_NUM = 3;
const T_OBJ = 4;
const T_OTHER = 5;

/** Nesting the walk follows; deeper lines go to JSON.parse. */
const MAX_DEPTH = 64;
const MAX_JSON_LINE = 1024 * 1024;

/** The walk's state, reused for every line (one per thread, as module state is). */
const walk = {
  type: new Uint8Array(ROLES * NKEYS),
  from: new Int32Array(ROLES * NKEYS),
  to: new Int32Array(ROLES * NKEYS),
  /** The last string read had an escape. */
  escaped: false,
  /** Set when the walk met something it does not judge (the line then goes to JSON.parse). */
  unsure: false,
};

/** Key ids by name length, so a member name is compared with the few names of its length only. */
const BY_LENGTH: readonly (readonly number[] | undefined)[] = KEYS.reduce<number[][]>((by, key, k) => {
  (by[key.length] ??= []).push(k);
  return by;
}, []);

function keyIndex(buf: Uint8Array, a: number, b: number): number {
  const candidates = BY_LENGTH[b - a];
  if (candidates === undefined) return -1;
  outer: for (const k of candidates) {
    const key = KEY_BYTES[k];
    for (let i = 0; i < key.length; i++) if (buf[a + i] !== key[i]) continue outer;
    return k;
  }
  return -1;
}

/** The role of the object that is member `key` of an object of role `role`. */
function childRole(role: number, key: number): number {
  if (role === TOP) {
    if (key === K.meta) return META;
    if (key === K.log) return LOG;
  }
  if ((role === TOP || role === META) && key >= K.req && key <= K.response)
    return SUB + (role === META ? 4 : 0) + (key - K.req);
  return NONE;
}

/** Whether member `key` counts in an object of `role`. */
function counts(role: number, key: number): boolean {
  if (role === TOP) return key !== K.originalUrl;
  if (role === META) return key >= K.req && key <= K.responseTime;
  if (role === LOG) return key === K.level;
  const sub = (role - SUB) % 4; // 0 req, 1 request, 2 res, 3 response
  return sub < 2
    ? key === K.method || key === K.url || key === K.originalUrl
    : key === K.statusCode || key === K.status;
}

function skipWs(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  while (i < end) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    i++;
  }
  return i;
}

/** A JSON string opening at `p`: index after its closing quote, or -1 when JSON.parse would refuse it. */
function stringEnd(buf: Uint8Array, p: number, end: number): number {
  let i = p + 1;
  walk.escaped = false;
  while (i < end) {
    const c = buf[i];
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      walk.escaped = true;
      const e = buf[i + 1];
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) if (!isHex(buf[i + k]) || i + k >= end) return -1;
        i += 6;
        continue;
      }
      if (i + 1 >= end || !isEscape(e)) return -1;
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isEscape(c: number): boolean {
  return c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74;
}

function digitsEnd(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  while (i < end && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
  return i;
}

/** A JSON number at `p` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`): index after it, or -1. */
function numberEnd(buf: Uint8Array, p: number, end: number): number {
  let i = p;
  if (buf[i] === 0x2d) i++;
  if (i >= end) return -1;
  if (buf[i] === 0x30) i++;
  else {
    const d = digitsEnd(buf, i, end);
    if (d === i) return -1;
    i = d;
  }
  if (i < end && buf[i] === 0x2e) {
    const d = digitsEnd(buf, i + 1, end);
    if (d === i + 1) return -1;
    i = d;
  }
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    if (i < end && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
    const d = digitsEnd(buf, i, end);
    if (d === i) return -1;
    i = d;
  }
  return i;
}

function literalEnd(buf: Uint8Array, p: number, end: number, lit: string): number {
  if (p + lit.length > end) return -1;
  for (let i = 0; i < lit.length; i++) if (buf[p + i] !== lit.charCodeAt(i)) return -1;
  return p + lit.length;
}

/** A JSON value at `p`: index after it, or -1. Objects of a known role record their members. */
function valueEnd(buf: Uint8Array, p: number, end: number, role: number, depth: number): number {
  const c = buf[p];
  if (c === 0x7b) return objectEnd(buf, p, end, role, depth + 1);
  if (c === 0x5b) return arrayEnd(buf, p, end, depth + 1);
  if (c === 0x22) return stringEnd(buf, p, end);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return numberEnd(buf, p, end);
  if (c === 0x74) return literalEnd(buf, p, end, 'true');
  if (c === 0x66) return literalEnd(buf, p, end, 'false');
  if (c === 0x6e) return literalEnd(buf, p, end, 'null');
  return -1;
}

function typeAt(buf: Uint8Array, p: number): number {
  const c = buf[p];
  if (c === 0x22) return walk.escaped ? T_ESC : T_STR;
  if (c === 0x7b) return T_OBJ;
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return T_NUM;
  return T_OTHER;
}

function objectEnd(buf: Uint8Array, p: number, end: number, role: number, depth: number): number {
  if (depth > MAX_DEPTH) {
    walk.unsure = true;
    return -1;
  }
  let i = skipWs(buf, p + 1, end);
  if (buf[i] === 0x7d && i < end) return i + 1;
  for (;;) {
    if (i >= end || buf[i] !== 0x22) return -1;
    const keyEnd = stringEnd(buf, i, end);
    if (keyEnd < 0) return -1;
    const keyEscaped = walk.escaped;
    const key = role === NONE ? -1 : keyIndex(buf, i + 1, keyEnd - 1);
    // An escaped key may spell a member that counts: it cannot be matched on bytes.
    if (role !== NONE && keyEscaped) walk.unsure = true;
    i = skipWs(buf, keyEnd, end);
    if (i >= end || buf[i] !== 0x3a) return -1;
    i = skipWs(buf, i + 1, end);
    if (i >= end) return -1;
    const counted = key >= 0 && counts(role, key);
    const v = valueEnd(buf, i, end, counted ? childRole(role, key) : NONE, depth);
    if (v < 0) return -1;
    if (counted) {
      const slot = role * NKEYS + key;
      // JSON.parse keeps the last of duplicate members; the walk does not try to know which one it read.
      if (walk.type[slot] !== 0) walk.unsure = true;
      walk.type[slot] = typeAt(buf, i);
      walk.from[slot] = i;
      walk.to[slot] = v;
    }
    i = skipWs(buf, v, end);
    if (i >= end) return -1;
    if (buf[i] === 0x7d) return i + 1;
    if (buf[i] !== 0x2c) return -1;
    i = skipWs(buf, i + 1, end);
  }
}

function arrayEnd(buf: Uint8Array, p: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) {
    walk.unsure = true;
    return -1;
  }
  let i = skipWs(buf, p + 1, end);
  if (i < end && buf[i] === 0x5d) return i + 1;
  for (;;) {
    if (i >= end) return -1;
    const v = valueEnd(buf, i, end, NONE, depth);
    if (v < 0) return -1;
    i = skipWs(buf, v, end);
    if (i >= end) return -1;
    if (buf[i] === 0x5d) return i + 1;
    if (buf[i] !== 0x2c) return -1;
    i = skipWs(buf, i + 1, end);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the members, as parseJson does.

/** The value of a JSON number member when it is exact without a string (no exponent, ≤ 15 digits), else NaN. */
function numberValue(buf: Uint8Array, slot: number): number {
  const a = walk.from[slot];
  const b = walk.to[slot];
  if (buf[a] === 0x2d) return -decimalAt(buf, a + 1, b);
  return decimalAt(buf, a, b);
}

/** num(): a finite number, or a string of `\d{1,15}(\.\d{1,9})?`; undefined → -Infinity here; NaN: unsure. */
const ABSENT = Number.NEGATIVE_INFINITY;

function numOf(buf: Uint8Array, slot: number): number {
  const t = walk.type[slot];
  if (t === T_NUM) return numberValue(buf, slot);
  if (t === T_ESC) return Number.NaN;
  if (t !== T_STR) return ABSENT;
  const a = walk.from[slot] + 1;
  const b = walk.to[slot] - 1;
  let i = a;
  while (i < b && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
  const intDigits = i - a;
  if (intDigits < 1 || intDigits > 15) return ABSENT;
  if (i < b) {
    if (buf[i] !== 0x2e) return ABSENT;
    const f = digitsEnd(buf, i + 1, b);
    if (f !== b || f - i - 1 < 1 || f - i - 1 > 9) return ABSENT;
  }
  return decimalAt(buf, a, b); // NaN beyond 15 digits: unsure
}

const LEVEL_NAMES: readonly [string, number][] = [
  ['trace', 0],
  ['debug', 0],
  ['verbose', 0],
  ['silly', 0],
  ['info', 1],
  ['http', 1],
  ['notice', 2],
  ['warn', 3],
  ['warning', 3],
  ['error', 4],
  ['err', 4],
  ['fatal', 5],
  ['crit', 5],
  ['critical', 5],
  ['alert', 5],
  ['emerg', 5],
  ['emergency', 5],
];

function numericRank(n: number): number {
  if (n >= 60) return 5;
  if (n >= 50) return 4;
  if (n >= 40) return 3;
  if (n >= 30) return 1;
  if (n >= 10) return 0;
  return NO_LEVEL;
}

/** Rank of a level-name string member (ASCII, any case), NO_LEVEL when not a name, -2 when unsure. */
function nameRank(buf: Uint8Array, slot: number): number {
  const a = walk.from[slot] + 1;
  const b = walk.to[slot] - 1;
  outer: for (const [name, rank] of LEVEL_NAMES) {
    if (name.length !== b - a) continue;
    // `| 0x20` folds ASCII capitals only onto the (all-letter) names: toLowerCase() on ASCII
    for (let i = 0; i < name.length; i++) if ((buf[a + i] | 0x20) !== name.charCodeAt(i)) continue outer;
    return rank;
  }
  for (let i = a; i < b; i++) if (buf[i] >= 0x80) return -2;
  // LEVEL_NAMES is a plain object in parseJson: `constructor` and `__proto__` find Object.prototype's members.
  if (b - a === 11 || b - a === 9) return -2;
  return NO_LEVEL;
}

/** levelOf: the first of level, severity, lvl, log.level (log an object), "log.level" that names one. */
const LEVEL_KEYS = [K.level, K.severity, K.lvl, -1, K['log.level']];

function levelRank(buf: Uint8Array): number {
  for (const k of LEVEL_KEYS) {
    const slot = k < 0 ? (walk.type[K.log] === T_OBJ ? LOG * NKEYS + K.level : -1) : k;
    if (slot < 0) continue;
    const t = walk.type[slot];
    if (t === T_NUM) {
      const n = numberValue(buf, slot);
      return Number.isNaN(n) ? -2 : numericRank(n);
    }
    if (t === T_ESC) return -2;
    if (t === T_STR) {
      const r = nameRank(buf, slot);
      if (r !== NO_LEVEL) return r;
    }
  }
  return NO_LEVEL;
}

/** fromEpoch: UTC parts of epoch ms (or seconds below 1e11), as new Date(ms) truncates; false when unsure. */
function civilFromEpoch(value: number, f: LineFacts): boolean {
  const t = Math.trunc(value < 1e11 ? value * 1000 : value);
  // Years 0..9999 only (the checked parse refuses others); negative epochs are left to the parser.
  if (!(t >= 0 && t < 253402300800000)) return false;
  const days = Math.floor(t / 86400000);
  const msOfDay = t - days * 86400000;
  // Howard Hinnant's civil_from_days
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  f.year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  f.month = month;
  f.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  f.hour = Math.floor(msOfDay / 3600000);
  f.minute = Math.floor(msOfDay / 60000) % 60;
  f.second = Math.floor(msOfDay / 1000) % 60;
  f.ms = msOfDay % 1000;
  f.offset = 0;
  return true;
}

/** timeOf: 1 when a time was read into `f`, 0 when the line has none, -1 when unsure. */
function timeOf(buf: Uint8Array, f: LineFacts): number {
  for (let k = K.time; k <= K.datetime; k++) {
    const t = walk.type[k];
    if (t === T_NUM) {
      const v = numberValue(buf, k);
      if (Number.isNaN(v)) return -1;
      if (Math.abs(v < 1e11 ? v * 1000 : v) > 8.64e15) return 0; // an Invalid Date: no time, and the search ends
      return civilFromEpoch(v, f) ? 1 : -1;
    }
    if (t === T_ESC) return -1;
    if (t !== T_STR) continue;
    if (isoAt(buf, walk.from[k] + 1, walk.to[k] - 1, f) >= 0) return 1;
    const n = numOf(buf, k);
    if (Number.isNaN(n)) return -1;
    if (n !== ABSENT) return civilFromEpoch(n, f) ? 1 : -1;
  }
  f.month = Number.NaN;
  return 0;
}

/** requestOf: method, path, status and responseTime of the req/res objects (under meta, when it is one). */
function requestFacts(buf: Uint8Array, f: LineFacts): boolean {
  const meta = walk.type[K.meta] === T_OBJ ? META : TOP;
  const m = meta * NKEYS;
  const base = SUB + (meta === META ? 4 : 0);
  const req = walk.type[m + K.req] === T_OBJ ? base : walk.type[m + K.request] === T_OBJ ? base + 1 : NONE;
  const res = walk.type[m + K.res] === T_OBJ ? base + 2 : walk.type[m + K.response] === T_OBJ ? base + 3 : NONE;
  const r = req * NKEYS;
  const methodSlot = req === NONE ? pick(m + K.method, -1, -1, -1) : pick(r + K.method, m + K.method, -1, -1);
  const pathSlot =
    req === NONE ? pick(m + K.url, m + K.path, -1, -1) : pick(r + K.url, r + K.originalUrl, m + K.url, m + K.path);
  if (methodSlot === -2 || pathSlot === -2) return false;
  const hasMethod = methodSlot >= 0 && walk.to[methodSlot] - walk.from[methodSlot] > 2;
  const s = res * NKEYS;
  let status = res === NONE ? ABSENT : firstNum(buf, s + K.statusCode, s + K.status);
  if (status === ABSENT) status = firstNum(buf, m + K.statusCode, m + K.status);
  const rt = firstNum(buf, m + K.responseTime, K.responseTime);
  if (Number.isNaN(status) || Number.isNaN(rt)) return false;
  const inRange = status >= 100 && status <= 599;
  // Without a method or a status parseJson has no request at all.
  if (!hasMethod && !inRange) return true;
  if (hasMethod) {
    f.methodStart = walk.from[methodSlot] + 1;
    f.methodEnd = walk.to[methodSlot] - 1;
  }
  if (pathSlot >= 0) {
    f.pathStart = walk.from[pathSlot] + 1;
    f.pathEnd = walk.to[pathSlot] - 1;
  }
  if (inRange) f.status = Math.trunc(status);
  if (rt !== ABSENT) f.duration = rt / 1000;
  return true;
}

/** `num(a) ?? num(b)`: ABSENT when neither, NaN when unsure. */
function firstNum(buf: Uint8Array, a: number, b: number): number {
  const x = numOf(buf, a);
  return x === ABSENT ? numOf(buf, b) : x;
}

/** `str(a) ?? str(b) ?? …` over slots (-1: none): the first string member's slot, -1 when none, -2 when escaped. */
function pick(a: number, b: number, c: number, d: number): number {
  for (let k = 0; k < 4; k++) {
    const slot = k === 0 ? a : k === 1 ? b : k === 2 ? c : d;
    if (slot < 0) return -1;
    const t = walk.type[slot];
    if (t === T_ESC) return -2;
    if (t === T_STR) return slot;
  }
  return -1;
}

/** pid must be a safe non-negative integer for the checked parse to keep the line. */
function pidOk(buf: Uint8Array): boolean {
  const t = walk.type[K.pid];
  if (t === T_NUM) {
    const n = numberValue(buf, K.pid);
    return Number.isInteger(n) && n >= 0;
  }
  return t !== T_STR && t !== T_ESC;
}

export function scanJsonLog(buf: Uint8Array, start: number, end: number, f: LineFacts): Verdict {
  if (end - start > MAX_JSON_LINE) return UNSURE;
  let s = start;
  while (s < end && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  let e = end - 1;
  while (e > s && (buf[e] === 0x20 || buf[e] === 0x0d)) e--;
  if (s >= end || buf[s] !== 0x7b || buf[e] !== 0x7d) return NOT_MINE;
  walk.type.fill(0);
  walk.unsure = false;
  const after = objectEnd(buf, s, end, TOP, 0);
  if (walk.unsure) return UNSURE;
  if (after !== e + 1) return after < 0 ? NOT_MINE : UNSURE;
  if (!pidOk(buf)) return UNSURE;
  const hasMessage = isString(walk.type[K.msg]) || isString(walk.type[K.message]) || isString(walk.type[K['@message']]);
  const time = timeOf(buf, f);
  if (time < 0) return UNSURE;
  const level = levelRank(buf);
  if (level === -2) return UNSURE;
  f.level = level;
  if (!hasMessage && !isString(walk.type[K.log]) && time === 0 && level === NO_LEVEL) return NOT_MINE;
  return requestFacts(buf, f) ? RECORD : UNSURE;
}

function isString(t: number): boolean {
  return t === T_STR || t === T_ESC;
}
