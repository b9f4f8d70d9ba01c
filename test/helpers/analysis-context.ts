// Builds AnalysisContexts for the detector tests from real-looking log lines, the way the pipeline
// would: events typed by the signature they match, counts per type, per-minute rows, incident windows.

import { typeOf } from '../../src/analysis/hypotheses/weigh.js';
import type { AnalysisContext, Incident, MinuteRow, Restart } from '../../src/analysis/types.js';
import type { CauseId } from '../../src/model/causes.js';
import type { HttpRequestFields, Level, LogEvent, LogFormatId } from '../../src/model/event.js';
import type { Finding } from '../../src/rules/types.js';
import { SIGNATURES } from '../../src/signatures/catalog.js';
import { createMatcher } from '../../src/signatures/match.js';
import type { EventType } from '../../src/signatures/types.js';

export interface LineSpec {
  path: string;
  line: number;
  /** ISO UTC. */
  time: string;
  text: string;
  format: LogFormatId;
  /**
   * The type of the signature this line must match in the catalog (checked: a fixture line that the
   * catalog types differently, or not at all, throws). Omit for lines no signature matches.
   */
  event?: EventType;
  level?: Level;
  cause?: CauseId;
  signature?: string;
  host?: string;
  program?: string;
  fields?: Record<string, string | number>;
  request?: HttpRequestFields;
}

export type TypedEvent = LogEvent;

const matcher = createMatcher(SIGNATURES);

/** An event as the pipeline makes it: the first line of the record matched against the catalog. */
export function ev(spec: LineSpec): TypedEvent {
  const e: TypedEvent = {
    time: Date.parse(spec.time),
    timeBasis: 'explicit',
    path: spec.path,
    line: spec.line,
    format: spec.format,
    level: spec.level ?? 'error',
    text: spec.text,
  };
  const hit = matcher.match(spec.format, spec.text.split('\n')[0]);
  if (spec.event !== undefined && hit?.signature.event !== spec.event) {
    throw new Error(
      `fixture ${spec.path}:${spec.line}: expected a ${spec.event} signature, the catalog says ${hit ? `${hit.signature.id} (${hit.signature.event})` : 'none'}`,
    );
  }
  if (hit) {
    e.signature = hit.signature.id;
    if (hit.signature.cause) e.cause = hit.signature.cause;
    if (Object.keys(hit.groups).length) e.fields = { ...hit.groups };
  }
  for (const k of ['cause', 'signature', 'host', 'program', 'request'] as const) {
    if (spec[k] !== undefined) (e as unknown as Record<string, unknown>)[k] = spec[k];
  }
  if (spec.fields) e.fields = { ...e.fields, ...spec.fields };
  return e;
}

export function restart(
  time: string,
  process: string,
  reason: string,
  path: string,
  line: number,
  text: string,
  preceding: Restart['preceding'] = [],
): Restart {
  return { time: Date.parse(time), process, reason, evidence: { time: Date.parse(time), path, line, text }, preceding };
}

export function finding(rule: string, path: string, line: number): Finding {
  return { rule, severity: 'error', title: rule, message: rule, locations: [{ path, line }], fix: '', references: [] };
}

/** Per-minute rows from `start`, one per entry of `rows`. */
export function minutes(start: string, rows: Partial<MinuteRow>[]): MinuteRow[] {
  const t0 = Date.parse(start);
  return rows.map((r, i) => ({
    t: t0 + i * 60_000,
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
    ...r,
  }));
}

export interface ContextParts extends Partial<Omit<AnalysisContext, 'events'>> {
  events: TypedEvent[];
  /** false: a healthy context (no incident window). Default: one window over the error-level events. */
  incident?: boolean;
}

export function context(parts: ContextParts): AnalysisContext {
  const events = [...parts.events].sort((a, b) => a.time - b.time);
  const eventTypeCounts: AnalysisContext['eventTypeCounts'] = {};
  const signatureCounts: Record<string, number> = {};
  for (const e of events) {
    const t = typeOf(e);
    if (t) eventTypeCounts[t] = (eventTypeCounts[t] ?? 0) + 1;
    if (e.signature) signatureCounts[e.signature] = (signatureCounts[e.signature] ?? 0) + 1;
  }
  let incidents: Incident[] = parts.incidents ?? [];
  if (!parts.incidents && parts.incident !== false) {
    const bad = events.filter((e) => e.level === 'error' || e.level === 'critical' || e.level === 'warning');
    const times = [...bad.map((e) => e.time), ...(parts.restarts ?? []).map((r) => r.time)];
    if (times.length) {
      incidents = [
        {
          start: Math.min(...times),
          end: Math.max(...times),
          kinds: ['error-burst'],
          summary: 'errors',
          events: bad.slice(0, 20),
        },
      ];
    }
  }
  return {
    events,
    signatureCounts,
    eventTypeCounts,
    series: parts.series ?? [],
    incidents,
    restarts: parts.restarts ?? [],
    endpoints: parts.endpoints ?? [],
    findings: parts.findings ?? [],
    inputs: parts.inputs ?? [],
    haproxyTerminations: parts.haproxyTerminations ?? {},
    socketStates: parts.socketStates ?? {},
  };
}

/** A healthy day: steady 2xx traffic, info lines only, no incident. */
export function healthy(): AnalysisContext {
  return context({
    incident: false,
    events: [
      ev({
        path: 'var/log/redis/redis-server.log',
        line: 12,
        time: '2024-03-02T08:00:01.120Z',
        text: '1288:M 02 Mar 2024 08:00:01.120 * Ready to accept connections tcp',
        format: 'redis-log',
        level: 'notice',
      }),
      ev({
        path: 'home/deploy/.pm2/pm2.log',
        line: 40,
        time: '2024-03-02T08:00:02.000Z',
        text: '2024-03-02T08:00:02: PM2 log: App [api:0] online',
        format: 'pm2-log',
        level: 'info',
        event: 'process-online',
      }),
    ],
    series: minutes(
      '2024-03-02T08:00:00Z',
      Array.from({ length: 30 }, () => ({ requests: 120, durSum: 6, durCount: 120 })),
    ),
  });
}
