// The multi-needle prefilter of the hot path: does a line (bytes) contain any of a set of literals? Nearly every
// log line contains none, so this decides whether a line is decoded and parsed at all.
//
// Wu–Manber (1994), as agrep and GNU grep -F use it: a window of the shortest needle's length slides along the
// line; the last two bytes of the window index a shift table saying how far the window may jump without missing
// a needle. Needles of at least 8 bytes let it skip most bytes; a few short needles get their own pass so they
// do not shorten every jump. Needles never contain a newline, so a hit never crosses a line.

const MAX_WINDOW = 32;
/** Needles shorter than this get their own table, so the long ones keep long jumps. */
const SHORT = 8;

interface Table {
  /** Window length: the shortest needle of the table (capped). */
  m: number;
  shift: Uint8Array;
  /**
   * Bucket per 2-byte suffix of the window: the needles whose window ends with it. A Map, not a 65,536-slot array:
   * looked up only where the shift is 0, and the array held 8 MB per thread over a bundle's 13 formats.
   */
  buckets: Map<number, Uint8Array[]>;
}

function buildTable(needles: Uint8Array[]): Table | null {
  if (needles.length === 0) return null;
  let m = MAX_WINDOW;
  for (const n of needles) m = Math.min(m, n.length);
  const shift = new Uint8Array(65536).fill(m - 1);
  const buckets = new Map<number, Uint8Array[]>();
  for (const n of needles) {
    for (let j = 1; j < m; j++) {
      const h = (n[j - 1] << 8) | n[j];
      const s = m - 1 - j;
      if (s < shift[h]) shift[h] = s;
    }
    const h = (n[m - 2] << 8) | n[m - 1];
    const list = buckets.get(h);
    if (!list) buckets.set(h, [n]);
    else if (!list.some((x) => sameBytes(x, n))) list.push(n);
  }
  return { m, shift, buckets };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function scan(t: Table, buf: Uint8Array, start: number, end: number): boolean {
  const { m, shift, buckets } = t;
  let i = start + m - 1;
  while (i < end) {
    const h = (buf[i - 1] << 8) | buf[i];
    const s = shift[h];
    if (s !== 0) {
      i += s;
      continue;
    }
    const list = buckets.get(h) as Uint8Array[];
    const from = i - m + 1;
    for (let k = 0; k < list.length; k++) {
      const n = list[k];
      const len = n.length;
      if (from + len > end) continue;
      let j = 0;
      while (j < len && buf[from + j] === n[j]) j++;
      if (j === len) return true;
    }
    i++;
  }
  return false;
}

export interface Prefilter {
  /** True when buf[start, end) contains one of the needles. */
  any(buf: Uint8Array, start: number, end: number): boolean;
  readonly size: number;
}

const NONE: Prefilter = { any: () => false, size: 0 };

/** A prefilter for these literals (UTF-8). Needles shorter than 2 bytes are refused: they would match nearly every line. */
export function createPrefilter(literals: Iterable<string>): Prefilter {
  const unique = [...new Set(literals)];
  for (const s of unique) {
    if (s.length < 2) throw new Error(`prefilter needle ${JSON.stringify(s)} is shorter than 2 characters`);
    if (s.includes('\n')) throw new Error(`prefilter needle ${JSON.stringify(s)} contains a newline`);
  }
  if (unique.length === 0) return NONE;
  const bytes = unique.map((s) => new Uint8Array(Buffer.from(s, 'utf8')));
  const long = buildTable(bytes.filter((b) => b.length >= SHORT));
  const short = buildTable(bytes.filter((b) => b.length < SHORT));
  return {
    size: unique.length,
    any(buf, start, end) {
      return (long !== null && scan(long, buf, start, end)) || (short !== null && scan(short, buf, start, end));
    },
  };
}
