// "What is unusual" in each incident: the run's line templates (read/cluster.ts) counted inside the incident's window
// against a baseline from the same source — the minutes of that source's span outside every incident. A template
// is new when the baseline never saw it; it rose when a one-sided Poisson test of its window count against the
// baseline rate × window length gives p < P_MAX. The field values of the window's events (and the per-minute
// endpoint counts for 5xx) say what explains it. Bounded: TOP_PER_INCIDENT entries per incident.
import type { LogEvent } from '../model/event.js';
import { type Clustered, clusterTemplates, type Template } from '../read/cluster.js';
import { minuteOf } from '../read/tally.js';
import { type KeyStats, linesIn, maskLine, OTHER_KEY, type TemplateTally } from '../read/templates.js';
import type { Evidence, Incident, MinuteRow } from './types.js';

export const TOP_PER_INCIDENT = 10;
export const P_MAX = 0.001;
const MINUTE = 60_000;
const MAX_EXPLAINED = 3;
const MAX_EVIDENCE = 3;
/** Level rank of a warning (read/tally.ts LEVEL_RANK): new templates below it need significance. */
const WARNING = 3;
/** The template of the incident's 5xx responses (from the per-minute series, not from mined lines). */
export const HTTP_5XX_TEMPLATE = 'HTTP 5xx responses';

export type FieldId = 'endpoint' | 'status' | 'upstream' | 'host' | 'client' | 'userAgent' | 'dbError';

export interface Unusual {
  /** Index of the incident in `incidents`. */
  incident: number;
  template: string;
  /** Lines per minute in the baseline and in the window. */
  baselineRate: number;
  windowRate: number;
  /** One-sided Poisson p of at least the window's count at the baseline rate. */
  p: number;
  new: boolean;
  /** What the baseline was ("nginx-error outside incidents, 1,320 min"). */
  baseline: string;
  /** Lines in the window. */
  count: number;
  /** The template's first and last line in the whole input (ISO; '' when its lines had no time). */
  first: string;
  last: string;
  /** Highest level rank (warning 3, error 4, critical 5); a signature matched some line (`known`). */
  level: number;
  known: boolean;
  source: string;
  format: string;
  explainedBy: { field: FieldId; value: string; share: number }[];
  evidence: Evidence[];
  /** Per-minute counts across the window and the hour before it (for sparklines). */
  spark: number[];
}

export interface UnusualInput {
  templates: TemplateTally;
  incidents: Incident[];
  events: LogEvent[];
  series: MinuteRow[];
  endpointMinutes: Map<number, Map<string, [number, number]>>;
  /** Per source, the first and last line time of its files (read/ingest.ts): the time it covers. */
  coverage?: Map<string, [number, number]>;
  /** Requests and 5xx per second of a short capture: its first 5xx is an onset too. */
  perSecond?: { t: number; s5xx: number }[];
}

/** A source's time: its first line and the end of its last bucket. */
interface SourceSpan {
  first: number;
  start: number;
  end: number;
}

/** A window and its baseline in epoch ms, with what the baseline was, for one incident and one source. */
interface Frame {
  i: number;
  inc: Incident;
  /** The window [w0, w1). */
  w0: number;
  w1: number;
  /** The source's time outside every incident, in minutes (0: a capture inside its incident). */
  baseMin: number;
  /** The source's first minute (sparklines start there at the earliest). */
  since: number;
}

export function findUnusual(input: UnusualInput): Unusual[] {
  if (input.incidents.length === 0) return [];
  const clustered = clusterTemplates(input.templates);
  const spans = sourceSpans(clustered.templates, input.coverage);
  const out: Unusual[] = [];
  for (const [i, inc] of input.incidents.entries()) {
    const found: Unusual[] = [];
    const frames = new Map<string, Frame>();
    for (const t of clustered.templates) {
      if (t.text === OTHER_KEY) continue;
      const span = spans.get(t.stats.source) as SourceSpan;
      let frame = frames.get(t.stats.source);
      if (!frame) {
        frame = frameOf(i, inc, input.incidents, span);
        frames.set(t.stats.source, frame);
      }
      const u =
        frame.baseMin > 0 ? judge(t, frame, input.incidents, span) : judgeCapture(t, frame, span, input.perSecond);
      if (u) found.push(u);
    }
    const h = http5xx(input, i, inc);
    if (h) found.push(h);
    found.sort((a, b) => a.p - b.p || b.count - a.count || a.template.localeCompare(b.template));
    for (const u of found.slice(0, TOP_PER_INCIDENT)) {
      if (u.template !== HTTP_5XX_TEMPLATE) explainFromEvents(u, clustered, inc, input.events);
      out.push(u);
    }
  }
  return out;
}

/**
 * Per source, the time it covers: its files' first and last line when known (an error log that is quiet on good
 * days covers them too), widened by its templates' buckets. `first` is the earliest line of any source, since a
 * capture's error log that stays empty until the failure has a baseline of no lines.
 */
function sourceSpans(templates: Template[], coverage?: Map<string, [number, number]>): Map<string, SourceSpan> {
  const spans = new Map<string, SourceSpan>();
  for (const [source, [a, b]] of coverage ?? [])
    spans.set(source, { first: a, start: minuteOf(a), end: minuteOf(b) + MINUTE });
  for (const t of templates) {
    const s = spans.get(t.stats.source) ?? {
      first: Number.POSITIVE_INFINITY,
      start: Number.POSITIVE_INFINITY,
      end: Number.NEGATIVE_INFINITY,
    };
    if (t.stats.first < s.first) s.first = t.stats.first;
    for (const m of t.stats.buckets.keys()) {
      const b = m * MINUTE;
      if (b < s.start) s.start = b;
      if (b + t.stats.res * MINUTE > s.end) s.end = b + t.stats.res * MINUTE;
    }
    spans.set(t.stats.source, s);
  }
  let first = Number.POSITIVE_INFINITY;
  for (const s of spans.values()) first = Math.min(first, s.first);
  for (const s of spans.values()) s.first = first;
  return spans;
}

const windowOf = (inc: Incident): [number, number] => [minuteOf(inc.start), minuteOf(inc.end) + MINUTE];

function frameOf(i: number, inc: Incident, all: Incident[], span: SourceSpan): Frame {
  const [w0, w1] = windowOf(inc);
  let outside = Math.max(0, span.end - span.start);
  for (const other of all) {
    const [a, b] = windowOf(other);
    const lo = Math.max(a, span.start);
    const hi = Math.min(b, span.end);
    if (hi > lo) outside -= hi - lo;
  }
  return { i, inc, w0, w1, baseMin: Math.max(0, outside) / MINUTE, since: span.start };
}

/** Lines of the template inside every incident window (the baseline leaves them out). */
function inIncidents(t: Template, all: Incident[]): number {
  let n = 0;
  for (const inc of all) n += linesIn(t.stats, ...windowOf(inc));
  return n;
}

function judge(t: Template, f: Frame, all: Incident[], span: SourceSpan): Unusual | undefined {
  const s = t.stats;
  const inWindow = linesIn(s, f.w0, f.w1);
  if (inWindow < 0.5) return undefined;
  const outside = Math.max(0, linesIn(s, span.start, span.end) - inIncidents(t, all));
  const windowMin = (f.w1 - f.w0) / MINUTE;
  const isNew = outside < 0.5;
  const p = significance(s, inWindow, outside, f.baseMin, windowMin);
  const baseRate = outside / f.baseMin;
  if (isNew ? s.level < WARNING && p >= P_MAX : p >= P_MAX || inWindow / windowMin <= 2 * baseRate) return undefined;
  return entry(t, f, {
    baselineRate: round(baseRate),
    windowRate: round(inWindow / windowMin),
    p,
    new: isNew,
    baseline: `${s.source} outside incidents, ${fmtMinutes(f.baseMin)}`,
    count: Math.round(inWindow),
    evidenceFrom: f.w0,
  });
}

/**
 * One-sided Poisson p of the window's lines at the baseline's rate. Sampled lines are counted as mined (a line
 * that stands for 64 is one observation), and a baseline that never saw the template counts half a line, so p
 * stays a number.
 */
function significance(s: KeyStats, inWindow: number, outside: number, baseMin: number, windowMin: number): number {
  const scale = s.count > 0 ? s.mined / s.count : 1;
  const lambda = ((Math.max(outside, 0.5) * scale) / baseMin) * windowMin;
  return poissonUpper(Math.max(1, Math.round(inWindow * scale)), lambda);
}

/**
 * A capture no longer than its incident has no minute outside it: its baseline is the source's lines before the
 * incident's first error, and a template is new when its first line comes at or after that error.
 */
function judgeCapture(
  t: Template,
  f: Frame,
  span: SourceSpan,
  perSecond: UnusualInput['perSecond'],
): Unusual | undefined {
  const s = t.stats;
  const onset = onsetOf(f.inc, perSecond);
  const before = onset - span.first;
  if (!(before >= 1000) || !(s.first >= onset)) return undefined;
  const count = linesIn(s, f.w0, f.w1);
  const windowMin = Math.max(f.inc.end - onset, 1000) / MINUTE;
  const p = significance(s, count, 0, before / MINUTE, windowMin);
  if (s.level < WARNING && p >= P_MAX) return undefined;
  return entry(t, f, {
    baselineRate: 0,
    windowRate: round(count / windowMin),
    p,
    new: true,
    baseline: `${s.source} before the first error at ${new Date(onset).toISOString().slice(11, 19)} (${Math.round(before / 1000)} s)`,
    count: Math.round(count),
    evidenceFrom: onset,
  });
}

function entry(
  t: Template,
  f: Frame,
  v: Pick<Unusual, 'baselineRate' | 'windowRate' | 'p' | 'new' | 'baseline' | 'count'> & { evidenceFrom: number },
): Unusual {
  const s = t.stats;
  const inside = s.examples.filter((e) => e.time >= v.evidenceFrom && e.time < f.w1);
  return {
    incident: f.i,
    template: t.text,
    baselineRate: v.baselineRate,
    windowRate: v.windowRate,
    p: v.p,
    new: v.new,
    baseline: v.baseline,
    count: v.count,
    first: iso(s.first),
    last: iso(s.last),
    level: s.level,
    known: s.known,
    source: s.source,
    format: s.format,
    explainedBy: [],
    evidence: (inside.length > 0 ? inside : s.examples)
      .slice(0, MAX_EVIDENCE)
      .map((e) => ({ path: e.path, line: e.line, time: iso(e.time), text: e.text })),
    spark: sparkOf((m) => linesIn(s, m, m + MINUTE), f.w0, f.w1, f.since),
  };
}

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : '');

function fmtMinutes(m: number): string {
  if (m < 120) return `${Math.round(m)} min`;
  if (m < 48 * 60) return `${Math.round(m / 60)} h`;
  return `${Math.round(m / 1440)} days`;
}

/** The incident's first error-level line or first second with a 5xx, whichever comes first; else its start. */
function onsetOf(inc: Incident, perSecond: UnusualInput['perSecond']): number {
  let at = Number.POSITIVE_INFINITY;
  for (const e of inc.events)
    if ((e.level === 'error' || e.level === 'critical') && Number.isFinite(e.time) && e.time < at) at = e.time;
  for (const r of perSecond ?? [])
    if (r.s5xx > 0 && r.t >= inc.start && r.t <= inc.end) {
      at = Math.min(at, r.t);
      break;
    }
  return Number.isFinite(at) ? at : inc.start;
}

/** Per minute from an hour before the window to its end, at most 120 points (the last ones kept). */
function sparkOf(at: (m: number) => number, w0: number, w1: number, since: number): number[] {
  const from = Math.max(w0 - 60 * MINUTE, w1 - 120 * MINUTE, Number.isFinite(since) ? minuteOf(since) : w0);
  const out: number[] = [];
  for (let m = from; m < w1; m += MINUTE) out.push(round(at(m)));
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** 5xx in the window against the rest of the series; explained by endpoint, status and the proxies' upstreams. */
function http5xx(input: UnusualInput, i: number, inc: Incident): Unusual | undefined {
  const [w0, w1] = windowOf(inc);
  let inWindow = 0;
  let outside = 0;
  let baseMin = 0;
  const status: Record<string, number> = { '502': 0, '503': 0, '504': 0 };
  const byMinute = new Map<number, number>();
  for (const r of input.series) {
    byMinute.set(r.t, r.s5xx);
    if (r.t >= w0 && r.t < w1) {
      inWindow += r.s5xx;
      status['502'] += r.s502;
      status['503'] += r.s503;
      status['504'] += r.s504;
    } else if (!input.incidents.some((o) => r.t >= windowOf(o)[0] && r.t < windowOf(o)[1])) {
      outside += r.s5xx;
      if (r.requests > 0) baseMin++;
    }
  }
  if (inWindow === 0) return undefined;
  const windowMin = (w1 - w0) / MINUTE;
  const baseRate = (outside === 0 ? 0.5 : outside) / Math.max(baseMin, 1);
  const p = poissonUpper(inWindow, baseRate * windowMin);
  if (p >= P_MAX) return undefined;
  const explainedBy: Unusual['explainedBy'] = [];
  const eps = new Map<string, number>();
  for (const [m, map] of input.endpointMinutes) {
    if (m < w0 || m >= w1) continue;
    for (const [ep, c] of map) if (c[1] > 0) eps.set(ep, (eps.get(ep) ?? 0) + c[1]);
  }
  for (const [ep, n] of [...eps].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_EXPLAINED))
    if (n / inWindow >= 0.1) explainedBy.push({ field: 'endpoint', value: ep, share: round(n / inWindow) });
  const top = Object.entries(status).sort((a, b) => b[1] - a[1])[0];
  if (top[1] / inWindow >= 0.1) explainedBy.push({ field: 'status', value: top[0], share: round(top[1] / inWindow) });
  const proxied = upstreamsOf(input.events, w0, w1);
  explainedBy.push(...proxied.explained);
  return {
    incident: i,
    template: HTTP_5XX_TEMPLATE,
    baselineRate: round(outside / Math.max(baseMin, 1)),
    windowRate: round(inWindow / windowMin),
    p,
    new: outside === 0,
    baseline:
      baseMin > 0 ? `requests outside incidents, ${fmtMinutes(baseMin)}` : 'none (no request outside incidents)',
    count: inWindow,
    ...spanOf5xx(input),
    level: WARNING,
    known: false,
    source: 'requests',
    format: 'access',
    explainedBy,
    evidence: proxied.evidence,
    spark: sparkOf((m) => byMinute.get(m) ?? 0, w0, w1, input.series[0]?.t ?? w0),
  };
}

/** The first and last 5xx over the whole input: to the second in a short capture, else to the minute. */
function spanOf5xx(input: UnusualInput): { first: string; last: string } {
  const seconds = (input.perSecond ?? []).filter((r) => r.s5xx > 0);
  if (seconds.length > 0) return { first: iso(seconds[0].t), last: iso(seconds[seconds.length - 1].t + 999) };
  const minutes = input.series.filter((r) => r.s5xx > 0);
  if (minutes.length === 0) return { first: '', last: '' };
  return { first: iso(minutes[0].t), last: iso(minutes[minutes.length - 1].t + MINUTE - 1) };
}

/** The upstreams the proxies' error lines in the window name, with the share of those lines each holds. */
function upstreamsOf(
  events: LogEvent[],
  w0: number,
  w1: number,
): { explained: Unusual['explainedBy']; evidence: Evidence[] } {
  const counts = new Map<string, number>();
  const evidence: Evidence[] = [];
  let n = 0;
  for (const e of events) {
    if (e.time < w0 || e.time >= w1) continue;
    const up = hostPort(e.fields?.upstream);
    if (typeof up !== 'string' || up === '') continue;
    n++;
    counts.set(up, (counts.get(up) ?? 0) + 1);
    if (evidence.length < MAX_EVIDENCE) evidence.push(evidenceOf(e));
  }
  const explained: Unusual['explainedBy'] = [];
  for (const [up, c] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_EXPLAINED))
    if (c / n >= 0.1) explained.push({ field: 'upstream', value: up, share: round(c / n) });
  return { explained, evidence };
}

function evidenceOf(e: LogEvent): Evidence {
  return { path: e.path, line: e.line, time: iso(e.time), text: e.text.split('\n', 1)[0] };
}

/** Whether the event's first line is one of the template's lines (by its masked key). */
function belongs(e: LogEvent, u: Unusual, clustered: Clustered): boolean {
  const list = clustered.byKey.get(maskLine(e.text.split('\n', 1)[0]));
  if (!list) return false;
  const mine = list.find((t) => t.text === u.template && t.stats.source === u.source);
  if (!mine) return false;
  // One key in two sources (two hosts' error logs): the event's file must be among this source's.
  return list.length === 1 || mine.stats.examples.some((x) => x.path === e.path);
}

/** The field values of the window's events of this template: which ones most of them share. */
function explainFromEvents(u: Unusual, clustered: Clustered, inc: Incident, events: LogEvent[]): void {
  const [w0, w1] = windowOf(inc);
  const counts = new Map<string, number>();
  let n = 0;
  const evidence: Evidence[] = [];
  for (const e of events) {
    if (e.time < w0 || e.time >= w1 || !belongs(e, u, clustered)) continue;
    n++;
    // A record whose later lines a signature knows (a task's traceback ending in MySQL 2013) is a known failure.
    if (e.signature) u.known = true;
    if (evidence.length < MAX_EVIDENCE) evidence.push(evidenceOf(e));
    for (const [field, value] of fieldsOf(e)) {
      const k = `${field}\u0000${value}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  if (evidence.length > 0) u.evidence = evidence;
  if (n === 0) return;
  const only = soleValues(events);
  u.explainedBy = [...counts]
    .filter(([k, c]) => c / n >= 0.5 && !only.has(k))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_EXPLAINED)
    .map(([k, c]) => {
      const [field, value] = k.split('\u0000');
      return { field: field as FieldId, value, share: round(c / n) };
    });
}

/** Fields that say who asked, so one value everywhere (the only client, the only Host) explains nothing. */
const WHO: ReadonlySet<FieldId> = new Set(['client', 'host', 'userAgent']);

/** The `field\u0000value` keys of WHO fields that hold one value across every event of the run. */
function soleValues(events: LogEvent[]): Set<string> {
  const seen = new Map<FieldId, Set<string>>();
  for (const e of events)
    for (const [field, value] of fieldsOf(e)) {
      if (!WHO.has(field)) continue;
      const values = seen.get(field) ?? new Set<string>();
      if (values.size < 2) values.add(value);
      seen.set(field, values);
    }
  const out = new Set<string>();
  for (const [field, values] of seen) if (values.size === 1) out.add(`${field}\u0000${[...values][0]}`);
  return out;
}

/** The stable field ids an event carries, from what its parser set. */
export function fieldsOf(e: LogEvent): [FieldId, string][] {
  const f = e.fields ?? {};
  const r = e.request;
  const out: [FieldId, string][] = [];
  const add = (id: FieldId, v: unknown) => {
    if (v !== undefined && v !== null && v !== '' && v !== '-') out.push([id, String(v)]);
  };
  if (r?.path) add('endpoint', `${r.method ?? '-'} ${r.path.split('?')[0]}`);
  else if (typeof f.request === 'string') add('endpoint', f.request.split(' ').slice(0, 2).join(' ').split('?')[0]);
  add('status', r?.status ?? f.status);
  add('upstream', hostPort(f.upstream ?? r?.server ?? r?.backend));
  add('host', f.host ?? e.host);
  add('client', r?.client ?? f.client);
  add('userAgent', f.userAgent ?? f.user_agent ?? f.http_user_agent);
  add('dbError', f.sqlState ?? f.sqlstate ?? f.errno);
  return out;
}

/** An upstream URL's scheme, host and port (its path is the endpoint's business). */
function hostPort(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const at = v.indexOf('://');
  if (at < 0) return v;
  const slash = v.indexOf('/', at + 3);
  return slash < 0 ? v : v.slice(0, slash);
}

/** P(X ≥ k) for X ~ Poisson(λ), summed from k upward in log space (exact enough for p down to 1e-300). */
export function poissonUpper(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 100_000; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (i > lambda && term < sum * 1e-12) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

function logFactorial(n: number): number {
  if (n < 2) return 0;
  if (n < 100) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  // Stirling with two correction terms: error below 1e-10 from 100 on.
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

const LEVEL_WORDS = /^\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRITICAL|CRIT|FATAL|ALERT|EMERG)\]?:?$/i;

/** A template's leading token that is a stamp, pid, bracketed mask or level word: not what the line says. */
function isPrefix(t: string): boolean {
  return t.startsWith('<') || /^[[(]<[a-z*]+>/.test(t) || /^\[[^\]]*<[a-z*]+>/.test(t) || LEVEL_WORDS.test(t);
}

/** How many leading tokens of the template are its stamp, pid and level (at most all but one). */
export function prefixTokens(template: string): number {
  const tokens = template.split(' ');
  let skip = 0;
  while (skip < tokens.length - 1 && isPrefix(tokens[skip])) skip++;
  return skip;
}

/** The template without its stamp, pid and level: what the reports show. */
export function templateBody(template: string): string {
  return template.split(' ').slice(prefixTokens(template)).join(' ');
}
