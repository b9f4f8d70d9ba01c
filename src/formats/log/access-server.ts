// Which server wrote a combined/common access log. nginx, Apache, Tomcat's AccessLogValve and gunicorn write the
// same line shape, so the format stays `nginx-access`; the writer is told by the evidence around the file: the
// line shape where only one server writes it (Apache's vhost_combined), the server's own logs in the same folder
// (nginx's error.log, Apache's error log, catalina.out, gunicorn's error log) and the places and names the
// servers give their files (/var/log/apache2, localhost_access_log.<date>.txt, gunicorn-access.log). Unknown when
// nothing tells.
import type { LogFormatId } from '../../model/event.js';

export type AccessServer = 'nginx' | 'apache' | 'tomcat' | 'gunicorn';

export interface AccessInput {
  path: string;
  format: LogFormatId | string | null;
  /** The server a line of the file names by its shape (`fields.server`), when one does. */
  lineServer?: string;
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The folder's other logs, by the server whose own log they are. */
function siblingServer(path: string, inputs: readonly AccessInput[]): AccessServer | undefined {
  const dir = dirOf(path);
  const found = new Set<AccessServer>();
  for (const other of inputs) {
    if (other.path === path || dirOf(other.path) !== dir) continue;
    if (other.format === 'nginx-error') found.add('nginx');
    else if (other.format === 'apache-error') found.add('apache');
    else if (other.format === 'tomcat-log') found.add('tomcat');
    else if (other.format === 'python-log' && /gunicorn/i.test(baseOf(other.path))) found.add('gunicorn');
  }
  // Two servers' logs in one folder (a collected bundle) tell nothing about this file.
  return found.size === 1 ? [...found][0] : undefined;
}

/** The names and places each server gives its access logs by default. */
function pathServer(path: string): AccessServer | undefined {
  const base = baseOf(path);
  if (/^localhost_access_log/.test(base) || /(?:^|\/)(?:tomcat\d*|catalina)(?:\/|$)/i.test(dirOf(path)))
    return 'tomcat';
  if (/gunicorn/i.test(path)) return 'gunicorn';
  if (
    /(?:^|\/)(?:apache2?|httpd)(?:\/|$)/.test(dirOf(path)) ||
    /^(?:other_vhosts_access\.log|(?:ssl_)?access_log)/.test(base)
  )
    return 'apache';
  if (/(?:^|\/)nginx(?:\/|$)/.test(dirOf(path))) return 'nginx';
  return undefined;
}

/** The server that wrote an access log: its lines' own word first, then its folder's other logs, then its path. */
export function accessServerOf(input: AccessInput, inputs: readonly AccessInput[]): AccessServer | undefined {
  if (input.lineServer === 'apache') return 'apache';
  return siblingServer(input.path, inputs) ?? pathServer(input.path);
}

/** Sets `server` on every nginx-access input whose writer the evidence tells; returns them by path. */
export function attributeAccessServers(
  inputs: { path: string; format: LogFormatId | string | null; server?: string }[],
): Map<string, AccessServer> {
  const servers = new Map<string, AccessServer>();
  for (const input of inputs) {
    if (input.format !== 'nginx-access') continue;
    const server = accessServerOf(input, inputs);
    if (server === undefined) continue;
    input.server = server;
    servers.set(input.path, server);
  }
  return servers;
}

/** `fields.server` on the events of the attributed access logs (a line that names its server keeps its word). */
export function markServers(
  events: { path: string; fields?: Record<string, string | number> }[],
  servers: ReadonlyMap<string, AccessServer>,
): void {
  if (servers.size === 0) return;
  for (const e of events) {
    const server = servers.get(e.path);
    if (server !== undefined && e.fields?.server === undefined) e.fields = { ...e.fields, server };
  }
}

const FRONT: ReadonlySet<string> = new Set(['nginx', 'apache']);
const BEHIND: ReadonlySet<string> = new Set(['gunicorn', 'tomcat']);

/**
 * The app servers' access logs (gunicorn, Tomcat) of a host whose front server's (nginx, Apache) access log is
 * read too: the proxy saw each of their requests, so the per-minute request series counts them once, from the
 * proxy — the user's view, which also has the requests the app never got (its 502s while it was down).
 */
export function seenByProxy(inputs: readonly { path: string; host?: string; server?: string }[]): Set<string> {
  const frontHosts = new Set(inputs.filter((i) => i.server && FRONT.has(i.server)).map((i) => i.host ?? ''));
  return new Set(
    inputs.filter((i) => i.server && BEHIND.has(i.server) && frontHosts.has(i.host ?? '')).map((i) => i.path),
  );
}

interface RequestCounters {
  requests: number;
  s5xx: number;
  s502: number;
  s503: number;
  s504: number;
  s4xx: number;
  durSum: number;
  durCount: number;
}

/** Takes a file's requests out of its per-minute rows and endpoint counts (its errors and restarts stay). */
export function dropRequests(tally: { series: Map<number, RequestCounters>; endpoints: Map<number, unknown> }): void {
  for (const row of tally.series.values()) {
    row.requests = row.s5xx = row.s502 = row.s503 = row.s504 = row.s4xx = 0;
    row.durSum = row.durCount = 0;
  }
  tally.endpoints.clear();
}
