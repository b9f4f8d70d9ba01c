// The clock of each host, decided from the survey before the full read: its zone (etc/timezone, the
// etc/localtime link, etc/sysconfig/clock), the reference for year-less lines (the end of its dated logs), and its
// boot times (kernel lines that state both a wall-clock time and an uptime, and those the read adds). Each file's
// ClockSpec and the words of its stated assumptions come from here.
import type { LogFormat } from '../formats/log/types.js';
import type { LocalTime } from '../model/event.js';
import type { ClockSpec } from './clock.js';
import type { SourceSkew } from './skew.js';
import type { Stamps } from './survey.js';
import { inferYear, localToUtc, zoneOffsetMinutes } from './time.js';
import { daysAfterLastLine, weekdayYear } from './year-evidence.js';

const DAY = 86_400_000;
/** Boot times within a minute of each other are the same boot. */
const SAME_BOOT_MS = 60_000;
/** Offset-stating lines remembered per host (first and last of each file). */
const MAX_STATED = 64;
/** Modification times this close together were set by one copy. */
const COPY_WINDOW_MS = 2 * 60_000;

export interface HostFacts {
  zone?: string;
  zoneSource?: string;
  /** Dated lines of the host's logs (first and last of each file), placed once the zone is known. */
  dated: LocalTime[];
  /** Boots from the survey (wall time still local) and from the read (UTC). */
  surveyBoots: { lt: LocalTime; up: number }[];
  readBoots: number[];
  custom: LogFormat[];
  explicitMax: number;
  /** Dated spans of the host's files ([first, last] in UTC), once settled. */
  spans: [number, number][];
  /** The first and last dated line of each file, placed once the zone is known. */
  pairs: [LocalTime, LocalTime][];
  /** Lines that state their UTC offset, and the file that states it. */
  stated: { lt: LocalTime; path: string }[];
  /** Modification times of the host's log files (ms): one shared by all is a copy date, not a log date. */
  mtimes: number[];
}

export interface ClockChoice {
  spec: ClockSpec;
  zoneWhy: string;
  yearWhy: string;
  /** The file's clock disagreed with the proxy's about the same requests: the offset taken off (skew.ts). */
  skew?: SourceSkew;
}

export interface ClockOptions {
  tz?: string;
  year?: number;
}

export class Hosts {
  private readonly map = new Map<string, HostFacts>();

  get(name: string): HostFacts {
    let h = this.map.get(name);
    if (!h) {
      h = {
        dated: [],
        surveyBoots: [],
        readBoots: [],
        custom: [],
        explicitMax: Number.NEGATIVE_INFINITY,
        spans: [],
        pairs: [],
        stated: [],
        mtimes: [],
      };
      this.map.set(name, h);
    }
    return h;
  }

  setZone(name: string, zone: string, source: string): void {
    const h = this.get(name);
    if (h.zone) return;
    h.zone = zone;
    h.zoneSource = source;
  }

  addStamps(name: string, st: Stamps, path = '', mtime?: Date): void {
    const h = this.get(name);
    if (st.firstDated) h.dated.push(st.firstDated);
    if (st.lastDated) h.dated.push(st.lastDated);
    if (st.firstDated && st.lastDated) h.pairs.push([st.firstDated, st.lastDated]);
    for (const lt of st.offsets) if (h.stated.length < MAX_STATED) h.stated.push({ lt, path });
    if (mtime) h.mtimes.push(mtime.getTime());
    h.surveyBoots.push(...st.boots);
  }

  /**
   * Once every file is surveyed: a host without a zone file takes the zone its own logs state (nginx's `-0800`
   * applies to its zone-less error log), then the spans of its dated logs in UTC. Returns the warnings for a
   * `--tz` that contradicts what the logs state.
   */
  settle(o: ClockOptions): string[] {
    const warnings: string[] = [];
    for (const [name, h] of this.map) {
      if (!h.zone && h.stated.length > 0) {
        const learned = zoneStated(h.stated.map((s) => s.lt));
        if (learned) {
          h.zone = learned;
          h.zoneSource = `the UTC offset ${offsetsText(h.stated)} that ${h.stated[0].path} states`;
        }
      }
      if (o.tz) warnings.push(...contradictions(o.tz, name, h));
      const zone = o.tz ?? h.zone ?? 'UTC';
      for (const lt of h.dated) h.explicitMax = Math.max(h.explicitMax, localToUtc(lt, zone, lt.year as number));
      h.spans = h.pairs.map(([a, b]) => [localToUtc(a, zone, a.year as number), localToUtc(b, zone, b.year as number)]);
    }
    return warnings;
  }

  /** The clock of a file of this host (its modification time is the year reference of last resort). */
  clockFor(name: string, o: ClockOptions, mtime: Date | undefined, stamps?: Stamps): ClockChoice {
    const h = this.get(name);
    const zone = o.tz ?? h.zone ?? 'UTC';
    const zoneWhy = o.tz
      ? '--tz'
      : h.zone
        ? `host zone from ${h.zoneSource}`
        : 'no zone in the line or the host folder: UTC assumed';
    const { referenceMs, yearWhy } = this.yearReference(h, zone, o, mtime, stamps);
    return {
      spec: { zone, year: o.year, referenceMs, boots: this.boots(name, zone, referenceMs, o) },
      zoneWhy,
      yearWhy,
    };
  }

  /**
   * The reference a year-less file's lines are placed before. With dated logs on the host, the year whose
   * placement overlaps the host's dated spans most (a folder spanning 2020 → 2026 places a 2021 syslog in 2021,
   * not in 2026); without, the file date — said to be doubtful when every file of the host shares it (a copy).
   */
  private yearReference(
    h: HostFacts,
    zone: string,
    o: ClockOptions,
    mtime: Date | undefined,
    stamps: Stamps | undefined,
  ): { referenceMs: number; yearWhy: string } {
    if (stamps?.lastDated && stamps.yearless && o.year === undefined) {
      // A file with dated and year-less lines (HAProxy's requests and its syslog-only "is DOWN" lines): its own
      // dated lines place the others.
      const own = localToUtc(stamps.lastDated, zone, stamps.lastDated.year as number);
      return { referenceMs: own + DAY, yearWhy: "from the file's own dated lines" };
    }
    const base = this.baseReference(h, zone, o, mtime, stamps);
    if (o.year !== undefined || !stamps) return base;
    // A weekday the lines name overrules a reference whose year puts their date on another day.
    const w = weekdayYear(stamps.firstYearless, stamps.lastYearless, zone, base.referenceMs);
    return w ? { referenceMs: w.referenceMs, yearWhy: w.why } : base;
  }

  private baseReference(
    h: HostFacts,
    zone: string,
    o: ClockOptions,
    mtime: Date | undefined,
    stamps: Stamps | undefined,
  ): { referenceMs: number; yearWhy: string } {
    if (Number.isFinite(h.explicitMax)) {
      const fitted = stamps ? fittedReference(h, zone, stamps) : undefined;
      return {
        referenceMs: fitted ?? h.explicitMax + DAY,
        yearWhy: o.year !== undefined ? '--year' : "from the host's other logs",
      };
    }
    const referenceMs = mtime?.getTime() ?? Date.now();
    if (o.year !== undefined) return { referenceMs, yearWhy: '--year' };
    if (!mtime) return { referenceMs, yearWhy: 'from the current date (no file date)' };
    const day = mtime.toISOString().slice(0, 10);
    const shared = h.mtimes.length >= 3 && h.mtimes.every((t) => Math.abs(t - h.mtimes[0]) < COPY_WINDOW_MS);
    const after = daysAfterLastLine(stamps?.lastYearless, zone, referenceMs);
    const copy = shared
      ? 'which every log file of the host shares'
      : after !== undefined
        ? `${after} day${after === 1 ? '' : 's'} after the file's last line`
        : undefined;
    if (!copy) return { referenceMs, yearWhy: `from the file date (${day})` };
    // A copy's date: the input's other hosts' dated logs say more about when these lines were written.
    const others = this.datedEnd();
    if (others !== undefined)
      return {
        referenceMs: others + DAY,
        yearWhy: `from the dated logs of the input's other hosts (the file date ${day}, ${copy}, is a copy's)`,
      };
    return {
      referenceMs,
      yearWhy: shared
        ? `from the file date (${day}), ${copy} — likely the date they were copied, not written: pass --year if they are older`
        : `from the file date (${day}), ${copy} — likely the date it was copied, not written: pass --year if it is older`,
    };
  }

  /** The end of every host's dated logs, when some host has any. */
  private datedEnd(): number | undefined {
    let end = Number.NEGATIVE_INFINITY;
    for (const h of this.map.values()) end = Math.max(end, h.explicitMax);
    return Number.isFinite(end) ? end : undefined;
  }

  /** The host's distinct boot times, oldest first. */
  boots(name: string, zone: string, referenceMs: number, o: ClockOptions): number[] {
    const h = this.get(name);
    const all = h.readBoots.slice();
    for (const b of h.surveyBoots) {
      const year = b.lt.year ?? o.year ?? inferYear(b.lt, referenceMs);
      all.push(localToUtc(b.lt, zone, year) - b.up * 1000);
    }
    const rounded = [...new Set(all.map((t) => Math.round(t / 1000) * 1000))].sort((a, b) => a - b);
    return rounded.filter((b, i) => i === 0 || b - rounded[i - 1] > SAME_BOOT_MS);
  }

  hasBoots(name: string): boolean {
    const h = this.get(name);
    return h.readBoots.length > 0 || h.surveyBoots.length > 0;
  }
}

/** `-08:00`, or the distinct offsets stated, as text. */
function offsetsText(stated: { lt: LocalTime }[]): string {
  const offs = [...new Set(stated.map((s) => s.lt.offsetMinutes as number))];
  return offs.map(offsetText).join(' and ');
}

function offsetText(min: number): string {
  const a = Math.abs(min);
  return `${min < 0 ? '−' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Dated lines' UTC instants and offsets. */
function samples(lts: LocalTime[]): { utc: number; offset: number }[] {
  return lts.map((lt) => ({ utc: localToUtc(lt, 'UTC', lt.year as number), offset: lt.offsetMinutes as number }));
}

/**
 * A zone that agrees with every offset the lines state: one whole-hour offset is that fixed offset (`Etc/GMT+8`
 * is UTC−8, POSIX's inverted sign); several (a DST change) or a half-hour one take the first IANA zone that has
 * each offset at each stated instant.
 */
export function zoneStated(lts: LocalTime[]): string | undefined {
  const ss = samples(lts);
  const offsets = new Set(ss.map((s) => s.offset));
  if (offsets.size === 1) {
    const [off] = offsets;
    if (off === 0) return 'UTC';
    if (off % 60 === 0 && Math.abs(off) <= 12 * 60) return `Etc/GMT${off < 0 ? '+' : '-'}${Math.abs(off) / 60}`;
  }
  const zones = Intl.supportedValuesOf('timeZone').filter((z) => !z.startsWith('Etc/'));
  return zones.find((z) => ss.every((s) => zoneOffsetMinutes(z, s.utc) === s.offset));
}

/** `--tz` against the host's zone file and against the offsets its logs state. */
function contradictions(tz: string, name: string, h: HostFacts): string[] {
  const out: string[] = [];
  const host = name ? `host ${name}` : 'the input';
  const wrong = h.stated.find((s) => {
    const [{ utc, offset }] = samples([s.lt]);
    return zoneOffsetMinutes(tz, utc) !== offset;
  });
  if (wrong) {
    out.push(
      `--tz ${tz} contradicts ${wrong.path}, which states UTC${offsetText(wrong.lt.offsetMinutes as number)}: zone-less lines of ${host} are read in ${tz} as asked`,
    );
  } else if (h.zone && h.zoneSource && !h.zoneSource.startsWith('the UTC offset')) {
    const now = Number.isFinite(h.explicitMax) ? h.explicitMax : Date.now();
    if (zoneOffsetMinutes(h.zone, now) !== zoneOffsetMinutes(tz, now))
      out.push(
        `--tz ${tz} contradicts ${h.zoneSource} (${h.zone}): zone-less lines of ${host} are read in ${tz} as asked`,
      );
  }
  return out;
}

/**
 * The reference that puts a year-less file in the year its span overlaps the host's dated spans most, when the
 * host's dated logs cover more than one year; undefined when they do not decide (the end of the dated logs is
 * then the reference).
 */
function fittedReference(h: HostFacts, zone: string, st: Stamps): number | undefined {
  if (!st.firstYearless || !st.lastYearless || h.spans.length === 0) return undefined;
  const lo = Math.min(...h.spans.map((s) => s[0]));
  const hi = Math.max(...h.spans.map((s) => s[1]));
  const first = new Date(lo).getUTCFullYear();
  const last = new Date(hi).getUTCFullYear();
  if (first === last) return undefined;
  const a = st.firstYearless;
  const b = st.lastYearless;
  const rolls = b.month < a.month;
  let best: { overlap: number; end: number } | undefined;
  for (let y = last; y >= first - 1; y--) {
    const start = localToUtc(a, zone, y);
    const end = localToUtc(b, zone, rolls ? y + 1 : y);
    let overlap = 0;
    for (const [s, e] of h.spans) overlap += Math.max(0, Math.min(e, end) - Math.max(s, start));
    // An instant file (first = last) overlaps by being inside a span.
    if (overlap === 0) overlap = h.spans.some(([s, e]) => start >= s && start <= e) ? 1 : 0;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { overlap, end };
  }
  return best ? best.end + DAY : undefined;
}
