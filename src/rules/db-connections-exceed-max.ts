import { posix } from 'node:path';
import type { SourceLoc } from '../model/setting.js';
import type { Component, Link, Stack } from '../stack/stack.js';
import { componentById, componentsOf, hostOf } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import { pm2AppsFor, pm2Instances } from './_host.js';
import type { FindingDraft, Rule } from './types.js';

type Database = Component<'mysql' | 'postgres'>;

/** The database component a link ends at, directly or through an HAProxy proxy of the input. */
export function databaseBehind(stack: Stack, link: Link): Database | undefined {
  const to = link.to;
  if (!to) return undefined;
  const comp = stack.components.find((c) => c.id === to.component);
  if (!comp) return undefined;
  if (comp.format === 'mysql' || comp.format === 'postgres') return comp;
  if (comp.format !== 'haproxy') return undefined;
  const hap = comp;
  const [kind, ...rest] = to.name.split(' ');
  const front = hap.data.proxies.find((p) => p.kind === kind && p.name === rest.join(' '));
  const back =
    front?.kind === 'listen'
      ? front
      : hap.data.proxies.find((p) => p.kind !== 'frontend' && p.name === front?.defaultBackend?.value);
  if (!back) return undefined;
  for (const l of stack.links) {
    if (l.from.component !== hap.id || !l.from.name.startsWith(`${back.kind} ${back.name} / server `) || !l.to)
      continue;
    const db = componentById(stack, l.to.component, 'mysql', 'postgres');
    if (db) return db;
  }
  return undefined;
}

interface Client {
  what: string;
  connections: number;
  locs: SourceLoc[];
}

function procfileProcesses(stack: Stack, near: string): { count: number; what: string; loc: SourceLoc }[] {
  const out: { count: number; what: string; loc: SourceLoc }[] = [];
  for (const pf of componentsOf(stack, 'procfile')) {
    const d = posix.dirname(pf.path);
    if (!(near === d || near.startsWith(`${d}/`))) continue;
    for (const p of pf.data.processes) {
      const gunicorn = /\bgunicorn\b/.test(p.command);
      const celeryAt = p.command.search(/\bcelery\b/);
      // `worker` after `celery`, searched once: `\bcelery\b.*\bworker\b` rescanned the rest from every `celery`.
      const celery = celeryAt >= 0 && /\bworker\b/.test(p.command.slice(celeryAt + 6));
      if (!gunicorn && !celery) continue;
      const m = gunicorn
        ? /(?:--workers|-w)[= ](\d+)/.exec(p.command)
        : /(?:--concurrency|-c)[= ](\d+)/.exec(p.command);
      const threads = gunicorn ? Number(/--threads[= ](\d+)/.exec(p.command)?.[1] ?? 1) : 1;
      const n = Number(m?.[1] ?? 1) * threads;
      out.push({ count: n, what: `${p.type}: ${gunicorn ? 'gunicorn' : 'celery'} × ${n}`, loc: p.loc });
    }
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'db-connections-exceed-max',
    severity: 'error',
    title: 'The application pools can open more connections than the database allows',
    summary:
      'Pool size × processes is above max_connections: under load, new connections are refused ("Too many connections" / "too many clients already").',
    explanation:
      'Each application process has its own pool: knex (default max 10), mysql2 `connectionLimit` (default 10), pg `max` (default 10), sequelize (default 5); PM2 cluster mode multiplies it by the number of instances (`instances: max` = one per CPU), gunicorn by its workers. When the sum passes the database’s `max_connections` (MySQL/MariaDB default 151, PostgreSQL 100 with 3 reserved for superusers), the pools stop growing at the worst moment: requests queue on pool acquire, time out (`KnexTimeoutError: Knex: Timeout acquiring a connection`), and the database answers "Too many connections" (1040) / "sorry, too many clients already".',
    fix: 'Make pool max × processes (+ migrations, cron jobs, admin sessions) fit under max_connections with headroom: lower the pool max per process, or raise max_connections (memory!) — or put a pooler (PgBouncer, ProxySQL) in between.',
    references: [
      'https://knexjs.org/guide/#pool',
      'https://node-postgres.com/apis/pool',
      'https://mariadb.com/kb/en/server-system-variables/#max_connections',
      'https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS',
    ],
    messages: {
      exceeds:
        '{{db}} ({{dbPath}}) accepts {{max}} connections ({{maxSource}}) but its clients may open {{total}}: {{clients}}.',
    },
    requires: [
      ['mysql', 'postgres'],
      ['node-app', 'django'],
    ],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    const clients = new Map<string, { db: Database; list: Client[] }>();
    const add = (db: Database, c: Client) => clients.set(db.id, { db, list: [...(clients.get(db.id)?.list ?? []), c] });
    for (const app of stack.nodeApps) {
      const runners = pm2AppsFor(stack, app);
      const firstComp = stack.components.find((c) => c.id === app.components[0]);
      const host = firstComp ? hostOf(stack, firstComp) : stack.hosts[0];
      const counts = runners.map((r) => pm2Instances(r.app, host));
      const processes = counts.length ? counts.reduce((s, c) => s + c.value, 0) : 1;
      for (const pool of app.config.pools) {
        const link = stack.links.find(
          (l) => l.from.name === `${app.name} ${pool.library} pool` && l.from.loc === pool.loc,
        );
        const db = link ? databaseBehind(stack, link) : undefined;
        if (!db) continue;
        const poolText = `${pool.library} pool max ${pool.max.value}${pool.max.isDefault ? ' (default)' : ''}`;
        add(db, {
          what: counts.length
            ? `${app.name}: ${poolText} × ${processes} (${counts.map((c) => c.describe).join(', ')})`
            : `${app.name}: ${poolText}`,
          connections: pool.max.value * processes,
          locs: uniqueLocs([pool.max.loc ?? pool.loc, ...counts.flatMap((c) => c.locs)]),
        });
      }
    }
    for (const dj of componentsOf(stack, 'django')) {
      for (const db of dj.data.databases) {
        const link = stack.links.find((l) => l.from.component === dj.id && l.from.name === `DATABASES['${db.alias}']`);
        const target = link ? databaseBehind(stack, link) : undefined;
        if (!target) continue;
        for (const p of procfileProcesses(stack, posix.dirname(dj.path))) {
          add(target, { what: `Django ${p.what}`, connections: p.count, locs: [p.loc, db.loc] });
        }
      }
    }
    for (const { db, list } of clients.values()) {
      const max = db.format === 'mysql' ? db.data.server.maxConnections : db.data.maxConnections;
      const reserved = db.format === 'postgres' ? 3 : 0;
      const usable = max.value - reserved;
      const total = list.reduce((s, c) => s + c.connections, 0);
      if (total <= usable) continue;
      out.push({
        messageId: 'exceeds',
        data: {
          db: db.format === 'mysql' ? 'MySQL/MariaDB' : 'PostgreSQL',
          dbPath: db.path,
          max: usable,
          maxSource: `max_connections ${max.value}${max.isDefault ? ' (default)' : ` at ${max.loc?.path}:${max.loc?.line}`}${reserved ? `, ${reserved} reserved for superusers` : ''}`,
          total,
          clients: list.map((c) => c.what).join('; '),
        },
        locations: uniqueLocs([...list.flatMap((c) => c.locs), max.loc]),
      });
    }
    return out;
  },
};

export default rule;
