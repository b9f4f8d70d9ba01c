import type { HaproxyProxy } from '../formats/config/types.js';
import type { SourceLoc } from '../model/setting.js';
import { buildLadder, type Hop, type LadderValue } from '../stack/ladder.js';
import { type Component, componentById, type Stack } from '../stack/stack.js';
import { frontendsOf, serverLinks, uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

type Database = Component<'mysql' | 'postgres'>;

const maxConnections = (db: Database) =>
  db.format === 'mysql' ? db.data.server.maxConnections : db.data.maxConnections;

interface Server {
  name: string;
  db: Database;
  maxconn?: number;
  loc: SourceLoc;
}

/** A backend's servers that reach a database config of the input. */
function databaseServers(stack: Stack, c: Component<'haproxy'>, back: HaproxyProxy): Server[] {
  const links = serverLinks(stack, c, back);
  return back.servers.flatMap((s) => {
    if (s.backup || s.disabled) return [];
    const link = links.find((l) => l.from.name === `${back.kind} ${back.name} / server ${s.name}`);
    const db = componentById(stack, link?.to?.component, 'mysql', 'postgres');
    return db ? [{ name: s.name, db, maxconn: s.maxconn?.value, loc: s.loc }] : [];
  });
}

function check(stack: Stack, c: Component<'haproxy'>, back: HaproxyProxy): FindingDraft | undefined {
  const servers = databaseServers(stack, c, back);
  if (!servers.length) return undefined;
  // What the databases accept: each server its max_connections, or less when HAProxy caps it with maxconn.
  const accepts = servers.reduce((n, s) => n + Math.min(s.maxconn ?? Infinity, maxConnections(s.db).value), 0);
  const capped = servers.every((s) => s.maxconn !== undefined && s.maxconn <= maxConnections(s.db).value);
  if (capped) return undefined;
  const fronts = frontendsOf(c.data, back);
  const limits = fronts.map((f) => f.maxconn ?? c.data.global.maxconn).filter((m) => m !== undefined);
  if (limits.length !== fronts.length || !limits.length) return undefined;
  const incoming = limits.reduce((n, m) => n + m.value, 0);
  if (incoming <= accepts) return undefined;
  const db = servers[0].db;
  const max = maxConnections(db);
  return {
    messageId: 'haproxyOverDatabase',
    data: {
      proxy: `${back.kind} ${back.name}`,
      incoming,
      incomingSource: limits
        .map((m) => `maxconn ${m.value}${m.loc ? ` at ${m.loc.path}:${m.loc.line}` : ''}`)
        .join(' + '),
      servers: servers.length,
      db: db.format === 'postgres' ? 'PostgreSQL' : db.data.server.flavor === 'mariadb' ? 'MariaDB' : 'MySQL',
      accepts,
      maxSource: `max_connections ${max.value}${max.loc ? ` at ${max.loc.path}:${max.loc.line}` : ' (default)'}`,
    },
    locations: uniqueLocs([...servers.map((s) => s.loc), ...limits.map((m) => m.loc), max.loc]),
  };
}

const APP_SERVERS = new Set<Hop['kind']>(['gunicorn', 'uwsgi', 'php-fpm']);

/** Requests an app server hop runs at once: workers (pm.max_children) × threads; each may hold one connection. */
function concurrency(h: Hop): { n: number; parts: LadderValue[] } | undefined {
  const workers = h.limits.find((l) => l.name === 'workers' || l.name === 'pm.max_children');
  if (!workers) return undefined;
  const threads = h.limits.find((l) => l.name === 'threads');
  return { n: workers.value * (threads?.value ?? 1), parts: threads ? [workers, threads] : [workers] };
}

const valueText = (v: LadderValue) =>
  `${v.name} ${v.value}${v.loc && !v.isDefault ? ` at ${v.loc.path}:${v.loc.line}` : ' (default)'}`;

/**
 * The app servers whose application code (Django) reaches a database through HAProxy in tcp mode, counted together
 * across every path and host, against what the HAProxy frontend accepts (its maxconn, else the global one).
 */
function appsOverProxy(stack: Stack): FindingDraft[] {
  const byProxy = new Map<string, { proxy: Hop; apps: Map<string, { hop: Hop; n: number; parts: LadderValue[] }> }>();
  for (const path of buildLadder(stack)) {
    const i = path.hops.findIndex((h) => APP_SERVERS.has(h.kind));
    const proxy = i < 0 ? undefined : path.hops.slice(i + 1).find((h) => h.kind === 'haproxy' && !h.request);
    const c = proxy ? concurrency(path.hops[i]) : undefined;
    if (!proxy || !c) continue;
    const key = `${proxy.componentId}|${proxy.name}`;
    const entry = byProxy.get(key) ?? { proxy, apps: new Map() };
    entry.apps.set(`${path.hops[i].componentId}|${path.hops[i].name}`, { hop: path.hops[i], ...c });
    byProxy.set(key, entry);
  }
  const out: FindingDraft[] = [];
  for (const { proxy, apps } of byProxy.values()) {
    const limit =
      proxy.limits.find((l) => l.name === 'maxconn') ?? proxy.limits.find((l) => l.name === 'global maxconn');
    const total = [...apps.values()].reduce((n, a) => n + a.n, 0);
    if (!limit || total <= limit.value) continue;
    const list = [...apps.values()];
    out.push({
      messageId: 'appsOverProxy',
      data: {
        proxy: proxy.name,
        total,
        apps: list.map((a) => `${a.hop.name}: ${a.parts.map(valueText).join(' × ')}`).join('; '),
        limit: limit.value,
        limitSource: valueText(limit),
      },
      locations: uniqueLocs([
        ...list.flatMap((a) => a.parts.map((p) => p.loc ?? { path: a.hop.path, line: a.hop.line })),
        limit.loc,
      ]),
    });
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'capacity-exceeds-downstream',
    severity: 'warning',
    title: 'A layer lets in more connections than the layer behind it accepts',
    summary:
      'HAProxy accepts more client connections (maxconn) than the databases behind it accept (max_connections), and no server maxconn makes it queue the rest: under load the database refuses connections instead of HAProxy queueing them; or the app servers in front of it (workers × threads) may open more database connections than HAProxy accepts.',
    explanation:
      'In tcp mode every connection HAProxy accepts becomes one connection to a server. Its frontend (or global) `maxconn` bounds what it accepts; a server\'s `maxconn` bounds what it opens to that server, the rest waiting in HAProxy\'s queue for up to `timeout queue`. Without server maxconn HAProxy passes every accepted connection on, and once the database\'s `max_connections` (MySQL/MariaDB 151 by default, PostgreSQL 100) is reached the clients get "ERROR 1040 (HY000): Too many connections" / "FATAL: sorry, too many clients already" — errors the application often does not retry — where a queue would only have slowed them down.',
    fix: 'Give each database server a `maxconn` a little below its `max_connections` (leaving room for admin and replication sessions), e.g. `server db1 10.0.0.5:3306 check maxconn 280` for `max_connections = 300`, and set `timeout queue` to how long a client may wait; or lower the frontend `maxconn` to what the servers accept together.',
    references: [
      'https://www.haproxy.com/documentation/haproxy-configuration-manual/latest/#5.2-maxconn',
      'https://www.haproxy.com/documentation/haproxy-configuration-manual/latest/#4.2-maxconn',
      'https://mariadb.com/kb/en/server-system-variables/#max_connections',
      'https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS',
    ],
    messages: {
      appsOverProxy:
        "The app servers behind the database proxy HAProxy {{proxy}} may run {{total}} requests at once, each with its own database connection ({{apps}}), but HAProxy accepts {{limit}} ({{limitSource}}): past {{limit}} a new connection waits unaccepted until the client's connect timeout (\"Lost connection to MySQL server at 'reading initial communication packet'\", 2013).",
      haproxyOverDatabase:
        'HAProxy {{proxy}} accepts up to {{incoming}} connections ({{incomingSource}}) and passes each on to its {{servers}} {{db}} server(s) without a server maxconn that fits, but they accept {{accepts}} together ({{maxSource}} each): past {{accepts}} the clients get "Too many connections" instead of waiting in HAProxy\'s queue.',
    },
    requires: [['haproxy']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const c of stack.components) {
      if (c.format !== 'haproxy') continue;
      for (const back of c.data.proxies) {
        if (back.kind === 'frontend') continue;
        const f = check(stack, c, back);
        if (f) out.push(f);
      }
    }
    out.push(...appsOverProxy(stack));
    return out;
  },
};

export default rule;
