// Combines the parsed configs into one stack: host facts merged in override order, node apps
// grouped with their sources, and the links between layers found by port.
import { posix } from 'node:path';
import type { ConfigFormatId, NodeAppConfig } from '../formats/config/types.js';
import { byDefault, type Setting, written } from '../model/setting.js';
import type { Duration, Size } from '../model/units.js';
import type { Component, HostModel, Link, LinkEnd, NodeAppModel, ServiceRole, Stack } from './stack.js';

export interface HostOverrides {
  /** --ram */
  ram?: Size;
  /** --cpus */
  cpus?: number;
}

/** Ports that identify a service when nothing in the input listens there (IANA / the servers' defaults). */
export const WELL_KNOWN_PORTS: Record<number, ServiceRole> = {
  3306: 'mysql',
  5432: 'postgres',
  6379: 'redis',
};

export const NODE_KEEPALIVE_SOURCE_PRE26 = 'Node.js docs, http server.keepAliveTimeout: default 5000 ms (Node ≤ 25)';
export const NODE_KEEPALIVE_SOURCE_26 = 'Node.js docs, http server.keepAliveTimeout: default 65000 ms from Node 26';
export const NODE_HEADERS_TIMEOUT_SOURCE = 'Node.js docs, http server.headersTimeout: default 60000 ms (since v11.3)';

export function buildStack(components: Component[], overrides: HostOverrides = {}): Stack {
  const formats = new Set<ConfigFormatId>(components.map((c) => c.format));
  const hosts = buildHosts(components, overrides);
  const nodeApps = buildNodeApps(components);
  const stack: Stack = { components, hosts, links: [], nodeApps, formats };
  stack.links = buildLinks(stack);
  return stack;
}

// ------------------------------------------------------------------ hosts

function buildHosts(components: Component[], overrides: HostOverrides): HostModel[] {
  const names = [...new Set(components.map((c) => c.host))];
  if (names.length === 0) names.push('');
  return names.sort().map((name) =>
    buildHost(
      name,
      components.filter((c) => c.host === name),
      overrides,
    ),
  );
}

function buildHost(name: string, comps: Component[], overrides: HostOverrides): HostModel {
  const host: HostModel = { name, sysctl: {}, limits: [], systemdUnits: [], processLimits: [] };
  // sysctl: procps' `sysctl --system` reads sysctl.d/*.conf in lexical order, then /etc/sysctl.conf last;
  // a /proc/sys snapshot is what actually runs and wins over both.
  const sysctlFiles = comps
    .filter((c): c is Component<'sysctl'> => c.format === 'sysctl')
    .sort((a, b) => sysctlOrder(a.path) - sysctlOrder(b.path) || a.path.localeCompare(b.path));
  for (const c of sysctlFiles) {
    for (const [k, v] of Object.entries(c.data.values)) host.sysctl[k] = written(v.value, v.loc, v.value);
  }
  for (const c of comps) {
    if (c.format === 'host-facts') {
      const f = c.data;
      if (f.memTotal) host.ram = f.memTotal;
      if (f.cpus) host.cpus = f.cpus;
      if (f.transparentHugepage) host.transparentHugepage = f.transparentHugepage;
      for (const [k, v] of Object.entries(f.sysctl)) host.sysctl[k] = written(v.value, v.loc, v.value);
      host.processLimits.push(...f.processLimits);
    } else if (c.format === 'limits') {
      host.limits.push(...c.data.entries);
    } else if (c.format === 'systemd') {
      host.systemdUnits.push(...c.data.units);
    }
  }
  if (!host.ram) {
    const ae = comps
      .filter((c): c is Component<'app-engine'> => c.format === 'app-engine')
      .find((c) => !!c.data.memory);
    if (ae?.data.memory) host.ram = ae.data.memory;
  }
  if (overrides.ram !== undefined) host.ram = { value: overrides.ram, isDefault: false, raw: '--ram' };
  if (overrides.cpus !== undefined) host.cpus = { value: overrides.cpus, isDefault: false, raw: '--cpus' };
  return host;
}

function sysctlOrder(path: string): number {
  if (/(^|\/)sysctl\.d\//.test(path)) return 1;
  if (/(^|\/)sysctl\.conf$/.test(path)) return 2;
  return 0;
}

// ------------------------------------------------------------------ node apps

/** Groups node-app components by the folder of their package.json (or their own folder). */
function buildNodeApps(components: Component[]): NodeAppModel[] {
  const nodeComps = components.filter((c): c is Component<'node-app'> => c.format === 'node-app');
  const roots = nodeComps.filter((c) => posix.basename(c.path) === 'package.json').map((c) => posix.dirname(c.path));
  const groups = new Map<string, Component<'node-app'>[]>();
  for (const c of nodeComps) {
    const dir = posix.dirname(c.path);
    const root =
      roots.filter((r) => r === '.' || dir === r || dir.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0] ??
      dir;
    const key = `${c.host}\u0000${root}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  const apps: NodeAppModel[] = [];
  for (const [key, comps] of groups) {
    const root = key.split('\u0000')[1];
    const merged: NodeAppConfig = { listenPorts: [], pools: [], processManagers: [] };
    for (const c of comps) {
      const d = c.data;
      merged.keepAliveTimeout ??= d.keepAliveTimeout;
      merged.headersTimeout ??= d.headersTimeout;
      merged.requestTimeout ??= d.requestTimeout;
      merged.nodeVersion ??= d.nodeVersion;
      merged.packageName ??= d.packageName;
      merged.listenPorts.push(...d.listenPorts);
      merged.pools.push(...d.pools);
      merged.processManagers.push(...d.processManagers);
    }
    const nodeMajor = merged.nodeVersion ? parseNodeMajor(merged.nodeVersion) : undefined;
    apps.push({
      name: merged.packageName ?? (root === '.' ? 'app' : posix.basename(root)),
      components: comps.map((c) => c.id),
      config: merged,
      nodeMajor,
      keepAliveTimeout: merged.keepAliveTimeout ?? nodeKeepAliveDefault(nodeMajor?.value),
      headersTimeout: merged.headersTimeout ?? byDefault<Duration>(60000, NODE_HEADERS_TIMEOUT_SOURCE),
    });
  }
  return apps;
}

/** "18", ">=16.0.0", "v20.11.1", "lts/hydrogen" → major, with the source line. */
export function parseNodeMajor(v: Setting<string>): Setting<number> | undefined {
  const lts: Record<string, number> = {
    argon: 4,
    boron: 6,
    carbon: 8,
    dubnium: 10,
    erbium: 12,
    fermium: 14,
    gallium: 16,
    hydrogen: 18,
    iron: 20,
    jod: 22,
    krypton: 24,
  };
  const s = v.value.trim().toLowerCase();
  const named = /lts\/([a-z]+)/.exec(s);
  let major: number | undefined;
  if (named && lts[named[1]]) major = lts[named[1]];
  else {
    const m = /(\d+)/.exec(s);
    if (m) major = Number(m[1]);
  }
  if (major === undefined) return undefined;
  return { ...v, value: major };
}

export function nodeKeepAliveDefault(major: number | undefined): Setting<Duration> {
  if (major !== undefined && major >= 26) return byDefault(65000, NODE_KEEPALIVE_SOURCE_26);
  const s =
    major === undefined
      ? `${NODE_KEEPALIVE_SOURCE_PRE26}; Node version not found in the input (engines, .nvmrc, .node-version, Dockerfile), assumed ≤ 25`
      : NODE_KEEPALIVE_SOURCE_PRE26;
  return byDefault(5000, s);
}

// ------------------------------------------------------------------ links

interface Listener {
  component: Component;
  role: ServiceRole;
  name: string;
  port: number;
  /** Bind address when the config says it. */
  host?: string;
}

function listeners(stack: Stack): Listener[] {
  const out: Listener[] = [];
  for (const c of stack.components) {
    switch (c.format) {
      case 'mysql': {
        const d = c.data;
        out.push({ component: c, role: 'mysql', name: 'mysqld', port: d.server.port.value });
        break;
      }
      case 'postgres': {
        const d = c.data;
        out.push({ component: c, role: 'postgres', name: 'postgres', port: d.port.value });
        break;
      }
      case 'redis': {
        const d = c.data;
        out.push({ component: c, role: 'redis', name: 'redis-server', port: d.port.value });
        break;
      }
      case 'tomcat': {
        for (const con of c.data.connectors) {
          if (con.port !== undefined) out.push({ component: c, role: 'tomcat', name: 'connector', port: con.port });
        }
        break;
      }
      case 'haproxy': {
        for (const p of c.data.proxies) {
          for (const b of p.binds) {
            if (b.port !== undefined) {
              out.push({ component: c, role: 'haproxy', name: `${p.kind} ${p.name}`, port: b.port, host: b.host });
            }
          }
        }
        break;
      }
      case 'nginx': {
        for (const s of c.data.servers) {
          for (const l of s.listen) {
            if (l.port !== undefined) {
              out.push({ component: c, role: 'nginx', name: 'server', port: l.port, host: l.address });
            }
          }
        }
        break;
      }
      default:
        break;
    }
  }
  for (const app of stack.nodeApps) {
    for (const p of app.config.listenPorts) {
      // The component is the file that listens, so links name server.js rather than a knexfile.
      const comp =
        stack.components.find((c) => app.components.includes(c.id) && c.path === p.loc?.path) ??
        stack.components.find((c) => c.id === app.components[0]);
      if (comp) out.push({ component: comp, role: 'app', name: app.name, port: p.value });
    }
  }
  return out;
}

function resolveTarget(
  from: LinkEnd,
  fromHost: string,
  host: string | undefined,
  port: number | undefined,
  all: Listener[],
  exclude: string,
): Link {
  if (port === undefined) {
    return { from, host, via: 'unresolved', note: 'no port in the address; target not identified' };
  }
  const candidates = all.filter((l) => l.port === port && l.component.id !== exclude);
  // Prefer a listener on the same host folder when the address is loopback, any host otherwise.
  const loopback = !host || /^(127\.|localhost$|::1$|0\.0\.0\.0$)/.test(host);
  // A host name that names a host folder of the bundle (db1, db1.internal) points at that host.
  const hostFolder = host && !loopback ? host.split('.')[0] : undefined;
  const match =
    (hostFolder ? candidates.find((l) => l.component.host === hostFolder) : undefined) ??
    (host ? candidates.find((l) => l.host === host && l.component.host === fromHost) : undefined) ??
    (loopback ? candidates.find((l) => l.component.host === fromHost) : undefined) ??
    candidates.find((l) => l.component.host === fromHost) ??
    candidates[0];
  if (match) {
    return {
      from,
      host,
      port,
      to: { component: match.component.id, role: match.role, name: match.name },
      role: match.role,
      via: 'port',
      note: `port ${port} is where ${match.component.path} listens (${match.role})`,
    };
  }
  const wk = WELL_KNOWN_PORTS[port];
  if (wk) {
    // The address names the service's default port but its config listens elsewhere: when the host has
    // exactly one server of that kind, that is the one (said so in the note).
    const sameRole = all.filter((l) => l.role === wk && l.component.host === fromHost && l.component.id !== exclude);
    const ids = new Set(sameRole.map((l) => l.component.id));
    if (loopback && ids.size === 1) {
      const only = sameRole[0];
      return {
        from,
        host,
        port,
        to: { component: only.component.id, role: wk, name: only.name },
        role: wk,
        via: 'well-known-port',
        note: `port ${port} is ${wk}'s well-known port; the only ${wk} config on this host (${only.component.path}) listens on ${only.port}, assumed to be it`,
      };
    }
    return {
      from,
      host,
      port,
      role: wk,
      via: 'well-known-port',
      note: `port ${port} is ${wk}'s well-known port; no ${wk} config in the input`,
    };
  }
  return { from, host, port, via: 'unresolved', note: `nothing in the input listens on port ${port}` };
}

function buildLinks(stack: Stack): Link[] {
  const all = listeners(stack);
  const links: Link[] = [];
  for (const c of stack.components) {
    if (c.format === 'haproxy') {
      for (const p of c.data.proxies) {
        for (const s of p.servers) {
          const from = { component: c.id, name: `${p.kind} ${p.name} / server ${s.name}`, loc: s.loc };
          links.push(resolveTarget(from, c.host, s.host, s.port, all, c.id));
        }
      }
    } else if (c.format === 'nginx') {
      const d = c.data;
      for (const u of d.upstreams) {
        for (const s of u.servers) {
          const from = { component: c.id, name: `upstream ${u.name} / server ${s.address}`, loc: s.loc };
          links.push(resolveTarget(from, c.host, s.host, s.port, all, c.id));
        }
      }
      for (const srv of d.servers) {
        for (const l of srv.locations) {
          const pp = l.proxyPass;
          if (!pp || pp.upstream) continue;
          const from = { component: c.id, name: `location ${l.path} proxy_pass ${pp.target}`, loc: pp.loc };
          links.push(resolveTarget(from, c.host, pp.host, pp.port, all, c.id));
        }
      }
    } else if (c.format === 'django') {
      for (const db of c.data.databases) {
        const port =
          db.port?.value ?? (db.engine?.includes('postgres') ? 5432 : db.engine?.includes('mysql') ? 3306 : undefined);
        const from = { component: c.id, name: `DATABASES['${db.alias}']`, loc: db.loc };
        links.push(resolveTarget(from, c.host, db.host?.value, port, all, c.id));
      }
    }
  }
  for (const app of stack.nodeApps) {
    for (const pool of app.config.pools) {
      const port = pool.port?.value ?? (pool.engine === 'postgres' ? 5432 : pool.engine === 'mysql' ? 3306 : undefined);
      const comp = stack.components.find((c) => c.id === app.components[0]);
      const from = { component: comp?.id ?? app.name, name: `${app.name} ${pool.library} pool`, loc: pool.loc };
      links.push(resolveTarget(from, comp?.host ?? '', pool.host?.value, port, all, ''));
    }
  }
  return links;
}
