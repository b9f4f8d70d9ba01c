// The timestamp pattern of a user-defined log format (faultline.config formats.<name>.time.format): a strftime
// subset, read by walking the pattern — no regular expression is built from it, so a user's time pattern cannot be
// slow whatever it says. Without a pattern, the captured text is read like a generic-log line's leading time.
//
//   %Y 4-digit year   %y 2-digit year (69–99 → 19xx, else 20xx, as POSIX strptime)   %m month 01–12
//   %d day 01–31      %e day, space-padded or 1–2 digits   %H hour 00–23   %k hour, space-padded   %M minute
//   %S second         %f fraction of a second (1–9 digits)   %L milliseconds (3 digits)
//   %b %h %B English month name (its first three letters: Jan, Sept, September)   %a %A weekday name (skipped)
//   %z offset (Z, +hhmm, +hh:mm, +hh)   %Z zone name (UTC/GMT/Z: offset 0; another name: zone-less)
//   %s epoch seconds (optionally with a fraction; UTC)   %T = %H:%M:%S   %F = %Y-%m-%d   %% a percent sign

import type { LocalTime } from '../../model/event.js';
import { utcLocalTime } from '../../model/event.js';
import { isValidLocalTime } from './checked.js';
import { leadingTime } from './generic-log.js';
import { monthFromName } from './months.js';

type Op = { literal: string } | { conv: string };

/** The conversions understood; any other `%x` is a configuration error. */
export const TIME_CONVERSIONS = 'YymdeHkMSfLbhBaAzZsTF%';

/** The pattern as literals and conversions, or the first unknown conversion. */
export function compileTimePattern(pattern: string): Op[] | { unknown: string } {
  const ops: Op[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c !== '%') {
      literal += c;
      continue;
    }
    const conv = pattern[++i];
    if (conv === undefined || !TIME_CONVERSIONS.includes(conv)) return { unknown: `%${conv ?? ''}` };
    if (conv === '%') {
      literal += '%';
      continue;
    }
    if (literal) ops.push({ literal });
    literal = '';
    if (conv === 'T') ops.push({ conv: 'H' }, { literal: ':' }, { conv: 'M' }, { literal: ':' }, { conv: 'S' });
    else if (conv === 'F') ops.push({ conv: 'Y' }, { literal: '-' }, { conv: 'm' }, { literal: '-' }, { conv: 'd' });
    else ops.push({ conv });
  }
  if (literal) ops.push({ literal });
  return ops;
}

interface Cursor {
  s: string;
  at: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** ASCII and Latin-1 letters (a weekday or zone name is skipped whole). */
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0xff && c !== 0xd7);

/** Between `min` and `max` digits at the cursor (after `pad` optional spaces), or NaN. */
function digits(cur: Cursor, min: number, max: number, pad = false): number {
  if (pad) while (cur.s.charCodeAt(cur.at) === 32 && cur.at < cur.s.length) cur.at++;
  const from = cur.at;
  while (cur.at - from < max && isDigit(cur.s.charCodeAt(cur.at))) cur.at++;
  return cur.at - from < min ? Number.NaN : Number(cur.s.slice(from, cur.at));
}

function letters(cur: Cursor): string {
  const from = cur.at;
  while (cur.at < cur.s.length && isLetter(cur.s.charCodeAt(cur.at))) cur.at++;
  return cur.s.slice(from, cur.at);
}

function offset(cur: Cursor): number | undefined {
  const sign = cur.s[cur.at];
  if (sign === 'Z') {
    cur.at++;
    return 0;
  }
  if (sign !== '+' && sign !== '-') return undefined;
  cur.at++;
  const hh = digits(cur, 2, 2);
  if (cur.s[cur.at] === ':') cur.at++;
  const mm = isDigit(cur.s.charCodeAt(cur.at)) ? digits(cur, 2, 2) : 0;
  if (Number.isNaN(hh) || Number.isNaN(mm)) return undefined;
  return (sign === '-' ? -1 : 1) * (hh * 60 + mm);
}

function epoch(cur: Cursor, ts: LocalTime): boolean {
  const secs = digits(cur, 1, 12);
  let ms: number | undefined;
  if (cur.s[cur.at] === '.') {
    cur.at++;
    const from = cur.at;
    const frac = digits(cur, 1, 9);
    if (Number.isNaN(frac)) return false;
    ms = Number(cur.s.slice(from, cur.at).slice(0, 3).padEnd(3, '0'));
  }
  if (Number.isNaN(secs)) return false;
  const utc = utcLocalTime(secs * 1000 + (ms ?? 0));
  if (!utc) return false;
  Object.assign(ts, utc, { ms });
  return true;
}

/** One conversion at the cursor into `ts`; false when the text does not fit it. */
function convert(conv: string, cur: Cursor, ts: LocalTime): boolean {
  switch (conv) {
    case 'Y':
      return !Number.isNaN((ts.year = digits(cur, 4, 4)));
    case 'y': {
      const y = digits(cur, 2, 2);
      ts.year = y >= 69 ? 1900 + y : 2000 + y;
      return !Number.isNaN(y);
    }
    case 'm':
      return !Number.isNaN((ts.month = digits(cur, 1, 2)));
    case 'd':
      return !Number.isNaN((ts.day = digits(cur, 1, 2)));
    case 'e':
      return !Number.isNaN((ts.day = digits(cur, 1, 2, true)));
    case 'H':
      return !Number.isNaN((ts.hour = digits(cur, 1, 2)));
    case 'k':
      return !Number.isNaN((ts.hour = digits(cur, 1, 2, true)));
    case 'M':
      return !Number.isNaN((ts.minute = digits(cur, 2, 2)));
    case 'S':
      return !Number.isNaN((ts.second = digits(cur, 2, 2)));
    case 'f':
    case 'L': {
      const from = cur.at;
      const n = conv === 'L' ? digits(cur, 3, 3) : digits(cur, 1, 9);
      ts.ms = Number(cur.s.slice(from, cur.at).slice(0, 3).padEnd(3, '0'));
      return !Number.isNaN(n);
    }
    case 'b':
    case 'h':
    case 'B':
      return (ts.month = monthFromName(letters(cur))) > 0;
    case 'a':
    case 'A':
      return letters(cur).length > 0;
    case 'z':
      return (ts.offsetMinutes = offset(cur)) !== undefined;
    case 'Z': {
      const zone = letters(cur);
      if (zone === 'UTC' || zone === 'GMT' || zone === 'Z') ts.offsetMinutes = 0;
      return zone.length > 0;
    }
    case 's':
      return epoch(cur, ts);
    default:
      return false;
  }
}

/** Reads `text` with the compiled pattern; the whole text must be used. */
export function readTime(ops: Op[] | undefined, text: string): LocalTime | undefined {
  if (ops === undefined) {
    const lead = leadingTime(text);
    return lead && lead.end === text.length ? lead.ts : undefined;
  }
  const ts: LocalTime = { month: Number.NaN, day: 1, hour: 0, minute: 0, second: 0 };
  const cur: Cursor = { s: text, at: 0 };
  for (const op of ops) {
    if ('literal' in op) {
      if (!text.startsWith(op.literal, cur.at)) return undefined;
      cur.at += op.literal.length;
    } else if (!convert(op.conv, cur, ts)) return undefined;
  }
  if (cur.at !== text.length) return undefined;
  if (ts.ms === undefined) delete ts.ms;
  if (ts.offsetMinutes === undefined) delete ts.offsetMinutes;
  if (ts.year === undefined) delete ts.year;
  return isValidLocalTime(ts) ? ts : undefined;
}

/** The time as written in a sample's expected result: `2008-11-09T20:36:15(.123)(Z|±hh:mm)`, `--11-09T…` year-less. */
export function formatLocalTime(ts: LocalTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = ts.year === undefined ? `--${p(ts.month)}-${p(ts.day)}` : `${p(ts.year, 4)}-${p(ts.month)}-${p(ts.day)}`;
  let out = `${date}T${p(ts.hour)}:${p(ts.minute)}:${p(ts.second)}`;
  if (ts.ms !== undefined) out += `.${p(ts.ms, 3)}`;
  if (ts.offsetMinutes !== undefined) {
    const m = Math.abs(ts.offsetMinutes);
    out += ts.offsetMinutes === 0 ? 'Z' : `${ts.offsetMinutes < 0 ? '-' : '+'}${p(Math.floor(m / 60))}:${p(m % 60)}`;
  }
  return out;
}
