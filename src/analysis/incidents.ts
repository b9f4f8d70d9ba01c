// Incident windows from the per-minute series and the notable events: 5xx bursts, error bursts, silences
// where traffic stops, crashes, restarts and reboots. Thresholds are robust (median and MAD of the series)
// with absolute floors, so a healthy log with the odd 500 yields no incident.
import type { LogEvent } from '../model/event.js';
import { utcMinute } from '../model/utc-text.js';
import { isCleanStop, traitsOf } from '../signatures/traits.js';
import type { Incident, IncidentKind, MinuteRow } from './types.js';

const MINUTE = 60_000;

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Window {
  start: number;
  end: number;
  kinds: Set<IncidentKind>;
}

const window = (start: number, end: number, kind: IncidentKind): Window => ({ start, end, kinds: new Set([kind]) });

/**
 * A process restart as the incident summary counts it: not a reboot (counted apart) and not a platform's crash
 * report (Heroku's "App crashed" is a restart row, but here it is a crash, named by its signature). A clean stop
 * counts (`pm2 restart` logs exit code 0), though it opens no window and the restarts table leaves it out.
 */
function isProcessRestart(e: LogEvent): boolean {
  const t = traitsOf(e);
  return t.restart && !t.failure;
}

/** 5xx bursts: the 5xx share of a minute far above the usual share, with at least 3 errors. */
function burstWindows(withTraffic: MinuteRow[]): Window[] {
  const ratios = withTraffic.map((r) => r.s5xx / r.requests);
  const med = median(ratios);
  const mad = median(ratios.map((x) => Math.abs(x - med))) * 1.4826;
  // A baseline needs enough minutes; a short capture (a lab run, a few copied lines) uses the floors alone.
  const enough = withTraffic.length >= 10;
  const ratioFloor = enough ? Math.max(0.03, med + 8 * mad, med * 4) : 0.03;
  return withTraffic
    .filter((r) => r.s5xx >= 3 && r.s5xx / r.requests >= ratioFloor)
    .map((r) => window(r.t, r.t + MINUTE, '5xx-burst'));
}

const errorsOf = (r: MinuteRow) => Object.values(r.errors).reduce((a, b) => a + b, 0);

/** Error bursts: error-level lines per minute far above the usual count. */
function errorWindows(series: MinuteRow[]): Window[] {
  const errCounts = series.map(errorsOf);
  const emed = median(errCounts.filter((x) => x > 0));
  const busyShare = errCounts.filter((x) => x > 0).length / Math.max(1, series.length);
  // Logs that err every minute need a relative threshold; quiet ones an absolute one.
  const errFloor = busyShare > 0.5 && series.length >= 10 ? Math.max(5, emed * 4) : 3;
  return series.filter((_, i) => errCounts[i] >= errFloor).map((r) => window(r.t, r.t + MINUTE, 'error-burst'));
}

/** Silences: in a busy access log, three or more minutes without a request between busy minutes. */
function silenceWindows(withTraffic: MinuteRow[]): Window[] {
  if (withTraffic.length < 10 || median(withTraffic.map((r) => r.requests)) < 5) return [];
  const out: Window[] = [];
  const traffic = withTraffic.map((r) => r.t);
  for (let i = 1; i < traffic.length; i++) {
    if (traffic[i] - traffic[i - 1] >= 4 * MINUTE) out.push(window(traffic[i - 1] + MINUTE, traffic[i], 'silence'));
  }
  return out;
}

/** Crashes, restarts and reboots from the signatures. */
function eventWindows(events: LogEvent[]): Window[] {
  const out: Window[] = [];
  for (const e of events) {
    if (!e.signature || !Number.isFinite(e.time)) continue;
    const t = traitsOf(e);
    if (t.reboot) out.push(window(e.time, e.time + MINUTE, 'reboot'));
    else if (isProcessRestart(e)) {
      if (!isCleanStop(e)) out.push(window(e.time, e.time + MINUTE, 'restart'));
    } else if (t.failure && (e.level === 'critical' || e.level === 'error'))
      out.push(window(e.time, e.time + MINUTE, 'crash'));
  }
  return out;
}

/** Windows that overlap or are within two minutes of each other become one. */
function merge(windows: Window[]): Window[] {
  windows.sort((a, b) => a.start - b.start);
  const merged: Window[] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end + 2 * MINUTE) {
      last.end = Math.max(last.end, w.end);
      for (const k of w.kinds) last.kinds.add(k);
    } else merged.push({ ...w, kinds: new Set(w.kinds) });
  }
  return merged;
}

/**
 * A lone restart or reboot (deploys, planned maintenance) is not an incident by itself: it needs errors, 5xx or
 * a crash around it, or to repeat.
 */
function isIncident(w: Window, events: LogEvent[]): boolean {
  if (w.kinds.has('5xx-burst') || w.kinds.has('error-burst') || w.kinds.has('crash') || w.kinds.has('silence'))
    return true;
  const restarts = events.filter((e) => e.time >= w.start && e.time <= w.end && isProcessRestart(e));
  return restarts.length >= 2 || w.kinds.has('reboot');
}

/**
 * `dataEnd`: the last timed line of the inputs (epoch ms). Windows run a minute past their last event; an incident
 * ends there or at the end of the data, whichever is first — it never claims time nothing was logged in.
 */
export function findIncidents(series: MinuteRow[], events: LogEvent[], dataEnd = Number.POSITIVE_INFINITY): Incident[] {
  const withTraffic = series.filter((r) => r.requests > 0);
  const windows = [
    ...burstWindows(withTraffic),
    ...errorWindows(series),
    ...silenceWindows(withTraffic),
    ...eventWindows(events),
  ];
  if (windows.length === 0) return [];
  const rowsByT = new Map(series.map((r) => [r.t, r]));
  return merge(windows)
    .filter((w) => isIncident(w, events))
    .map((w) => describe(w, rowsByT, events, dataEnd));
}

/** The incident of a window: its 5xx and errors from the series, its notable events, a one-line summary. */
function describe(w: Window, rowsByT: Map<number, MinuteRow>, events: LogEvent[], dataEnd: number): Incident {
  let peak = 0;
  let total5xx = 0;
  let errors = 0;
  for (let t = w.start - (w.start % MINUTE); t < w.end; t += MINUTE) {
    const r = rowsByT.get(t);
    if (!r) continue;
    peak = Math.max(peak, r.s5xx);
    total5xx += r.s5xx;
    errors += errorsOf(r);
  }
  const inside = events.filter(
    (e) => e.time >= w.start && e.time < w.end && (e.signature || e.level === 'error' || e.level === 'critical'),
  );
  const parts: string[] = [];
  if (total5xx) parts.push(`${total5xx} × 5xx (peak ${peak}/min)`);
  if (errors) parts.push(`${errors} error lines`);
  parts.push(...eventParts(inside));
  if (w.kinds.has('silence')) parts.push('traffic stopped');
  const end = Math.max(w.start, Math.min(w.end, dataEnd));
  return {
    start: w.start,
    end,
    kinds: [...w.kinds],
    summary: `${utcMinute(w.start) === utcMinute(end) ? utcMinute(w.start) : `${utcMinute(w.start)}–${utcMinute(end)}`} UTC: ${parts.join('; ') || [...w.kinds].join(', ')}`,
    events: notable(inside),
    peak5xxPerMinute: peak || undefined,
  };
}

/** The summary's words for the events of a window: the top signatures, the restarts, a reboot. */
function eventParts(inside: LogEvent[]): string[] {
  const parts: string[] = [];
  const bySig = new Map<string, number>();
  for (const e of inside) if (e.signature) bySig.set(e.signature, (bySig.get(e.signature) ?? 0) + 1);
  const top = [...bySig.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  if (top.length) parts.push(top.map(([s, n]) => `${n} × ${s}`).join(', '));
  // A clean stop is no restart to the reader: the restarts table leaves it out, so does the summary.
  const restarts = inside.filter((e) => isProcessRestart(e) && !isCleanStop(e)).length;
  if (restarts) parts.push(`${restarts} restart${restarts > 1 ? 's' : ''}`);
  if (inside.some((e) => traitsOf(e).reboot)) parts.push('reboot');
  return parts;
}

/** The window's notable events, best first: one per signature (or message), at most 12. */
function notable(inside: LogEvent[]): LogEvent[] {
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
  return picked;
}

function rank(e: LogEvent): number {
  const levels = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5 } as const;
  return levels[e.level] * 10 + (e.signature ? 5 : 0);
}
