// The clock of one file: turns the wall-clock parts a line states into UTC, with the zone, year reference and
// boot times the survey decided for the file's host before the read — so every event is emitted with its final
// time. Year-less lines take, line by line, the year that puts them closest before the reference (the end of the
// host's dated logs, or the file date): a December → January file gets both years, in one piece or split.
import type { LineFacts } from '../formats/log/scan-types.js';
import { inferYear, localToUtc } from './time.js';

export interface ClockSpec {
  /** Zone of lines that state no offset. */
  zone: string;
  /** --year, when given: every year-less line takes it. */
  year?: number;
  /** Reference for year-less lines (epoch ms): a line is at most a day after it. */
  referenceMs: number;
  /** Boot times of the host (epoch ms, ascending), for uptime-only lines. */
  boots: number[];
  /** What the file's clock is ahead of the proxy's (ms, skew.ts): taken off every stamp it states. */
  skewMs?: number;
}

export type Basis = 'explicit' | 'assumed';

const DAY = 86_400_000;
const BUCKET = 15 * 60_000;

/** What the clock saw, for the file's stated assumptions and time basis. */
export interface ClockFlags {
  explicit: boolean;
  zoneless: boolean;
  yearless: boolean;
  dated: boolean;
}

export class Clock {
  readonly flags: ClockFlags = { explicit: false, zoneless: false, yearless: false, dated: false };
  /** Zone offsets per 15-minute bucket of wall time (offsets change on :00, :15, :30, :45 only). */
  private readonly zoneCache = new Map<number, number>();
  private readonly yearCache = new Map<number, number>();
  private readonly refYear: number;
  basis: Basis = 'assumed';

  private readonly skew: number;

  constructor(readonly spec: ClockSpec) {
    this.refYear = new Date(spec.referenceMs).getUTCFullYear();
    this.skew = spec.skewMs ?? 0;
  }

  /** UTC ms of the facts' wall time, setting `basis`; NaN when the facts carry no time. */
  place(f: LineFacts, knownYear?: number): number {
    if (Number.isNaN(f.month)) return Number.NaN;
    const hasOffset = !Number.isNaN(f.offset);
    let year = f.year;
    if (hasOffset && !Number.isNaN(year)) {
      this.flags.explicit = true;
      this.basis = 'explicit';
      return this.wall(year, f) - f.offset * 60_000 - this.skew;
    }
    if (Number.isNaN(year)) {
      this.flags.yearless = true;
      year = knownYear ?? this.spec.year ?? this.yearOf(f);
    } else this.flags.dated = true;
    this.basis = 'assumed';
    if (hasOffset) return this.wall(year, f) - f.offset * 60_000 - this.skew;
    this.flags.zoneless = true;
    return this.toUtc(this.wall(year, f)) - this.skew;
  }

  /**
   * HAProxy's old `285/071506` stamps count days from 1 January (0-based): month and day depend on the year,
   * which the parser could not know (it assumed a common year).
   */
  placeYday(f: LineFacts, yday: number): number {
    const year = this.spec.year ?? this.yearOf(f);
    const d = new Date(Date.UTC(year, 0, 1 + yday));
    f.month = d.getUTCMonth() + 1;
    f.day = d.getUTCDate();
    return this.place(f, year);
  }

  /** The year of a year-less line, as inferYear decides it (cached per day away from the reference). */
  private yearOf(f: LineFacts): number {
    const key = f.month * 32 + f.day;
    const hit = this.yearCache.get(key);
    if (hit !== undefined) return hit;
    const candidate = Date.UTC(this.refYear, f.month - 1, f.day);
    const y = inferYear(
      { month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second },
      this.spec.referenceMs,
    );
    // Days well away from the reference's own day give the same year whatever the time of day.
    if (Math.abs(candidate - this.spec.referenceMs) > 2 * DAY) this.yearCache.set(key, y);
    return y;
  }

  /** UTC of a wall time in the file's zone, as localToUtc computes it. */
  toUtc(wall: number): number {
    if (this.spec.zone === 'UTC') return wall;
    const bucket = Math.floor(wall / BUCKET);
    let delta = this.zoneCache.get(bucket);
    if (delta === undefined) {
      const start = bucket * BUCKET;
      const d = new Date(start);
      const utc = localToUtc(
        {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: 0,
        },
        this.spec.zone,
        d.getUTCFullYear(),
      );
      delta = start - utc;
      if (this.zoneCache.size > 50_000) this.zoneCache.clear();
      this.zoneCache.set(bucket, delta);
    }
    return wall - delta;
  }

  /** The day of the last line placed (a log's lines run in days): its key and its start as if UTC. */
  private dayKey = Number.NaN;
  private dayStart = 0;

  /** wallMs, with the day's start kept from the line before: Date.UTC once a day, for plain in-range parts. */
  private wall(year: number, f: LineFacts): number {
    const { month, day, hour, minute, second, ms } = f;
    const plain =
      year >= 1000 &&
      year <= 9999 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 60 &&
      ms >= 0 &&
      ms < 1000 &&
      Number.isInteger(year) &&
      Number.isInteger(month) &&
      Number.isInteger(day) &&
      Number.isInteger(hour) &&
      Number.isInteger(minute) &&
      Number.isInteger(second) &&
      Number.isInteger(ms);
    if (!plain) return wallMs(year, f);
    const key = (year * 16 + month) * 32 + day;
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.dayStart = Date.UTC(year, month - 1, day);
    }
    return this.dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  }

  /** UTC of an uptime stamp in the k-th boot the file shows (the host's boots, oldest first). */
  uptime(bootIndex: number, seconds: number): number {
    const boots = this.spec.boots;
    if (boots.length === 0) return Number.NaN;
    const boot = boots[Math.min(Math.max(bootIndex, 0), boots.length - 1)];
    return boot + seconds * 1000;
  }
}

/** Wall-clock parts as if they were UTC, in ms. */
export function wallMs(year: number, f: LineFacts): number {
  return Date.UTC(year, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms);
}
