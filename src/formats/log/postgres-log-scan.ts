// The hot-path scanner of PostgreSQL server logs, as parsePostgres (postgres-log.ts) reads them: STAMP_RE's
// stamp with its fraction and zone (an offset, a known abbreviation, or none), then the leftmost SEVERITY_RE
// word, which gives the level (the facts' level, so ERROR/FATAL/PANIC lines are kept without a literal) or makes
// the line a continuation (DETAIL, HINT, …); tab-indented lines are continuations. Lines without a prefix,
// and shapes where the regex would backtrack into another reading, are UNSURE.
import { CONTINUATION, type FastScan, type LineFacts, RECORD, UNSURE, type Verdict } from './scan-types.js';
import { bytesAre, isDigit, two } from './stamp-bytes.js';

/** SEVERITY_RE's words in its order, with the level rank (-2: a continuation severity). */
const SEVERITIES: readonly [string, number][] = [
  ['LOG', 1],
  ['ERROR', 4],
  ['FATAL', 4],
  ['PANIC', 5],
  ['WARNING', 3],
  ['NOTICE', 2],
  ['INFO', 1],
  ['DEBUG', 0],
  ['DETAIL', -2],
  ['HINT', -2],
  ['QUERY', -2],
  ['CONTEXT', -2],
  ['STATEMENT', -2],
  ['LOCATION', -2],
];

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** `(?=[\s:[])` on a byte: 1 yes, 0 no, -1 unsure (a byte ≥ 0x80 may start a Unicode space). */
function lookahead(c: number): number {
  if (c >= 0x80) return -1;
  return isSpace(c) || c === 0x3a || c === 0x5b ? 1 : 0;
}

/** The severity word at s followed by `:  `: its rank (or -2 for a continuation), or -3 when none. */
function severityAt(buf: Uint8Array, s: number, end: number): number {
  for (const [word, rank] of SEVERITIES) {
    if (!bytesAre(buf, s, end, word)) continue;
    let i = s + word.length;
    if (rank === 0 && i < end && buf[i] >= 0x31 && buf[i] <= 0x35) i++;
    if (bytesAre(buf, i, end, ':  ')) return rank;
  }
  return -3;
}

/** Leftmost SEVERITY_RE match in [p, end): rank, -2 continuation, -3 none, -4 unsure (non-ASCII before it). */
function severity(buf: Uint8Array, p: number, end: number): number {
  for (let s = p; s < end; s++) {
    if (s > p) {
      const c = buf[s - 1];
      if (c >= 0x80) return -4;
      if (!isSpace(c) && c !== 0x3a) continue;
    }
    const r = severityAt(buf, s, end);
    if (r !== -3) return r;
  }
  return -3;
}

/** A `[+-]hh(:?mm)?` zone at k followed by the lookahead: the index after it, or -1 (and the offset into f). */
function signZone(buf: Uint8Array, k: number, end: number, f: LineFacts): number {
  const hh = k + 2 < end ? two(buf, k + 1) : -1;
  if (hh < 0) return -1;
  const sign = buf[k] === 0x2d ? -1 : 1;
  const after = k + 3;
  // `(?::?\d{2})?` greedy: `:mm`, then `mm`, then nothing, each with the lookahead after it
  const tries = [
    after + 2 < end && buf[after] === 0x3a ? two(buf, after + 1) : -1,
    after + 1 < end ? two(buf, after) : -1,
  ];
  for (let t = 0; t < 3; t++) {
    const mm = t < 2 ? tries[t] : 0;
    if (mm < 0) continue;
    const stop = t === 0 ? after + 3 : t === 1 ? after + 2 : after;
    if (stop >= end) continue;
    const la = lookahead(buf[stop]);
    if (la < 0) return -2;
    if (la === 0) continue;
    // offsetFromText: hours > 23 or minutes > 59 leave it unknown (the zone goes to fields)
    if (hh <= 23 && mm <= 59) f.offset = sign * (hh * 60 + mm);
    return stop;
  }
  return -1;
}

/** `[A-Z]{1,5}` at k followed by the lookahead: the index after it, -1 none, -2 unsure. */
function letterZone(buf: Uint8Array, k: number, end: number, f: LineFacts, zones: Zones): number {
  let i = k;
  while (i < end && buf[i] >= 0x41 && buf[i] <= 0x5a) i++;
  if (i === k || i - k > 5 || i >= end) return -1;
  const la = lookahead(buf[i]);
  if (la <= 0) return la < 0 ? -2 : -1;
  const offset = zones.get(zoneKey(buf, k, i));
  if (offset !== undefined) f.offset = offset;
  return i;
}

/** The zone abbreviation's letters as one number (5 letters fit in 25 bits). */
function zoneKey(buf: ArrayLike<number>, a: number, b: number): number {
  let k = 0;
  for (let i = a; i < b; i++) k = k * 32 + (buf[i] - 0x40);
  return k;
}

/** Offsets of the unambiguous zone abbreviations, by zoneKey. */
type Zones = ReadonlyMap<number, number>;

/** STAMP_RE from the seconds' end at i: the index after the stamp, -1 no match, -2 unsure. */
function zoneAndEnd(buf: Uint8Array, i: number, end: number, f: LineFacts, zones: Zones): number {
  if (i >= end) return -1;
  const c = buf[i];
  if (c === 0x20 && i + 1 < end) {
    const z = buf[i + 1];
    const r =
      z >= 0x41 && z <= 0x5a
        ? letterZone(buf, i + 1, end, f, zones)
        : z === 0x2b || z === 0x2d
          ? signZone(buf, i + 1, end, f)
          : -1;
    if (r !== -1) return r;
    f.offset = Number.NaN;
    // no zone: the lookahead after the optional space, else before it (the space itself)
    const la = lookahead(z);
    return la < 0 ? -2 : la > 0 ? i + 1 : i;
  }
  const r =
    c >= 0x41 && c <= 0x5a
      ? letterZone(buf, i, end, f, zones)
      : c === 0x2b || c === 0x2d
        ? signZone(buf, i, end, f)
        : -1;
  if (r !== -1) return r;
  f.offset = Number.NaN;
  const la = lookahead(c);
  return la < 0 ? -2 : la > 0 ? i : -2;
}

/** The scanner, with postgres-log.ts's table of zone abbreviations (ZONE_ABBREVIATIONS). */
export function postgresScanner(abbreviations: Readonly<Record<string, number>>): FastScan {
  const zones: Zones = new Map(
    Object.entries(abbreviations).map(([name, offset]) => [zoneKey(Buffer.from(name), 0, name.length), offset]),
  );
  return (buf, start, end, f) => scanPostgres(buf, start, end, f, zones);
}

function scanPostgres(buf: Uint8Array, start: number, end: number, f: LineFacts, zones: Zones): Verdict {
  const c = buf[start];
  if (c === 0x09) return CONTINUATION;
  if (!isDigit(c) || start + 19 > end) return UNSURE;
  if (buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d || buf[start + 10] !== 0x20) return UNSURE;
  if (buf[start + 13] !== 0x3a || buf[start + 16] !== 0x3a) return UNSURE;
  const year = two(buf, start) * 100 + two(buf, start + 2);
  f.year = year;
  f.month = two(buf, start + 5);
  f.day = two(buf, start + 8);
  f.hour = two(buf, start + 11);
  f.minute = two(buf, start + 14);
  f.second = two(buf, start + 17);
  if (year < 0 || f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31 || f.hour < 0 || f.hour > 23) return UNSURE;
  if (f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60) return UNSURE;
  let i = start + 19;
  f.ms = 0;
  if (i < end && buf[i] === 0x2e) {
    let k = i + 1;
    while (k < end && isDigit(buf[k])) k++;
    const n = k - i - 1;
    if (n < 1 || n > 6) return UNSURE;
    for (let d = 0; d < 3; d++) f.ms = f.ms * 10 + (d < n ? buf[i + 1 + d] - 0x30 : 0);
    i = k;
  }
  const stampEnd = zoneAndEnd(buf, i, end, f, zones);
  if (stampEnd < 0) return UNSURE;
  const rank = severity(buf, stampEnd, end);
  if (rank === -3 || rank === -4) return UNSURE;
  if (rank === -2) return CONTINUATION;
  f.level = rank;
  return RECORD;
}
