// Shared weighing for the hypothesis detectors: what type an event is, which events fall near the
// incidents, how counts and several kinds of evidence turn into one confidence, and evidence lines.

import { logFormatById } from '../../formats/log/registry.js';
import type { CauseId } from '../../model/causes.js';
import type { LogEvent } from '../../model/event.js';
import { clip } from '../../report/redact.js';
import { eventTypeOf, isCleanStop, type Typed, traitsOf, traitsOfType } from '../../signatures/traits.js';
import type { EventType } from '../../signatures/types.js';
import { fixLine } from '../remedies.js';
import type { AnalysisContext, Evidence, Hypothesis } from '../types.js';

const MINUTE = 60_000;

/** A line a detector quotes: a logged event, or one the analysis rebuilt from the lines before a restart. */
export type Line = Pick<LogEvent, 'time' | 'path' | 'line' | 'text' | 'host' | 'alsoAt'>;

/**
 * The type of an event for the detectors: its signature's type, except that a joined record whose first line is
 * only a wrapper (`wrapper` trait) — "You have triggered an unhandledRejection…", "<--- Last few GCs --->" —
 * names its real error in a later line (seed 002's RangeError sits on the second line); the most specific one is
 * its type. The traits of the event stay those of its signature (a wrapped exit is still a restart).
 */
export function typeOf(e: Typed & Pick<LogEvent, 'text'>): EventType | undefined {
  const base = eventTypeOf(e);
  return base && traitsOfType(base).wrapper ? (refine(e.text) ?? base) : base;
}

const SPECIFIC: [RegExp, EventType][] = [
  [/RangeError: Invalid string length/, 'invalid-string-length'],
  [/JavaScript heap out of memory|Reached heap limit/, 'heap-out-of-memory'],
  [/\bEMFILE\b|Too many open files/, 'too-many-open-files'],
  [/\bENOSPC\b|No space left on device/, 'disk-full'],
];

function refine(text: string): EventType | undefined {
  if (!text.includes('\n')) return undefined;
  for (const [re, type] of SPECIFIC) if (re.test(text)) return type;
  return undefined;
}

/** The contract: no incident, no hypothesis. */
export function hasIncident(ctx: AnalysisContext): boolean {
  return ctx.incidents.length > 0;
}

/** Events of these types, in time order. */
export function ofTypes(ctx: AnalysisContext, types: readonly EventType[]): LogEvent[] {
  const want = new Set(types);
  return ctx.events.filter((e) => want.has(typeOf(e) as EventType)).sort(byTime);
}

/** Events whose signature hints at this cause, in time order. */
export function hinting(ctx: AnalysisContext, cause: CauseId): LogEvent[] {
  return ctx.events.filter((e) => e.cause === cause).sort(byTime);
}

export function count(ctx: AnalysisContext, types: readonly EventType[]): number {
  let n = 0;
  for (const t of types) n += ctx.eventTypeCounts[t] ?? 0;
  return n;
}

export function byTime(a: Line, b: Line): number {
  return a.time - b.time || a.path.localeCompare(b.path) || a.line - b.line;
}

/** True when `t` falls inside an incident window widened by `before`/`after` ms. */
export function nearIncident(ctx: AnalysisContext, t: number, before = 15 * MINUTE, after = 5 * MINUTE): boolean {
  return ctx.incidents.some((i) => t >= i.start - before && t <= i.end + after);
}

/** Times of process deaths: the restarts and every event with the `death` trait but clean stops, sorted. */
export function deathTimes(ctx: AnalysisContext): number[] {
  const times = ctx.restarts.map((r) => r.time);
  for (const e of ctx.events) if (traitsOf(e).death && !isCleanStop(e)) times.push(e.time);
  return times.sort((a, b) => a - b);
}

/** Servers whose access log is their own (the application's server), not a proxy's in front of it. */
const APP_SERVERS: ReadonlySet<string> = new Set(['gunicorn', 'tomcat']);

/**
 * Whether a log from behind the proxies was read — the application's, its process manager's, the kernel's, a
 * database's: anything that could show the upstream itself failing. With proxy logs alone a closed connection or
 * a 502 is a symptom whose cause is not in the input.
 */
export function upstreamSideRead(ctx: Pick<AnalysisContext, 'inputs'>): boolean {
  return ctx.inputs.some((i) => {
    if (i.format === null || !(i.lines ?? 0)) return false;
    const format = logFormatById(i.format);
    if (!format) return false;
    return format.behaviour.proxy !== true || (i.server !== undefined && APP_SERVERS.has(i.server));
  });
}

/** Whether some time in sorted `times` lies within [t - before, t + after]. */
export function hasNear(times: readonly number[], t: number, before: number, after: number): boolean {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t - before) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length && times[lo] <= t + after;
}

/** A count turned into a score: `base` for one occurrence, approaching `max` as occurrences grow. */
export function countScore(n: number, base: number, max: number): number {
  if (n <= 0) return 0;
  return base + (max - base) * (1 - 1 / Math.sqrt(n));
}

/**
 * One confidence from several independent kinds of evidence: the strongest counts in full, each further
 * kind closes a quarter of its share of the remaining gap (corroboration, never certainty).
 */
export function combine(scores: readonly number[]): number {
  const sorted = scores.filter((s) => s > 0).sort((a, b) => b - a);
  if (!sorted.length) return 0;
  let c = sorted[0];
  for (const s of sorted.slice(1)) c += (1 - c) * s * 0.25;
  return c;
}

/** Audit findings that support a cause: they add weight, never create a hypothesis. */
export function supportingFindings(ctx: AnalysisContext, rules: readonly string[]): { boost: number; rules: string[] } {
  const found = [...new Set(ctx.findings.filter((f) => rules.includes(f.rule)).map((f) => f.rule))];
  return { boost: Math.min(0.12, found.length * 0.06), rules: found };
}

export function toEvidence(e: Line): Evidence {
  const text = clip(e.text, 500);
  const ev: Evidence = { path: e.path, line: e.line, time: new Date(e.time).toISOString(), text };
  if (e.host) ev.host = e.host;
  if (e.alsoAt?.length) ev.alsoAt = e.alsoAt;
  return ev;
}

/**
 * Evidence lines, best first: groups in order of strength; from each group the first few in time
 * (where it started) and its last one (that it went on); at most `max` lines, no line twice.
 */
export function pickEvidence(groups: readonly Line[][], max = 10, perGroup = 3): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  const add = (e: Line) => {
    const key = `${e.host ?? ''}\0${e.path}\0${e.line}`;
    if (seen.has(key) || out.length >= max) return;
    seen.add(key);
    out.push(toEvidence(e));
  };
  for (const group of groups) {
    if (!group.length) continue;
    const sorted = [...group].sort(byTime);
    for (const e of sorted.slice(0, perGroup)) add(e);
    if (sorted.length > perGroup) add(sorted[sorted.length - 1]);
  }
  // Room left: more of the strongest groups.
  for (const group of groups) for (const e of [...group].sort(byTime)) add(e);
  return out;
}

export function clamp(x: number): number {
  return Math.round(Math.max(0, Math.min(0.99, x)) * 100) / 100;
}

/** A detector's hypothesis as the analysis returns it: confidence clamped, `fix` written from the remedies. */
export function hypothesis(h: Omit<Hypothesis, 'fix'>, findingRules: string[]): Hypothesis {
  const out: Hypothesis = { ...h, confidence: clamp(h.confidence), fix: h.remedies.map(fixLine) };
  if (findingRules.length) out.findings = findingRules;
  return out;
}

/** "between 2022-07-11 14:01 and 14:39 UTC" (or "at 2022-07-11 14:01 UTC" for one moment). */
export function when(events: readonly Pick<Line, 'time'>[]): string {
  if (!events.length) return '';
  const times = events.map((e) => e.time);
  const first = new Date(Math.min(...times)).toISOString();
  const last = new Date(Math.max(...times)).toISOString();
  const day = first.slice(0, 10);
  if (first.slice(0, 16) === last.slice(0, 16)) return `at ${day} ${first.slice(11, 16)} UTC`;
  const end = last.slice(0, 10) === day ? last.slice(11, 16) : `${last.slice(0, 10)} ${last.slice(11, 16)}`;
  return `between ${day} ${first.slice(11, 16)} and ${end} UTC`;
}

/** The files the events come from, "var/log/nginx/error.log and app1/var/log/syslog". */
export function files(events: readonly Line[]): string {
  const paths = [
    ...new Set(events.map((e) => (e.host && !e.path.startsWith(e.host) ? `${e.host}:${e.path}` : e.path))),
  ];
  if (paths.length <= 2) return paths.join(' and ');
  return `${paths.slice(0, 2).join(', ')} and ${paths.length - 2} more`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  if (word === 'time' && n === 1) return 'once';
  return `${n} ${n === 1 ? word : many}`;
}

/** The message part of a line, for quoting in an explanation: short, without the log prefix. */
export function quote(e: Pick<Line, 'text'>, max = 120): string {
  return clip(e.text.split('\n')[0] as string, max);
}

/** The distinct values of a field among events ("backend/server" names, programs). */
export function distinct(values: readonly (string | number | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string | number => v !== undefined && v !== '').map(String))];
}

/** Requests and 5xx inside the incident windows, from the per-minute series. */
export function incidentTraffic(ctx: AnalysisContext): {
  requests: number;
  s5xx: number;
  s502: number;
  s503: number;
  s504: number;
} {
  const out = { requests: 0, s5xx: 0, s502: 0, s503: 0, s504: 0 };
  for (const row of ctx.series) {
    if (!ctx.incidents.some((i) => row.t + MINUTE > i.start && row.t <= i.end)) continue;
    out.requests += row.requests;
    out.s5xx += row.s5xx;
    out.s502 += row.s502;
    out.s503 += row.s503;
    out.s504 += row.s504;
  }
  return out;
}

/** Mean request duration (s) inside the incidents and outside them, when durations are logged. */
export function latency(ctx: AnalysisContext): { inside: number; outside: number } | null {
  let inSum = 0;
  let inN = 0;
  let outSum = 0;
  let outN = 0;
  for (const row of ctx.series) {
    if (!row.durCount) continue;
    if (ctx.incidents.some((i) => row.t + MINUTE > i.start && row.t <= i.end)) {
      inSum += row.durSum;
      inN += row.durCount;
    } else {
      outSum += row.durSum;
      outN += row.durCount;
    }
  }
  if (!inN) return null;
  return { inside: inSum / inN, outside: outN ? outSum / outN : 0 };
}

/** One kind of evidence a detector looks for: its event types, how strong one line is, and how to say it. */
export interface Kind {
  types: readonly EventType[];
  /** Score of one occurrence, and the ceiling as occurrences grow. */
  base: number;
  max: number;
  /** Only corroborates: never enough on its own to raise the hypothesis. */
  supporting?: boolean;
  /** Keep only events passing this test (e.g. a HAProxy DOWN whose reason is a Layer7 timeout). */
  filter?: (e: LogEvent) => boolean;
  /** One sentence about these events of THIS input; `n` is how many there were (the events kept may be fewer). */
  say: (events: LogEvent[], n: number) => string;
}

/** Events whose signature hints at `cause` but whose type none of the detector's kinds name. */
export function otherHints(cause: CauseId, kinds: readonly Kind[], say: Kind['say']): Kind {
  const covered = new Set(kinds.flatMap((k) => k.types));
  return {
    types: [],
    base: 0.3,
    max: 0.4,
    // Hints alone (startup warnings, generic exits) never raise a hypothesis; they corroborate one.
    supporting: true,
    filter: (e) => e.cause === cause && !covered.has(typeOf(e) as EventType),
    say,
  };
}

export interface Weighed {
  /** Kinds that were found, strongest first, with their events. */
  found: { kind: Kind; events: LogEvent[]; n: number; score: number }[];
  /** True when at least one kind that is not only supporting was found. */
  primary: boolean;
  confidence: number;
  sentences: string[];
  groups: LogEvent[][];
}

/**
 * Lines a log prints all day long are background, not the incident's cause: when the kept events of a kind
 * are no denser inside the incident windows than outside them, the kind weighs half.
 */
export function background(ctx: AnalysisContext, events: readonly LogEvent[]): number {
  if (ctx.incidents.length === 0 || ctx.series.length < 10 || events.length < 10) return 1;
  const spanStart = ctx.series[0].t;
  const spanEnd = ctx.series[ctx.series.length - 1].t + MINUTE;
  const span = spanEnd - spanStart;
  const inIncidents = ctx.incidents.reduce((s, i) => s + (i.end - i.start), 0);
  if (span <= 0 || inIncidents >= span / 2) return 1;
  const inside = events.filter((e) => ctx.incidents.some((i) => e.time >= i.start && e.time <= i.end)).length;
  const outside = events.length - inside;
  if (outside === 0) return 1;
  const insideRate = inside / inIncidents;
  const outsideRate = outside / (span - inIncidents);
  return insideRate >= 2 * outsideRate ? 1 : 0.5;
}

export function weigh(ctx: AnalysisContext, kinds: readonly Kind[]): Weighed {
  const found: Weighed['found'] = [];
  for (const kind of kinds) {
    // A kind with no types matches on its filter alone (e.g. any event hinting at the cause).
    let events = kind.types.length ? ofTypes(ctx, kind.types) : [...ctx.events].sort(byTime);
    if (kind.filter) events = events.filter(kind.filter);
    if (!events.length) continue;
    // The pipeline keeps a bounded sample of events; its counts per type are complete.
    const n = kind.filter ? events.length : Math.max(events.length, count(ctx, kind.types));
    found.push({ kind, events, n, score: countScore(n, kind.base, kind.max) * background(ctx, events) });
  }
  found.sort((a, b) => b.score - a.score);
  return {
    found,
    primary: found.some((f) => !f.kind.supporting),
    confidence: combine(found.map((f) => f.score)),
    sentences: found.map((f) => f.kind.say(f.events, f.n)),
    groups: found.map((f) => f.events),
  };
}

/** The median (the mean of the middle two for an even count); 0 for none. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
