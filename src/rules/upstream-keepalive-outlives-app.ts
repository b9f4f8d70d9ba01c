import type { NginxConfig, NginxUpstream } from '../formats/config/types.js';
import type { SourceLoc } from '../model/setting.js';
import { formatDuration } from '../model/units.js';
import type { Component, NodeAppModel, Stack } from '../stack/stack.js';
import { componentsOf } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const GCP_LB_IDLE = 600_000;

/** The node app an upstream's servers reach, by port; or the only app of the input when unresolved. */
function appBehind(
  stack: Stack,
  comp: Component<'nginx'>,
  u: NginxUpstream,
): { app: NodeAppModel; how: string } | undefined {
  const links = stack.links.filter(
    (l) => l.from.component === comp.id && l.from.name.startsWith(`upstream ${u.name} / `),
  );
  for (const l of links) {
    if (l.to?.role !== 'app') continue;
    const app = stack.nodeApps.find((a) => a.components.includes(l.to?.component ?? ''));
    if (app) return { app, how: `port ${l.port}` };
  }
  const unresolved = links.every((l) => !l.to);
  if (unresolved && stack.nodeApps.length === 1 && u.servers.length > 0) {
    return { app: stack.nodeApps[0], how: 'the only Node app in the input (its listen port is not known)' };
  }
  return undefined;
}

/** nginx reuses upstream connections (before 1.29.7) only with keepalive N, HTTP/1.1 and an empty Connection header. */
function explicitReuse(cfg: NginxConfig, u: NginxUpstream): { reuses: boolean; locs: SourceLoc[] } {
  if (!u.keepalive) return { reuses: false, locs: [] };
  for (const s of cfg.servers) {
    for (const l of s.locations) {
      if (l.proxyPass?.upstream !== u.name) continue;
      if (l.proxyHttpVersion.value === '1.1' && l.connectionHeader?.value === '') {
        return { reuses: true, locs: uniqueLocs([l.proxyHttpVersion.loc, l.connectionHeader.loc]) };
      }
    }
  }
  return { reuses: false, locs: [] };
}

function appSide(app: NodeAppModel): { text: string; loc?: SourceLoc } {
  const k = app.keepAliveTimeout;
  if (!k.isDefault && k.loc)
    return { text: `server.keepAliveTimeout = ${k.raw ?? k.value} at ${k.loc.path}:${k.loc.line}`, loc: k.loc };
  const v = app.nodeMajor;
  const version = v?.loc ? `Node ${v.value} per ${v.loc.path}:${v.loc.line}` : 'Node version not found in the input';
  return {
    text: `Node's default (${version}; ${k.defaultSource ?? ''})`,
    loc: v?.loc ?? app.config.listenPorts[0]?.loc,
  };
}

const rule: Rule = {
  meta: {
    id: 'upstream-keepalive-outlives-app',
    severity: 'error',
    title: 'The proxy keeps idle upstream connections longer than the app does',
    summary:
      'nginx (or a cloud load balancer) reuses an idle keep-alive connection after the Node app has closed it: sporadic 502 "upstream prematurely closed connection" / "104: Connection reset by peer".',
    explanation:
      'A proxy that keeps idle connections to the app open for reuse must close them before the app does. Node closes an idle keep-alive socket after `server.keepAliveTimeout` — 5 s by default up to Node 25, 65 s from Node 26 — while nginx keeps idle upstream connections for the upstream\'s `keepalive_timeout` (default 60 s), AWS ALB for 60 s and Google Cloud\'s load balancer for 600 s. When the proxy sends a request on a connection at the moment the app closes it, the request fails with 502 (nginx: "upstream prematurely closed connection while reading response header from upstream" or "recv() failed (104: Connection reset by peer)"); nginx retries idempotent requests, so the 502s land mostly on POSTs. Before nginx 1.29.7 connections are reused only with `keepalive N`, `proxy_http_version 1.1` and `proxy_set_header Connection ""`; from 1.29.7 every upstream{} gets an implicit `keepalive 32` over HTTP/1.1. The `keepalive_timeout` of http/server blocks (default 75 s) is the client side and does not matter here.',
    fix: "Make the app keep idle connections longer than the proxy: `server.keepAliveTimeout = 65000; server.headersTimeout = 66000;` for nginx/ALB (60 s), `620000`/`621000` behind Google Cloud load balancing (600 s) — or set the upstream block's `keepalive_timeout` below the app's (e.g. `keepalive_timeout 4s;` for Node's 5 s default).",
    references: [
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout',
      'https://nodejs.org/api/http.html#serverkeepalivetimeout',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout',
      'https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries',
    ],
    messages: {
      nginx:
        'nginx upstream "{{upstream}}" keeps idle connections to the app for {{proxyIdle}} ({{proxySource}}){{reuse}}, but the Node app "{{app}}" ({{how}}) closes them after {{appIdle}} ({{appSource}}). Requests sent on a connection the app has just closed fail with 502.',
      cloud:
        'Google Cloud load balancing in front of App Engine flexible keeps idle connections for 600 s, but the Node app "{{app}}" closes them after {{appIdle}} ({{appSource}}): sporadic 502s from the nginx sidecar and load balancer.',
    },
    requires: [['node-app'], ['nginx', 'app-engine']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'nginx')) {
      for (const u of comp.data.upstreams) {
        const found = appBehind(stack, comp, u);
        if (!found) continue;
        const { app, how } = found;
        const proxyIdle = u.keepaliveTimeout;
        if (proxyIdle.value <= app.keepAliveTimeout.value) continue;
        const reuse = explicitReuse(comp.data, u);
        const side = appSide(app);
        const proxySource = proxyIdle.isDefault
          ? `upstream keepalive_timeout default, ${proxyIdle.defaultSource ?? 'nginx docs'}`
          : `keepalive_timeout at ${proxyIdle.loc?.path}:${proxyIdle.loc?.line}`;
        out.push({
          messageId: 'nginx',
          severity: reuse.reuses ? 'error' : 'warning',
          data: {
            upstream: u.name,
            proxyIdle: formatDuration(proxyIdle.value),
            proxySource,
            reuse: reuse.reuses
              ? ' and reuses them (keepalive, HTTP/1.1, empty Connection header)'
              : ' — reused only if nginx ≥ 1.29.7 (implicit keepalive 32) or once keepalive is enabled',
            app: app.name,
            how,
            appIdle: formatDuration(app.keepAliveTimeout.value),
            appSource: side.text,
          },
          locations: uniqueLocs([u.keepalive?.loc ?? u.loc, proxyIdle.loc, ...reuse.locs, side.loc]),
        });
      }
    }
    for (const comp of componentsOf(stack, 'app-engine')) {
      if (comp.data.env.value !== 'flex') continue;
      for (const app of stack.nodeApps) {
        if (app.keepAliveTimeout.value > GCP_LB_IDLE) continue;
        const side = appSide(app);
        out.push({
          messageId: 'cloud',
          data: { app: app.name, appIdle: formatDuration(app.keepAliveTimeout.value), appSource: side.text },
          locations: uniqueLocs([comp.data.env.loc ?? { path: comp.path, line: 1 }, side.loc]),
          fix: "Set `server.keepAliveTimeout = 620000` and `server.headersTimeout = 621000` (above the load balancer's 600 s).",
        });
      }
    }
    return out;
  },
};

export default rule;
