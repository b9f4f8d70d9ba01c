// Pieces the investigate reports share: how times, places and remedies are written. Pure formatting;
// the analysis has already decided everything.
import { REMEDY_LABEL } from '../analysis/remedies.js';
import type { Hypothesis, InvestigateResult, Remedy } from '../analysis/types.js';
import { templateBody } from '../analysis/unusual.js';
import { logFormatById } from '../formats/log/registry.js';
import type { CauseId } from '../model/causes.js';
import { formatSize } from '../model/units.js';
import { clip } from './redact.js';

export { utc, utcClock } from '../model/utc-text.js';

import { utc, utcClock } from '../model/utc-text.js';

/** "18 min", "45 s", "2 h 5 min". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * The zone the team reads time in, when the logs' own zone was assumed or found non-UTC (the seed
 * postmortem's team worked in EST against UTC logs): the first non-UTC zone among the inputs.
 */
export function localZone(result: InvestigateResult): string | null {
  for (const i of result.inputs) {
    if (i.timezone && !/^(UTC|Etc\/UTC|GMT|Z)$/i.test(i.timezone) && isZone(i.timezone)) return i.timezone;
  }
  return null;
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "10:01:27 EDT" in the given zone. */
export function localClock(t: number | string, zone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(t));
}

/** Where a line is: "app1:var/log/syslog:12" when the host is not already the path's first folder. */
export function where(e: { path: string; line: number; host?: string }): string {
  const host = e.host && !e.path.startsWith(`${e.host}/`) ? `${e.host}:` : '';
  return `${host}${e.path}:${e.line}`;
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** A remedy in the report's remedies sections, with the cause it comes from. */
export interface CauseRemedy {
  cause: CauseId;
  text: string;
}

/**
 * The remedies of all hypotheses in the two lists of the seed postmortem: stop-gap (what to do today) and
 * long-term. A hypothesis with no stop-gap remedy has its first fix listed as its stop-gap (the first thing to
 * do); its other fixes and its long-term remedies are long-term. A remedy two hypotheses share is listed once.
 */
export function remedies(hypotheses: readonly Hypothesis[]): { stopGap: CauseRemedy[]; longTerm: CauseRemedy[] } {
  const stopGap: CauseRemedy[] = [];
  const longTerm: CauseRemedy[] = [];
  const seen = new Set<string>();
  for (const h of hypotheses) {
    const hasStopGap = h.remedies.some((r) => r.kind === 'stop-gap');
    const firstFix = hasStopGap ? undefined : h.remedies.find((r) => r.kind === 'fix');
    for (const r of h.remedies) {
      if (seen.has(r.text)) continue;
      seen.add(r.text);
      (r.kind === 'stop-gap' || r === firstFix ? stopGap : longTerm).push({ cause: h.cause, text: r.text });
    }
  }
  return { stopGap, longTerm };
}

/**
 * The headline of a possibly multi-line record, bounded: its first line, and when that line is only a
 * preamble ("You have triggered an unhandledRejection…"), the error line that follows it.
 */
export function firstLine(text: string, max = 200): string {
  const lines = text.split('\n');
  let line = lines[0];
  if (!/(Error|Exception)\b/.test(line)) {
    const error = lines.slice(1, 4).find((l) => /^\s*[A-Z]\w*(Error|Exception)\b/.test(l));
    if (error) line = `${line.trim()} ${error.trim()}`;
  }
  return clip(line, max);
}

/** "Stop-gap: …", "Fix: …", "Long-term: …": a remedy with the label of its kind. */
export function labelled(r: Remedy): string {
  return `${REMEDY_LABEL[r.kind]}: ${r.text}`;
}

/**
 * The inputs' headline: logs and configs counted apart ("5 logs, 8 configs, 409 lines"), the lines being the
 * logs' lines. A file read as a log format is a log; any other recognised file is a config (host facts too).
 */
type LogInputRecord = InvestigateResult['inputs'][number];

/** An input as the reports list it: a rotated series is one row (its pieces oldest first, lines summed). */
export interface InputRow {
  input: LogInputRecord;
  /** The series' files, oldest first, when the row is a rotated series. */
  pieces?: string[];
}

export function inputRows(inputs: readonly LogInputRecord[]): InputRow[] {
  const rows: InputRow[] = [];
  const bySeries = new Map<string, { row: InputRow; members: LogInputRecord[] }>();
  for (const i of inputs) {
    if (!i.series) {
      rows.push({ input: i });
      continue;
    }
    const have = bySeries.get(i.series);
    if (have) have.members.push(i);
    else {
      const row: InputRow = { input: i };
      bySeries.set(i.series, { row, members: [i] });
      rows.push(row);
    }
  }
  for (const [series, { row, members }] of bySeries) {
    members.sort((a, b) => (a.firstTime ?? 0) - (b.firstTime ?? 0));
    const zones = new Set(members.map((m) => m.timezone));
    const bases = new Set(members.map((m) => m.timeBasis));
    const errors = members.filter((m) => m.error).map((m) => `${m.path}: ${m.error}`);
    row.input = {
      ...members[0],
      path: series,
      lines: members.reduce((n, m) => n + (m.lines ?? 0), 0),
      timezone: zones.size === 1 ? members[0].timezone : [...zones].filter(Boolean).join(' / '),
      timeBasis: bases.size === 1 ? members[0].timeBasis : undefined,
      error: errors.length ? errors.join('; ') : null,
    };
    row.pieces = members.map((m) => m.path.slice(m.path.lastIndexOf('/') + 1));
  }
  return rows;
}

/** "rotated series of 4 files, oldest first: access.log.3.gz, …, access.log". */
export function piecesText(pieces: readonly string[]): string {
  return `rotated series of ${pieces.length} files, read oldest first: ${pieces.join(', ')}`;
}

export function inputsHeadline(result: InvestigateResult): string {
  const read = inputRows(result.inputs)
    .map((r) => r.input)
    .filter((i) => i.format);
  const logs = read.filter((i) => logFormatById(i.format as string) !== undefined);
  const configs = read.length - logs.length;
  const lines = logs.reduce((n, i) => n + (i.lines ?? 0), 0);
  const parts = [`${logs.length} log${logs.length === 1 ? '' : 's'}`];
  if (configs) parts.push(`${configs} config${configs === 1 ? '' : 's'}`);
  parts.push(`${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/**
 * An error's title inside a sentence: the first letter lower-cased only when the first word is an ordinary
 * capitalised word ("A response…" → "a response…"); a name quoted from the error ("RangeError…") keeps its case.
 */
export function titleInSentence(title: string): string {
  return /^[A-Z][a-z]*(?=[\s,:;-]|$)/.test(title) ? `${title[0].toLowerCase()}${title.slice(1)}` : title;
}

/** One row of "what is unusual": the template as the reports show it and what changed about it. */
export interface UnusualRow {
  incident: number;
  /** The template without its stamp and level. */
  what: string;
  /** "new, 84 lines" or "12 lines, 6/min against 0.02/min". */
  change: string;
  /** "p < 1e-100", "p = 3.2e-5". */
  p: string;
  /** "endpoint GET /api/quote 100%, upstream 10.0.0.5:3000 81%". */
  explained: string;
  /** file:line of its first evidence line, when it has one. */
  where?: string;
  spark: number[];
}

const PER_INCIDENT_SHOWN = 6;

/** The rows of "what is unusual", at most a few per incident, in the analysis's order (most improbable first). */
export function unusualRows(result: InvestigateResult, perIncident = PER_INCIDENT_SHOWN): UnusualRow[] {
  const shown = new Map<number, number>();
  const rows: UnusualRow[] = [];
  for (const u of result.unusual ?? []) {
    const n = shown.get(u.incident) ?? 0;
    if (n >= perIncident) continue;
    shown.set(u.incident, n + 1);
    rows.push({
      incident: u.incident,
      what: clip(templateBody(u.template), 160),
      change: u.new
        ? `new, ${u.count} ${unit(u.source, u.count)}`
        : `${u.count} ${unit(u.source, u.count)}, ${rate(u.windowRate)}/min against ${rate(u.baselineRate)}/min`,
      p: u.p < 1e-100 ? 'p < 1e-100' : `p = ${u.p < 0.001 ? u.p.toExponential(1) : u.p.toFixed(3)}`,
      explained: u.explainedBy.map((x) => `${x.field} ${x.value} ${percent(x.share)}`).join(', '),
      where: u.evidence[0] ? where(u.evidence[0]) : undefined,
      spark: u.spark,
    });
  }
  return rows;
}

const unit = (source: string, n: number) => (source === 'requests' ? 'responses' : n === 1 ? 'line' : 'lines');

const rate = (x: number) => (x >= 10 ? String(Math.round(x)) : String(Math.round(x * 100) / 100));

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A sparkline of block characters, the last `width` points, scaled to their maximum. */
export function sparkText(points: readonly number[], width = 30): string {
  const p = points.slice(-width);
  const max = Math.max(0, ...p);
  if (max === 0) return '';
  return p.map((v) => BLOCKS[Math.min(7, Math.floor((v / max) * 7.999))]).join('');
}

/** "memory-exhaustion: none of the lines it predicts…" rows, and one line for the causes the inputs cannot tell. */
/** "memory of cart: next around 03:12 UTC (03:10–03:15)" rows of the forecasts, soonest first. */
export function forecastLines(result: InvestigateResult): {
  what: string;
  when: string;
  basis: string;
  where?: string;
  wrongIf: string;
  confirm: string[];
  fix: string[];
}[] {
  return (result.forecasts ?? []).map((f) => ({
    what: `${f.resource} of ${f.subject}${f.limit ? ` (limit ${limitOf(f.resource, f.limit)})` : ''}`,
    when: f.eta ? `around ${utc(Date.parse(f.eta))}${rangeOf(f.eta, f.low, f.high)}` : 'not known',
    basis: f.basis,
    where: f.evidence[0] ? where(f.evidence[0]) : undefined,
    wrongIf: f.wrongIf,
    confirm: f.confirm,
    fix: f.fix,
  }));
}

/** " (03:10–03:15)" on the day of the eta; with the dates when an end falls on another day; "" without a range. */
function rangeOf(eta: string, low: string | null, high: string | null): string {
  if (low === high && low !== null) return '';
  const day = eta.slice(0, 10);
  const end = (t: string | null, none: string) =>
    t === null ? none : t.slice(0, 10) === day ? utcClock(Date.parse(t)) : utc(Date.parse(t));
  return low === null && high === null ? '' : ` (${end(low, '?')}–${end(high, 'no later bound')})`;
}

/** Bytes for memory and disk, a count for the rest (workers, connections, queue slots). */
function limitOf(resource: string, n: number): string {
  return resource === 'memory' || resource === 'disk' ? formatSize(n) : String(n);
}

export function ruledOutLines(result: InvestigateResult): { cause: string; why: string; where?: string }[] {
  const rows: { cause: string; why: string; where?: string }[] = (result.ruledOut ?? []).map((r) => ({
    cause: r.cause,
    why: r.why,
    where: r.evidence[0] ? where(r.evidence[0]) : undefined,
  }));
  for (const n of result.notExamined ?? [])
    rows.push({
      cause: n.cause,
      why: `not examined: its lines would be in ${n.needs.join(', ')} logs, none among the inputs`,
    });
  return rows;
}
