// The ladder in the audit reports: each request path as one line ("nginx proxy_read_timeout 60 s > gunicorn
// --timeout 30 s > PostgreSQL statement_timeout 0 (none)"), and with --explain-path every hop with its timeouts and
// limits and where each was set; JSON `paths` carries the same, timeouts in ms.
import type { AuditResult } from '../audit.js';
import { buildLadder, formatValue, type Hop, type LadderValue, ladderLine, type RequestPath } from '../stack/ladder.js';

export function requestPaths(result: AuditResult): RequestPath[] {
  return buildLadder(result.stack);
}

/** "proxy_read_timeout 2 min (etc/nginx/sites-enabled/api:20)", "statement_timeout 0 (none) (default)" */
export function describeValue(v: LadderValue): string {
  const where = v.loc ? `${v.loc.path}:${v.loc.line}` : 'default';
  return `${v.name} ${formatValue(v)} (${where})`;
}

/** A hop's lines under its path: what it is and where, then its timeouts and its limits. */
export function hopLines(h: Hop): string[] {
  const lines = [`${h.component}  ${h.name}  ${h.path}:${h.line}`];
  if (h.timeouts.length) lines.push(`  timeouts: ${h.timeouts.map(describeValue).join(', ')}`);
  if (h.limits.length) lines.push(`  limits:   ${h.limits.map(describeValue).join(', ')}`);
  return lines;
}

export { ladderLine };

function valueJson(v: LadderValue) {
  return {
    name: v.name,
    ...(v.unit === 'ms' ? { ms: v.value } : { value: v.value }),
    default: v.isDefault,
    ...(v.loc ? { path: v.loc.path, line: v.loc.line } : {}),
    ...(v.source ? { source: v.source } : {}),
  };
}

/** JSON `paths: [{ summary, hops: [{ component, name, path, line, request, keepalive, timeouts, limits }] }]`. */
export function pathsJson(paths: RequestPath[]) {
  return paths.map((p) => ({
    summary: ladderLine(p),
    hops: p.hops.map((h) => ({
      component: h.component,
      name: h.name,
      path: h.path,
      line: h.line,
      ...(h.request ? { request: h.request.name } : {}),
      // The idle keep-alive settings among its timeouts, by name: what it keeps toward the next hop, and from the one before.
      ...(h.idle?.client || h.idle?.server
        ? {
            keepalive: {
              ...(h.idle.client ? { client: h.idle.client.name } : {}),
              ...(h.idle.server ? { server: h.idle.server.name } : {}),
            },
          }
        : {}),
      timeouts: h.timeouts.map(valueJson),
      limits: h.limits.map(valueJson),
    })),
  }));
}
