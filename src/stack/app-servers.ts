// The Python and PHP application servers of a stack (gunicorn, uWSGI, PHP-FPM) with the limit after which each
// kills a request's worker, and the proxy routes (nginx proxy_pass / fastcgi_pass / uwsgi_pass, Apache
// ProxyPass) that reach them, matched by port or unix socket path. gunicorn's settings come from three places,
// combined as gunicorn does: its command line (a systemd ExecStart= or a Procfile entry) over its config file.
import { posix } from 'node:path';
import { type ApacheProxyPass, apacheSeconds } from '../formats/config/apache.js';
import { effectiveGunicorn, type GunicornSettings, gunicornCommandLine } from '../formats/config/gunicorn.js';
import type { Listener } from '../formats/config/types.js';
import type { Setting, SourceLoc } from '../model/setting.js';
import { byDefault } from '../model/setting.js';
import type { Duration } from '../model/units.js';
import type { Component, Stack } from './stack.js';
import { componentsOf } from './stack.js';

export interface Address {
  host?: string;
  port?: number;
  /** Socket path without a `unix:` prefix. */
  unix?: string;
}

export interface AppServer {
  kind: 'gunicorn' | 'uwsgi' | 'php-fpm';
  /** For reports: "gunicorn (etc/systemd/system/app.service)", "PHP-FPM pool www", "uWSGI app.ini". */
  name: string;
  host: string;
  /** Request limit: after it the server kills the worker; 0 = none. */
  requestTimeout: Setting<Duration>;
  /** The setting's own name: "timeout", "harakiri", "request_terminate_timeout". */
  timeoutName: string;
  addresses: Address[];
  /** Where it is configured (the command line, the pool, the file): the ladder's hop. */
  loc: SourceLoc;
  /** Idle wait for the next request on a kept-alive connection (gunicorn `keepalive`). */
  keepalive?: Setting<Duration>;
  /** Worker processes (gunicorn `workers`, uWSGI `processes`, PHP-FPM `pm.max_children`). */
  workers?: Setting<number>;
  threads?: Setting<number>;
  /** Whether it keeps a connection open after a response (gunicorn's sync worker closes each: `Connection: close`). */
  keepsAlive: boolean;
}

export interface ProxyRoute {
  component: Component<'nginx' | 'apache'>;
  /** "location /api/ proxy_pass http://app", "ProxyPass / http://127.0.0.1:8000/" */
  name: string;
  /** The setting that bounds the wait for the response: "proxy_read_timeout", "ProxyPass timeout". */
  timeoutName: string;
  readTimeout: Setting<Duration>;
  addresses: Address[];
  loc: SourceLoc;
  /** When the proxy reuses idle connections to the backend: how long it keeps one (0 = until the backend closes it). */
  reuse?: { name: string; idle: Setting<Duration> };
}

const unixPath = (s: string | undefined) => (s?.startsWith('unix:') ? s.slice(5) : s);

function gunicornServer(host: string, where: string, loc: SourceLoc, layers: GunicornSettings[]): AppServer {
  const e = effectiveGunicorn(layers);
  // gunicorn runs gthread when sync is asked for with threads > 1 (docs, Settings: threads).
  const worker = e.workerClass?.value ?? 'sync';
  const keepsAlive = !(worker === 'sync' && (e.threads?.value ?? 1) <= 1);
  return {
    loc,
    keepsAlive,
    keepalive: e.keepalive,
    workers: e.workers,
    threads: e.threads,
    kind: 'gunicorn',
    name: `gunicorn (${where})`,
    host,
    requestTimeout: e.timeout,
    timeoutName: 'timeout',
    addresses: e.binds.length
      ? e.binds.map((b) => ({ host: b.host, port: b.port, unix: b.unix }))
      : [{ host: '127.0.0.1', port: 8000 }],
  };
}

interface GunicornCommand {
  component: Component;
  where: string;
  loc: SourceLoc;
  settings: GunicornSettings;
}

/** gunicorn command lines of systemd units' ExecStart= and Procfile entries. */
function gunicornCommands(stack: Stack): GunicornCommand[] {
  const out: GunicornCommand[] = [];
  for (const c of componentsOf(stack, 'systemd')) {
    for (const u of c.data.units) {
      const settings = u.execStart?.loc ? gunicornCommandLine(u.execStart.value, u.execStart.loc) : undefined;
      if (settings && u.execStart?.loc) out.push({ component: c, where: u.unit, loc: u.execStart.loc, settings });
    }
  }
  for (const c of componentsOf(stack, 'procfile')) {
    for (const p of c.data.processes) {
      const settings = gunicornCommandLine(p.command, p.loc);
      if (settings) out.push({ component: c, where: `${c.path} ${p.type}`, loc: p.loc, settings });
    }
  }
  return out;
}

/** Where gunicorn started from a command line listens (its --bind), for the links between layers. */
export function gunicornCommandListeners(stack: Stack): (Listener & { component: Component })[] {
  return gunicornCommands(stack).flatMap((cmd) =>
    cmd.settings.binds.flatMap((b) =>
      b.port === undefined
        ? []
        : [
            {
              role: 'gunicorn' as const,
              name: `gunicorn --bind ${b.address}`,
              port: b.port,
              host: b.host,
              component: cmd.component,
            },
          ],
    ),
  );
}

/** gunicorn processes: each command line with the config file it names (or the host's only one), then the rest. */
function gunicornServers(stack: Stack): AppServer[] {
  const files = componentsOf(stack, 'gunicorn');
  const used = new Set<string>();
  const out: AppServer[] = [];
  for (const cmd of gunicornCommands(stack)) {
    const host = cmd.component.host;
    const onHost = files.filter((f) => f.host === host);
    const named = cmd.settings.configFile?.value;
    // Without -c, gunicorn reads ./gunicorn.conf.py: the host's only config file is taken to be it.
    const file = named
      ? onHost.find((f) => posix.basename(f.path) === posix.basename(named))
      : onHost.length === 1
        ? onHost[0]
        : undefined;
    if (file) used.add(file.id);
    out.push(gunicornServer(host, cmd.where, cmd.loc, file ? [cmd.settings, file.data] : [cmd.settings]));
  }
  for (const f of files)
    if (!used.has(f.id)) out.push(gunicornServer(f.host, f.path, { path: f.path, line: 1 }, [f.data]));
  return out;
}

export function appServers(stack: Stack): AppServer[] {
  const out = gunicornServers(stack);
  for (const c of componentsOf(stack, 'uwsgi')) {
    out.push({
      kind: 'uwsgi',
      name: `uWSGI ${c.path}`,
      host: c.host,
      requestTimeout: c.data.harakiri,
      timeoutName: 'harakiri',
      loc: c.data.harakiri.loc ?? { path: c.path, line: 1 },
      workers: c.data.processes,
      threads: c.data.threads,
      keepsAlive: false,
      addresses: c.data.sockets.map((s) => ({ host: s.host, port: s.port, unix: s.unix })),
    });
  }
  for (const c of componentsOf(stack, 'php-fpm')) {
    for (const p of c.data.pools) {
      out.push({
        kind: 'php-fpm',
        name: `PHP-FPM pool ${p.name} (${c.path})`,
        host: c.host,
        requestTimeout: p.requestTerminateTimeout,
        timeoutName: 'request_terminate_timeout',
        loc: p.loc,
        workers: p.maxChildren,
        keepsAlive: false,
        addresses: [{ host: p.host, port: p.port, unix: p.unix }],
      });
    }
  }
  return out;
}

function nginxRoutes(c: Component<'nginx'>): ProxyRoute[] {
  const upstreamAddresses = (name: string | undefined): Address[] =>
    c.data.upstreams
      .find((u) => u.name === name)
      ?.servers.map((s) => ({ host: s.host, port: s.port, unix: unixPath(s.unix) })) ?? [];
  const out: ProxyRoute[] = [];
  for (const srv of c.data.servers) {
    for (const l of srv.locations) {
      const pp = l.proxyPass;
      const u = pp?.upstream ? c.data.upstreams.find((x) => x.name === pp.upstream) : undefined;
      // Reused only with keepalive N, HTTP/1.1 and an empty Connection header (before nginx 1.29.7).
      const reuses = u?.keepalive && l.proxyHttpVersion.value === '1.1' && l.connectionHeader?.value === '';
      if (pp)
        out.push({
          ...(u && reuses ? { reuse: { name: 'upstream keepalive_timeout', idle: u.keepaliveTimeout } } : {}),
          component: c,
          name: `location ${l.path} proxy_pass ${pp.target}`,
          timeoutName: 'proxy_read_timeout',
          readTimeout: l.proxyReadTimeout,
          addresses: pp.upstream ? upstreamAddresses(pp.upstream) : [{ host: pp.host, port: pp.port }],
          loc: pp.loc,
        });
      for (const [kind, pass] of [
        ['fastcgi', l.fastcgiPass],
        ['uwsgi', l.uwsgiPass],
      ] as const) {
        if (!pass) continue;
        out.push({
          component: c,
          name: `location ${l.path} ${kind}_pass ${pass.target}`,
          timeoutName: `${kind}_read_timeout`,
          readTimeout: pass.readTimeout,
          addresses: pass.upstream
            ? upstreamAddresses(pass.upstream)
            : [{ host: pass.host, port: pass.port, unix: unixPath(pass.unix) }],
          loc: pass.loc,
        });
      }
    }
  }
  return out;
}

function apacheRoutes(c: Component<'apache'>): ProxyRoute[] {
  const all = [...c.data.proxyPasses, ...c.data.virtualHosts.flatMap((v) => v.proxyPasses)];
  return all.map((p) => ({
    ...apacheReuse(p),
    component: c,
    name: `${p.directive} ${p.path} ${p.target}`.replace(/\s+/g, ' '),
    timeoutName: p.timeout.raw?.startsWith('timeout=') ? 'ProxyPass timeout=' : 'ProxyTimeout',
    readTimeout: p.timeout,
    addresses: [{ host: p.host, port: p.port, unix: p.unix }],
    loc: p.loc,
  }));
}

const MOD_PROXY =
  'Apache mod_proxy docs, ProxyPass worker parameters (https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass)';

/**
 * mod_proxy pools and reuses connections to an http(s)/ajp backend unless `disablereuse=On`; an idle one is kept
 * until `ttl=` seconds (no ttl by default: until the backend closes it). fcgi backends reuse only with enablereuse=on.
 */
function apacheReuse(p: ApacheProxyPass): Pick<ProxyRoute, 'reuse'> {
  const on = (k: string) => p.params[k]?.toLowerCase() === 'on';
  const pooled =
    p.scheme === 'fcgi' ? on('enablereuse') : !on('disablereuse') && p.params.enablereuse?.toLowerCase() !== 'off';
  if (!pooled || !p.scheme || !/^(https?|ajp|fcgi)$/.test(p.scheme)) return {};
  const ttl = p.params.ttl !== undefined ? apacheSeconds(p.params.ttl, false) : null;
  const idle: Setting<Duration> =
    ttl === null
      ? byDefault(0, `${MOD_PROXY}: ttl, no default (idle backend connections are kept until the backend closes them)`)
      : { value: ttl, raw: `ttl=${p.params.ttl}`, loc: p.loc, isDefault: false };
  return { reuse: { name: 'ProxyPass ttl=', idle } };
}

export function proxyRoutes(stack: Stack): ProxyRoute[] {
  return [...componentsOf(stack, 'nginx').flatMap(nginxRoutes), ...componentsOf(stack, 'apache').flatMap(apacheRoutes)];
}

const LOOPBACK = /^(127\.|localhost$|::1$|0\.0\.0\.0$|\*$|::$)/;

/** Whether a proxy's backend address is where this app server listens: same socket, or same port on its host. */
export function reaches(route: ProxyRoute, server: AppServer): boolean {
  return route.addresses.some((a) =>
    server.addresses.some((b) => {
      if (a.unix || b.unix) return a.unix !== undefined && a.unix === b.unix && route.component.host === server.host;
      if (a.port === undefined || a.port !== b.port) return false;
      const sameHost = route.component.host === server.host;
      return !a.host || LOOPBACK.test(a.host) ? sameHost : sameHost || a.host.split('.')[0] === server.host;
    }),
  );
}

/** "no limit" as a Setting, for messages about a 0. */
export function noLimit(source: string): Setting<Duration> {
  return byDefault(0, source);
}
