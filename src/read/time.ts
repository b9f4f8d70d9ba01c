// Placing wall-clock times on the UTC timeline. A line that states an offset is explicit; otherwise the
// zone is --tz, else the host's own (etc/timezone, the etc/localtime link's name, RHEL's
// etc/sysconfig/clock), else UTC — never the zone of the machine running faultline.
import type { LocalTime } from '../model/event.js';

const MINUTE = 60_000;
const offsetCache = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when Intl knows the IANA zone. */
export function isValidZone(zone: string): boolean {
  // The common answer without Intl: its first formatter loads the zone data (~30 ms of a small run's start).
  if (zone === 'UTC' || zone === 'Etc/UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC of `zone` at the instant `utcMs` (DST included). */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  // Offsets change only on the hour or half hour: cache per 15 minutes.
  const key = `${zone}|${Math.floor(utcMs / (15 * MINUTE))}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const off = Math.round((asUtc - (utcMs - (utcMs % 1000))) / MINUTE);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, off);
  return off;
}

/**
 * UTC epoch ms of a wall-clock time: with its own offset when it has one, else read in `zone`.
 * Around a DST change an ambiguous time takes the earlier instant; a skipped one moves forward.
 */
export function localToUtc(lt: LocalTime, zone: string, year: number): number {
  const y = lt.year ?? year;
  const wall = Date.UTC(y, lt.month - 1, lt.day, lt.hour, lt.minute, lt.second, lt.ms ?? 0);
  if (lt.offsetMinutes !== undefined) return wall - lt.offsetMinutes * MINUTE;
  const first = zoneOffsetMinutes(zone, wall);
  const guess = wall - first * MINUTE;
  const second = zoneOffsetMinutes(zone, guess);
  return second === first ? guess : wall - Math.max(first, second) * MINUTE;
}

/** The zone a host folder names: etc/timezone, the etc/localtime link target, or etc/sysconfig/clock. */
export function zoneFromHostFile(hostPath: string, text: string): string | undefined {
  if (/\/etc\/timezone$/.test(hostPath)) {
    const z = text.trim().split(/\s+/)[0];
    return z && isValidZone(z) ? z : undefined;
  }
  if (/\/etc\/sysconfig\/clock$/.test(hostPath)) {
    const m = /^\s*(?:ZONE|TIMEZONE)\s*=\s*"?([^"\s]+)"?/m.exec(text);
    return m && isValidZone(m[1]) ? m[1] : undefined;
  }
  return undefined;
}

/** `../usr/share/zoneinfo/America/New_York` → America/New_York (the link is read, never followed). */
export function zoneFromLocaltimeLink(target: string): string | undefined {
  const m = /zoneinfo\/(.+)$/.exec(target);
  if (!m) return undefined;
  const z = m[1].replace(/^(posix|right)\//, '');
  return isValidZone(z) ? z : undefined;
}

/**
 * The year of a year-less line, from a reference time (file date, or the host's other logs): the year that
 * puts the line closest before the reference — syslog written in December and read in January belongs to
 * the previous year.
 */
export function inferYear(lt: LocalTime, referenceMs: number): number {
  const ref = new Date(referenceMs);
  const y = ref.getUTCFullYear();
  const candidate = Date.UTC(y, lt.month - 1, lt.day, lt.hour, lt.minute, lt.second);
  // More than a day in the future of the reference: last year's line.
  return candidate > referenceMs + 86_400_000 ? y - 1 : y;
}
