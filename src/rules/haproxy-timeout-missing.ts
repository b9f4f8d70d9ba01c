import { componentsOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'haproxy-timeout-missing',
    severity: 'warning',
    title: 'HAProxy proxy without client, server or connect timeout',
    summary:
      'An unset `timeout client`/`server`/`connect` means no timeout at all: dead peers hold connections (and maxconn slots) forever.',
    explanation:
      'HAProxy has no default for `timeout client`, `timeout server` and `timeout connect`: unset means infinite, and HAProxy warns at start-up ("missing timeouts for frontend/backend … may lead to accumulation of expired sessions"). Half-dead clients and servers then hold connections and maxconn slots until the process restarts; under load the proxy stops accepting. The 50 s most people see comes from the haproxy.cfg that distributions ship, not from HAProxy.',
    fix: 'Set them in `defaults` with units, e.g. `timeout connect 5s`, `timeout client 50s`, `timeout server 50s` — and longer per proxy where long sessions are expected (`timeout tunnel` for databases and WebSockets).',
    references: [
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20client',
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20server',
    ],
    messages: {
      missing:
        '{{kind}} "{{proxy}}" has no {{names}} (neither written nor inherited from defaults): HAProxy waits forever on that side and warns at start-up.',
    },
    requires: [['haproxy']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'haproxy')) {
      for (const p of comp.data.proxies) {
        const need: string[] = [];
        const clientSide = p.kind === 'frontend' || p.kind === 'listen';
        const serverSide = (p.kind === 'backend' || p.kind === 'listen') && p.servers.length > 0;
        if (clientSide && !p.timeouts.client) need.push('client');
        if (serverSide && !p.timeouts.server) need.push('server');
        if (serverSide && !p.timeouts.connect) need.push('connect');
        // A listen used only for stats/monitoring has no servers; its client side still needs a timeout.
        if (need.length === 0) continue;
        out.push({
          messageId: 'missing',
          data: { kind: p.kind, proxy: p.name, names: need.map((n) => `\`timeout ${n}\``).join(', ') },
          locations: [p.loc],
          fix: `Add to ${p.kind} "${p.name}" (or to its defaults): ${need
            .map((n) => `\`timeout ${n} ${n === 'connect' ? '5s' : '50s'}\``)
            .join(', ')}.`,
        });
      }
    }
    return out;
  },
};

export default rule;
