// The timeout and limit ladder: each request path through the stack — proxy (nginx, Apache, HAProxy) → app server
// (gunicorn, uWSGI, PHP-FPM, Node, Tomcat) → database or cache — with every timeout, keep-alive and limit on each
// hop, in one unit (ms, or a count). Built from the links (by port) and the proxy routes (app-servers.ts); each hop
// names the one setting that bounds a request there (`request`), which the ladder rules compare along the path.
import type { HaproxyProxy } from '../formats/config/types.js';
import type { Setting, SourceLoc } from '../model/setting.js';
import { type Duration, formatDuration } from '../model/units.js';
import { type AppServer, appServers, type ProxyRoute, proxyRoutes, reaches } from './app-servers.js';
import { pm2AppsFor, pm2Instances } from './pm2.js';
import type { Component, Link, NodeAppModel, Stack } from './stack.js';
import { hostOf } from './stack.js';

export type HopKind =
  | 'nginx'
  | 'apache'
  | 'haproxy'
  | 'gunicorn'
  | 'uwsgi'
  | 'php-fpm'
  | 'node'
  | 'tomcat'
  | 'django'
  | 'postgres'
  | 'mysql'
  | 'redis';

/** One timeout or limit on a hop. */
export interface LadderValue {
  /** The setting's own name: "proxy_read_timeout", "--timeout", "statement_timeout", "max_connections". */
  name: string;
  /** ms for a timeout (0 = none), a count for a limit. */
  value: number;
  unit: 'ms' | 'count';
  isDefault: boolean;
  loc?: SourceLoc;
  /** For a default: where it is documented. */
  source?: string;
  inheritedFrom?: string;
  /** How to show it when the number alone misleads (Django CONN_MAX_AGE 0 closes, None keeps for ever). */
  display?: string;
}

export interface Hop {
  kind: HopKind;
  /** For reports: "nginx", "gunicorn", "PostgreSQL". */
  component: string;
  /** The stack component's id. */
  componentId: string;
  /** "location / proxy_pass http://app", "listen galera", "gunicorn (gunicorn.service)". */
  name: string;
  host: string;
  path: string;
  line: number;
  /** The setting that bounds one request at this hop, when the layer has one; value 0 = no limit. */
  request?: LadderValue;
  timeouts: LadderValue[];
  limits: LadderValue[];
  /**
   * Idle keep-alive, each also among `timeouts`: `client`, how long this hop keeps an idle connection to the next
   * one for reuse (0 = until the other side closes it); `server`, how long it keeps an idle connection from the
   * hop before it open (0 = never closes it). Absent where the hop does not reuse or keep connections.
   */
  idle?: { client?: LadderValue; server?: LadderValue };
}

export interface RequestPath {
  hops: Hop[];
}

const ms = (name: string, s: Setting<Duration>): LadderValue => value(name, s, 'ms');
const count = (name: string, s: Setting<number>): LadderValue => value(name, s, 'count');

function value(name: string, s: Setting<number>, unit: LadderValue['unit']): LadderValue {
  return {
    name,
    value: s.value,
    unit,
    isDefault: s.isDefault,
    ...(s.loc ? { loc: s.loc } : {}),
    ...(s.defaultSource ? { source: s.defaultSource } : {}),
    ...(s.inheritedFrom ? { inheritedFrom: s.inheritedFrom } : {}),
  };
}

const present = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

/** "60 s", "0 (none)", "100". */
export function formatValue(v: LadderValue): string {
  if (v.display) return v.display;
  if (v.unit === 'count') return String(v.value);
  return v.value === 0 ? '0 (none)' : formatDuration(v.value);
}

/** "nginx proxy_read_timeout 60 s > gunicorn --timeout 30 s > PostgreSQL statement_timeout 0 (none)" */
export function ladderLine(path: RequestPath): string {
  return path.hops
    .map((h) => {
      // A layer with no bound on a request shows its first timeout (an idle one), marked so.
      const v = h.request ?? h.timeouts[0];
      const idle = h.request ? '' : ' (idle)';
      return v ? `${h.component} ${v.name} ${formatValue(v)}${idle}` : h.component;
    })
    .join(' > ');
}

function routeHop(r: ProxyRoute): Hop {
  const c = r.component;
  const keepalive = c.format === 'nginx' ? c.data.keepaliveTimeout : undefined;
  const request = ms(r.timeoutName, r.readTimeout);
  const reuse = r.reuse && ms(r.reuse.name, r.reuse.idle);
  const clientSide =
    c.format === 'apache'
      ? c.data.keepAlive.value
        ? ms('KeepAliveTimeout', c.data.keepAliveTimeout)
        : undefined
      : undefined;
  return {
    idle: { ...(reuse ? { client: reuse } : {}), ...(clientSide ? { server: clientSide } : {}) },
    kind: c.format,
    component: c.format === 'nginx' ? 'nginx' : 'Apache',
    componentId: c.id,
    name: r.name,
    host: c.host,
    path: r.loc.path,
    line: r.loc.line,
    request,
    timeouts: present([request, keepalive && ms('keepalive_timeout', keepalive), reuse, clientSide]),
    limits:
      c.format === 'nginx'
        ? present([
            count('worker_connections', c.data.workerConnections),
            typeof c.data.workerProcesses.value === 'number'
              ? count('worker_processes', c.data.workerProcesses as Setting<number>)
              : undefined,
          ])
        : [],
  };
}

type HaproxyTimeout = 'client' | 'server' | 'connect' | 'tunnel' | 'http-keep-alive' | 'http-request';

/**
 * How long HAProxy keeps an idle client connection: in tcp mode the session's idle timeout (`timeout tunnel`, else
 * the shorter of client and server, as rules/_haproxy.ts tcpIdleTimeout); in http mode `timeout http-keep-alive`,
 * else `timeout http-request`, else `timeout client` (configuration manual, "timeout http-keep-alive"). HAProxy's
 * own idle server connections are purged by its pool (pool-purge-delay), not modelled as a client side here.
 */
function haproxyIdle(
  front: HaproxyProxy,
  back: HaproxyProxy,
  t: (side: HaproxyProxy, name: HaproxyTimeout) => LadderValue | undefined,
): Hop['idle'] {
  if (back.mode.value === 'tcp') {
    const tunnel = t(back, 'tunnel') ?? t(front, 'tunnel');
    const sides = present([t(front, 'client'), t(back, 'server')]);
    const idle = tunnel ?? sides.sort((a, b) => a.value - b.value)[0];
    return idle ? { server: idle } : {};
  }
  const idle = t(front, 'http-keep-alive') ?? t(front, 'http-request') ?? t(front, 'client');
  return idle ? { server: idle } : {};
}

function haproxyHop(c: Component<'haproxy'>, front: HaproxyProxy, back: HaproxyProxy): Hop {
  const t = (side: HaproxyProxy, name: HaproxyTimeout) =>
    side.timeouts[name] ? ms(`timeout ${name}`, side.timeouts[name] as Setting<Duration>) : undefined;
  const server = t(back, 'server') ?? { name: 'timeout server', value: 0, unit: 'ms', isDefault: true };
  const limits = present([
    front.maxconn && count('maxconn', front.maxconn),
    c.data.global.maxconn && count('global maxconn', c.data.global.maxconn),
    ...back.servers.map((s) => s.maxconn && count(`server ${s.name} maxconn`, s.maxconn)),
  ]);
  return {
    idle: haproxyIdle(front, back, t),
    kind: 'haproxy',
    component: 'HAProxy',
    componentId: c.id,
    name: front === back ? `${back.kind} ${back.name}` : `${front.kind} ${front.name} → backend ${back.name}`,
    host: c.host,
    path: back.loc.path,
    line: back.loc.line,
    // In tcp mode `timeout server` is an idle timeout, not a bound on a request (haproxy-timeout-kills-db-sessions).
    request: back.mode.value === 'http' ? server : undefined,
    timeouts: present([
      t(front, 'client'),
      t(back, 'server'),
      t(back, 'connect'),
      t(back, 'tunnel'),
      t(front, 'http-keep-alive'),
    ]),
    limits,
  };
}

function appHop(a: AppServer, componentId: string): Hop {
  const request = ms(a.kind === 'gunicorn' ? '--timeout' : a.timeoutName, a.requestTimeout);
  const keepalive = a.keepalive && ms('keepalive', a.keepalive);
  return {
    // gunicorn's sync worker answers with `Connection: close` and keeps nothing alive (docs, Design: sync worker).
    idle: keepalive && a.keepsAlive ? { server: keepalive } : {},
    kind: a.kind,
    component: a.kind === 'php-fpm' ? 'PHP-FPM' : a.kind === 'uwsgi' ? 'uWSGI' : 'gunicorn',
    componentId,
    name: a.name,
    host: a.host,
    path: a.loc.path,
    line: a.loc.line,
    request,
    timeouts: present([request, keepalive]),
    limits: present([
      a.workers && count(a.kind === 'php-fpm' ? 'pm.max_children' : 'workers', a.workers),
      a.threads && count('threads', a.threads),
    ]),
  };
}

/** PM2's instances of a node app and its database pools (each process has its own). */
function nodeLimits(stack: Stack, app: NodeAppModel, comp: Component): LadderValue[] {
  const instances = pm2AppsFor(stack, app).map((r): LadderValue => {
    const n = pm2Instances(r.app, hostOf(stack, comp));
    const loc = n.locs[0];
    return {
      name: `PM2 ${r.app.name} instances`,
      value: n.value,
      unit: 'count',
      isDefault: r.app.instances.isDefault,
      ...(loc ? { loc } : {}),
    };
  });
  const pools = app.config.pools.map((p) => count(`${p.library} pool max`, p.max));
  return [...instances, ...pools];
}

function nodeHop(stack: Stack, app: NodeAppModel, comp: Component): Hop {
  const cfg = app.config;
  const request = cfg.requestTimeout ? ms('server.requestTimeout', cfg.requestTimeout) : undefined;
  return {
    idle: { server: ms('server.keepAliveTimeout', app.keepAliveTimeout) },
    kind: 'node',
    component: 'Node',
    componentId: comp.id,
    name: app.name,
    host: comp.host,
    path: comp.path,
    line: app.keepAliveTimeout.loc?.line ?? 1,
    request,
    timeouts: present([
      request,
      ms('server.keepAliveTimeout', app.keepAliveTimeout),
      ms('server.headersTimeout', app.headersTimeout),
    ]),
    limits: nodeLimits(stack, app, comp),
  };
}

function componentHop(c: Component, name: string, loc: SourceLoc): Hop | undefined {
  const base = { componentId: c.id, name, host: c.host, path: c.path, line: loc.line };
  // The hop is placed at its main setting when written (an included file's line is that file's).
  const at = (l: SourceLoc | undefined) => (l ? { path: l.path, line: l.line } : { path: c.path, line: 1 });
  switch (c.format) {
    case 'postgres': {
      const request = ms('statement_timeout', c.data.statementTimeout);
      const idle = ms('idle_session_timeout', c.data.idleSessionTimeout);
      return {
        ...base,
        kind: 'postgres',
        component: 'PostgreSQL',
        ...at(c.data.statementTimeout.loc ?? c.data.maxConnections.loc),
        request,
        timeouts: [request, ms('idle_in_transaction_session_timeout', c.data.idleInTransactionSessionTimeout), idle],
        idle: { server: idle },
        limits: [count('max_connections', c.data.maxConnections)],
      };
    }
    case 'mysql': {
      const m = c.data.server;
      const idle = ms('wait_timeout', m.waitTimeout);
      return {
        idle: { server: idle },
        ...base,
        kind: 'mysql',
        component: 'MySQL',
        ...at(m.maxConnections.loc),
        timeouts: [idle],
        limits: [count('max_connections', m.maxConnections)],
      };
    }
    case 'redis': {
      const idle = ms('timeout', c.data.timeout);
      return {
        idle: { server: idle },
        ...base,
        kind: 'redis',
        component: 'Redis',
        ...at(c.data.timeout.loc),
        timeouts: [idle],
        limits: [count('maxclients', c.data.maxclients)],
      };
    }
    case 'tomcat': {
      const conn = c.data.connectors.find((k) => k.loc.line === loc.line) ?? c.data.connectors[0];
      if (!conn) return undefined;
      const idle = ms('keepAliveTimeout', conn.keepAliveTimeout);
      return {
        idle: { server: idle },
        ...base,
        kind: 'tomcat',
        component: 'Tomcat',
        line: conn.loc.line,
        timeouts: [ms('connectionTimeout', conn.connectionTimeout), idle],
        limits: [
          count('maxThreads', conn.maxThreads),
          count('maxConnections', conn.maxConnections),
          count('acceptCount', conn.acceptCount),
        ],
      };
    }
    case 'django': {
      // CONN_MAX_AGE: how long a connection is kept between requests (null: for ever, shown as 0 = none).
      const ages = c.data.databases.map((d): LadderValue => {
        const age = d.connMaxAge.value;
        const display = age === null ? 'None (kept for ever)' : age === 0 ? '0 (closed after each request)' : undefined;
        const v = ms(`DATABASES['${d.alias}'] CONN_MAX_AGE`, { ...d.connMaxAge, value: (age ?? 0) * 1000 });
        return display ? { ...v, display } : v;
      });
      const first = c.data.databases[0];
      // Each connection is kept for CONN_MAX_AGE (None: for ever, 0: not kept): the client side toward the database.
      const kept = c.data.databases.findIndex((d) => d.connMaxAge.value !== 0);
      return {
        idle: kept >= 0 ? { client: ages[kept] } : {},
        ...base,
        ...at(first?.connMaxAge.loc ?? first?.loc),
        kind: 'django',
        component: 'Django',
        timeouts: ages,
        limits: [],
      };
    }
    default:
      return undefined;
  }
}

/** A hop and how to find the hops after it (lazily: paths are walked depth-first, cycles cut). */
interface Node {
  hop: Hop;
  next: () => Node[];
}

const same = (a: string, b: string) => a === b;

/** The hops a link reaches: an HAProxy frontend's backends, an app server, a node app, a database. */
function linkNodes(stack: Stack, servers: AppServer[], link: Link): Node[] {
  const comp = stack.components.find((c) => c.id === link.to?.component);
  if (!comp || !link.to) return [];
  if (comp.format === 'haproxy') {
    const proxy = comp.data.proxies.find((p) => same(`${p.kind} ${p.name}`, link.to?.name ?? ''));
    return proxy ? haproxyNodes(stack, servers, comp, proxy) : [];
  }
  const server = servers.find((s) => s.host === comp.host && s.addresses.some((a) => a.port === link.port));
  if (server) return [appNode(stack, server, comp.id)];
  const app = stack.nodeApps.find((a) => a.components.includes(comp.id));
  if (app) return [nodeNode(stack, servers, app, comp)];
  const hop = componentHop(comp, link.to.name, link.from.loc);
  if (!hop) return [];
  return [{ hop, next: () => (comp.format === 'django' ? linksFrom(stack, servers, comp.id) : []) }];
}

/** Links that start at this component, one node per distinct target (three Galera servers → one MySQL). */
function linksFrom(stack: Stack, servers: AppServer[], componentId: string, accept = (_: Link) => true): Node[] {
  const seen = new Set<string>();
  const out: Node[] = [];
  for (const l of stack.links) {
    if (l.from.component !== componentId || !accept(l)) continue;
    const key = `${l.to?.component}|${l.to?.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...linkNodes(stack, servers, l));
  }
  return out;
}

function haproxyNodes(stack: Stack, servers: AppServer[], c: Component<'haproxy'>, front: HaproxyProxy): Node[] {
  const backs =
    front.kind === 'listen'
      ? [front]
      : c.data.proxies.filter(
          (p) =>
            p.kind === 'backend' &&
            (p.name === front.defaultBackend?.value || front.useBackends.some((u) => u.name === p.name)),
        );
  return backs.map((back) => ({
    hop: haproxyHop(c, front, back),
    next: () => linksFrom(stack, servers, c.id, (l) => l.from.name.startsWith(`${back.kind} ${back.name} / server `)),
  }));
}

/** An app server, then what its application code (Django on the same host) connects to. */
function appNode(stack: Stack, server: AppServer, componentId: string): Node {
  return {
    hop: appHop(server, componentId),
    next: () =>
      stack.components
        .filter((c) => c.format === 'django' && c.host === server.host)
        .flatMap((c) => {
          const hop = componentHop(c, c.path, { path: c.path, line: 1 });
          return hop ? [{ hop, next: () => linksFrom(stack, appServers(stack), c.id) }] : [];
        }),
  };
}

function nodeNode(stack: Stack, servers: AppServer[], app: NodeAppModel, comp: Component): Node {
  return {
    hop: nodeHop(stack, app, comp),
    next: () => app.components.flatMap((id) => linksFrom(stack, servers, id)),
  };
}

function routeNode(stack: Stack, servers: AppServer[], r: ProxyRoute): Node {
  return {
    hop: routeHop(r),
    next: () => {
      const apps = servers.filter((s) => reaches(r, s));
      if (apps.length) return apps.map((s) => appNode(stack, s, r.component.id));
      const ports = new Set(r.addresses.map((a) => a.port).filter((p) => p !== undefined));
      return linksFrom(stack, servers, r.component.id, (l) => l.port !== undefined && ports.has(l.port));
    },
  };
}

/** Where requests enter: proxy routes, HAProxy frontends nothing in the input forwards to, app code with no server in front. */
function entries(stack: Stack, servers: AppServer[]): Node[] {
  const targeted = new Set(stack.links.map((l) => `${l.to?.component}|${l.to?.name}`));
  const out = proxyRoutes(stack).map((r) => routeNode(stack, servers, r));
  for (const c of stack.components) {
    if (c.format === 'haproxy')
      for (const p of c.data.proxies)
        if (p.kind !== 'backend' && !targeted.has(`${c.id}|${p.kind} ${p.name}`))
          out.push(...haproxyNodes(stack, servers, c, p));
    if (c.format === 'django' && !servers.some((s) => s.host === c.host)) {
      const hop = componentHop(c, c.path, { path: c.path, line: 1 });
      if (hop) out.push({ hop, next: () => linksFrom(stack, servers, c.id) });
    }
  }
  // An app server no proxy in the input reaches (a Procfile's web process) is where its requests enter.
  const routes = proxyRoutes(stack);
  for (const s of servers) {
    const linked = stack.links.some(
      (l) => l.port !== undefined && s.addresses.some((a) => a.port === l.port) && l.to?.role === s.kind,
    );
    if (!linked && !routes.some((r) => reaches(r, s))) out.push(appNode(stack, s, `${s.kind}:${s.loc.path}`));
  }
  for (const app of stack.nodeApps) {
    const comp = stack.components.find((c) => c.id === app.components[0]);
    const reached = stack.links.some((l) => l.to && app.components.includes(l.to.component));
    if (comp && !reached) out.push(nodeNode(stack, servers, app, comp));
  }
  return out;
}

const hopKey = (h: Hop) => `${h.componentId}|${h.name}`;

/** Every request path of two hops or more, from each entry to each end, in input order. */
export function buildLadder(stack: Stack): RequestPath[] {
  const servers = appServers(stack);
  const out: RequestPath[] = [];
  const walk = (node: Node, before: Hop[]) => {
    if (before.some((h) => hopKey(h) === hopKey(node.hop))) return;
    const hops = [...before, node.hop];
    const next = node.next();
    if (next.length === 0) {
      if (hops.length > 1) out.push({ hops });
      return;
    }
    for (const n of next) walk(n, hops);
  };
  for (const e of entries(stack, servers)) walk(e, []);
  return out;
}

/** An inner hop's request bound against the nearest outer hop that has one (a layer without a bound is passed). */
export interface LadderPair {
  outer: Hop & { request: LadderValue };
  inner: Hop & { request: LadderValue };
  path: RequestPath;
}

const PROXIES = new Set<HopKind>(['nginx', 'apache']);
const PYTHON_PHP = new Set<HopKind>(['gunicorn', 'uwsgi', 'php-fpm']);
const DATABASES = new Set<HopKind>(['mysql', 'postgres', 'redis']);

/**
 * Pairs that a specific rule already judges: nginx/Apache against gunicorn, uWSGI, PHP-FPM
 * (app-timeout-mismatches-proxy), HAProxy against a database (haproxy-timeout-kills-db-sessions).
 */
export function coveredElsewhere(outer: HopKind, inner: HopKind): boolean {
  return (PROXIES.has(outer) && PYTHON_PHP.has(inner)) || (outer === 'haproxy' && DATABASES.has(inner));
}

/** Every (outer, inner) pair of request bounds along the paths, each pair of settings once. */
export function ladderPairs(paths: RequestPath[]): LadderPair[] {
  const seen = new Set<string>();
  const out: LadderPair[] = [];
  for (const path of paths) {
    let outer: (Hop & { request: LadderValue }) | undefined;
    for (const hop of path.hops) {
      if (!hop.request) continue;
      const inner = hop as Hop & { request: LadderValue };
      if (outer) {
        const key = `${hopKey(outer)}>${hopKey(inner)}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ outer, inner, path });
        }
      }
      if (inner.request.value > 0) outer = inner;
    }
  }
  return out;
}

/** "proxy_read_timeout 120s at etc/nginx/sites-enabled/api:14", "statement_timeout default, PostgreSQL docs…" */
export function valueSource(v: LadderValue): string {
  if (v.isDefault || !v.loc) return `${v.name} default${v.source ? `, ${v.source}` : ''}`;
  const from = v.inheritedFrom ? `, inherited from ${v.inheritedFrom}` : '';
  return `${v.name} at ${v.loc.path}:${v.loc.line}${from}`;
}

/** Two adjacent hops where the first keeps idle connections to the second: its client side against its server side. */
export interface IdlePair {
  client: Hop & { idle: { client: LadderValue } };
  server: Hop & { idle: { server: LadderValue } };
  path: RequestPath;
}

/**
 * Pairs whose keep-alive a specific rule already judges: nginx against Node (upstream-keepalive-outlives-app),
 * Django against HAProxy (django-conn-max-age-outlives-proxy). Django's CONN_MAX_AGE holds database connections only.
 */
export function idleCoveredElsewhere(client: HopKind, server: HopKind): boolean {
  if (client === 'nginx' && server === 'node') return true;
  if (client === 'django') return server !== 'mysql' && server !== 'postgres';
  return false;
}

/** Every adjacent (client, server) pair with both idle sides along the paths, each pair of hops once. */
export function idlePairs(paths: RequestPath[]): IdlePair[] {
  const seen = new Set<string>();
  const out: IdlePair[] = [];
  for (const path of paths) {
    for (let i = 1; i < path.hops.length; i++) {
      const [a, b] = [path.hops[i - 1], path.hops[i]];
      if (!a.idle?.client || !b.idle?.server) continue;
      const key = `${hopKey(a)}>${hopKey(b)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ client: a as IdlePair['client'], server: b as IdlePair['server'], path });
    }
  }
  return out;
}
