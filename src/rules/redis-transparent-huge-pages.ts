import { componentsOf, hostOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'redis-transparent-huge-pages',
    severity: 'warning',
    title: 'Transparent huge pages are always on a Redis host',
    summary:
      'THP `always` makes Redis forks slow and memory-hungry: latency spikes and memory growth after every background save.',
    explanation:
      'With transparent huge pages set to `always`, a fork for a background save makes copy-on-write copy 2 MB pages instead of 4 KB ones: latency spikes and a large jump in memory use while the child runs. Redis warns at start-up: "WARNING you have Transparent Huge Pages (THP) support enabled in your kernel. This will create latency and memory usage issues with Redis." — another of the seed postmortem\'s warnings, on a host that later ran out of memory.',
    fix: 'Set THP to `madvise` or `never`: `echo madvise > /sys/kernel/mm/transparent_hugepage/enabled` now, and persistently with the kernel parameter `transparent_hugepage=madvise` (or a systemd unit that writes it at boot).',
    references: [
      'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/',
      'https://www.kernel.org/doc/html/latest/admin-guide/mm/transhuge.html',
    ],
    messages: {
      always:
        'Transparent huge pages are `{{value}}` ({{where}}) on a host running Redis ({{redis}}): forks for background saves copy 2 MB pages — latency and memory spikes.',
    },
    requires: [['redis'], ['host-facts', 'probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'redis')) {
      const thp = hostOf(stack, comp).transparentHugepage;
      if (thp?.value !== 'always') continue;
      out.push({
        messageId: 'always',
        data: { value: thp.value, where: thp.loc ? `${thp.loc.path}:${thp.loc.line}` : 'host facts', redis: comp.path },
        locations: [thp.loc ?? { path: comp.path, line: 1 }],
      });
    }
    return out;
  },
};

export default rule;
