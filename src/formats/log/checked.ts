// The numbers a parsed line hands to the read path are numbers it can use. Format regexes match digits by shape,
// so a damaged or hostile line reaches the parser as `32/Oct/2014`, `99:99:99`, a status of 400 digits or a byte
// count of 10^27: Date.UTC silently rolls hour 99 into later days, Number() turns 400 digits into Infinity, and a
// sum of unsafe integers is wrong. Such a line is not one the format writes, so it is treated like any other line
// that is not the format's: null (counted as skipped). The registry applies this to every format's parse.
import type { LocalTime, ParsedLine } from '../../model/event.js';
import type { LogFormat } from './types.js';

const isInt = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

/**
 * Wall-clock parts in range: month 1–12, day 1–31, hour 0–23, minute 0–59, second 0–60 (a leap second), ms 0–999,
 * a four-digit year, and an offset that `±hhmm` can spell.
 */
export function isValidLocalTime(ts: LocalTime): boolean {
  return (
    (ts.year === undefined || isInt(ts.year, 0, 9999)) &&
    isInt(ts.month, 1, 12) &&
    isInt(ts.day, 1, 31) &&
    isInt(ts.hour, 0, 23) &&
    isInt(ts.minute, 0, 59) &&
    isInt(ts.second, 0, 60) &&
    (ts.ms === undefined || isInt(ts.ms, 0, 999)) &&
    (ts.offsetMinutes === undefined || isInt(ts.offsetMinutes, -(99 * 60 + 99), 99 * 60 + 99))
  );
}

/** The parsed line when every number in it is usable, else null. */
export function checkedLine(parsed: ParsedLine | null): ParsedLine | null {
  if (parsed === null) return null;
  if (parsed.ts !== undefined && !isValidLocalTime(parsed.ts)) return null;
  if (parsed.uptime !== undefined && !(Number.isFinite(parsed.uptime) && parsed.uptime >= 0)) return null;
  if (parsed.pid !== undefined && !isInt(parsed.pid, 0, Number.MAX_SAFE_INTEGER)) return null;
  const request = parsed.request;
  if (request !== undefined) {
    // HAProxy writes status -1 when no response came back (a client abort, a refused connection).
    if (request.status !== undefined && !isInt(request.status, -1, 999)) return null;
    if (request.bytes !== undefined && !isInt(request.bytes, 0, Number.MAX_SAFE_INTEGER)) return null;
    if (request.duration !== undefined && !Number.isFinite(request.duration)) return null;
  }
  const fields = parsed.fields;
  if (fields !== undefined) {
    for (const key in fields) {
      const value = fields[key];
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
    }
  }
  return parsed;
}

/** The format with its parse checked (its other members, declarations included, as they are). */
export function withCheckedParse<F extends LogFormat>(format: F): F {
  const parse = format.parse;
  return { ...format, parse: (line: string) => checkedLine(parse(line)) };
}
