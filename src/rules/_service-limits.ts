// The connection limits the services' configs set, with the port each one listens on: set against the connections
// a probe snapshot sees (service-connections-near-limit) and forecast by probe. A component whose limit is only the
// default is used when no component of the same service and port writes one.
import type { SourceLoc } from '../model/setting.js';
import { componentsOf, type HostModel, hostOf, type Stack } from '../stack/stack.js';

export interface ServiceLimit {
  /** "mysql", "postgres", "redis", "nginx" */
  service: string;
  /** The port whose accepted connections count; absent for nginx (every socket of its processes counts). */
  port?: number;
  /** Process names that count (nginx: its workers). */
  processes?: string[];
  limit: number;
  /** "max_connections 151 (MySQL's default)", "worker_connections 768 × 2 workers" */
  describe: string;
  loc: SourceLoc;
}

export function serviceLimits(stack: Stack): ServiceLimit[] {
  const out: ServiceLimit[] = [];
  const pick = <T extends { isDefault: boolean; loc?: SourceLoc }>(
    all: { limit: T; port: number; path: string }[],
  ): { limit: T; port: number; path: string }[] => {
    const byPort = new Map<number, { limit: T; port: number; path: string }>();
    for (const c of all) {
      const seen = byPort.get(c.port);
      if (!seen || (seen.limit.isDefault && !c.limit.isDefault)) byPort.set(c.port, c);
    }
    return [...byPort.values()];
  };
  const described = (setting: string, s: { value: number; isDefault: boolean }, who: string) =>
    `${setting} ${s.value}${s.isDefault ? ` (${who}'s default)` : ''}`;
  const mysql = componentsOf(stack, 'mysql').map((c) => ({
    limit: c.data.server.maxConnections,
    port: c.data.server.port.value,
    path: c.path,
  }));
  for (const m of pick(mysql))
    out.push({
      service: 'mysql',
      port: m.port,
      limit: m.limit.value,
      describe: described('max_connections', m.limit, 'MySQL'),
      loc: m.limit.loc ?? { path: m.path, line: 1 },
    });
  const pg = componentsOf(stack, 'postgres').map((c) => ({
    limit: c.data.maxConnections,
    port: c.data.port.value,
    path: c.path,
  }));
  for (const m of pick(pg))
    out.push({
      service: 'postgres',
      port: m.port,
      limit: m.limit.value,
      describe: described('max_connections', m.limit, 'PostgreSQL'),
      loc: m.limit.loc ?? { path: m.path, line: 1 },
    });
  const redis = componentsOf(stack, 'redis').map((c) => ({
    limit: c.data.maxclients,
    port: c.data.port.value,
    path: c.path,
  }));
  for (const m of pick(redis))
    out.push({
      service: 'redis',
      port: m.port,
      limit: m.limit.value,
      describe: described('maxclients', m.limit, 'Redis'),
      loc: m.limit.loc ?? { path: m.path, line: 1 },
    });
  // nginx.conf is the one that sets the worker settings; a file it does not include is a server block of its own.
  const nginx =
    componentsOf(stack, 'nginx').find((c) => !c.data.workerConnections.isDefault) ?? componentsOf(stack, 'nginx')[0];
  if (nginx) {
    const workers = nginxWorkers(nginx.data.workerProcesses.value, hostOf(stack, nginx));
    if (workers !== undefined) {
      const wc = nginx.data.workerConnections;
      out.push({
        service: 'nginx',
        processes: ['nginx'],
        limit: wc.value * workers.count,
        describe: `${described('worker_connections', wc, 'nginx')} × ${workers.describe}`,
        loc: wc.loc ?? { path: nginx.path, line: 1 },
      });
    }
  }
  return out;
}

function nginxWorkers(value: number | 'auto', host: HostModel): { count: number; describe: string } | undefined {
  if (value !== 'auto') return { count: value, describe: `${value} worker_processes` };
  if (!host.cpus) return undefined;
  return { count: host.cpus.value, describe: `worker_processes auto = ${host.cpus.value} CPUs` };
}

export interface WorkerLimit {
  /** The processes' `workerOf`: "php-fpm:www". */
  pool: string;
  limit: number;
  /** "pm.max_children 5 (pm = dynamic)" */
  describe: string;
  loc: SourceLoc;
}

/**
 * Worker pools whose size moves with the load: php-fpm pools with `pm = dynamic` or `ondemand` spawn workers up to
 * pm.max_children (a static pool always runs all of them, so its count says nothing of how busy it is).
 */
export function workerLimits(stack: Stack): WorkerLimit[] {
  const out: WorkerLimit[] = [];
  for (const c of componentsOf(stack, 'php-fpm'))
    for (const pool of c.data.pools) {
      const pm = pool.pm?.value ?? 'dynamic';
      if (pm === 'static' || !pool.maxChildren) continue;
      out.push({
        pool: `php-fpm:${pool.name}`,
        limit: pool.maxChildren.value,
        describe: `pm.max_children ${pool.maxChildren.value} (pm = ${pm})`,
        loc: pool.maxChildren.loc ?? pool.loc,
      });
    }
  return out;
}
