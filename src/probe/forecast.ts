// What runs out first: a least-squares line through each resource's samples, and the time it reaches its limit at
// the fitted slope (eta) and at the ends of the slope's 95 % interval (low: the earliest, high: the latest, null when
// the interval allows no growth). Only resources that grew beyond doubt (the interval above zero) are forecast.
import { linearFit } from './stats.js';
import type { Forecast, ProbeCertificate, Snapshot } from './types.js';

interface Series {
  resource: Forecast['resource'];
  subject: string;
  limit: number;
  unit: string;
  points: { t: number; v: number }[];
}

/** A service's connection limit from its config: connections accepted on `port`, or sockets of `processes`. */
export interface ConnectionLimit {
  port?: number;
  processes?: string[];
  limit: number;
  subject: string;
  describe: string;
}

/** A worker pool's size limit from its config: the processes whose `workerOf` is `pool`. */
export interface WorkerPoolLimit {
  pool: string;
  limit: number;
  describe: string;
}

export function forecasts(
  snapshots: readonly Snapshot[],
  limits: readonly ConnectionLimit[] = [],
  certificates: readonly ProbeCertificate[] = [],
  workers: readonly WorkerPoolLimit[] = [],
): Forecast[] {
  // A certificate runs out on its date, sampled or not (an expired one is a finding, not a forecast).
  const out: Forecast[] = certificates.filter((c) => c.daysLeft >= 0).map(certificateForecast);
  if (snapshots.length < 3) return out;
  const pools: Series[] = workers.map((w) => ({
    resource: 'workers',
    subject: w.pool,
    limit: w.limit,
    unit: `workers (${w.describe})`,
    points: snapshots.map((snap) => ({
      t: Date.parse(snap.time) / 1000,
      v: snap.processes.filter((p) => p.workerOf === w.pool).length,
    })),
  }));
  for (const s of [...series(snapshots), ...connectionSeries(snapshots, limits), ...pools]) {
    const f = forecastOf(s);
    if (f) out.push(f);
  }
  const key = (f: Forecast) => (f.eta === null ? Number.POSITIVE_INFINITY : Date.parse(f.eta));
  return out.sort((a, b) => key(a) - key(b) || a.subject.localeCompare(b.subject));
}

function series(snapshots: readonly Snapshot[]): Series[] {
  const last = snapshots[snapshots.length - 1];
  const out = new Map<string, Series>();
  const add = (id: string, make: () => Omit<Series, 'points'>, t: number, v: number | null) => {
    if (v === null) return;
    let s = out.get(id);
    if (!s) {
      s = { ...make(), points: [] };
      out.set(id, s);
    }
    s.points.push({ t, v });
  };
  const lastProc = new Map(last.processes.map((p) => [p.pid, p]));
  for (const snap of snapshots) {
    const t = Date.parse(snap.time) / 1000;
    for (const p of snap.processes) {
      const now = lastProc.get(p.pid);
      if (!now) continue;
      const subject = `${p.name} (pid ${p.pid})`;
      if (now.fdSoftLimit !== null && Number.isFinite(now.fdSoftLimit))
        add(`fds:${p.pid}`, () => ({ resource: 'fds', subject, limit: now.fdSoftLimit ?? 0, unit: 'fds' }), t, p.fds);
      // A process can grow until the host has nothing left, or to where PM2 restarts it or its cgroup kills it.
      if (now.rss !== null && last.host.memTotal > 0) {
        const host = now.rss + last.host.memAvailable;
        const own = now.memoryLimit ?? Number.POSITIVE_INFINITY;
        add(
          `rss:${p.pid}`,
          () =>
            own < host
              ? { resource: 'memory', subject, limit: own, unit: `bytes (limit: ${now.memoryLimitSource})` }
              : { resource: 'memory', subject, limit: host, unit: 'bytes (limit: RSS + MemAvailable)' },
          t,
          p.rss,
        );
      }
    }
    if (last.host.memTotal > 0)
      add(
        'memory:host',
        () => ({
          resource: 'memory',
          subject: `host ${last.host.name}`.trim(),
          limit: last.host.memTotal,
          unit: 'bytes',
        }),
        t,
        snap.host.memTotal - snap.host.memAvailable,
      );
    for (const m of snap.mounts) {
      if (m.readOnly) continue;
      const lm = last.mounts.find((x) => x.mount === m.mount);
      if (!lm) continue;
      add(
        `disk:${m.mount}`,
        () => ({ resource: 'disk', subject: m.mount, limit: lm.used + lm.available, unit: 'bytes' }),
        t,
        m.used,
      );
      if (lm.inodes > 0)
        add(
          `inodes:${m.mount}`,
          () => ({ resource: 'inodes', subject: m.mount, limit: lm.inodes, unit: 'inodes' }),
          t,
          m.inodesUsed,
        );
    }
    for (const l of snap.listeners) {
      const ll = last.listeners.find((x) => x.address === l.address && x.port === l.port);
      if (!ll || ll.backlogLimit === null) continue;
      const subject = `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
      add(
        `queue:${subject}`,
        () => ({ resource: 'accept-queue', subject, limit: ll.backlogLimit ?? 0, unit: 'connections' }),
        t,
        l.backlog,
      );
    }
  }
  return [...out.values()];
}

/** Days left against 0, falling one a day: its end is known exactly. */
function certificateForecast(c: ProbeCertificate): Forecast {
  return {
    resource: 'certificate',
    subject: `${c.subject} (${c.path})`,
    limit: 0,
    current: c.daysLeft,
    slopePerHour: -1 / 24,
    eta: c.notAfter,
    low: c.notAfter,
    high: c.notAfter,
    evidence: [`notAfter ${c.notAfter}; named by ${c.referencedBy.path}:${c.referencedBy.line}`],
  };
}

function connectionSeries(snapshots: readonly Snapshot[], limits: readonly ConnectionLimit[]): Series[] {
  const out: Series[] = [];
  for (const l of limits) {
    const points: Series['points'] = [];
    for (const snap of snapshots) {
      const t = Date.parse(snap.time) / 1000;
      if (l.port !== undefined) {
        const on = snap.listeners.filter((x) => x.port === l.port);
        if (on.length) points.push({ t, v: on.reduce((n, x) => n + x.established, 0) });
      } else {
        const procs = snap.processes.filter((p) => l.processes?.includes(p.name));
        if (procs.length) points.push({ t, v: procs.reduce((n, p) => n + (p.sockets.ESTABLISHED ?? 0), 0) });
      }
    }
    out.push({
      resource: 'connections',
      subject: l.subject,
      limit: l.limit,
      unit: `connections (${l.describe})`,
      points,
    });
  }
  return out;
}

function forecastOf(s: Series): Forecast | undefined {
  if (s.points.length < 3) return undefined;
  const t0 = s.points[0].t;
  const fit = linearFit(
    s.points.map((p) => p.t - t0),
    s.points.map((p) => p.v),
  );
  if (!fit || fit.low <= 0) return undefined;
  const last = s.points[s.points.length - 1];
  const left = s.limit - last.v;
  if (left <= 0) return undefined;
  const at = (slope: number) => (slope > 0 ? new Date((last.t + left / slope) * 1000).toISOString() : null);
  const span = last.t - t0;
  return {
    resource: s.resource,
    subject: s.subject,
    limit: s.limit,
    current: last.v,
    slopePerHour: fit.slope * 3600,
    eta: at(fit.slope),
    low: at(fit.high),
    high: at(fit.low),
    evidence: [
      `${s.points.length} samples over ${Math.round(span)} s: ${s.points[0].v} → ${last.v} ${s.unit} (limit ${s.limit})`,
      `least-squares slope ${round(fit.slope * 3600)} ${s.unit}/h, 95 % interval ${round(fit.low * 3600)} to ${round(fit.high * 3600)}`,
    ],
  };
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? String(Math.round(n)) : String(Number(n.toPrecision(3)));
}
