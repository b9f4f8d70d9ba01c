import { formatDuration } from '../model/units.js';
import { componentsOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'haproxy-single-server',
    severity: 'warning',
    title: 'Health-checked backend with a single server',
    summary:
      'With one server and health checks, a few failed checks take the whole backend down: every request gets 503 "no server available".',
    explanation:
      'HAProxy marks a server DOWN after `fall` consecutive failed checks (default 3) made `inter` apart (default 2 s). With a single server there is nowhere to send traffic: HAProxy logs "backend … has no server available!" and answers 503 until `rise` checks (default 2) pass again. A busy or briefly stalled app (GC pause, event loop blocked, memory pressure — the OpenShift story of seed 000) fails its checks exactly when it is loaded, so the proxy turns a slowdown into an outage.',
    fix: 'Run at least two servers (or instances) behind the backend; make the check cheap and its timeout (`timeout check`) tolerant of short stalls; consider a `backup` server that serves a degraded page.',
    references: [
      'https://docs.haproxy.org/2.8/configuration.html#5.2-fall',
      'https://docs.haproxy.org/2.8/configuration.html#5.2-inter',
    ],
    messages: {
      single:
        '{{kind}} "{{proxy}}" has one server ({{server}}) with health checks: after {{fall}} failed checks {{inter}} apart (≈ {{down}}) it is DOWN and every request gets 503 "no server available" until {{rise}} checks pass.',
    },
    requires: [['haproxy']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'haproxy')) {
      for (const p of comp.data.proxies) {
        if (p.kind === 'frontend') continue;
        const active = p.servers.filter((s) => !s.backup && !s.disabled);
        if (active.length !== 1 || p.servers.some((s) => s.backup)) continue;
        const s = active[0];
        if (!s.check.value) continue;
        out.push({
          messageId: 'single',
          data: {
            kind: p.kind,
            proxy: p.name,
            server: `${s.name} ${s.address}`,
            fall: s.fall.value,
            inter: formatDuration(s.inter.value),
            down: formatDuration(s.fall.value * s.inter.value),
            rise: s.rise.value,
          },
          locations: [s.loc, p.loc],
        });
      }
    }
    return out;
  },
};

export default rule;
