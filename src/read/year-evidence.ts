// What a year-less file's own lines and dates say against the year its reference gives. A file date is the
// last write only when it is close to the last line: an mtime days later is a copy's (scp, `docker cp`, git, a
// zip), and the year it gives is a guess. A stamp that names its weekday (MongoDB ≤ 2.4's `Mon Aug  5 20:21:42`)
// rules out every year where that date falls on another day: the year is then the nearest one, at or before the
// reference's, where the first and last lines' weekdays both agree.
import type { LocalTime } from '../model/event.js';
import { inferYear, localToUtc } from './time.js';

const DAY = 86_400_000;
/** A file date this long after the last line is not the last write. */
export const COPY_AFTER_MS = 2 * DAY;
/** Weekday and date repeat within 28 years (the Gregorian cycle's leap-year pattern, away from 1900/2100). */
const WEEKDAY_CYCLE = 28;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Days from the file's last year-less line (placed by the file date) to the file date, when the gap says copy. */
export function daysAfterLastLine(last: LocalTime | undefined, zone: string, mtimeMs: number): number | undefined {
  if (!last) return undefined;
  const at = localToUtc(last, zone, inferYear(last, mtimeMs));
  const gap = mtimeMs - at;
  return gap > COPY_AFTER_MS ? Math.floor(gap / DAY) : undefined;
}

function weekdayIn(lt: LocalTime, year: number): number {
  return new Date(Date.UTC(year, lt.month - 1, lt.day)).getUTCDay();
}

export interface WeekdayYear {
  /** The year of the file's last line. */
  year: number;
  /** The reference that places the last line in that year (epoch ms). */
  referenceMs: number;
  why: string;
}

/**
 * The year of the last line that its weekday allows, nearest at or before the year `referenceMs` gives it;
 * undefined when the lines name no weekday or the reference's year already agrees.
 */
export function weekdayYear(
  first: LocalTime | undefined,
  last: LocalTime | undefined,
  zone: string,
  referenceMs: number,
): WeekdayYear | undefined {
  if (last?.weekday === undefined) return undefined;
  const given = inferYear(last, referenceMs);
  // The first line is in the same year, or the year before when the file rolls over (December → January).
  const rolls =
    first !== undefined && (first.month > last.month || (first.month === last.month && first.day > last.day));
  const fits = (y: number) =>
    weekdayIn(last, y) === last.weekday &&
    (first?.weekday === undefined || weekdayIn(first, rolls ? y - 1 : y) === first.weekday);
  if (fits(given)) return undefined;
  for (let y = given - 1; y >= given - WEEKDAY_CYCLE; y--) {
    if (!fits(y)) continue;
    const date = `${WEEKDAYS[last.weekday]} ${String(last.month).padStart(2, '0')}-${String(last.day).padStart(2, '0')}`;
    return {
      year: y,
      referenceMs: localToUtc(last, zone, y) + DAY,
      why: `from the lines' weekdays (${date} is in ${y}, not ${given}, the nearest year before it where it falls so)`,
    };
  }
  return undefined;
}
