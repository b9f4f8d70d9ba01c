import {
  buildLadder,
  formatValue,
  type HopKind,
  idleCoveredElsewhere,
  idlePairs,
  ladderLine,
  valueSource,
} from '../stack/ladder.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

/** What the client sees when it sends on a connection its server has just closed. */
function symptom(server: HopKind): string {
  if (server === 'mysql')
    return '"MySQL server has gone away" (2006) / "Lost connection to MySQL server during query" (2013)';
  if (server === 'postgres') return '"server closed the connection unexpectedly"';
  if (server === 'redis') return '"Connection reset by peer" / redis ConnectionError';
  return '502 (Apache "error reading status line from remote server", nginx "upstream prematurely closed connection")';
}

const rule: Rule = {
  meta: {
    id: 'keepalive-outlives-server',
    severity: 'warning',
    title: 'A layer keeps idle connections to the next one longer than that one keeps them open',
    summary:
      'On a hop of a request path the client side (a proxy reusing backend connections, a Django connection kept with CONN_MAX_AGE) keeps an idle connection longer than the server behind it does: requests sent on a connection the server has just closed fail.',
    explanation:
      "Every hop that reuses connections has two idle clocks: the client's (how long it keeps an idle connection for the next request: nginx upstream `keepalive_timeout`, Apache mod_proxy's pooled backend connections, kept until `ttl=` — without a ttl until the backend closes them — Django `CONN_MAX_AGE`) and the server's (how long it waits for the next request on it: gunicorn `keepalive` with a threaded or async worker, 2 s by default, Node `server.keepAliveTimeout` 5 s, Tomcat `keepAliveTimeout` = `connectionTimeout`, Apache `KeepAliveTimeout` 5 s, HAProxy `timeout http-keep-alive`, MySQL `wait_timeout` 8 h, Redis `timeout`, PostgreSQL `idle_session_timeout`). The client's must be the shorter one on every hop, so that the side that closes an idle connection is always the one that would send on it next. When the server closes first, a request the client sends at that moment meets a closed socket; proxies answer 502 (retrying only idempotent requests), database clients fail the query. gunicorn's sync worker keeps no connection (it answers `Connection: close`), so it is not judged.",
    fix: "Make each client's idle keep-alive shorter than its server's: Apache `ProxyPass / http://127.0.0.1:8000/ ttl=1` (below gunicorn's 2 s) or raise the server's (`--keep-alive 75`, Tomcat `keepAliveTimeout=\"75000\"`); nginx upstream `keepalive_timeout` below the app's; Django `CONN_MAX_AGE` below MySQL `wait_timeout`, with `CONN_HEALTH_CHECKS = True`.",
    references: [
      'https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass',
      'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout',
      'https://docs.gunicorn.org/en/stable/settings.html#keepalive',
      'https://tomcat.apache.org/tomcat-9.0-doc/config/http.html',
      'https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections',
      'https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_wait_timeout',
    ],
    messages: {
      outlives:
        '{{client}} keeps idle connections to {{server}} {{clientIdle}} ({{clientSource}}), but {{server}} closes them after {{serverIdle}} ({{serverSource}}): a request sent on a connection {{server}} has just closed fails with {{symptom}}. Path: {{ladder}}.',
    },
    requires: [],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const { client, server, path } of idlePairs(buildLadder(stack))) {
      if (idleCoveredElsewhere(client.kind, server.kind)) continue;
      const c = client.idle.client;
      const s = server.idle.server;
      // A server that never closes an idle connection cannot close it under the client; a client that keeps it for
      // ever (0) outlives any server that does close.
      if (s.value === 0 || (c.value !== 0 && c.value <= s.value)) continue;
      out.push({
        messageId: 'outlives',
        data: {
          client: client.component,
          clientIdle:
            c.value === 0
              ? c.display
                ? 'for ever'
                : `until ${server.component} closes them`
              : `for ${formatValue(c)}`,
          clientSource: valueSource(c),
          server: server.component,
          serverIdle: formatValue(s),
          serverSource: valueSource(s),
          symptom: symptom(server.kind),
          ladder: ladderLine(path),
        },
        locations: uniqueLocs([
          c.loc ?? { path: client.path, line: client.line },
          s.loc ?? { path: server.path, line: server.line },
        ]),
      });
    }
    return out;
  },
};

export default rule;
