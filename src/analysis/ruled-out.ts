// What was examined and found wanting: every cause without a hypothesis, with the evidence against it. A cause's
// predictions are the lines its signatures know (signatures/catalog.ts, `cause`); a cause is ruled out only when a
// log that would hold those lines was read — a kernel OOM kill cannot be ruled out without a kernel log, so such a
// cause is "not examined", not ruled out. Lines that point to a cause but did not make a hypothesis (too few, or
// far from every incident) are its evidence. No incident, nothing examined.
import { CAUSE_IDS, type CauseId } from '../model/causes.js';
import type { LogEvent } from '../model/event.js';
import { SIGNATURES } from '../signatures/catalog.js';
import { EVENT_LABELS } from '../signatures/labels.js';
import { isError } from './hypotheses/novel-error.js';
import { quietMinutes } from './hypotheses/traffic-surge.js';
import { median, nearIncident, plural, toEvidence, when } from './hypotheses/weigh.js';
import type { AnalysisContext, Evidence, Hypothesis } from './types.js';

export interface RuledOut {
  cause: CauseId;
  why: string;
  evidence: Evidence[];
}

export interface Examined {
  ruledOut: RuledOut[];
  /** Causes whose lines would be in logs that are not among the inputs, with those formats. */
  notExamined: { cause: CauseId; needs: string[] }[];
}

const MAX_EVIDENCE = 3;
const MAX_TYPES = 4;
const SEVERITY = ['info', 'notice', 'warning', 'error', 'critical'];

/** The causes examined and ruled out, and those the inputs cannot tell about. */
export function examine(ctx: AnalysisContext, hypotheses: readonly Hypothesis[]): Examined {
  const out: Examined = { ruledOut: [], notExamined: [] };
  if (ctx.incidents.length === 0) return out;
  const ranked = new Set(hypotheses.map((h) => h.cause));
  const read = readFormats(ctx);
  for (const cause of CAUSE_IDS) {
    if (ranked.has(cause)) continue;
    const sigs = SIGNATURES.filter((s) => s.cause === cause);
    if (sigs.length === 0) {
      const r = withoutSignatures(cause, ctx);
      if (r) out.ruledOut.push(r);
      continue;
    }
    const readable = sigs.filter((s) => s.formats.some((f) => read.has(f)));
    if (readable.length === 0) {
      const needs = [...new Set(sigs.flatMap((s) => s.formats))].sort();
      out.notExamined.push({ cause, needs: needs.slice(0, 6) });
      continue;
    }
    out.ruledOut.push(againstSignatures(cause, ctx, readable));
  }
  return out;
}

/** Formats read, the lines inside journal exports and container logs included. */
function readFormats(ctx: AnalysisContext): Set<string> {
  const read = new Set<string>();
  for (const i of ctx.inputs) {
    if (i.format && i.lines) read.add(i.format);
    for (const f of i.inner ?? []) read.add(f);
  }
  return read;
}

function againstSignatures(cause: CauseId, ctx: AnalysisContext, readable: typeof SIGNATURES): RuledOut {
  const hints = ctx.events.filter((e) => e.cause === cause);
  const near = hints.filter((e) => nearIncident(ctx, e.time));
  if (near.length > 0)
    return {
      cause,
      why: `weighed and left out: ${plural(near.length, 'line')} near an incident point to it (${typesOf(near)}) ${when(near)}, without what else it needs to rank`,
      evidence: near.slice(0, MAX_EVIDENCE).map(toEvidence),
    };
  if (hints.length > 0)
    return {
      cause,
      why: `${plural(hints.length, 'line')} point to it (${typesOf(hints)}) ${when(hints)}, none within 15 minutes before an incident or 5 after it`,
      evidence: hints.slice(0, MAX_EVIDENCE).map(toEvidence),
    };
  // The kinds of line it predicts, the most telling first (a critical OOM kill before a warning).
  const types = [
    ...new Set(
      [...readable]
        .filter((s) => s.event !== 'other')
        .sort((a, b) => SEVERITY.indexOf(b.severity) - SEVERITY.indexOf(a.severity))
        .map((s) => s.event),
    ),
  ];
  const logs = ctx.inputs.filter(
    (i) => i.format && i.lines && readable.some((s) => s.formats.includes(i.format as never)),
  );
  const named = types
    .slice(0, MAX_TYPES)
    .map((t) => `no ${EVENT_LABELS[t]}`)
    .join(', ');
  const more = types.length > MAX_TYPES ? ` nor ${plural(types.length - MAX_TYPES, 'other kind')} of line` : '';
  return {
    cause,
    why: `none of the lines it predicts: ${named}${more} in the ${plural(logs.length, 'log')} that would show one`,
    evidence: [],
  };
}

function typesOf(events: readonly LogEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    const k = e.signature ?? e.cause ?? 'line';
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_TYPES)
    .map(([k, n]) => `${n} × ${k}`)
    .join(', ');
}

/** A cause known by its analysis rather than by lines: what it measured, and how far that fell short. */
function withoutSignatures(cause: CauseId, ctx: AnalysisContext): RuledOut | undefined {
  if (cause === 'traffic-surge') return noSurge(cause, ctx);
  if (cause === 'bad-deploy') return noDeploy(cause, ctx);
  if (cause !== 'novel-error') return undefined;
  const errors = (ctx.unusual ?? []).filter((u) => u.source !== 'requests' && isError(u));
  if (errors.length === 0) return { cause, why: 'no error line was new or risen in an incident window', evidence: [] };
  const unknown = errors.filter((u) => !u.known);
  if (unknown.length === 0)
    return {
      cause,
      why: `every error line new or risen in the incident windows matches a known signature (${plural(errors.length, 'template')})`,
      evidence: errors.slice(0, 1).flatMap((u) => u.evidence.slice(0, 1)),
    };
  const top = [...unknown].sort((a, b) => b.count - a.count)[0];
  return {
    cause,
    why: `no uncatalogued error dominates an incident: the largest, ${plural(top.count, 'line')} of \`${top.template.slice(0, 80)}\`, is under half of its window's unusual error lines or under 3 lines`,
    evidence: top.evidence.slice(0, 1),
  };
}

const MINUTE = 60_000;

/** traffic-surge: the busiest minute near an incident against the quiet minutes' median. */
function noSurge(cause: CauseId, ctx: AnalysisContext): RuledOut | undefined {
  const rows = ctx.series.filter((r) => r.requests > 0);
  if (rows.length === 0) return undefined;
  const quiet = quietMinutes(ctx).map((r) => r.requests);
  const busiest = rows
    .filter((r) => ctx.incidents.some((i) => r.t + MINUTE > i.start && r.t <= i.end))
    .reduce((m, r) => Math.max(m, r.requests), 0);
  if (quiet.length < 5)
    return {
      cause,
      why: `${plural(quiet.length, 'minute')} of requests away from the incidents: too few for a baseline to call anything a surge`,
      evidence: [],
    };
  const usual = median(quiet);
  return {
    cause,
    why: `the busiest minute near an incident had ${busiest} requests against a usual ${Math.round(usual)} a minute (the median of ${quiet.length} quiet minutes): ${usual ? `${(busiest / usual).toFixed(1)}×` : 'no baseline'}, not 4× and 60 a minute above it`,
    evidence: [],
  };
}

/** bad-deploy: the changes before the incidents, or that there were none. */
function noDeploy(cause: CauseId, ctx: AnalysisContext): RuledOut {
  const before = (ctx.changes ?? []).filter((c) =>
    ctx.incidents.some((i) => c.time >= i.start - 15 * MINUTE && c.time <= i.end),
  );
  if (before.length === 0)
    return {
      cause,
      why: 'no deploy, restart, reload or upgrade in the 15 minutes before an incident or during one',
      evidence: [],
    };
  return {
    cause,
    why: `${plural(before.length, 'change')} before or in the incidents (${before
      .slice(0, 3)
      .map((c) => `${c.kind} of ${c.subject}`)
      .join(', ')}), but errors did not start right after one and stop at a later change of the same service`,
    evidence: before.flatMap((c) => c.evidence.slice(0, 1)).slice(0, MAX_EVIDENCE),
  };
}
