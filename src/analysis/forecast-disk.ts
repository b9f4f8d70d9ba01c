// When the disk under the logs fills (issue 12, item 2): the free space a bundle's probe snapshot gives for each
// mount (probe-snapshot.json, which `collect` writes), against how fast the logs on that mount grow — the bytes of
// each log still being written over the time its lines cover. The logs are a floor on what is written there (a
// database's files grow beside them), so the forecast is the latest the mount fills if nothing is deleted. Its range
// is the 95 % interval of that rate, from how the logs' own per-minute activity varies from stretch to stretch. "No space left on device"
// already seen on that host is quoted with it: one component has run out, the others on the mount come next.
import type { ProbeSnapshotConfig } from '../formats/config/probe-snapshot.js';
import type { LogEvent } from '../model/event.js';
import { formatSize } from '../model/units.js';
import { tQuantile } from '../probe/stats.js';
import type { ProbeMount } from '../probe/types.js';
import { componentsOf, type Stack } from '../stack/stack.js';
import type { Forecast } from './forecasts.js';
import { toEvidence, typeOf } from './hypotheses/weigh.js';
import { shellArg } from './shell-arg.js';
import type { Evidence, LogInputRecord, MinuteRow } from './types.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Less than this much of a log's time shows no growth rate worth extrapolating. */
const MIN_SPAN = 10 * MINUTE;
/** A mount that would take longer than this to fill is no forecast: nothing the logs show is running out. */
const HORIZON = 90 * 24 * HOUR;
/** The stretches of five minutes or more the rate's interval is taken over: as many as there are, up to this. */
const MAX_BLOCKS = 12;

export interface DiskInputs {
  inputs: readonly LogInputRecord[];
  events: readonly LogEvent[];
  series: readonly MinuteRow[];
  stack?: Stack;
}

interface Growing {
  path: string;
  bytesPerHour: number;
}

/** The log's place on its host: the input path without the bundle's host folder, from the root. */
function hostPathOf(i: LogInputRecord): string {
  const rel = i.host && i.path.startsWith(`${i.host}/`) ? i.path.slice(i.host.length + 1) : i.path;
  return rel.startsWith('/') ? rel : `/${rel}`;
}

function mountOf(path: string, mounts: readonly ProbeMount[]): ProbeMount | undefined {
  let best: ProbeMount | undefined;
  for (const m of mounts) {
    if (m.readOnly || m.size <= 0) continue;
    const prefix = m.mount.endsWith('/') ? m.mount : `${m.mount}/`;
    if ((path.startsWith(prefix) || m.mount === '/') && (!best || m.mount.length > best.mount.length)) best = m;
  }
  return best;
}

/** The logs still written at the end (not a rotated one that ended earlier), with their growth, per mount. */
function growingLogs(inputs: readonly LogInputRecord[], host: string, mounts: readonly ProbeMount[]) {
  const mine = inputs.filter(
    (i) => (i.host ?? '') === host && i.format !== null && (i.bytes ?? 0) > 0 && i.firstTime !== undefined,
  );
  const ends = mine.map((i) => i.lastTime ?? Number.NaN).filter(Number.isFinite);
  const end = ends.length ? Math.max(...ends) : Number.NaN;
  const out = new Map<string, { mount: ProbeMount; logs: Growing[]; from: number; to: number }>();
  for (const i of mine) {
    const first = i.firstTime ?? Number.NaN;
    const last = i.lastTime ?? Number.NaN;
    if (!(last - first >= MIN_SPAN) || end - last > Math.max(HOUR, (last - first) / 10)) continue;
    const mount = mountOf(hostPathOf(i), mounts);
    if (!mount) continue;
    const entry = out.get(mount.mount) ?? { mount, logs: [], from: first, to: last };
    entry.logs.push({ path: i.path, bytesPerHour: ((i.bytes ?? 0) / (last - first)) * HOUR });
    entry.from = Math.min(entry.from, first);
    entry.to = Math.max(entry.to, last);
    out.set(mount.mount, entry);
  }
  return [...out.values()];
}

/**
 * The 95 % interval of the mean rate, as a share of it: the logs' own per-minute activity (requests, error lines,
 * restarts) in equal stretches of their span, Student's t on the stretches' spread. Undefined below three stretches.
 */
function spreadOf(series: readonly MinuteRow[], from: number, to: number): number | undefined {
  const blocks = Math.min(MAX_BLOCKS, Math.floor((to - from) / (5 * MINUTE)));
  if (blocks < 3) return undefined;
  const size = (to - from) / blocks;
  const sums = new Array<number>(blocks).fill(0);
  for (const r of series) {
    if (r.t < from || r.t > to) continue;
    const errors = Object.values(r.errors).reduce((n, x) => n + x, 0);
    sums[Math.min(blocks - 1, Math.floor((r.t - from) / size))] += r.requests + errors + r.restarts;
  }
  const mean = sums.reduce((n, x) => n + x, 0) / blocks;
  if (!(mean > 0)) return undefined;
  const sd = Math.sqrt(sums.reduce((n, x) => n + (x - mean) ** 2, 0) / (blocks - 1));
  return (tQuantile(blocks - 1) * sd) / Math.sqrt(blocks) / mean;
}

export function diskForecasts(inp: DiskInputs): Forecast[] {
  const out: Forecast[] = [];
  for (const c of inp.stack ? componentsOf(inp.stack, 'probe-snapshot') : []) {
    const snap: ProbeSnapshotConfig = c.data;
    const at = Date.parse(snap.snapshot.time);
    if (!Number.isFinite(at)) continue;
    for (const g of growingLogs(inp.inputs, c.host, snap.snapshot.mounts ?? [])) {
      const f = mountForecast(inp, c.host, snap, at, g);
      if (f) out.push(f);
    }
  }
  return out;
}

function mountForecast(
  inp: DiskInputs,
  host: string,
  snap: ProbeSnapshotConfig,
  at: number,
  g: ReturnType<typeof growingLogs>[number],
): Forecast | undefined {
  const m = g.mount;
  const rate = g.logs.reduce((n, l) => n + l.bytesPerHour, 0);
  if (!(rate > 0) || m.available <= 0) return undefined;
  const fill = (perHour: number) => at + (m.available / perHour) * HOUR;
  const eta = fill(rate);
  if (eta - at > HORIZON) return undefined;
  const spread = spreadOf(inp.series, g.from, g.to);
  const iso = (t: number) => new Date(t).toISOString();
  const top = [...g.logs].sort((a, b) => b.bytesPerHour - a.bytesPerHour).slice(0, 3);
  // Only while these logs were growing: an old "No space left" says nothing of the disk now.
  const full = inp.events.filter(
    (e) => (e.host ?? '') === host && typeOf(e) === 'disk-full' && e.time >= g.from && e.time <= Math.max(g.to, at),
  );
  const first = full.length ? full.reduce((a, b) => (b.time < a.time ? b : a)) : undefined;
  const mountEvidence: Evidence = {
    path: snap.path,
    line: snap.lines[`mount:${m.mount}`] ?? snap.lines.host ?? 1,
    time: snap.snapshot.time,
    text: `"mount": ${JSON.stringify(m.mount)},`,
  };
  const where = `${m.mount}${host ? ` on ${host}` : ''}`;
  return {
    resource: 'disk',
    subject: where,
    limit: m.used + m.available,
    current: m.used,
    slopePerHour: Math.round(rate),
    eta: iso(eta),
    low: spread !== undefined ? iso(fill(rate * (1 + spread))) : null,
    high: spread !== undefined && spread < 1 ? iso(fill(rate * (1 - spread))) : null,
    evidence: [mountEvidence, ...(first ? [toEvidence(first)] : [])],
    basis: `${formatSize(Math.round(m.available))} free on ${m.mount} at ${snap.snapshot.time} (${snap.path}); the logs on it grow ${formatSize(Math.round(rate))} an hour (${top.map((l) => `${l.path} ${formatSize(Math.round(l.bytesPerHour))}/h`).join(', ')})${spread !== undefined ? ` (95 % interval ${formatSize(Math.round(rate * Math.max(0, 1 - spread)))} to ${formatSize(Math.round(rate * (1 + spread)))}, from the spread of their activity)` : ''}${first ? `; "No space left on device" already at ${first.path}:${first.line}` : ''}`,
    wrongIf: `${m.mount} still has free space after ${iso(spread !== undefined && spread < 1 ? fill(rate * (1 - spread)) : eta)} with the logs growing as they do (a rotation that deletes old logs would also show it wrong)`,
    confirm: [`df -h ${shellArg(m.mount)}`, 'du -sh /var/log/* | sort -h | tail', `df -i ${shellArg(m.mount)}`],
    fix: [
      `Rotate and compress the fastest-growing logs (logrotate: maxsize, compress, rotate N) and delete the old ones`,
      `Lower their verbosity or move them off ${m.mount}; for a database, bound its WAL or binary logs (max_wal_size, binlog_expire_logs_seconds)`,
    ],
  };
}
