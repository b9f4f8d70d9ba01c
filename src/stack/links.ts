// Links between layers, found by port: every component declares through its parser where it listens and
// what it connects to (src/formats/config/*.ts), node apps through their combined model; each target is
// resolved to the listener on that port (same host folder first), else to a well-known port's role.
// With several inputs named (unrelated bundles audited together), a target is looked for in the origin's own
// input first; another input is used only when nothing in the origin's listens there, and the note says so.
// Nothing here knows a config format, so a new format brings its links with its parser.
import { configParser } from '../formats/config/registry.js';
import type { LinkTarget, Listener, ServiceRole } from '../formats/config/types.js';
import { gunicornCommandListeners } from './app-servers.js';
import { nodeAppListeners, nodeAppTargets } from './node-apps.js';
import type { Component, Link, LinkEnd, Stack } from './stack.js';

/** Ports that identify a service when nothing in the input listens there (IANA / the servers' defaults). */
export const WELL_KNOWN_PORTS: Record<number, ServiceRole> = {
  3306: 'mysql',
  5432: 'postgres',
  6379: 'redis',
};

/** A declared listener, on the component that declares it. */
type Placed = Listener & { component: Component };

/** Targets that start links from one component (or one node app). */
interface Origin {
  /** Id of the component the links start from. */
  component: string;
  host: string;
  /** The input it comes from (Component.input). */
  input?: string;
  /** A component does not link to itself; "" excludes nothing. */
  exclude: string;
  targets: LinkTarget[];
}

export function buildLinks(stack: Stack): Link[] {
  const listening: Placed[] = [
    ...stack.components.flatMap((c) =>
      (configParser(c.format)?.listeners?.(c.data) ?? []).map((l) => ({ ...l, component: c })),
    ),
    ...stack.nodeApps.flatMap((app) => nodeAppListeners(stack, app)),
    ...gunicornCommandListeners(stack),
  ];
  const origins: Origin[] = [
    ...stack.components.map((c) => ({
      component: c.id,
      host: c.host,
      input: c.input,
      exclude: c.id,
      targets: configParser(c.format)?.targets?.(c.data) ?? [],
    })),
    ...stack.nodeApps.map((app) => {
      const comp = stack.components.find((c) => c.id === app.components[0]);
      return {
        component: comp?.id ?? app.name,
        host: comp?.host ?? '',
        input: comp?.input,
        exclude: '',
        targets: nodeAppTargets(app),
      };
    }),
  ];
  return origins.flatMap((o) =>
    o.targets.map((t) => {
      const from: LinkEnd = { component: o.component, name: t.name, loc: t.loc };
      const mine = listening.filter((l) => l.component.input === o.input);
      const link = resolveTarget(from, o.host, t.host, t.port, mine, o.exclude);
      if (link.to || mine.length === listening.length) return link;
      return acrossInputs(link, o, t.host, listening) ?? link;
    }),
  );
}

const isLoopback = (host: string | undefined) => !host || /^(127\.|localhost$|::1$|0\.0\.0\.0$)/.test(host);

/**
 * Nothing in the origin's own input listens on the port: another input's listener, as an assumption. Not for a
 * loopback address between two inputs that are each one host's root: 127.0.0.1 on one machine is not another's.
 */
function acrossInputs(own: Link, o: Origin, host: string | undefined, all: Placed[]): Link | undefined {
  const others = all.filter(
    (l) =>
      l.component.input !== o.input &&
      !(isLoopback(host) && o.host !== '' && l.component.host !== '' && l.component.host !== o.host),
  );
  const link = resolveTarget(own.from, o.host, host, own.port, others, o.exclude);
  if (link.via !== 'port' || !link.to) return undefined;
  const target = all.find((l) => l.component.id === link.to?.component);
  return {
    ...link,
    note: `nothing in ${o.input ?? 'its input'} listens on port ${own.port}; assumed to be ${target?.component.path ?? link.to.component} from another input (${target?.component.input ?? '?'}), which does (${link.role})`,
  };
}

function resolveTarget(
  from: LinkEnd,
  fromHost: string,
  host: string | undefined,
  port: number | undefined,
  all: Placed[],
  exclude: string,
): Link {
  if (port === undefined) {
    return { from, host, via: 'unresolved', note: 'no port in the address; target not identified' };
  }
  const candidates = all.filter((l) => l.port === port && l.component.id !== exclude);
  // Prefer a listener on the same host folder when the address is loopback, any host otherwise.
  const loopback = isLoopback(host);
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
