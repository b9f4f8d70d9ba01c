import { formatDuration } from '../model/units.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'node-headers-timeout-below-keepalive',
    severity: 'warning',
    title: 'Node headersTimeout not above keepAliveTimeout (Node < 18)',
    summary:
      'Before Node 18, raising keepAliveTimeout without raising headersTimeout above it makes Node drop reused keep-alive connections.',
    explanation:
      'Up to Node 17 the headers timer of a keep-alive socket started when the previous response ended, so with `headersTimeout` (default 60 s) not above `keepAliveTimeout`, a request arriving late on a reused connection was cut by the headers timeout — the proxy sees a reset and answers 502 (nodejs/node#27363). Raising keepAliveTimeout to 65 s for a load balancer is exactly when this bites.',
    fix: 'Set `server.headersTimeout` a second above `server.keepAliveTimeout` (e.g. 65000 and 66000), or run Node 18+.',
    references: [
      'https://nodejs.org/api/http.html#serverheaderstimeout',
      'https://github.com/nodejs/node/issues/27363',
    ],
    messages: {
      below:
        'App "{{app}}" sets keepAliveTimeout {{keep}} but headersTimeout is {{headers}} ({{headersSource}}); {{version}}: Node before 18 then drops keep-alive connections reused after {{headers}}.',
    },
    requires: [['node-app']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const app of stack.nodeApps) {
      const k = app.keepAliveTimeout;
      const h = app.headersTimeout;
      if (k.isDefault || !k.loc) continue;
      if (h.value > k.value) continue;
      const major = app.nodeMajor?.value;
      if (major !== undefined && major >= 18) continue;
      out.push({
        messageId: 'below',
        severity: major === undefined ? 'info' : 'warning',
        data: {
          app: app.name,
          keep: formatDuration(k.value),
          headers: formatDuration(h.value),
          headersSource: h.isDefault ? 'default' : `${h.loc?.path}:${h.loc?.line}`,
          version: major === undefined ? 'if this runs on Node < 18 (version not found in the input)' : `Node ${major}`,
        },
        locations: uniqueLocs([k.loc, h.loc, app.nodeMajor?.loc]),
        fix: `Set \`server.headersTimeout = ${k.value + 1000}\` right after keepAliveTimeout, or upgrade to Node 18+.`,
      });
    }
    return out;
  },
};

export default rule;
