import { formatSize } from '../model/units.js';
import { componentsOf, hostOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'redis-maxmemory-unset',
    severity: 'warning',
    title: 'Redis has no memory limit',
    summary:
      'Without `maxmemory`, Redis grows until the kernel swaps or the OOM killer takes it — or something else on the host.',
    explanation:
      'On 64-bit systems Redis has no memory limit unless `maxmemory` is set (redis.conf: "maxmemory <bytes>"; 0 means none). A cache that is never evicted, or a queue that is never drained, grows until the host swaps and then the OOM killer picks a victim — often the application or the database rather than Redis. The seed postmortem’s host (3.8 GB) ran Redis with no maxmemory next to a PM2 cluster and ended so starved that SSH, reboot and stop all hung. With `maxmemory` set and the default `noeviction` policy, writes fail with "OOM command not allowed when used memory > \'maxmemory\'" instead: visible, and bounded.',
    fix: 'Set `maxmemory` to what the host can spare (e.g. `maxmemory 512mb`) and a policy that fits the data: `maxmemory-policy allkeys-lru` for a cache, `noeviction` (the default) for queues and sessions that must not be lost.',
    references: [
      'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/',
      'https://redis.io/docs/latest/develop/reference/eviction/',
    ],
    messages: {
      unset:
        'Redis ({{path}}) sets no maxmemory{{policy}}: it may grow until {{ram}} is used up and the OOM killer or swap takes the host.',
    },
    requires: [['redis']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'redis')) {
      const m = comp.data.maxmemory;
      if (m.value > 0 && m.value !== Number.POSITIVE_INFINITY) continue;
      const host = hostOf(stack, comp);
      const ram = host.ram ? `the host's ${formatSize(host.ram.value)}` : 'the host’s memory';
      const policy = comp.data.maxmemoryPolicy;
      out.push({
        messageId: 'unset',
        data: {
          path: comp.path,
          policy: policy.isDefault ? '' : ` (maxmemory-policy ${policy.value} has no effect without it)`,
          ram,
        },
        locations: [m.loc ?? { path: comp.path, line: 1 }],
        fix: host.ram
          ? `Add \`maxmemory ${Math.max(64, Math.floor(host.ram.value / 1024 / 1024 / 4 / 64) * 64)}mb\` (a quarter of RAM, adjust to the other services) and \`maxmemory-policy allkeys-lru\` if Redis is a cache.`
          : undefined,
      });
    }
    return out;
  },
};

export default rule;
