// "What is unusual" in each incident: the run's line templates (read/cluster.ts) counted inside the incident's window
// against a baseline from the same source — the minutes of that source's span outside every incident. A template
// is new when the baseline never saw it; it rose when a one-sided Poisson test of its window count against the
// baseline rate × window length gives p < P_MAX. The field values of the window's events (and the per-minute
// endpoint counts for 5xx) say what explains it. Bounded: TOP_PER_INCIDENT entries per incident.
import type { LogEvent } from '../model/event.js';
import { clusterTemplates, type Template, templateOf } from '../read/cluster.js';
import { minuteOf } from '../read/tally.js';
import { maskLine, type TemplateTally } from '../read/templates.js';
import type { Evidence, Incident, MinuteRow } from './types.js';

export const TOP_PER_INCIDENT = 10;
export const P_MAX = 0.001;
const MINUTE = 60_000;
const MAX_EXPLAINED = 3;
const MAX_EVIDENCE = 3;
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
}

export function findUnusual(input: UnusualInput): Unusual[] {
  if (input.incidents.length === 0 || input.templates.size === 0) return unusual5xxOnly(input);
  const templates = clusterTemplates(input.templates);
  const spans = sourceSpans(templates);
  const out: Unusual[] = [];
  for (const [i, inc] of input.incidents.entries()) {
    const found: Unusual[] = [];
    for (const t of templates) {
      const u = judge(t, i, inc, input.incidents, spans.get(t.stats.source) as [number, number, number]);
      if (u) found.push(u);
    }
    const h = http5xx(input, i, inc);
    if (h) found.push(h);
    found.sort((a, b) => a.p - b.p || b.count - a.count || a.template.localeCompare(b.template));
    for (const u of found.slice(0, TOP_PER_INCIDENT)) {
      if (u.template !== HTTP_5XX_TEMPLATE) explainFromEvents(u, t5(templates, u), inc, input.events);
      out.push(u);
    }
  }
  return out;
}

function t5(templates: Template[], u: Unusual): Template[] {
  return templates.filter((t) => t.text === u.template && t.stats.source === u.source);
}

function unusual5xxOnly(input: UnusualInput): Unusual[] {
  const out: Unusual[] = [];
  for (const [i, inc] of input.incidents.entries()) {
    const h = http5xx(input, i, inc);
    if (h) out.push(h);
  }
  return out;
}

/** Per source: its first and last minute, and its first line's time. */
function sourceSpans(templates: Template[]): Map<string, [number, number, number]> {
  const spans = new Map<string, [number, number, number]>();
  for (const t of templates) {
    const s = spans.get(t.stats.source) ?? [
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ];
    if (t.stats.first < s[2]) s[2] = t.stats.first;
    for (const m of t.stats.minutes.keys()) {
      if (m < s[0]) s[0] = m;
      if (m > s[1]) s[1] = m;
    }
    spans.set(t.stats.source, s);
  }
  return spans;
}

/** Minutes of [a, b] (minute starts) outside every incident. */
function outsideMinutes(a: number, b: number, incidents: Incident[]): number {
  if (!(b >= a)) return 0;
  let n = (b - a) / MINUTE + 1;
  for (const inc of incidents) {
    const s = Math.max(a, minuteOf(inc.start));
    const e = Math.min(b, minuteOf(inc.end));
    if (e >= s) n -= (e - s) / MINUTE + 1;
  }
  return Math.max(0, n);
}

const inAny = (m: number, incidents: Incident[]) =>
  incidents.some((inc) => m >= minuteOf(inc.start) && m <= minuteOf(inc.end));

function judge(
  t: Template,
  i: number,
  inc: Incident,
  all: Incident[],
  span: [number, number, number],
): Unusual | undefined {
  const w0 = minuteOf(inc.start);
  const w1 = minuteOf(inc.end);
  const weight = t.stats.weight;
  let inWindow = 0;
  let outside = 0;
  for (const [m, n] of t.stats.minutes) {
    if (m >= w0 && m <= w1) inWindow += n;
    else if (!inAny(m, all)) outside += n;
  }
  if (inWindow === 0) return undefined;
  const windowMin = (w1 - w0) / MINUTE + 1;
  const baseMin = outsideMinutes(span[0], span[1], all);
  if (baseMin === 0) return judgeCapture(t, i, inc, span, inWindow);
  const isNew = outside === 0;
  // A baseline that never saw the template is taken as half a line in it, so p stays a number.
  const baseRate = (outside === 0 ? 0.5 : outside) / Math.max(baseMin, 1);
  const p = poissonUpper(inWindow, baseRate * windowMin);
  if (!isNew && (p >= P_MAX || inWindow / windowMin <= 2 * baseRate)) return undefined;
  if (isNew && p >= P_MAX && inWindow < 2) return undefined;
  return {
    incident: i,
    template: t.text,
    baselineRate: round((outside * weight) / Math.max(baseMin, 1)),
    windowRate: round((inWindow * weight) / windowMin),
    p,
    new: isNew,
    baseline:
      baseMin > 0
        ? `${t.stats.source} outside incidents, ${baseMin} min`
        : `none (${t.stats.source} has no other minute)`,
    count: inWindow * weight,
    level: t.stats.level,
    known: t.stats.known,
    source: t.stats.source,
    format: t.stats.format,
    explainedBy: [],
    evidence: t.stats.examples
      .filter((e) => e.time >= w0 && e.time < w1 + MINUTE)
      .slice(0, MAX_EVIDENCE)
      .map((e) => ({ path: e.path, line: e.line, time: new Date(e.time).toISOString(), text: e.text })),
    spark: sparkOf((m) => t.stats.minutes.get(m) ?? 0, w0, w1),
  };
}

/**
 * A capture no longer than its incident has no minute outside it: its baseline is the source's lines before the
 * incident's first error, and a template is new when its first line comes at or after that error.
 */
function judgeCapture(
  t: Template,
  i: number,
  inc: Incident,
  span: [number, number, number],
  count: number,
): Unusual | undefined {
  const onset = onsetOf(inc);
  const before = onset - span[2];
  if (!(before >= 1000)) return undefined;
  const isNew = t.stats.first >= onset;
  const windowMin = Math.max(inc.end - onset, 1000) / MINUTE;
  const w0 = minuteOf(inc.start);
  const p = isNew ? poissonUpper(count, (0.5 / (before / MINUTE)) * windowMin) : 1;
  if (!isNew || p >= P_MAX) return undefined;
  return {
    incident: i,
    template: t.text,
    baselineRate: 0,
    windowRate: round((count * t.stats.weight) / windowMin),
    p,
    new: true,
    baseline: `${t.stats.source} before the first error at ${new Date(onset).toISOString().slice(11, 19)} (${Math.round(before / 1000)} s)`,
    count: count * t.stats.weight,
    level: t.stats.level,
    known: t.stats.known,
    source: t.stats.source,
    format: t.stats.format,
    explainedBy: [],
    evidence: t.stats.examples
      .filter((e) => e.time >= onset)
      .slice(0, MAX_EVIDENCE)
      .map((e) => ({ path: e.path, line: e.line, time: new Date(e.time).toISOString(), text: e.text })),
    spark: sparkOf((m) => t.stats.minutes.get(m) ?? 0, w0, minuteOf(inc.end)),
  };
}

/** The incident's first error-level line, else its start. */
function onsetOf(inc: Incident): number {
  let at = Number.POSITIVE_INFINITY;
  for (const e of inc.events)
    if ((e.level === 'error' || e.level === 'critical') && Number.isFinite(e.time) && e.time < at) at = e.time;
  return Number.isFinite(at) ? at : inc.start;
}

/** The window's minutes and up to an hour before, at most 120 points. */
function sparkOf(at: (m: number) => number, w0: number, w1: number): number[] {
  const out: number[] = [];
  for (let m = w0 - 60 * MINUTE; m <= w1 && out.length < 120; m += MINUTE) out.push(at(m));
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** 5xx in the window against the rest of the series; explained by endpoint and status. */
function http5xx(input: UnusualInput, i: number, inc: Incident): Unusual | undefined {
  const w0 = minuteOf(inc.start);
  const w1 = minuteOf(inc.end);
  let inWindow = 0;
  let outside = 0;
  let baseMin = 0;
  const status: Record<string, number> = { '502': 0, '503': 0, '504': 0 };
  const byMinute = new Map<number, number>();
  for (const r of input.series) {
    byMinute.set(r.t, r.s5xx);
    if (r.t >= w0 && r.t <= w1) {
      inWindow += r.s5xx;
      status['502'] += r.s502;
      status['503'] += r.s503;
      status['504'] += r.s504;
    } else if (!inAny(r.t, input.incidents)) {
      outside += r.s5xx;
      if (r.requests > 0) baseMin++;
    }
  }
  if (inWindow === 0) return undefined;
  const windowMin = (w1 - w0) / MINUTE + 1;
  const baseRate = (outside === 0 ? 0.5 : outside) / Math.max(baseMin, 1);
  const p = poissonUpper(inWindow, baseRate * windowMin);
  if (p >= P_MAX) return undefined;
  const explainedBy: Unusual['explainedBy'] = [];
  const eps = new Map<string, number>();
  for (const [m, map] of input.endpointMinutes) {
    if (m < w0 || m > w1) continue;
    for (const [ep, c] of map) if (c[1] > 0) eps.set(ep, (eps.get(ep) ?? 0) + c[1]);
  }
  for (const [ep, n] of [...eps].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_EXPLAINED))
    if (n / inWindow >= 0.1) explainedBy.push({ field: 'endpoint', value: ep, share: round(n / inWindow) });
  const top = Object.entries(status).sort((a, b) => b[1] - a[1])[0];
  if (top[1] / inWindow >= 0.1) explainedBy.push({ field: 'status', value: top[0], share: round(top[1] / inWindow) });
  return {
    incident: i,
    template: HTTP_5XX_TEMPLATE,
    baselineRate: round(outside / Math.max(baseMin, 1)),
    windowRate: round(inWindow / windowMin),
    p,
    new: outside === 0 && baseMin > 0,
    baseline: baseMin > 0 ? `requests outside incidents, ${baseMin} min` : 'none (no request outside incidents)',
    count: inWindow,
    level: 3,
    known: false,
    source: 'requests',
    format: 'access',
    explainedBy,
    evidence: [],
    spark: sparkOf((m) => byMinute.get(m) ?? 0, w0, w1),
  };
}

/** The field values of the window's events of this template: which ones most of them share. */
function explainFromEvents(u: Unusual, ts: Template[], inc: Incident, events: LogEvent[]): void {
  if (ts.length === 0) return;
  const counts = new Map<string, number>();
  let n = 0;
  const evidence: Evidence[] = [];
  for (const e of events) {
    if (e.time < minuteOf(inc.start) || e.time >= minuteOf(inc.end) + MINUTE) continue;
    const first = e.text.split('\n', 1)[0];
    const source = ts[0].stats.source;
    if (!templateOf(ts, maskLine(first), source)) continue;
    n++;
    if (evidence.length < MAX_EVIDENCE)
      evidence.push({ path: e.path, line: e.line, time: new Date(e.time).toISOString(), text: first });
    for (const [field, value] of fieldsOf(e)) {
      const k = `${field}\u0000${value}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  if (evidence.length > 0) u.evidence = evidence;
  if (n === 0) return;
  u.explainedBy = [...counts]
    .filter(([, c]) => c / n >= 0.5)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_EXPLAINED)
    .map(([k, c]) => {
      const [field, value] = k.split('\u0000');
      return { field: field as FieldId, value, share: round(c / n) };
    });
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
  add(
    'dbError',
    f.errno ?? f.sqlState ?? (e.format.endsWith('sql-log') || e.format === 'postgres-log' ? f.code : undefined),
  );
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
