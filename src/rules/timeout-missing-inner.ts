import { buildLadder, coveredElsewhere, formatValue, ladderLine, ladderPairs, valueSource } from '../stack/ladder.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'timeout-missing-inner',
    severity: 'warning',
    title: 'A layer behind a timeout has no timeout at all',
    summary:
      'Along a request path, a layer in front bounds a request (nginx, HAProxy, the app server) but a layer behind it has no limit (PostgreSQL statement_timeout 0, Node requestTimeout 0): the work of an abandoned request runs on without end.',
    explanation:
      "A timeout only ends the wait of the layer that has it. When the proxy or the app server gives up, the layers behind it are not told: a PostgreSQL query with `statement_timeout = 0` (the default) runs to its end however long, holding its connection, its locks and a slot of `max_connections`; a Node server with `requestTimeout` 0 keeps a request's handler alive. Under slow requests these orphans pile up until the pool or the database refuses new work, and the outage outlives the slow query that started it.",
    fix: "Give the inner layer a limit a little below the one in front of it: e.g. behind nginx `proxy_read_timeout 60s;` set PostgreSQL `statement_timeout = '50s'` (for the application's role: `ALTER ROLE app SET statement_timeout = '50s'`, so that maintenance jobs keep theirs), Node `server.requestTimeout = 55000`.",
    references: [
      'https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT',
      'https://nodejs.org/api/http.html#serverrequesttimeout',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
    ],
    messages: {
      missing:
        '{{outer}} gives up on a request after {{outerValue}} ({{outerSource}}), but {{inner}} behind it has no limit ({{innerSource}}): the work of a request {{outer}} abandoned runs on without end, holding its connection. Path: {{ladder}}.',
    },
    requires: [],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const { outer, inner, path } of ladderPairs(buildLadder(stack))) {
      const o = outer.request;
      const i = inner.request;
      if (coveredElsewhere(outer.kind, inner.kind)) continue;
      if (o.isDefault && i.isDefault) continue;
      if (i.value !== 0 || o.value === 0) continue;
      out.push({
        messageId: 'missing',
        data: {
          outer: outer.component,
          outerValue: formatValue(o),
          outerSource: valueSource(o),
          inner: inner.component,
          innerSource: valueSource(i),
          ladder: ladderLine(path),
        },
        locations: uniqueLocs([o.loc, i.loc ?? { path: inner.path, line: inner.line }]),
      });
    }
    return out;
  },
};

export default rule;
