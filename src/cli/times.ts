// Times on the command line (`--from`, `--to`), as docs/contract.md states them: ISO 8601 / RFC 3339 — a date,
// or a date and time with or without a zone (zone-less is UTC, or --tz when given) — or a time relative to now
// (`90s`, `30m`, `2h`, `7d` before now). Anything else is a usage error: a bare time of day has no date, and
// `12` or `March 5` are not times (Date.parse takes them for dates in 2001).
import { localToUtc } from '../read/time.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const RELATIVE = /^(\d+)\s*([smhd])$/;
// 2026-11-23, 2026-11-23T04:00, 2026-11-23 04:00:05.250, 2026-11-23T04:00Z, …+02:00, …+0200, …-05
const ISO =
  /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)?$/;

export const TIME_HINT =
  'expected ISO 8601 such as 2026-11-23, 2026-11-23T04:00 or 2026-11-23T04:00:00+02:00 (no zone: UTC, or --tz), or a time before now such as 90s, 30m, 2h or 7d';

/** Epoch ms of a command-line time, or the reason it is not one. */
export function parseCliTime(raw: string, now: number, tz?: string): { time: number } | { error: string } {
  const text = raw.trim();
  const rel = RELATIVE.exec(text);
  if (rel) return { time: now - Number(rel[1]) * UNIT_MS[rel[2]] };
  if (/^\d{1,2}:\d\d(:\d\d)?$/.test(text)) return { error: 'a time of day without a date' };
  const m = ISO.exec(text);
  if (!m) return { error: 'not a time' };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(wall);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not exist is not a time.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59)
    return { error: 'no such date or time' };
  if (m[8]) return { time: wall };
  if (m[9]) {
    const offset = (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
    return { time: wall - offset * 60_000 };
  }
  if (!tz) return { time: wall };
  return { time: localToUtc({ year, month, day, hour, minute, second, ms }, tz, year) };
}
