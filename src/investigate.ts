// `faultline investigate` as a library call: inputs → ingest (formats, UTC, signatures, counters) →
// series → incidents → restarts → endpoints → hypotheses, plus the audit of configs found among them.

import { calibrate } from './analysis/calibration.js';
import { findChanges } from './analysis/changes.js';
import { endpointTable, secondSeries } from './analysis/endpoints.js';
import { findingEvidence } from './analysis/finding-evidence.js';
import { logForecasts } from './analysis/forecasts.js';
import { DETECTORS } from './analysis/hypotheses/index.js';
import { findIncidents } from './analysis/incidents.js';
import { findRestarts } from './analysis/restarts.js';
import { examine } from './analysis/ruled-out.js';
import { timeoutClusters, withTimeoutEvidence } from './analysis/timeout-durations.js';
import type { AnalysisContext, Hypothesis, InvestigateResult, LogInputRecord } from './analysis/types.js';
import { findUnusual } from './analysis/unusual.js';
import { auditTexts, type FindingPolicy } from './audit.js';
import type { LogEvent } from './model/event.js';
import { type Setting, written } from './model/setting.js';
import { type IngestOptions, ingest } from './read/ingest.js';

export interface InvestigateOptions extends IngestOptions {
  /** The project file's `rules:` and `ignore:` for the findings of the configs among the inputs. */
  findingPolicy?: FindingPolicy;
  /** The detectors' scores as they are, without the calibration map (scripts/calibrate.ts fits the map on them). */
  rawConfidence?: boolean;
}

const TIMELINE_MAX = 200;

export async function investigate(options: InvestigateOptions): Promise<InvestigateResult> {
  const data = await ingest(options);
  const audit =
    data.configTexts.length > 0
      ? auditTexts(
          data.configTexts,
          { nodeVersions: statedNodeVersions(data.events) },
          options.findingPolicy,
          [],
          data.includeTexts,
        )
      : undefined;
  // A file the audit lists (an unclaimed text a config included) is not listed again as unread.
  const listed = new Set((audit?.inputs ?? []).map((i) => i.path));
  const unread = data.inputs.filter((i) => i.format !== null || !listed.has(i.path));
  const inputs: LogInputRecord[] = [...unread, ...(audit?.inputs ?? [])].sort((a, b) => a.path.localeCompare(b.path));
  const series = [...data.series.values()].sort((a, b) => a.t - b.t);
  const events = data.events;
  const lastTimes = inputs.map((i) => i.lastTime).filter((t): t is number => t !== undefined && Number.isFinite(t));
  const incidents = findIncidents(series, events, lastTimes.length ? Math.max(...lastTimes) : undefined, data.sources);
  const restarts = findRestarts(events, data.appLogs);
  const changes = findChanges(events);
  const endpoints = endpointTable(data.endpointMinutes, restarts, incidents, 25, data.targetSeconds);
  // A suppressed finding is an accepted risk, not a wrong one: the analysis still weighs it (it may explain the
  // outage), the report lists only the others.
  const allFindings = audit?.findings ?? [];
  const findings = withTimeoutEvidence(
    findingEvidence(
      allFindings.filter((f) => !f.suppressed),
      events,
      incidents,
    ),
    audit ? timeoutClusters(audit.stack, data.serverErrors) : [],
  );
  const times = inputs
    .flatMap((i) => [i.firstTime, i.lastTime])
    .filter((t): t is number => t !== undefined && Number.isFinite(t));
  const perSecond = times.length ? secondSeries(data.targetSeconds, Math.min(...times), Math.max(...times)) : undefined;
  const unusual = findUnusual({
    perSecond,
    templates: data.templates,
    incidents,
    events,
    series,
    endpointMinutes: data.endpointMinutes,
    coverage: data.coverage,
  });
  const ctx: AnalysisContext = {
    events,
    signatureCounts: data.signatureCounts,
    eventTypeCounts: data.eventTypeCounts,
    series,
    incidents,
    restarts,
    endpoints,
    findings: allFindings,
    inputs,
    haproxyTerminations: data.haproxyTerminations,
    socketStates: data.socketStates,
    unusual,
    changes: changes.changes,
  };
  // No incident, no hypothesis: a healthy input is not guessed about.
  const hypotheses: Hypothesis[] =
    incidents.length === 0
      ? []
      : DETECTORS.map((d) => d.detect(ctx))
          .filter((h): h is Hypothesis => h !== null && h.confidence > 0)
          .map((h) => (options.rawConfidence ? h : { ...h, confidence: calibrate(h.confidence) }))
          .filter((h) => h.confidence > 0)
          .sort((a, b) => b.confidence - a.confidence);
  const examined = examine(ctx, hypotheses);
  return {
    version: 1,
    inputs,
    span: {
      start: times.length ? new Date(Math.min(...times)).toISOString() : null,
      end: times.length ? new Date(Math.max(...times)).toISOString() : null,
    },
    incidents,
    hypotheses,
    ruledOut: examined.ruledOut,
    notExamined: examined.notExamined,
    forecasts: logForecasts({
      events,
      signatureCounts: data.signatureCounts,
      series,
      inputs,
      stack: audit?.stack,
      templates: data.templates,
      end: times.length ? Math.max(...times) : Number.NaN,
    }),
    restarts,
    changes: changes.changes,
    findings,
    endpoints,
    series,
    perSecond,
    timeline: keyEvents(events, incidents),
    assumptions: data.assumptions,
    unusual,
    problems: [
      ...data.problems,
      ...(audit?.issues.map((i) => `${i.path}:${i.line}: ${i.message}`) ?? []),
      ...(changes.omitted > 0 ? [`${changes.omitted} more changes left out of the list (cron jobs first)`] : []),
    ],
  };
}

/**
 * The Node.js version the logs state, per host (the newest statement): PM2's start banner and the line after an
 * uncaught exception. The audit uses it for an app whose files name no version, citing the log line.
 */
function statedNodeVersions(events: readonly LogEvent[]): Map<string, Setting<string>> {
  const out = new Map<string, Setting<string>>();
  for (const e of events) {
    if (e.signature !== 'pm2-daemon-node-version' && e.signature !== 'node-version-after-crash') continue;
    const version = e.fields?.version;
    if (typeof version !== 'string') continue;
    const have = out.get(e.host ?? '');
    if (!have || (have.loc && have.loc.path === e.path && have.loc.line < e.line) || !have.loc)
      out.set(e.host ?? '', written(version, { path: e.path, line: e.line }, e.text.split('\n')[0]));
  }
  return out;
}

/** Key events for the report: inside incidents first, one per signature and file, then the rest. */
function keyEvents(events: LogEvent[], incidents: InvestigateResult['incidents']): LogEvent[] {
  const inIncident = (e: LogEvent) => incidents.some((i) => e.time >= i.start - 5 * 60_000 && e.time <= i.end);
  const seen = new Map<string, number>();
  const picked: LogEvent[] = [];
  for (const pass of [true, false]) {
    for (const e of events) {
      if (!Number.isFinite(e.time) || inIncident(e) !== pass) continue;
      const key = `${e.signature ?? e.level}|${e.path}`;
      const n = seen.get(key) ?? 0;
      if (n >= (pass ? 3 : 1)) continue;
      seen.set(key, n + 1);
      picked.push(e);
      if (picked.length >= TIMELINE_MAX) break;
    }
  }
  return picked.sort((a, b) => a.time - b.time);
}
