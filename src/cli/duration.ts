// Durations on the command line (`--duration`, `--interval`), as docs/contract.md states them: `30s`, `5m`, `1h`
// (a whole number and one unit) or ISO 8601 `PT30S`, `PT1M30S`, `PT1H` (hours, minutes, seconds; seconds may have a
// fraction). Anything else is a usage error.

const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };
const SHORT = /^(\d{1,9})([smh])$/;
const ISO = /^PT(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9}(?:[.,]\d{1,9})?)S)?$/i;

export const DURATION_HINT = 'expected a duration such as 30s, 5m, 1h or PT30S';

/** Seconds, or null when the text is not a duration (or is zero). */
export function parseDuration(raw: string): number | null {
  const text = raw.trim();
  const short = SHORT.exec(text);
  if (short) {
    const s = Number(short[1]) * UNIT_S[short[2]];
    return s > 0 ? s : null;
  }
  const iso = ISO.exec(text);
  if (!iso || (iso[1] === undefined && iso[2] === undefined && iso[3] === undefined)) return null;
  const s = Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number((iso[3] ?? '0').replace(',', '.'));
  return s > 0 ? s : null;
}
