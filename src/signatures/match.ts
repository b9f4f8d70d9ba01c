// The signature matcher: the hot path that every log line goes through.
// Most lines match nothing, so a line must cost as little as possible before any regex runs:
// signatures are grouped by format, each has a literal needle, and one pass over the line finds
// which needles occur; only their patterns run, in catalog order.
import type { LogFormatId } from '../model/event.js';
import type { Signature } from './types.js';

export interface SignatureMatch {
  signature: Signature;
  /** Named groups of the pattern that took part in the match (event fields). */
  groups: Record<string, string>;
}

export interface Matcher {
  /** The first signature (in catalog order) of this format that matches the line, or null. */
  match(format: LogFormatId, line: string): SignatureMatch | null;
}

interface Entry {
  needle: string;
  signature: Signature;
}

/**
 * A multi-needle scanner: each distinct needle is indexed by one 4-character window of it (its
 * rarest-looking one). One pass over the line hashes every 4-character window into a 64 Ki-slot
 * table; only a slot hit costs a `startsWith` check of the needles filed there. A line that holds
 * no needle (nearly all lines) costs one cheap loop, whatever the number of signatures — a RegExp
 * alternation of ~100 literals costs ten times more because it tries every alternative at every
 * position.
 */
interface FormatTable {
  entries: Entry[];
  /**
   * For formats with few needles, one RegExp alternation of them is faster than the window scan
   * (irregexp filters on their first characters); with many needles that filter is useless.
   */
  gate: RegExp | null;
  /** slot → indexes into `grams` (0 = empty; value is 1 + the first index of a chain). */
  slots: Int32Array;
  grams: Gram[];
}

interface Gram {
  needle: string;
  /** Where the indexed window starts inside the needle. */
  offset: number;
  /** Entries (indexes into `entries`, ascending) whose needle this is. */
  entryIndexes: number[];
  /** Next gram in the same slot, 1-based; 0 ends the chain. */
  next: number;
}

const WINDOW = 4;
/** Measured on nginx-error (~20 needles) vs syslog (~100): the crossover lies near 30. */
const GATE_MAX_NEEDLES = 30;
const SLOT_BITS = 16;
const SLOT_MASK = (1 << SLOT_BITS) - 1;

function windowHash(c0: number, c1: number, c2: number, c3: number): number {
  return ((c0 << 12) ^ (c1 << 8) ^ (c2 << 4) ^ c3 ^ (c0 >>> 4)) & SLOT_MASK;
}

/** Rough rarity of a character in log text: spaces and common letters make poor windows. */
function commonness(ch: string): number {
  if (ch === ' ') return 12;
  if ('etaoinsrhl'.includes(ch)) return 6;
  if (ch >= 'a' && ch <= 'z') return 3;
  if (ch >= '0' && ch <= '9') return 3;
  return 1;
}

function bestWindow(needle: string): number {
  let best = 0;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i + WINDOW <= needle.length; i++) {
    let score = 0;
    for (let j = i; j < i + WINDOW; j++) score += commonness(needle[j] as string);
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

const NO_GROUPS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function buildTable(entries: Entry[]): FormatTable {
  const slots = new Int32Array(1 << SLOT_BITS);
  const grams: Gram[] = [];
  const byNeedle = new Map<string, Gram>();
  entries.forEach((entry, index) => {
    const known = byNeedle.get(entry.needle);
    if (known) {
      known.entryIndexes.push(index);
      return;
    }
    const offset = bestWindow(entry.needle);
    const n = entry.needle;
    const slot = windowHash(
      n.charCodeAt(offset),
      n.charCodeAt(offset + 1),
      n.charCodeAt(offset + 2),
      n.charCodeAt(offset + 3),
    );
    const gram: Gram = { needle: n, offset, entryIndexes: [index], next: slots[slot] as number };
    grams.push(gram);
    slots[slot] = grams.length;
    byNeedle.set(n, gram);
  });
  const gate = grams.length <= GATE_MAX_NEEDLES ? new RegExp(grams.map((g) => escapeRegExp(g.needle)).join('|')) : null;
  // A gated table never reads its slots: 256 KB less per format and thread.
  return { entries, slots: gate ? new Int32Array(0) : slots, grams, gate };
}

export function createMatcher(signatures: readonly Signature[]): Matcher {
  const byFormat = new Map<LogFormatId, Entry[]>();
  for (const signature of signatures) {
    const needle = needleOf(signature);
    if (needle.length < WINDOW) throw new Error(`signature ${signature.id}: needle shorter than ${WINDOW} characters`);
    for (const format of signature.formats) {
      let list = byFormat.get(format);
      if (!list) byFormat.set(format, (list = []));
      list.push({ needle, signature });
    }
  }
  const tables = new Map<LogFormatId, FormatTable>();
  for (const [format, entries] of byFormat) tables.set(format, buildTable(entries));

  return {
    match(format, line) {
      const table = tables.get(format);
      if (!table || line.length < WINDOW) return null;
      const { slots, grams, entries, gate } = table;
      if (gate) {
        if (!gate.test(line)) return null;
        for (const { needle, signature } of entries) {
          if (!line.includes(needle)) continue;
          const m = signature.pattern.exec(line);
          if (m) return { signature, groups: groupsOf(m) };
        }
        return null;
      }
      let found: number[] | null = null;
      let c0 = line.charCodeAt(0);
      let c1 = line.charCodeAt(1);
      let c2 = line.charCodeAt(2);
      for (let i = 0, end = line.length - WINDOW; i <= end; i++) {
        const c3 = line.charCodeAt(i + 3);
        let g = slots[windowHash(c0, c1, c2, c3)] as number;
        while (g !== 0) {
          const gram = grams[g - 1] as Gram;
          const start = i - gram.offset;
          if (start >= 0 && line.startsWith(gram.needle, start)) {
            if (!found) found = [];
            for (const e of gram.entryIndexes) if (!found.includes(e)) found.push(e);
          }
          g = gram.next;
        }
        c0 = c1;
        c1 = c2;
        c2 = c3;
      }
      if (!found) return null;
      if (found.length > 1) found.sort((a, b) => a - b);
      for (const index of found) {
        const signature = (entries[index] as Entry).signature;
        const m = signature.pattern.exec(line);
        if (!m) continue;
        return { signature, groups: groupsOf(m) };
      }
      return null;
    },
  };
}

function groupsOf(m: RegExpExecArray): Record<string, string> {
  if (!m.groups) return NO_GROUPS;
  const groups: Record<string, string> = {};
  let any = false;
  for (const k in m.groups) {
    const v = m.groups[k];
    if (v !== undefined) {
      groups[k] = v;
      any = true;
    }
  }
  return any ? groups : NO_GROUPS;
}

/** The signature's declared needle, or the longest literal its pattern always requires. */
export function needleOf(signature: Signature): string {
  if (signature.needle !== undefined) return signature.needle;
  const derived = deriveNeedle(signature.pattern);
  if (derived === null) {
    throw new Error(`signature ${signature.id}: declare a needle (its pattern has no derivable literal)`);
  }
  return derived;
}

/**
 * The longest run of literal characters at the top level of a pattern, i.e. outside any group,
 * class or quantified atom. Null when the pattern cannot promise one: case-insensitive,
 * alternation at the top level, or no literal of at least 3 characters.
 */
export function deriveNeedle(pattern: RegExp): string | null {
  if (pattern.flags.includes('i')) return null;
  const src = pattern.source;
  let best = '';
  let run = '';
  let depth = 0;
  const flush = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      // \d \s \w \b \S \D \W \B \p{..} \k<..> \1 … are not literals; \. \( \/ are.
      const literal = /^[^A-Za-z0-9]$/.test(n) ? n : n === 't' ? '\t' : null;
      if (depth > 0) continue;
      if (literal === null) {
        flush();
        continue;
      }
      takeLiteral(literal, src[i + 1]);
      continue;
    }
    if (c === '[') {
      // Skip a class, honouring escapes inside it.
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      if (depth === 0) flush();
      continue;
    }
    if (c === '(') {
      if (depth === 0) flush();
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (c === '|') return null;
    if (c === '.' || c === '^' || c === '$') {
      flush();
      continue;
    }
    if (c === '?' || c === '*' || c === '+' || c === '{') {
      // A quantifier after a group or class; literal quantifiers are handled in takeLiteral.
      if (c === '{') while (i < src.length && src[i] !== '}') i++;
      flush();
      continue;
    }
    takeLiteral(c, src[i + 1]);
  }
  flush();
  return best.length >= 3 ? best : null;

  function takeLiteral(ch: string, next: string | undefined): void {
    if (next === '?' || next === '*' || next === '{') {
      // The character is optional (or repeated a number of times we do not track): the run ends before it.
      flush();
      return;
    }
    run += ch;
    if (next === '+') flush();
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
