// Node apps: the node-app files of one package (its package.json folder) combined into one app, with
// Node's documented defaults for what no file sets; each app listens on its ports and connects through
// its pools (the links below use them like any component's declarations).
import { posix } from 'node:path';
import type { LinkTarget, Listener, NodeAppConfig } from '../formats/config/types.js';
import { byDefault, type Setting } from '../model/setting.js';
import type { Duration } from '../model/units.js';
import type { Component, NodeAppModel, Stack } from './stack.js';

export const NODE_KEEPALIVE_SOURCE_PRE26 = 'Node.js docs, http server.keepAliveTimeout: default 5000 ms (Node ≤ 25)';
export const NODE_KEEPALIVE_SOURCE_26 = 'Node.js docs, http server.keepAliveTimeout: default 65000 ms from Node 26';
export const NODE_HEADERS_TIMEOUT_SOURCE = 'Node.js docs, http server.headersTimeout: default 60000 ms (since v11.3)';

/** Groups node-app components by the folder of their package.json (or their own folder). */
/** `stated`: the Node.js version the logs state per host, for an app whose files name none. */
export function buildNodeApps(
  components: Component[],
  stated: ReadonlyMap<string, Setting<string>> = new Map(),
): NodeAppModel[] {
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
    merged.nodeVersion ??=
      stated.get(comps[0]?.host ?? '') ?? (stated.size === 1 ? [...stated.values()][0] : undefined);
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

/** The ports an app listens on, each placed on the file that listens (links name server.js, not a knexfile). */
export function nodeAppListeners(stack: Stack, app: NodeAppModel): (Listener & { component: Component })[] {
  const out: (Listener & { component: Component })[] = [];
  for (const p of app.config.listenPorts) {
    const comp =
      stack.components.find((c) => app.components.includes(c.id) && c.path === p.loc?.path) ??
      stack.components.find((c) => c.id === app.components[0]);
    if (comp) out.push({ component: comp, role: 'app', name: app.name, port: p.value });
  }
  return out;
}

/** The databases an app's pools connect to (an unset port is the engine's default). */
export function nodeAppTargets(app: NodeAppModel): LinkTarget[] {
  return app.config.pools.map((pool) => ({
    name: `${app.name} ${pool.library} pool`,
    host: pool.host?.value,
    port: pool.port?.value ?? (pool.engine === 'postgres' ? 5432 : pool.engine === 'mysql' ? 3306 : undefined),
    loc: pool.loc,
  }));
}
