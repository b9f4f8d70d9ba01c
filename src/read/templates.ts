// Line templates for "what is unusual": a line's variable parts (numbers, hex ids, UUIDs, addresses, ports, paths,
// URLs, quoted strings, durations, stamps) are masked by hand-written char scanning (no regex on input), so lines
// that differ only in them share one key. A piece counts its keys per time bucket (sparse, plain data: it crosses
// threads by structured clone) and keeps a few example lines; pieces merge by addition, and the run's keys are
// clustered once at the end (cluster.ts), Drain-like, into at most MAX_TEMPLATES templates plus "other".
// Bounded: MAX_KEYS keys, each at most MAX_BUCKETS buckets — a key that spans more minutes than that is counted in
// wider buckets (2, 4, 8… minutes, epoch aligned so any two tallies merge).

/** Distinct keys a piece (and the run's merged tally) keeps; more count under OTHER_KEY. */
export const MAX_KEYS = 4000;
export const OTHER_KEY = '(other)';
/** Buckets a key keeps: a day at minute resolution, a month in 32-minute buckets. */
export const MAX_BUCKETS = 1440;
const EXAMPLES = 3;
/** Longest line text masked (a 1 MiB JSON line is cut: its head names it). */
const MAX_MASKED = 400;

export interface TemplateExample {
  path: string;
  line: number;
  time: number;
  text: string;
}

export interface KeyStats {
  /** Lines, estimated: a sampled line counts for `weight` lines. */
  count: number;
  /** Lines mined (sampled lines once each): what a test of significance may count on. */
  mined: number;
  /** Bucket start (epoch ms) → lines; buckets are `res` minutes wide. */
  buckets: Map<number, number>;
  res: number;
  /** Earliest line time (NaN when none was placed). */
  first: number;
  /** Highest level rank seen (tally.ts LEVEL_RANK). */
  level: number;
  /** Some line had a signature (a known failure): such keys are not novel. */
  known: boolean;
  source: string;
  format: string;
  examples: TemplateExample[];
}

export type TemplateTally = Map<string, KeyStats>;

export function newTemplates(): TemplateTally {
  return new Map();
}

const MINUTE = 60_000;

export interface MinedLine {
  text: string;
  time: number;
  level: number;
  known: boolean;
  /** Lines this one stands for: 1 at warning and above, the sampling stride below. */
  weight: number;
  path: string;
  line: number;
  source: string;
  format: string;
}

export function bucketStart(t: number, res: number): number {
  const w = res * MINUTE;
  return t - (((t % w) + w) % w);
}

/** Re-counts the key in buckets `res` minutes wide (a power of two at least its own). */
function coarsen(s: KeyStats, res: number): void {
  if (res <= s.res) return;
  const out = new Map<number, number>();
  for (const [t, n] of s.buckets) {
    const b = bucketStart(t, res);
    out.set(b, (out.get(b) ?? 0) + n);
  }
  s.buckets = out;
  s.res = res;
}

function bound(s: KeyStats): void {
  while (s.buckets.size > MAX_BUCKETS) coarsen(s, s.res * 2);
}

/** Counts one line under its masked key. */
export function mineLine(t: TemplateTally, l: MinedLine): void {
  let key = maskLine(l.text);
  let s = t.get(key);
  if (!s && t.size >= MAX_KEYS) {
    key = OTHER_KEY;
    s = t.get(key);
  }
  if (!s) {
    s = {
      count: 0,
      mined: 0,
      first: Number.NaN,
      buckets: new Map(),
      res: 1,
      level: l.level,
      known: l.known,
      source: l.source,
      format: l.format,
      examples: [],
    };
    t.set(key, s);
  }
  s.count += l.weight;
  s.mined++;
  if (l.level > s.level) s.level = l.level;
  s.known ||= l.known;
  if (Number.isFinite(l.time)) {
    if (!(l.time >= s.first)) s.first = l.time;
    const b = bucketStart(l.time, s.res);
    s.buckets.set(b, (s.buckets.get(b) ?? 0) + l.weight);
    if (s.buckets.size > MAX_BUCKETS) bound(s);
  }
  if (s.examples.length < EXAMPLES)
    s.examples.push({ path: l.path, line: l.line, time: l.time, text: l.text.slice(0, 2000) });
}

export function copyStats(s: KeyStats): KeyStats {
  return { ...s, buckets: new Map(s.buckets), examples: [...s.examples] };
}

/** Adds key stats `from` into `have` (same key). */
export function addStats(have: KeyStats, from: KeyStats): void {
  have.count += from.count;
  have.mined += from.mined;
  if (!(from.first >= have.first)) have.first = Number.isNaN(from.first) ? have.first : from.first;
  if (from.level > have.level) have.level = from.level;
  have.known ||= from.known;
  coarsen(have, from.res);
  for (const [m, n] of from.buckets) {
    const b = bucketStart(m, have.res);
    have.buckets.set(b, (have.buckets.get(b) ?? 0) + n);
  }
  bound(have);
  for (const e of from.examples) if (have.examples.length < EXAMPLES) have.examples.push(e);
}

/** Adds `from` into `into` (pieces, files, threads: any order gives the same counts). */
export function mergeTemplates(into: TemplateTally, from: TemplateTally): void {
  for (const [k, s] of from) {
    let key = k;
    let have = into.get(key);
    if (!have && into.size >= MAX_KEYS) {
      key = OTHER_KEY;
      have = into.get(key);
    }
    if (!have) into.set(key, copyStats(s));
    else addStats(have, s);
  }
}

/**
 * Lines of the key in [a, b) (epoch ms), a bucket that straddles a bound counted by the share of it inside (lines
 * are taken as spread evenly over their bucket).
 */
export function linesIn(s: KeyStats, a: number, b: number): number {
  const w = s.res * MINUTE;
  let n = 0;
  for (const [t, c] of s.buckets) {
    const lo = Math.max(a, t);
    const hi = Math.min(b, t + w);
    if (hi > lo) n += (c * (hi - lo)) / w;
  }
  return n;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const SPACE = 32;
const TAB = 9;

/** The line's key: its tokens with variable ones masked, single-spaced. */
export function maskLine(text: string): string {
  const s = text.length > MAX_MASKED ? text.slice(0, MAX_MASKED) : text;
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === 34 || c === 39) {
      // A quoted string is one value, spaces and all.
      const close = s.indexOf(s[i], i + 1);
      if (close > i) {
        // Punctuation right after the closing quote stays with it (`"…",` → `<str>,`).
        let j = close + 1;
        while (j < s.length && s.charCodeAt(j) !== SPACE && s.charCodeAt(j) !== TAB) j++;
        out.push(`<str>${s.slice(close + 1, j)}`);
        i = j;
        continue;
      }
    }
    let j = i;
    while (j < s.length && s.charCodeAt(j) !== SPACE && s.charCodeAt(j) !== TAB) j++;
    out.push(maskToken(s.slice(i, j)));
    i = j;
  }
  return out.join(' ');
}

/** One whitespace-free token: brackets and trailing punctuation kept, its value masked; `key=value` keeps the key. */
export function maskToken(tok: string): string {
  let a = 0;
  let b = tok.length;
  while (a < b && '([{<'.includes(tok[a])) a++;
  while (b > a && ')]}>,;.:'.includes(tok[b - 1])) b--;
  if (a >= b) return tok;
  const core = tok.slice(a, b);
  const eq = core.indexOf('=');
  const masked =
    eq > 0 && eq < core.length - 1 ? `${core.slice(0, eq + 1)}${maskValue(core.slice(eq + 1))}` : maskValue(core);
  return `${tok.slice(0, a)}${masked}${tok.slice(b)}`;
}

/** A bare value: its class when variable, else itself. */
export function maskValue(v: string): string {
  const c0 = v.charCodeAt(0);
  if (v.includes('://')) return '<url>';
  if ((c0 === 47 || c0 === 126 || (c0 === 46 && v.charCodeAt(1) === 47)) && v.length > 1) return '<path>';
  if (isUuid(v)) return '<uuid>';
  if (isIpv4(v)) return '<ip>';
  if (isIpv6(v)) return '<ip>';
  let digits = 0;
  let hex = 0;
  let stampish = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isDigit(c)) digits++;
    if (isHex(c)) hex++;
    if (isDigit(c) || '.:,/-+_TZ'.includes(v[i])) stampish++;
  }
  if (digits === 0) return v;
  if (isDuration(v)) return '<dur>';
  if (stampish === v.length) return '<num>';
  if (v.startsWith('0x') || (hex === v.length && v.length >= 6)) return '<hex>';
  // Any other token with a digit (worker-3, req_9f2c, #12) is an id.
  return '<id>';
}

function isUuid(v: string): boolean {
  if (v.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash ? v[i] !== '-' : !isHex(v.charCodeAt(i))) return false;
  }
  return true;
}

/** a.b.c.d with an optional :port. */
function isIpv4(v: string): boolean {
  let dots = 0;
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isDigit(c)) {
      if (++run > 3) return false;
    } else if (c === 46 && run > 0 && dots < 3) {
      dots++;
      run = 0;
    } else if (c === 58 && dots === 3 && run > 0) {
      for (let k = i + 1; k < v.length; k++) if (!isDigit(v.charCodeAt(k))) return false;
      return i + 1 < v.length;
    } else return false;
  }
  return dots === 3 && run > 0;
}

/** Hex groups and colons (at least two), optionally in brackets with a port: [::1]:8080, fe80::1. */
function isIpv6(v: string): boolean {
  let s = v;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return false;
    s = s.slice(1, close);
  }
  let colons = 0;
  let letters = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colons++;
    else if (!isHex(c) && c !== 46) return false;
    else if (!isDigit(c) && c !== 46) letters = true;
  }
  // 03:02:49 is a time, not an address: an IPv6 address has a hex letter or a `::`.
  return colons >= 2 && (letters || s.includes('::'));
}

const UNITS = ['ms', 's', 'm', 'h', 'us', 'µs', 'ns', 'sec', 'secs', 'min', 'mins', 'd'];

/** 30s, 1.5ms, 250µs, 2h. */
function isDuration(v: string): boolean {
  let i = 0;
  while (i < v.length && (isDigit(v.charCodeAt(i)) || v[i] === '.')) i++;
  return i > 0 && i < v.length && UNITS.includes(v.slice(i));
}
