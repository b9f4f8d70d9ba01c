import { buildLadder, coveredElsewhere, formatValue, ladderLine, ladderPairs, valueSource } from '../stack/ladder.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'timeout-ladder-inverted',
    severity: 'warning',
    title: 'An inner layer lets a request run longer than the layer in front of it waits',
    summary:
      'Along a request path, a layer behind another (an app server behind a proxy, a database behind the app) has a longer timeout than the one in front: the outer layer gives up and the inner one keeps working on an abandoned request.',
    explanation:
      'Each layer of a request path bounds a request with its own clock: nginx `proxy_read_timeout`, Apache `ProxyTimeout`, HAProxy `timeout server` (http mode), gunicorn `--timeout`, uWSGI `harakiri`, PHP-FPM `request_terminate_timeout`, Node `server.requestTimeout`, PostgreSQL `statement_timeout`. The timeouts should shrink from the outside in. When an inner one is longer, the outer layer answers 504 (or closes the connection) while the inner layer goes on with the work; a client or proxy that retries sends the same work again, so under slow requests the load doubles exactly when the system is slowest.',
    fix: "Order the timeouts from the outside in, each inner one a little below the one in front of it: e.g. nginx `proxy_read_timeout 60s;`, Node `server.requestTimeout = 55000`, PostgreSQL `statement_timeout = '50s'` (per role with `ALTER ROLE app SET statement_timeout = '50s'`). Raise them together when a route needs longer.",
    references: [
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
      'https://www.haproxy.com/documentation/haproxy-configuration-manual/latest/#4.2-timeout%20server',
      'https://nodejs.org/api/http.html#serverrequesttimeout',
      'https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT',
      'https://docs.gunicorn.org/en/stable/settings.html#timeout',
    ],
    messages: {
      inverted:
        '{{outer}} gives up on a request after {{outerValue}} ({{outerSource}}), but {{inner}} behind it lets it run {{innerValue}} ({{innerSource}}): after {{outerValue}} the {{inner}} work goes on for a request nobody waits for, and a retry starts it again. Path: {{ladder}}.',
    },
    requires: [],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const { outer, inner, path } of ladderPairs(buildLadder(stack))) {
      const o = outer.request;
      const i = inner.request;
      if (coveredElsewhere(outer.kind, inner.kind)) continue;
      // Two documented defaults that disagree are the servers' design, not a choice someone made here.
      if (o.isDefault && i.isDefault) continue;
      if (!(i.value > o.value)) continue;
      out.push({
        messageId: 'inverted',
        data: {
          outer: outer.component,
          outerValue: formatValue(o),
          outerSource: valueSource(o),
          inner: inner.component,
          innerValue: formatValue(i),
          innerSource: valueSource(i),
          ladder: ladderLine(path),
        },
        locations: uniqueLocs([i.loc, o.loc, i.loc ? undefined : { path: inner.path, line: inner.line }]),
      });
    }
    return out;
  },
};

export default rule;
