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
  /** Bucket start (epoch minute: a small integer, cheap as a map key) → lines; buckets are `res` minutes wide. */
  buckets: Map<number, number>;
  res: number;
  /** Earliest and latest line time (NaN when none was placed). */
  first: number;
  last: number;
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

/** The epoch minute that starts the `res`-minute bucket of minute `m`. */
function bucketOf(m: number, res: number): number {
  return Math.floor(m / res) * res;
}

/** Re-counts the key in buckets `res` minutes wide (a power of two at least its own). */
function coarsen(s: KeyStats, res: number): void {
  if (res <= s.res) return;
  const out = new Map<number, number>();
  for (const [m, n] of s.buckets) {
    const b = bucketOf(m, res);
    out.set(b, (out.get(b) ?? 0) + n);
  }
  s.buckets = out;
  s.res = res;
}

function bound(s: KeyStats): void {
  while (s.buckets.size > MAX_BUCKETS) coarsen(s, s.res * 2);
}

/** The facts of a mined line other than its text. */
export type MinedFacts = Omit<MinedLine, 'text'>;

/** Counts one line under its masked key (`masks`: the piece's cache of keys by skeleton). */
export function mineLine(t: TemplateTally, l: MinedLine, masks?: MaskCache): void {
  countKey(t, masks ? masks.mask(l.text) : maskLine(l.text), l, () => l.text);
}

/**
 * Counts one line under `key`; `text` is asked for only when the key keeps another example (the hot path
 * decodes no line whose key its cache already knew).
 */
export function countKey(t: TemplateTally, masked: string, l: MinedFacts, text: () => string): void {
  let key = masked;
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
      last: Number.NaN,
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
    if (!(l.time <= s.last)) s.last = l.time;
    const b = bucketOf(Math.floor(l.time / MINUTE), s.res);
    s.buckets.set(b, (s.buckets.get(b) ?? 0) + l.weight);
    if (s.buckets.size > MAX_BUCKETS) bound(s);
  }
  if (s.examples.length < EXAMPLES)
    s.examples.push({ path: l.path, line: l.line, time: l.time, text: text().slice(0, 2000) });
}

export function copyStats(s: KeyStats): KeyStats {
  return { ...s, buckets: new Map(s.buckets), examples: [...s.examples] };
}

/** Adds key stats `from` into `have` (same key). */
export function addStats(have: KeyStats, from: KeyStats): void {
  have.count += from.count;
  have.mined += from.mined;
  if (!(from.first >= have.first)) have.first = Number.isNaN(from.first) ? have.first : from.first;
  if (!(from.last <= have.last)) have.last = Number.isNaN(from.last) ? have.last : from.last;
  if (from.level > have.level) have.level = from.level;
  have.known ||= from.known;
  coarsen(have, from.res);
  for (const [m, n] of from.buckets) {
    const b = bucketOf(m, have.res);
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
  for (const [m, c] of s.buckets) {
    const t = m * MINUTE;
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

const isOpen = (c: number) => c === 40 || c === 91 || c === 123 || c === 60; // ( [ { <
// ) ] } > , ; . :
const isClose = (c: number) =>
  c === 41 || c === 93 || c === 125 || c === 62 || c === 44 || c === 59 || c === 46 || c === 58;

/** Skeletons remembered per cache (a piece's): lines of one template share one, so a few hundred cover a log. */
const SKELETONS = 2048;

/**
 * Masked keys by skeleton: the line with each run of digits taken as one symbol that encodes the run's length (up
 * to 40). Every masking decision depends only on what the skeleton keeps (the other characters, where digit runs
 * are and how long they are), so two lines with one skeleton have one key, and a line whose skeleton was seen
 * costs a scan instead of a masking. The skeleton is kept as a 53-bit number, its 32-bit FNV-1a hash and its
 * length: no string is built, and two of the few thousand skeletons of a piece with one length and one hash are
 * improbable (about 2⁻³²).
 */
export class MaskCache {
  private readonly keys = new Map<number, string>();

  mask(text: string): string {
    const s = text.length > MAX_MASKED ? text.slice(0, MAX_MASKED) : text;
    const h = skeletonHash(s);
    const hit = this.keys.get(h);
    if (hit !== undefined) return hit;
    const key = maskLine(s);
    if (this.keys.size < SKELETONS) this.keys.set(h, key);
    return key;
  }

  private readonly byteKeys = new Map<number, string>();
  private readonly hasher = new SkeletonHasher();

  /**
   * The key of the line buf[start, end) (its text: `text()`, asked for only when its skeleton is new), or
   * undefined when a byte above ASCII is in what is masked (a character is then not a byte: `mask` takes it).
   */
  keyOfBytes(buf: Uint8Array, start: number, end: number, text: () => string): string | undefined {
    const h = byteSkeleton(buf, start, end, this.hasher);
    if (h < 0) return undefined;
    const hit = this.byteKeys.get(h);
    if (hit !== undefined) return hit;
    const key = maskLine(text());
    if (this.byteKeys.size < SKELETONS) this.byteKeys.set(h, key);
    return key;
  }
}

/** FNV-1a over a skeleton's symbols, and their count; `end`: where the last token read ended. */
class SkeletonHasher {
  h = 0;
  symbols = 0;
  end = 0;
}

const FNV = 0x01000193;
const NOT_ASCII = -1;
const STR = 0x10000;
const RUN = 0x20000;
/** What a token's first scan looks for, by byte: one load and one test for most bytes. */
const PLAIN = 0;
const BLANK = 1;
const DIGIT = 2;
const EQUALS = 3;
const HIGH = 4;
const BYTE_CLASS = (() => {
  const t = new Uint8Array(256);
  t[SPACE] = t[TAB] = BLANK;
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  t[61] = EQUALS;
  t.fill(HIGH, 0x80);
  return t;
})();
const isHexByte = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
/**
 * The skeleton of an ASCII line's masked head, read from its bytes: exact, so that two lines with one skeleton
 * have one `maskLine` key (the MaskCache of text is not: digits in a kept `key=` are folded there). It follows
 * maskLine's tokens: a quoted string is one symbol (its content is never in the key) and what follows its closing
 * quote is kept; in a plain token the brackets, the `key=` and the trailing punctuation are kept, and in a value
 * with a digit (which maskValueAt always masks) each run of hex characters is one symbol of what the masking
 * reads of it — its length, whether it has digits and letters, whether its one letter is a final `d` (a
 * duration), whether it is a lone `0` (of `0x`) — so UUIDs, hex ids and numbers of one shape share a skeleton.
 * NOT_ASCII when a byte above ASCII is met.
 */
function byteSkeleton(buf: Uint8Array, start: number, end: number, k: SkeletonHasher): number {
  const n = Math.min(end, start + MAX_MASKED);
  k.h = 0x811c9dc5;
  k.symbols = 0;
  let i = start;
  while (i < n) {
    const c = buf[i];
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if ((c === 34 || c === 39) && quotedSkeleton(buf, i, n, k)) {
      if (k.end < 0) return NOT_ASCII;
      i = k.end;
      continue;
    }
    plainSkeleton(buf, i, n, k);
    if (k.end < 0) return NOT_ASCII;
    i = k.end;
  }
  return (k.h >>> 0) * 0x200000 + (k.symbols & 0x1fffff);
}

/** A token opened by a quote that closes: one symbol, and what follows the closing quote. False: no close. */
function quotedSkeleton(buf: Uint8Array, i: number, n: number, k: SkeletonHasher): boolean {
  const q = buf[i];
  let close = i + 1;
  while (close < n && buf[close] !== q) if (buf[close++] >= 0x80) return false;
  if (close >= n) return false;
  let h = Math.imul(Math.imul(k.h ^ SPACE, FNV) ^ STR, FNV);
  let j = close + 1;
  for (; j < n; j++) {
    const c = buf[j];
    if (c === SPACE || c === TAB) break;
    if (c >= 0x80) {
      k.end = NOT_ASCII;
      return true;
    }
    h = Math.imul(h ^ c, FNV);
  }
  k.h = h;
  k.symbols += 2 + j - close - 1;
  k.end = j;
  return true;
}

/** A plain token's skeleton (see byteSkeleton); k.end: its end, or NOT_ASCII. */
function plainSkeleton(buf: Uint8Array, i: number, n: number, k: SkeletonHasher): void {
  let j = i;
  let eq = -1;
  let lastDigit = -1;
  const h0 = Math.imul(k.h ^ SPACE, FNV);
  // Hashed as kept while it is scanned: most tokens have no digit in their value and are kept whole.
  let h = h0;
  for (; j < n; j++) {
    const c = buf[j];
    const t = BYTE_CLASS[c];
    if (t !== PLAIN) {
      if (t === BLANK) break;
      if (t === HIGH) {
        k.end = NOT_ASCII;
        return;
      }
      if (t === DIGIT) lastDigit = j;
      else if (t === EQUALS && eq < 0) eq = j;
    }
    h = Math.imul(h ^ c, FNV);
  }
  k.end = j;
  if (lastDigit < 0) {
    k.h = h;
    k.symbols += 1 + j - i;
    return;
  }
  let a = i;
  let b = j;
  while (a < b && isOpen(buf[a])) a++;
  while (b > a && isClose(buf[b - 1])) b--;
  const va = eq > a && eq < b - 1 ? eq + 1 : a;
  // Digits are never brackets or punctuation: a digit at or after va is in the value.
  if (lastDigit < va) {
    k.h = h;
    k.symbols += 1 + j - i;
    return;
  }
  h = h0;
  let symbols = 1 + va - i + j - b;
  for (let p = i; p < va; p++) h = Math.imul(h ^ buf[p], FNV);
  for (let p = va; p < b; ) {
    const c = buf[p];
    symbols++;
    if (!isHexByte(c)) {
      h = Math.imul(h ^ c, FNV);
      p++;
      continue;
    }
    let q = p;
    let digits = 0;
    for (; q < b && isHexByte(buf[q]); q++) if (buf[q] <= 57) digits++;
    const letters = q - p - digits;
    const shape =
      Math.min(q - p, 40) * 16 +
      (digits > 0 ? 1 : 0) +
      (letters > 0 ? 2 : 0) +
      (letters === 1 && buf[q - 1] === 100 ? 4 : 0) +
      (q - p === 1 && c === 48 ? 8 : 0);
    h = Math.imul(h ^ (RUN + shape), FNV);
    p = q;
  }
  for (let p = b; p < j; p++) h = Math.imul(h ^ buf[p], FNV);
  k.h = h;
  k.symbols += symbols;
}

function skeletonHash(s: string): number {
  let h = 0x811c9dc5;
  let symbols = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c <= 57 && c >= 48) {
      let j = i + 1;
      while (j < n && s.charCodeAt(j) <= 57 && s.charCodeAt(j) >= 48) j++;
      c = 0xe000 + Math.min(j - i, 40);
      i = j - 1;
    }
    h = Math.imul(h ^ c, 0x01000193);
    symbols++;
  }
  return (h >>> 0) * 0x200000 + (symbols & 0x1fffff);
}

/**
 * The line's key: its tokens with variable ones masked, single-spaced. One pass over the characters; a token
 * without a variable part is copied as one slice (the hot path: every line at warning level and above).
 */
export function maskLine(text: string): string {
  const s = text.length > MAX_MASKED ? text.slice(0, MAX_MASKED) : text;
  const n = s.length;
  let out = '';
  let first = true;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (!first) out += ' ';
    first = false;
    if (c === 34 || c === 39) {
      // A quoted string is one value, spaces and all.
      const close = s.indexOf(s[i], i + 1);
      if (close > i) {
        // Punctuation right after the closing quote stays with it (`"…",` → `<str>,`).
        let j = close + 1;
        while (j < n && s.charCodeAt(j) !== SPACE && s.charCodeAt(j) !== TAB) j++;
        out += `<str>${s.slice(close + 1, j)}`;
        i = j;
        continue;
      }
    }
    let j = i;
    while (j < n && s.charCodeAt(j) !== SPACE && s.charCodeAt(j) !== TAB) j++;
    out += maskRange(s, i, j);
    i = j;
  }
  return out;
}

/** One whitespace-free token: brackets and trailing punctuation kept, its value masked; `key=value` keeps the key. */
export function maskToken(tok: string): string {
  return maskRange(tok, 0, tok.length);
}

function maskRange(s: string, i: number, j: number): string {
  let a = i;
  let b = j;
  while (a < b && isOpen(s.charCodeAt(a))) a++;
  while (b > a && isClose(s.charCodeAt(b - 1))) b--;
  if (a >= b) return s.slice(i, j);
  let va = a;
  for (let k = a; k < b; k++)
    if (s.charCodeAt(k) === 61) {
      if (k > a && k < b - 1) va = k + 1;
      break;
    }
  const m = maskValueAt(s, va, b);
  return m === null ? s.slice(i, j) : `${s.slice(i, va)}${m}${s.slice(b, j)}`;
}

/** A bare value: its class when variable, else itself. */
export function maskValue(v: string): string {
  return maskValueAt(v, 0, v.length) ?? v;
}

/** The class of s[a, b) when it is variable, or null when it is a word to keep. */
function maskValueAt(s: string, a: number, b: number): string | null {
  let digits = 0;
  let hex = 0;
  let stampish = 0;
  let ip6chars = true;
  let colons = 0;
  let url = false;
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    const digit = c >= 48 && c <= 57;
    if (digit) digits++;
    if (digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) hex++;
    else if (c === 58) {
      colons++;
      if (s.charCodeAt(k + 1) === 47 && s.charCodeAt(k + 2) === 47 && k + 2 < b) url = true;
    } else if (c !== 46 && c !== 91 && c !== 93) ip6chars = false;
    // . : , / - + _ T Z
    if (
      digit ||
      c === 46 ||
      c === 58 ||
      c === 44 ||
      c === 47 ||
      c === 45 ||
      c === 43 ||
      c === 95 ||
      c === 84 ||
      c === 90
    )
      stampish++;
  }
  if (url) return '<url>';
  const c0 = s.charCodeAt(a);
  if ((c0 === 47 || c0 === 126 || (c0 === 46 && s.charCodeAt(a + 1) === 47)) && b - a > 1) return '<path>';
  const len = b - a;
  if (digits === 0 && !(len === 36) && !(ip6chars && colons >= 2)) return null;
  const v = s.slice(a, b);
  if (isUuid(v)) return '<uuid>';
  if (isIpv4(v)) return '<ip>';
  if (isIpv6(v)) return '<ip>';
  if (digits === 0) return null;
  if (isDuration(v)) return '<dur>';
  if (stampish === len) return '<num>';
  if (v.startsWith('0x') || (hex === len && len >= 6)) return '<hex>';
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
