// The clock of each host, decided from the survey before the full read: its zone (etc/timezone, the
// etc/localtime link, etc/sysconfig/clock), the reference for year-less lines (the end of its dated logs), and its
// boot times (kernel lines that state both a wall-clock time and an uptime, and those the read adds). Each file's
// ClockSpec and the words of its stated assumptions come from here.
import type { LogFormat } from '../formats/log/types.js';
import type { LocalTime } from '../model/event.js';
import type { ClockSpec } from './clock.js';
import type { Stamps } from './survey.js';
import { inferYear, localToUtc } from './time.js';

const DAY = 86_400_000;
/** Boot times within a minute of each other are the same boot. */
const SAME_BOOT_MS = 60_000;

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
}

export interface ClockChoice {
  spec: ClockSpec;
  zoneWhy: string;
  yearWhy: string;
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
      h = { dated: [], surveyBoots: [], readBoots: [], custom: [], explicitMax: Number.NEGATIVE_INFINITY };
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

  addStamps(name: string, st: Stamps): void {
    const h = this.get(name);
    if (st.firstDated) h.dated.push(st.firstDated);
    if (st.lastDated) h.dated.push(st.lastDated);
    h.surveyBoots.push(...st.boots);
  }

  /** Once every file is surveyed: the end of each host's dated logs, in UTC. */
  settle(o: ClockOptions): void {
    for (const h of this.map.values()) {
      const zone = o.tz ?? h.zone ?? 'UTC';
      for (const lt of h.dated) h.explicitMax = Math.max(h.explicitMax, localToUtc(lt, zone, lt.year as number));
    }
  }

  /** The clock of a file of this host (its modification time is the year reference of last resort). */
  clockFor(name: string, o: ClockOptions, mtime: Date | undefined): ClockChoice {
    const h = this.get(name);
    const zone = o.tz ?? h.zone ?? 'UTC';
    const zoneWhy = o.tz
      ? '--tz'
      : h.zone
        ? `host zone from ${h.zoneSource}`
        : 'no zone in the line or the host folder: UTC assumed';
    const dated = Number.isFinite(h.explicitMax);
    const yearWhy =
      o.year !== undefined
        ? '--year'
        : dated
          ? "from the host's other logs"
          : mtime
            ? `from the file date (${mtime.toISOString().slice(0, 10)})`
            : 'from the current date (no file date)';
    const referenceMs = dated ? h.explicitMax + DAY : (mtime?.getTime() ?? Date.now());
    return {
      spec: { zone, year: o.year, referenceMs, boots: this.boots(name, zone, referenceMs, o) },
      zoneWhy,
      yearWhy,
    };
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
