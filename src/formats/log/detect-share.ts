// The shared measure of detection by content: how many of a sample's non-blank lines a format parses, and how
// many of those carry a time. The registry refuses a format below PARSE_SHARE whatever its detector scores;
// detectors that score by this share use `scoreByShare` so their scores stay comparable.
import type { ParsedLine } from '../../model/event.js';

/** A format claims a file only when this share of its first non-blank lines parse (continuations included). */
export const PARSE_SHARE = 0.9;

export interface ShareCounts {
  /** Non-blank lines looked at. */
  seen: number;
  parsed: number;
  /** Parsed lines with a wall-clock time. */
  stamped: number;
}

export function shareOf(sample: readonly string[], parse: (line: string) => ParsedLine | null): ShareCounts {
  const c: ShareCounts = { seen: 0, parsed: 0, stamped: 0 };
  for (const line of sample) {
    if (!line.trim()) continue;
    c.seen++;
    const p = parse(line);
    if (!p) continue;
    c.parsed++;
    if (p.ts) c.stamped++;
  }
  return c;
}

/**
 * A detector's score from the counts: 0 without a stamped line (or, with `needStamp: false`, without a parsed
 * one), half the share below PARSE_SHARE, else the share scaled by `weight` plus `bonus` (a file-name hint: it may
 * break ties, never decide), at most 1.
 */
export function scoreByShare(c: ShareCounts, weight: number, bonus: number, needStamp = true): number {
  if (c.seen === 0 || (needStamp ? c.stamped : c.parsed) === 0) return 0;
  const ratio = c.parsed / c.seen;
  if (ratio < PARSE_SHARE) return ratio * 0.5;
  return Math.min(1, ratio * weight + bonus);
}
