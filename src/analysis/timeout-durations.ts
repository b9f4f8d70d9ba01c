// 504s at exactly proxy_read_timeout: 5xx requests whose logged duration (nginx $request_time, HAProxy Ta/Tt, a
// fractional %T — each format's parser puts it in request.duration, seconds; an ambiguous bare integer it leaves out) sits within 2 % of a timeout the configs
// set on a request path (proxy_read_timeout, HAProxy timeout server, gunicorn --timeout …). Many of them at one
// value are that timeout firing, whatever the error lines say. Read from the events the read path already keeps
// (5xx lines are notable records there), never from the per-line loop, at most MAX_PER_FILE per file.
import type { LogEvent } from '../model/event.js';
import type { SourceLoc } from '../model/setting.js';
import type { Finding } from '../rules/types.js';
import { buildLadder, formatValue } from '../stack/ladder.js';
import type { Stack } from '../stack/stack.js';
import { toEvidence } from './hypotheses/weigh.js';

const TOLERANCE = 0.02;
/** Fewer than this at one value is a coincidence, not a timeout firing. */
const MIN_REQUESTS = 3;
const MAX_PER_FILE = 10_000;
const MAX_LINES = 5;

export interface TimeoutCluster {
  /** "nginx proxy_read_timeout 1 s" */
  setting: string;
  ms: number;
  /** Where the timeout is set, or the hop's line for a default. */
  loc: SourceLoc;
  host: string;
  requests: LogEvent[];
}

/** The 5xx requests with a duration, by host, at most MAX_PER_FILE per file. */
function slowErrors(events: readonly LogEvent[]): Map<string, LogEvent[]> {
  const perFile = new Map<string, number>();
  const byHost = new Map<string, LogEvent[]>();
  for (const e of events) {
    const r = e.request;
    if (!r || r.status === undefined || r.status < 500 || r.duration === undefined || !Number.isFinite(r.duration))
      continue;
    const n = perFile.get(e.path) ?? 0;
    if (n >= MAX_PER_FILE) continue;
    perFile.set(e.path, n + 1);
    const host = e.host ?? '';
    const list = byHost.get(host);
    if (list) list.push(e);
    else byHost.set(host, [e]);
  }
  return byHost;
}

/** Each request timeout of the request paths (once per setting) with the 5xx requests that ended at it. */
export function timeoutClusters(stack: Stack, events: readonly LogEvent[]): TimeoutCluster[] {
  const errors = slowErrors(events);
  if (!errors.size) return [];
  const seen = new Set<string>();
  const out: TimeoutCluster[] = [];
  for (const hop of buildLadder(stack).flatMap((p) => p.hops)) {
    const v = hop.request;
    if (!v || v.value <= 0) continue;
    const loc = v.loc ?? { path: hop.path, line: hop.line };
    const key = `${hop.host}|${loc.path}:${loc.line}|${v.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const near = (errors.get(hop.host) ?? []).filter(
      (e) => Math.abs((e.request?.duration ?? 0) * 1000 - v.value) <= v.value * TOLERANCE,
    );
    if (near.length >= MIN_REQUESTS)
      out.push({
        setting: `${hop.component} ${v.name} ${formatValue(v)}`,
        ms: v.value,
        loc,
        host: hop.host,
        requests: near,
      });
  }
  return out;
}

const at = (l: SourceLoc) => `${l.path}:${l.line}`;

/** Findings that cite a clustered timeout's setting get those requests as evidence, and `atTimeout` says which. */
export function withTimeoutEvidence(findings: Finding[], clusters: TimeoutCluster[]): Finding[] {
  if (!clusters.length) return findings;
  return findings.map((f) => {
    const cited = new Set(f.locations.map(at));
    const c = clusters.find((k) => cited.has(at(k.loc)));
    if (!c) return f;
    const hits = c.requests;
    const picked = hits.length > MAX_LINES ? [...hits.slice(0, MAX_LINES - 1), hits[hits.length - 1]] : hits;
    const evidence = [...(f.evidence ?? []), ...picked.map(toEvidence)];
    return {
      ...f,
      evidence,
      firing: (f.firing ?? 0) + hits.length,
      atTimeout: { setting: c.setting, ms: c.ms, requests: hits.length },
    };
  });
}
