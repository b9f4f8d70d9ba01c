// Incident windows from the per-minute series and the notable events: 5xx bursts, error bursts, silences
// where traffic stops, crashes, restarts and reboots. Thresholds are robust (median and MAD of the series)
// with absolute floors, so a healthy log with the odd 500 yields no incident.
import type { LogEvent } from '../model/event.js';
import { SIGNATURES } from '../signatures/catalog.js';
import type { EventType } from '../signatures/types.js';
import { isCleanStop } from './restarts.js';
import type { Incident, IncidentKind, MinuteRow } from './types.js';

const MINUTE = 60_000;
const SIG_TYPE = new Map(SIGNATURES.map((s) => [s.id, s.event]));
const CRASH_TYPES = new Set<EventType>([
  'heap-out-of-memory',
  'oom-kill',
  'invalid-string-length',
  'uncaught-exception',
  'unhandled-rejection',
  'app-crashed',
  'too-many-open-files',
  'disk-full',
  'java-out-of-memory',
  'no-server-available',
  'server-down',
  'db-too-many-connections',
  'db-connection-lost',
  'db-gone-away',
  'pool-acquire-timeout',
  'redis-oom',
  'hung-task',
  'watchdog-timeout',
]);
const RESTART_TYPES = new Set<EventType>([
  'process-restart',
  'memory-limit-restart',
  'process-exit',
  'restart-loop-stopped',
]);

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Window {
  start: number;
  end: number;
  kinds: Set<IncidentKind>;
  peak5xx: number;
  events: LogEvent[];
  count5xx: number;
  errors: number;
}

export function findIncidents(series: MinuteRow[], events: LogEvent[]): Incident[] {
  const windows: Window[] = [];
  const add = (start: number, end: number, kind: IncidentKind) =>
    windows.push({ start, end, kinds: new Set([kind]), peak5xx: 0, events: [], count5xx: 0, errors: 0 });

  // 5xx bursts: the 5xx share of a minute far above the usual share, with at least 3 errors.
  const withTraffic = series.filter((r) => r.requests > 0);
  const ratios = withTraffic.map((r) => r.s5xx / r.requests);
  const med = median(ratios);
  const mad = median(ratios.map((x) => Math.abs(x - med))) * 1.4826;
  // A baseline needs enough minutes; a short capture (a lab run, a few copied lines) uses the floors alone.
  const enough = withTraffic.length >= 10;
  const ratioFloor = enough ? Math.max(0.03, med + 8 * mad, med * 4) : 0.03;
  for (const r of withTraffic) {
    if (r.s5xx >= 3 && r.s5xx / r.requests >= ratioFloor) add(r.t, r.t + MINUTE, '5xx-burst');
  }

  // Error bursts: error-level lines per minute far above the usual count.
  const errCounts = series.map((r) => Object.values(r.errors).reduce((a, b) => a + b, 0));
  const emed = median(errCounts.filter((x) => x > 0));
  const busyShare = errCounts.filter((x) => x > 0).length / Math.max(1, series.length);
  // Logs that err every minute need a relative threshold; quiet ones an absolute one.
  const errFloor = busyShare > 0.5 && series.length >= 10 ? Math.max(5, emed * 4) : 3;
  series.forEach((r, i) => {
    if (errCounts[i] >= errFloor) add(r.t, r.t + MINUTE, 'error-burst');
  });

  // Silences: in a busy access log, three or more minutes without a request between busy minutes.
  if (withTraffic.length >= 10) {
    const reqMed = median(withTraffic.map((r) => r.requests));
    if (reqMed >= 5) {
      const traffic = series.filter((r) => r.requests > 0).map((r) => r.t);
      for (let i = 1; i < traffic.length; i++) {
        const gap = traffic[i] - traffic[i - 1];
        if (gap >= 4 * MINUTE) add(traffic[i - 1] + MINUTE, traffic[i], 'silence');
      }
    }
  }

  // Crashes, restarts, reboots from the signatures.
  for (const e of events) {
    if (!e.signature || !Number.isFinite(e.time)) continue;
    const type = SIG_TYPE.get(e.signature);
    if (!type) continue;
    if (type === 'reboot') add(e.time, e.time + MINUTE, 'reboot');
    else if (RESTART_TYPES.has(type)) {
      if (!isCleanStop(e, type)) add(e.time, e.time + MINUTE, 'restart');
    } else if (CRASH_TYPES.has(type) && (e.level === 'critical' || e.level === 'error'))
      add(e.time, e.time + MINUTE, 'crash');
  }
  if (windows.length === 0) return [];

  // Merge windows that overlap or are within two minutes of each other.
  windows.sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end + 2 * MINUTE) {
      last.end = Math.max(last.end, w.end);
      for (const k of w.kinds) last.kinds.add(k);
    } else merged.push({ ...w, kinds: new Set(w.kinds) });
  }
  // A lone restart or reboot (deploys, planned maintenance) is not an incident by itself: it needs
  // errors, 5xx or a crash around it, or to repeat.
  const real = merged.filter((w) => {
    if (w.kinds.has('5xx-burst') || w.kinds.has('error-burst') || w.kinds.has('crash') || w.kinds.has('silence'))
      return true;
    const restarts = events.filter(
      (e) =>
        e.time >= w.start &&
        e.time <= w.end &&
        e.signature &&
        RESTART_TYPES.has(SIG_TYPE.get(e.signature) as EventType),
    );
    return restarts.length >= 2 || w.kinds.has('reboot');
  });

  const rowsByT = new Map(series.map((r) => [r.t, r]));
  return real.map((w) => {
    let peak = 0;
    let total5xx = 0;
    let errors = 0;
    for (let t = w.start - (w.start % MINUTE); t < w.end; t += MINUTE) {
      const r = rowsByT.get(t);
      if (!r) continue;
      peak = Math.max(peak, r.s5xx);
      total5xx += r.s5xx;
      errors += Object.values(r.errors).reduce((a, b) => a + b, 0);
    }
    const inside = events.filter(
      (e) => e.time >= w.start && e.time < w.end && (e.signature || e.level === 'error' || e.level === 'critical'),
    );
    const bySig = new Map<string, number>();
    for (const e of inside) if (e.signature) bySig.set(e.signature, (bySig.get(e.signature) ?? 0) + 1);
    const best = [...inside].sort((a, b) => rank(b) - rank(a) || a.time - b.time);
    const seen = new Set<string>();
    const picked: LogEvent[] = [];
    for (const e of best) {
      const k = e.signature ?? e.text.slice(0, 40);
      if (seen.has(k)) continue;
      seen.add(k);
      picked.push(e);
      if (picked.length >= 12) break;
    }
    const restarts = inside.filter(
      (e) => e.signature && RESTART_TYPES.has(SIG_TYPE.get(e.signature) as EventType),
    ).length;
    const reboots = inside.filter((e) => e.signature && SIG_TYPE.get(e.signature) === 'reboot').length;
    const parts: string[] = [];
    if (total5xx) parts.push(`${total5xx} × 5xx (peak ${peak}/min)`);
    if (errors) parts.push(`${errors} error lines`);
    const top = [...bySig.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    if (top.length) parts.push(top.map(([s, n]) => `${n} × ${s}`).join(', '));
    if (restarts) parts.push(`${restarts} restart${restarts > 1 ? 's' : ''}`);
    if (reboots) parts.push(`reboot`);
    if (w.kinds.has('silence')) parts.push('traffic stopped');
    const span = `${clock(w.start)}–${clock(w.end)} UTC`;
    return {
      start: w.start,
      end: w.end,
      kinds: [...w.kinds],
      summary: `${span}: ${parts.join('; ') || [...w.kinds].join(', ')}`,
      events: picked,
      peak5xxPerMinute: peak || undefined,
    };
  });
}

function rank(e: LogEvent): number {
  const levels = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5 } as const;
  return levels[e.level] * 10 + (e.signature ? 5 : 0);
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}
