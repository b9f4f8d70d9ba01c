import type { HaproxyProxy } from '../formats/config/types.js';
import type { SourceLoc } from '../model/setting.js';
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

const rule: Rule = {
  meta: {
    id: 'capacity-exceeds-downstream',
    severity: 'warning',
    title: 'A layer lets in more connections than the layer behind it accepts',
    summary:
      'HAProxy accepts more client connections (maxconn) than the databases behind it accept (max_connections), and no server maxconn makes it queue the rest: under load the database refuses connections instead of HAProxy queueing them.',
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
      haproxyOverDatabase:
        'HAProxy {{proxy}} accepts up to {{incoming}} connections ({{incomingSource}}) and passes each on to its {{servers}} {{db}} server(s) without a server maxconn that fits, but they accept {{accepts}} together ({{maxSource}} each): past {{accepts}} the clients get "Too many connections" instead of waiting in HAProxy\'s queue.',
    },
    requires: [['haproxy'], ['mysql', 'postgres']],
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
    return out;
  },
};

export default rule;
