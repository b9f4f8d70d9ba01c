// Shared reading of HAProxy facts for the rules: which frontends feed a backend, what a backend's
// servers reach, and the idle timeout an established TCP session really gets.
import type { HaproxyConfig, HaproxyProxy, ServiceRole } from '../formats/config/types.js';
import type { Setting, SourceLoc } from '../model/setting.js';
import type { Duration } from '../model/units.js';
import { formatDuration } from '../model/units.js';
import type { Component, Link, Stack } from '../stack/stack.js';

/** Frontends (and listens) whose default_backend/use_backend name this backend. */
export function frontendsOf(cfg: HaproxyConfig, backend: HaproxyProxy): HaproxyProxy[] {
  if (backend.kind === 'listen') return [backend];
  return cfg.proxies.filter(
    (p) =>
      p.kind !== 'backend' &&
      (p.defaultBackend?.value === backend.name || p.useBackends.some((u) => u.name === backend.name)),
  );
}

/** Links from this proxy's servers. */
export function serverLinks(stack: Stack, comp: Component<'haproxy'>, proxy: HaproxyProxy): Link[] {
  return stack.links.filter(
    (l) => l.from.component === comp.id && l.from.name.startsWith(`${proxy.kind} ${proxy.name} / server `),
  );
}

/** The role the servers of a proxy reach (mysql, postgres…), if they agree on one. */
export function targetRole(links: Link[]): ServiceRole | undefined {
  const roles = new Set(links.map((l) => l.role).filter((r): r is ServiceRole => r !== undefined));
  return roles.size === 1 ? [...roles][0] : undefined;
}

export interface IdleTimeout {
  value: Duration;
  /** "timeout tunnel 1h" or "timeout client 50s / timeout server 50s" */
  describe: string;
  /** Lines that set it (the proxy's own lines or the inherited defaults lines). */
  locs: SourceLoc[];
  /** Which settings: used to phrase the fix. */
  via: 'tunnel' | 'client' | 'server';
}

function settingText(name: string, s: Setting<Duration>): string {
  const from = s.inheritedFrom ? `, inherited from ${s.inheritedFrom}` : '';
  const where = s.loc ? ` at ${s.loc.path}:${s.loc.line}` : '';
  return `timeout ${name} ${s.raw ?? formatDuration(s.value)}${from}${where}`;
}

/**
 * The idle timeout of an established TCP session between `front` and `back`: once a TCP connection has no
 * analyzer left, `timeout tunnel` (when set) replaces client and server timeouts; otherwise the shorter of
 * `timeout client` (frontend side) and `timeout server` (backend side) ends an idle session
 * (HAProxy configuration manual, "timeout tunnel"). Undefined when neither side has a timeout.
 */
export function tcpIdleTimeout(front: HaproxyProxy, back: HaproxyProxy): IdleTimeout | undefined {
  const tunnel = back.timeouts.tunnel ?? front.timeouts.tunnel;
  if (tunnel?.loc) {
    return { value: tunnel.value, describe: settingText('tunnel', tunnel), locs: [tunnel.loc], via: 'tunnel' };
  }
  const client = front.timeouts.client;
  const server = back.timeouts.server;
  const candidates: [string, Setting<Duration>][] = [];
  if (client?.loc) candidates.push(['client', client]);
  if (server?.loc) candidates.push(['server', server]);
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => a[1].value - b[1].value);
  const [name, shortest] = candidates[0];
  return {
    value: shortest.value,
    describe: candidates.map(([n, s]) => settingText(n, s)).join('; '),
    locs: candidates.map(([, s]) => s.loc as SourceLoc),
    via: name as 'client' | 'server',
  };
}

/** Stable string for a location list without duplicates, primary first. */
export function uniqueLocs(locs: (SourceLoc | undefined)[]): SourceLoc[] {
  const seen = new Set<string>();
  const out: SourceLoc[] = [];
  for (const l of locs) {
    if (!l) continue;
    const k = `${l.path}:${l.line}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(l);
    }
  }
  return out;
}

/** The HAProxy frontend (or listen) in tcp mode that a link reaches, with its backend and the session's idle timeout. */
export function tcpProxyOf(
  stack: Stack,
  link: Link | undefined,
): { comp: Component<'haproxy'>; front: HaproxyProxy; back: HaproxyProxy; idle: IdleTimeout } | undefined {
  if (link?.to?.role !== 'haproxy') return undefined;
  const comp = stack.components.find(
    (c): c is Component<'haproxy'> => c.id === link.to?.component && c.format === 'haproxy',
  );
  if (!comp) return undefined;
  const [kind, ...rest] = link.to.name.split(' ');
  const front = comp.data.proxies.find((p) => p.kind === kind && p.name === rest.join(' '));
  if (front?.mode.value !== 'tcp') return undefined;
  const back =
    front.kind === 'listen'
      ? front
      : comp.data.proxies.find((p) => p.kind !== 'frontend' && p.name === front.defaultBackend?.value);
  if (back?.mode.value !== 'tcp') return undefined;
  const idle = tcpIdleTimeout(front, back);
  return idle ? { comp, front, back, idle } : undefined;
}
