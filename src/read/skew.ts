// Clock offsets between sources that logged the same requests. A proxy (nginx, Apache) and the app server behind
// it (gunicorn, Tomcat, an app's own request log) each write one line per request, within a second of each other
// when their clocks agree. When a source's requests match the proxy's only after shifting them by the same amount,
// again and again, its clock is off by that much: the offset is estimated from the survey's head and tail lines,
// before the read, so every line of the source is placed corrected — and the correction is stated.
//
// The estimate: for each candidate shift (in whole seconds, from the differences of same-key pairs within 12 h),
// the number of requests that match one to one — same method, path and status, in the same second after the
// shift. The best shift must match at least MIN_PAIRS requests and half of the smaller side, no other shift may
// match as many, and it must match at least twice what no shift does; the offset is then the median of the
// differences of the pairs it matched. Offsets under 2 s are left alone: request durations and buffering explain
// them. The proxy is the reference (the user's view); sources that match no proxy are not judged.
import { accessServerOf } from '../formats/log/access-server.js';
import type { LocalTime } from '../model/event.js';
import { seriesLabel } from './sources.js';
import type { RequestStamp } from './survey.js';
import { localToUtc } from './time.js';

/** Pairs that must agree before a clock is corrected. */
export const MIN_PAIRS = 8;
/** Offsets below this are request durations and log buffering, not a clock. */
export const MIN_OFFSET_MS = 2000;
/** Shifts beyond this are not looked for. */
const MAX_SHIFT_S = 12 * 3600;

export interface TimedRequest {
  /** UTC ms as the source's own clock says. */
  t: number;
  key: string;
}

export interface SkewEstimate {
  /** What the source's clock is ahead of the reference by (ms): subtract it from its times. */
  offsetMs: number;
  /** Requests matched at that offset. */
  pairs: number;
  /** Requests of the source with a key the reference also logged. */
  shared: number;
}

/** `${second}\n${key}` → count: the multiset of requests per second. */
function bySecond(rs: readonly TimedRequest[], shiftS = 0): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rs) {
    const k = `${Math.floor(r.t / 1000) - shiftS}\n${r.key}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Requests of `other` that match one of `ref` one to one, same key and second, once shifted back by `shiftS`. */
function matches(ref: Map<string, number>, other: readonly TimedRequest[], shiftS: number): number {
  let n = 0;
  for (const [k, count] of bySecond(other, shiftS)) n += Math.min(count, ref.get(k) ?? 0);
  return n;
}

/** The shifts (s) worth trying: the differences of same-key pairs, most frequent first, at most `limit`. */
function candidateShifts(ref: readonly TimedRequest[], other: readonly TimedRequest[], limit: number): number[] {
  const refByKey = new Map<string, number[]>();
  for (const r of ref) {
    const list = refByKey.get(r.key);
    if (list) list.push(Math.floor(r.t / 1000));
    else refByKey.set(r.key, [Math.floor(r.t / 1000)]);
  }
  const votes = new Map<number, number>();
  for (const o of other) {
    const s = Math.floor(o.t / 1000);
    for (const r of refByKey.get(o.key) ?? []) {
      const d = s - r;
      if (Math.abs(d) <= MAX_SHIFT_S) votes.set(d, (votes.get(d) ?? 0) + 1);
    }
  }
  return [...votes.entries()]
    .sort((a, b) => b[1] - a[1] || Math.abs(a[0]) - Math.abs(b[0]))
    .slice(0, limit)
    .map(([d]) => d);
}

/** How far `other`'s clock is ahead of `ref`'s, when enough of their requests agree on it; else undefined. */
export function estimateSkew(ref: readonly TimedRequest[], other: readonly TimedRequest[]): SkewEstimate | undefined {
  if (ref.length < MIN_PAIRS || other.length < MIN_PAIRS) return undefined;
  const refKeys = new Set(ref.map((r) => r.key));
  const shared = other.filter((o) => refKeys.has(o.key)).length;
  if (shared < MIN_PAIRS) return undefined;
  const refMap = bySecond(ref);
  const scored = candidateShifts(ref, other, 64).map((s) => ({ s, n: matches(refMap, other, s) }));
  scored.sort((a, b) => b.n - a.n || Math.abs(a.s) - Math.abs(b.s));
  const [best, second] = scored;
  if (!best || best.n < MIN_PAIRS || best.n * 2 < Math.min(shared, ref.length)) return undefined;
  if (second && second.n === best.n) return undefined;
  const atZero = matches(refMap, other, 0);
  if (best.s === 0 || best.n < 2 * atZero) return undefined;
  const offsetMs = medianDifference(ref, other, best.s);
  if (Math.abs(offsetMs) < MIN_OFFSET_MS) return undefined;
  return { offsetMs, pairs: best.n, shared };
}

/** The median of (other − ref) over the pairs matched at `shiftS`, in ms (sub-second stamps count). */
function medianDifference(ref: readonly TimedRequest[], other: readonly TimedRequest[], shiftS: number): number {
  const pool = new Map<string, number[]>();
  for (const r of ref) {
    const k = `${Math.floor(r.t / 1000)}\n${r.key}`;
    const list = pool.get(k);
    if (list) list.push(r.t);
    else pool.set(k, [r.t]);
  }
  const diffs: number[] = [];
  for (const o of other) {
    const list = pool.get(`${Math.floor(o.t / 1000) - shiftS}\n${o.key}`);
    const r = list?.shift();
    if (r !== undefined) diffs.push(o.t - r);
  }
  diffs.sort((a, b) => a - b);
  const mid = diffs.length >> 1;
  return diffs.length % 2 ? diffs[mid] : Math.round((diffs[mid - 1] + diffs[mid]) / 2);
}

/** A log as the offset estimate sees it: its series (a rotated series is one clock), writer and requests. */
export interface SkewSource {
  host: string;
  paths: string[];
  label: string;
  /** The proxy's access log: the reference. */
  front: boolean;
  requests: TimedRequest[];
}

export interface SourceSkew extends SkewEstimate {
  /** The reference's label (its live path). */
  against: string;
  /** The source whose requests told it (its live path). */
  source: string;
  /** Whose clock: the host's (the proxy is on another host) or its writer's folder (the same host). */
  scope: { host: string; dir?: string };
}

/** The offset of each non-proxy source that the proxies' requests tell, by path of each of its files. */
export function sourceSkews(sources: readonly SkewSource[]): Map<string, SourceSkew> {
  const out = new Map<string, SourceSkew>();
  const refs = sources.filter((s) => s.front && s.requests.length >= MIN_PAIRS);
  if (refs.length === 0) return out;
  for (const s of sources) {
    if (s.front || s.requests.length < MIN_PAIRS) continue;
    let best: SourceSkew | undefined;
    // Only proxies whose requests lie within reach of the source's, and a few of them: a bundle of many hosts'
    // logs costs a few estimates per source, not one per pair of files.
    const near = refs.filter((r) => overlaps(r.requests, s.requests)).slice(0, MAX_REFS);
    for (const ref of near) {
      const e = estimateSkew(ref.requests, s.requests);
      if (e && (!best || e.pairs > best.pairs))
        best = {
          ...e,
          against: ref.label,
          source: s.label,
          scope: ref.host === s.host ? { host: s.host, dir: dirOf(s.label) } : { host: s.host },
        };
    }
    if (best) for (const p of s.paths) out.set(p, best);
  }
  return out;
}

/** Proxies an app source is compared with. */
const MAX_REFS = 8;

function span(rs: readonly TimedRequest[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of rs) {
    if (r.t < lo) lo = r.t;
    if (r.t > hi) hi = r.t;
  }
  return [lo, hi];
}

function overlaps(a: readonly TimedRequest[], b: readonly TimedRequest[]): boolean {
  const [a0, a1] = span(a);
  const [b0, b1] = span(b);
  return a0 - MAX_SHIFT_S * 1000 <= b1 && b0 <= a1 + MAX_SHIFT_S * 1000;
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * The offset found for a source holds for every log of the same clock that logs no request: the host's, when the
 * proxy is on another host; else its writer's folder (gunicorn's error.log beside its access.log).
 */
export function spreadSkews(skews: Map<string, SourceSkew>, logs: readonly { path: string; host: string }[]): void {
  const found = [...new Set(skews.values())];
  if (found.length === 0) return;
  for (const l of logs) {
    if (skews.has(l.path)) continue;
    const same = found.filter(
      (s) => s.scope.host === l.host && (s.scope.dir === undefined || dirOf(l.path) === s.scope.dir),
    );
    // Two estimates for one clock that differ leave it alone.
    if (same.length > 0 && same.every((s) => s.offsetMs === same[0].offsetMs)) skews.set(l.path, same[0]);
  }
}

/** "+90 s", "−5 min 3 s", "+2 h 0 min": an offset as the assumption states it. */
export function offsetText(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 120) return `${sign}${s} s`;
  if (s < 7200) return `${sign}${Math.floor(s / 60)} min ${s % 60} s`;
  return `${sign}${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** What the glue needs of a surveyed log (survey-pass.ts's LogItem). */
export interface SurveyedLog {
  path: string;
  host: string;
  input: { path: string; format: string | null };
  stamps: { requests: RequestStamp[] };
}

/**
 * The surveyed logs as offset sources: one per host and series, the proxies' access logs marked, each request
 * placed in UTC with its host's zone (a request without a year is left out: its year is not known yet).
 */
export function skewSources(items: readonly SurveyedLog[], zoneOf: (host: string) => string): SkewSource[] {
  const inputs = items.map((i) => i.input);
  const bySeries = new Map<string, SkewSource>();
  for (const item of items) {
    if (item.stamps.requests.length === 0) continue;
    const label = seriesLabel(item.path);
    const id = `${item.host}\n${item.input.format}\n${label}`;
    let s = bySeries.get(id);
    if (!s) {
      const server = item.input.format === 'nginx-access' ? accessServerOf(item.input, inputs) : undefined;
      s = { host: item.host, paths: [], label, front: server === 'nginx' || server === 'apache', requests: [] };
      bySeries.set(id, s);
    }
    s.paths.push(item.path);
    const zone = zoneOf(item.host);
    for (const r of item.stamps.requests)
      if (r.lt.year !== undefined) s.requests.push({ t: utcOf(r.lt, zone), key: r.key });
  }
  return [...bySeries.values()];
}

function utcOf(lt: LocalTime, zone: string): number {
  return localToUtc(lt, zone, lt.year as number);
}

/** The stated assumption: "clock 1 min 30 s ahead of var/log/nginx/access.log's (…): its times corrected by −1 min 30 s". */
export function skewWords(s: SourceSkew, path: string): string {
  const size = offsetText(s.offsetMs).slice(1);
  const side = s.offsetMs > 0 ? 'ahead of' : 'behind';
  const who = seriesLabel(path) === s.source ? '' : `, as found for ${s.source}, the same clock:`;
  return `clock ${size} ${side} ${s.against}'s (${who ? `${who.slice(2)} ` : ''}the median difference of the ${s.pairs} requests both logged with the same method, path and status): its times corrected by ${offsetText(-s.offsetMs)}`;
}
