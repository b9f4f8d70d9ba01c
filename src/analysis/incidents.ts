// Incident windows from each source's own counters and the notable events: 5xx bursts against the source's
// usual share, error bursts against the source's usual count, silences improbable at the source's usual rate
// (traffic.ts), crashes and repeated restarts. Thresholds are robust (median and MAD) with absolute floors, so a
// healthy log with the odd 500 yields no incident; a reboot, a deploy or a log rotation alone is none either.
import type { LogEvent } from '../model/event.js';
import { utcMinute } from '../model/utc-text.js';
import type { LogSource } from '../read/sources.js';
import { isCleanStop, traitsOf } from '../signatures/traits.js';
import { type Silence, silencesOf } from './traffic.js';
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
  silences: Silence[];
}

const window = (start: number, end: number, kind: IncidentKind): Window => ({
  start,
  end,
  kinds: new Set([kind]),
  silences: [],
});

/**
 * A process restart as the incident summary counts it: not a reboot (counted apart) and not a platform's crash
 * report (Heroku's "App crashed" is a restart row, but here it is a crash, named by its signature). A clean stop
 * counts (`pm2 restart` logs exit code 0), though it opens no window and the restarts table leaves it out.
 */
function isProcessRestart(e: LogEvent): boolean {
  const t = traitsOf(e);
  return t.restart && !t.failure;
}

/** 5xx bursts of one source: the 5xx share of a minute far above its usual share, with at least 3 errors. */
function burstWindows(source: LogSource): Window[] {
  const withTraffic = [...source.requests]
    .filter(([, [n]]) => n > 0)
    .map(([t, [requests, s5xx]]) => ({ t, requests, s5xx }));
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

/**
 * Error bursts, per source of error lines ("nginx-error", "pm2:api"…): a minute's error-level lines far above
 * that source's usual count — a log that errs every minute needs a relative threshold, a quiet one an absolute.
 */
function errorWindows(series: MinuteRow[]): Window[] {
  const perSource = new Map<string, { t: number; n: number }[]>();
  for (const r of series) {
    for (const k in r.errors) {
      const list = perSource.get(k) ?? [];
      list.push({ t: r.t, n: r.errors[k] });
      perSource.set(k, list);
    }
  }
  const out: Window[] = [];
  for (const minutes of perSource.values()) {
    const counts = minutes.map((m) => m.n);
    const covered = (minutes[minutes.length - 1].t - minutes[0].t) / MINUTE + 1;
    const busyShare = minutes.length / covered;
    const floor = busyShare > 0.5 && covered >= 10 ? Math.max(5, median(counts) * 4) : 3;
    for (const m of minutes) if (m.n >= floor) out.push(window(m.t, m.t + MINUTE, 'error-burst'));
  }
  return out;
}

function silenceWindows(sources: LogSource[]): Window[] {
  return sources.flatMap(silencesOf).map((s) => ({ ...window(s.start, s.end, 'silence'), silences: [s] }));
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
      last.silences.push(...w.silences);
    } else merged.push({ ...w, kinds: new Set(w.kinds), silences: [...w.silences] });
  }
  return merged;
}

/**
 * A reboot, a deploy or planned maintenance is not an incident by itself: it needs errors, 5xx, a crash or an
 * improbable silence around it, or restarts that were not asked for (a clean stop is) to repeat.
 */
function isIncident(w: Window, events: LogEvent[]): boolean {
  if (w.kinds.has('5xx-burst') || w.kinds.has('error-burst') || w.kinds.has('crash') || w.kinds.has('silence'))
    return true;
  const restarts = events.filter((e) => e.time >= w.start && e.time <= w.end && isProcessRestart(e) && !isCleanStop(e));
  return restarts.length >= 2;
}

/** Without the sources (a caller with only the run's series), the series is one source covering its minutes. */
function seriesAsSource(series: MinuteRow[]): LogSource {
  const requests = new Map<number, [number, number]>();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const r of series) {
    if (r.requests === 0) continue;
    requests.set(r.t, [r.requests, r.s5xx]);
    // A loop, not Math.min(...times): a year of minutes is more arguments than a call may take.
    first = Math.min(first, r.t);
    last = Math.max(last, r.t);
  }
  return { id: 'requests', label: 'requests', format: '', paths: [], first: requests.size ? first : 0, last, requests };
}

/**
 * `dataEnd`: the last timed line of the inputs (epoch ms). Windows run a minute past their last event; an incident
 * ends there or at the end of the data, whichever is first — it never claims time nothing was logged in.
 */
export function findIncidents(
  series: MinuteRow[],
  events: LogEvent[],
  dataEnd = Number.POSITIVE_INFINITY,
  sources?: LogSource[],
): Incident[] {
  const requestSources = (sources ?? [seriesAsSource(series)]).filter((s) => s.requests.size > 0);
  const windows = [
    ...requestSources.flatMap(burstWindows),
    ...errorWindows(series),
    ...silenceWindows(requestSources),
    ...eventWindows(events),
  ];
  if (windows.length === 0) return [];
  const rowsByT = new Map(series.map((r) => [r.t, r]));
  return merge(windows)
    .filter((w) => isIncident(w, events))
    .map((w) => describe(w, rowsByT, events, dataEnd, sources ?? []));
}

/** The incident of a window: its 5xx and errors from the series, its notable events, a one-line summary. */
function describe(
  w: Window,
  rowsByT: Map<number, MinuteRow>,
  events: LogEvent[],
  dataEnd: number,
  sources: LogSource[],
): Incident {
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
  parts.push(...w.silences.map(silencePart));
  parts.push(...stoppedParts(w, sources, dataEnd));
  const end = Math.max(w.start, Math.min(w.end, dataEnd));
  return {
    start: w.start,
    end,
    kinds: [...w.kinds],
    summary: `${utcMinute(w.start) === utcMinute(end) ? utcMinute(w.start) : `${utcMinute(w.start)}–${utcMinute(end)}`} UTC: ${parts.join('; ') || [...w.kinds].join(', ')}`,
    events: notable(inside),
    peak5xxPerMinute: peak || undefined,
    silences: w.silences.length
      ? w.silences.map((s) => ({ source: s.source.label, start: s.start, end: s.end, p: s.p, expected: s.expected }))
      : undefined,
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

const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

function roundCount(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(0) : n.toFixed(1);
}

/** "no request to var/log/nginx/access.log for 12 min, where 340 are usual at those hours (p < 1e-9)". */
function silencePart(s: Silence): string {
  const minutes = Math.round((s.end - s.start) / MINUTE);
  const p = s.p < 1e-12 ? 'p < 1e-12' : `p = ${s.p.toExponential(0)}`;
  return `no request in ${s.source.label} for ${minutes} min from ${clock(s.start)}, where ${roundCount(s.expected)} are usual at those hours (${p})`;
}

/**
 * A source whose last line falls in the window while others go on logging after it: it stopped (crashed, hung,
 * lost its disk) — "pm2 api-error.log stopped logging at 03:12:07 while var/log/nginx/access.log served 4,210 × 5xx".
 */
function stoppedParts(w: Window, sources: LogSource[], dataEnd: number): string[] {
  const parts: string[] = [];
  for (const s of sources) {
    if (s.last < w.start - MINUTE || s.last >= w.end) continue;
    // Others that were logging when it stopped and went on through the window.
    const others = sources.filter(
      (o) => o !== s && o.first <= s.last && o.last >= Math.min(w.end, s.last + 5 * MINUTE) && o.last > s.last,
    );
    if (others.length === 0 || !Number.isFinite(dataEnd) || dataEnd < s.last + MINUTE) continue;
    parts.push(`${s.label} stopped logging at ${clock(s.last)} while ${whileOthers(s.last, w.end, others)}`);
    if (parts.length >= 3) break;
  }
  return parts;
}

function whileOthers(from: number, to: number, others: LogSource[]): string {
  let best: { label: string; errors: number; requests: number } | undefined;
  for (const o of others) {
    let errors = 0;
    let requests = 0;
    for (const [t, [n, e]] of o.requests) {
      if (t + MINUTE <= from || t >= to) continue;
      requests += n;
      errors += e;
    }
    if (requests > 0 && (!best || errors > best.errors || (errors === best.errors && requests > best.requests)))
      best = { label: o.label, errors, requests };
  }
  if (!best) return `${others.length} other log${others.length > 1 ? 's' : ''} went on`;
  return best.errors > 0
    ? `${best.label} served ${best.errors.toLocaleString('en-US')} × 5xx`
    : `${best.label} served ${best.requests.toLocaleString('en-US')} requests`;
}
