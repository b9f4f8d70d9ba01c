// `faultline probe` as a library call: one snapshot, or snapshots every interval over a window; samples, deltas of
// the overflow counters, forecasts; findings from the rules over the snapshot as a `probe-snapshot` component,
// exactly as `audit` judges a probe-snapshot.json.
import type { FindingPolicy } from '../audit/policy.js';
import { auditTexts } from '../audit.js';
import { probeSnapshotConfig } from '../formats/config/probe-snapshot.js';
import { serviceLimits, workerLimits } from '../rules/_service-limits.js';
import { runRules } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import { certificateRefs, readCertificates } from './certificates.js';
import { readServiceConfigs } from './configs.js';
import { type ConnectionLimit, forecasts } from './forecast.js';
import { type SnapshotOptions, takeSnapshot } from './snapshot.js';
import type { HostSample, ProbeResult, ProcessSample, Snapshot } from './types.js';

export interface ProbeOptions extends SnapshotOptions {
  /** Seconds to sample for; 0 or absent: one snapshot. */
  duration?: number;
  /** Seconds between samples (default 5, or a fifth of a shorter window). */
  interval?: number;
  /** Called after each sample (the CLI shows progress on a TTY). */
  onSample?: (taken: number, total: number) => void;
  /** Rule selection, severities and suppressions, as for `audit` (the project file's `ignore:` and `rules:`). */
  policy?: FindingPolicy;
  /** Read the services' configs under the root's /etc and set their limits against use (default true). */
  configs?: boolean;
}

/** At most this many forecasts are listed: the ones that run out first. */
const MAX_FORECASTS = 20;

export async function probe(options: ProbeOptions = {}): Promise<ProbeResult> {
  const duration = options.duration ?? 0;
  const interval = options.interval ?? Math.min(5, duration / 5);
  const total = duration > 0 ? Math.floor(duration / interval + 1e-9) + 1 : 1;
  // The kernel's ring buffer is read once, with the last snapshot, whose OOM kills the result keeps.
  const quiet = { ...options, kmsg: false };
  const snaps: Snapshot[] = [takeSnapshot(total > 1 ? quiet : options)];
  const start = Date.now();
  if (total > 1) options.onSample?.(1, total);
  for (let i = 1; i < total; i++) {
    const wait = start + i * interval * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    snaps.push(takeSnapshot(i === total - 1 ? options : quiet));
    options.onSample?.(i + 1, total);
  }
  const result = combine(snaps, duration);
  await judge(result, snaps, options);
  return result;
}

/**
 * Findings and config-derived forecasts: the snapshot beside the services' configs, judged as `audit` judges a
 * probe-snapshot.json beside them. The certificates the configs name are read once the configs are parsed, and the
 * rules run again over the same stack to see them (rules are pure functions of the stack).
 */
async function judge(result: ProbeResult, snaps: readonly Snapshot[], options: ProbeOptions): Promise<void> {
  const root = options.root ?? '/';
  const configs = options.configs === false ? { texts: [], skipped: [] } : await readServiceConfigs(root);
  const component = {
    id: 'probe-snapshot:probe',
    format: 'probe-snapshot' as const,
    path: 'probe',
    host: '',
    data: probeSnapshotConfig(result, 'probe'),
  };
  const audited = auditTexts(configs.texts, {}, options.policy, [component]);
  result.configs = audited.inputs
    .filter((i) => i.format !== null && !i.note)
    .map((i) => ({ path: i.path, format: i.format, error: i.error }));
  const certs = readCertificates(root, certificateRefs(audited.stack), Date.parse(result.time));
  result.certificates = certs.certificates;
  result.unreadable.push(...certs.unreadable);
  result.findings = certs.certificates.length ? runRules(RULES, audited.stack).findings : audited.findings;
  const limits: ConnectionLimit[] = serviceLimits(audited.stack).map((l) => ({
    port: l.port,
    processes: l.processes,
    limit: l.limit,
    subject: l.port !== undefined ? `${l.service} :${l.port}` : l.service,
    describe: l.describe,
  }));
  const pools = workerLimits(audited.stack);
  if (limits.length || certs.certificates.length || pools.length)
    result.forecasts = forecasts(snaps, limits, certs.certificates, pools).slice(0, MAX_FORECASTS);
}

/** The last snapshot, with the samples of all of them, the counters' deltas and the forecasts. */
export function combine(snaps: readonly Snapshot[], duration: number): ProbeResult {
  const first = snaps[0];
  const last = snaps[snaps.length - 1];
  const samples: ProcessSample[] = [];
  const hostSamples: HostSample[] = [];
  const seenFull = new Set<string>();
  for (const s of snaps) {
    for (const p of s.processes)
      samples.push({ time: s.time, pid: p.pid, rss: p.rss, fds: p.fds, sockets: { ...p.sockets } });
    const full = s.listeners
      .filter((l) => l.backlogLimit !== null && l.backlog >= l.backlogLimit)
      .map((l) => `${l.address}:${l.port}`);
    for (const f of full) seenFull.add(f);
    hostSamples.push({
      time: s.time,
      memAvailable: s.host.memAvailable,
      swapUsed: s.host.swapUsed,
      mounts: s.mounts.map((m) => ({ mount: m.mount, used: m.used, inodesUsed: m.inodesUsed })),
      listenOverflows: s.host.listenOverflows,
      fullListeners: full,
    });
  }
  const delta = (a: number | null, b: number | null) => (snaps.length > 1 && a !== null && b !== null ? b - a : null);
  const host = {
    ...last.host,
    listenOverflowsDelta: delta(first.host.listenOverflows, last.host.listenOverflows),
    listenDropsDelta: delta(first.host.listenDrops, last.host.listenDrops),
  };
  // The counters are per network namespace: their rise is put on the listeners seen full, shared when several were.
  const overflow = host.listenOverflowsDelta ?? 0;
  const listeners = last.listeners.map((l) => ({
    ...l,
    overflows:
      snaps.length > 1 && seenFull.has(`${l.address}:${l.port}`) ? Math.round(overflow / seenFull.size) : l.overflows,
  }));
  return {
    ...last,
    host,
    listeners,
    samples: snaps.length > 1 ? samples : [],
    hostSamples: snaps.length > 1 ? hostSamples : [],
    findings: [],
    configs: [],
    certificates: [],
    forecasts: forecasts(snaps).slice(0, MAX_FORECASTS),
    duration,
  };
}
