// What a piece of a file adds up to: per-minute counters, per-minute endpoint counts, exact counts per signature
// and event type, the bounded sketches of notable lines, and the file's tallies. Every part merges by addition
// (sketches by their own merge), so pieces of one file read apart add up to the file read whole.
import type { Level } from '../model/event.js';
import { copyClientMinute, mergeClientMinute } from './clients.js';
import { KEEP_EACH, mergeSketch, newSketch, type SketchData } from './retention.js';
import { mergeTemplates, newTemplates, type TemplateTally } from './templates.js';
import type { MinuteRow } from './types.js';

const MINUTE = 60_000;
/** Distinct endpoints kept per minute; more fold into "(other)". */
export const MAX_ENDPOINTS_PER_MINUTE = 2000;

export const LEVEL_RANK: Record<Level, number> = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5 };
export const ERROR_RANK = 4;

/**
 * Per-second request targets (query kept) are for short captures only: past this many distinct seconds with a
 * request the inputs span more than 15 minutes and they are dropped (null), so memory stays bounded. The
 * count of distinct seconds is the same however a file is cut into pieces, so is the decision.
 */
export const MAX_TARGET_SECONDS = 900;
/** Distinct request targets kept per second; more are not counted per second (the per-minute table has them). */
export const MAX_TARGETS_PER_SECOND = 200;

export interface TallyData {
  series: Map<number, MinuteRow>;
  /** Epoch minute → endpoint → [requests, 5xx]. */
  endpoints: Map<number, Map<string, [number, number]>>;
  /** Epoch second → request target with its query ("GET /orders/export?account=big") → [requests, 5xx]; null once too many seconds. */
  targetSeconds: Map<number, Map<string, [number, number]>> | null;
  signatureCounts: Record<string, number>;
  eventTypeCounts: Record<string, number>;
  sketches: Map<string, SketchData>;
  tallies: { haproxyTerminations: Record<string, number>; socketStates: Record<string, number> };
  /** Masked line keys of the template miner (templates.ts). */
  templates: TemplateTally;
}

export function newTally(): TallyData {
  return {
    series: new Map(),
    endpoints: new Map(),
    targetSeconds: new Map(),
    signatureCounts: {},
    eventTypeCounts: {},
    sketches: new Map(),
    tallies: { haproxyTerminations: {}, socketStates: {} },
    templates: newTemplates(),
  };
}

export function minuteOf(t: number): number {
  return t - (((t % MINUTE) + MINUTE) % MINUTE);
}

export function newRow(t: number): MinuteRow {
  return {
    t,
    requests: 0,
    s5xx: 0,
    s502: 0,
    s503: 0,
    s504: 0,
    s4xx: 0,
    errors: {},
    restarts: 0,
    durSum: 0,
    durCount: 0,
  };
}

export function rowAt(series: Map<number, MinuteRow>, t: number): MinuteRow {
  const minute = minuteOf(t);
  let row = series.get(minute);
  if (!row) {
    row = newRow(minute);
    series.set(minute, row);
  }
  return row;
}

export function sketchFor(tally: TallyData, key: string): SketchData {
  let s = tally.sketches.get(key);
  if (!s) {
    s = newSketch();
    tally.sketches.set(key, s);
  }
  return s;
}

/** A request in the per-minute series (status, duration in seconds) and its endpoint, when it has one. */
export function countRequest(
  tally: TallyData,
  t: number,
  status: number,
  duration: number,
  endpoint: string | undefined,
): MinuteRow {
  const row = rowAt(tally.series, t);
  row.requests++;
  const isErr = status >= 500 && status < 600;
  if (isErr) {
    row.s5xx++;
    if (status === 502) row.s502++;
    else if (status === 503) row.s503++;
    else if (status === 504) row.s504++;
  } else if (status >= 400 && status < 500) row.s4xx++;
  if (Number.isFinite(duration)) {
    row.durSum += duration;
    row.durCount++;
  }
  if (endpoint === undefined) return row;
  let m = tally.endpoints.get(row.t);
  if (!m) {
    m = new Map();
    tally.endpoints.set(row.t, m);
  }
  const c = m.get(endpoint);
  if (c) {
    c[0]++;
    if (isErr) c[1]++;
  } else if (m.size < MAX_ENDPOINTS_PER_MINUTE) m.set(endpoint, [1, isErr ? 1 : 0]);
  return row;
}

/** A request's target (method, path and query) in its second, while the per-second counts are kept. */
export function countTarget(tally: TallyData, t: number, status: number, target: string): void {
  const seconds = tally.targetSeconds;
  if (!seconds) return;
  const sec = t - (((t % 1000) + 1000) % 1000);
  let m = seconds.get(sec);
  if (!m) {
    if (seconds.size >= MAX_TARGET_SECONDS) {
      tally.targetSeconds = null;
      return;
    }
    m = new Map();
    seconds.set(sec, m);
  }
  const isErr = status >= 500 && status < 600 ? 1 : 0;
  const c = m.get(target);
  if (c) {
    c[0]++;
    c[1] += isErr;
  } else if (m.size < MAX_TARGETS_PER_SECOND) m.set(target, [1, isErr]);
}

function mergeTargets(into: TallyData, from: TallyData): void {
  if (!into.targetSeconds) return;
  if (!from.targetSeconds) {
    into.targetSeconds = null;
    return;
  }
  for (const [sec, targets] of from.targetSeconds) {
    let m = into.targetSeconds.get(sec);
    if (!m) {
      if (into.targetSeconds.size >= MAX_TARGET_SECONDS) {
        into.targetSeconds = null;
        return;
      }
      m = new Map();
      into.targetSeconds.set(sec, m);
    }
    for (const [target, c] of targets) {
      const have = m.get(target);
      if (have) {
        have[0] += c[0];
        have[1] += c[1];
      } else if (m.size < MAX_TARGETS_PER_SECOND) m.set(target, [c[0], c[1]]);
    }
  }
}

function addRow(into: MinuteRow, r: MinuteRow): void {
  into.requests += r.requests;
  into.s5xx += r.s5xx;
  into.s502 += r.s502;
  into.s503 += r.s503;
  into.s504 += r.s504;
  into.s4xx += r.s4xx;
  into.restarts += r.restarts;
  into.durSum += r.durSum;
  into.durCount += r.durCount;
  for (const k in r.errors) into.errors[k] = (into.errors[k] ?? 0) + r.errors[k];
  if (r.clients) {
    if (into.clients) mergeClientMinute(into.clients, r.clients);
    else into.clients = copyClientMinute(r.clients);
  }
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const k in from) into[k] = (into[k] ?? 0) + from[k];
}

/**
 * One string per endpoint name: a piece's per-minute maps arrive from a worker thread with a copy of every name
 * in every minute (structured clone copies strings), 8,600 copies each on a day of nginx logs.
 */
export function internEndpoints(t: TallyData, names: Map<string, string>): void {
  for (const [minute, eps] of t.endpoints) {
    const m = new Map<string, [number, number]>();
    for (const [ep, c] of eps) {
      let name = names.get(ep);
      if (name === undefined) {
        name = ep;
        names.set(ep, ep);
      }
      m.set(name, c);
    }
    t.endpoints.set(minute, m);
  }
}

/** Adds the series and counters of `from` (sketches too, when `withSketches`) into `into`. */
export function mergeTally(into: TallyData, from: TallyData, withSketches = true): void {
  for (const [t, r] of from.series) {
    const row = into.series.get(t);
    if (row) addRow(row, r);
    else into.series.set(t, { ...r, errors: { ...r.errors }, clients: r.clients && copyClientMinute(r.clients) });
  }
  for (const [t, eps] of from.endpoints) {
    let m = into.endpoints.get(t);
    if (!m) {
      m = new Map();
      into.endpoints.set(t, m);
    }
    for (const [ep, c] of eps) {
      const have = m.get(ep);
      if (have) {
        have[0] += c[0];
        have[1] += c[1];
      } else if (m.size < MAX_ENDPOINTS_PER_MINUTE) m.set(ep, [c[0], c[1]]);
    }
  }
  mergeTargets(into, from);
  addCounts(into.signatureCounts, from.signatureCounts);
  addCounts(into.eventTypeCounts, from.eventTypeCounts);
  addCounts(into.tallies.haproxyTerminations, from.tallies.haproxyTerminations);
  addCounts(into.tallies.socketStates, from.tallies.socketStates);
  mergeTemplates(into.templates, from.templates);
  if (!withSketches) return;
  for (const [key, s] of from.sketches) {
    const have = into.sketches.get(key);
    if (have) mergeSketch(have, s);
    else into.sketches.set(key, s);
  }
}

export { KEEP_EACH };
