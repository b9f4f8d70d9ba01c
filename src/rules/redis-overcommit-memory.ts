import { componentsOf, hostOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'redis-overcommit-memory',
    severity: 'warning',
    title: 'vm.overcommit_memory is not 1 on a Redis host',
    summary:
      'Redis forks for background saves; without overcommit the fork can fail under memory pressure and writes stop (MISCONF).',
    explanation:
      'Redis saves snapshots (BGSAVE, `save` points) and rewrites its AOF by forking. The child shares memory copy-on-write, but with `vm.overcommit_memory = 0` (heuristic, the kernel default) or 2 (strict) the kernel may refuse the fork when free memory looks short: Redis logs "Can\'t save in background: fork: Cannot allocate memory", and with `stop-writes-on-bgsave-error yes` (default) every write then fails with "MISCONF Redis is configured to save RDB snapshots…". Redis warns at start-up: "WARNING overcommit_memory is set to 0! Background save may fail under low memory condition." — one of the warnings in the seed postmortem.',
    fix: 'Add `vm.overcommit_memory = 1` to /etc/sysctl.d/99-redis.conf and run `sysctl --system` (mind a PostgreSQL on the same host: see overcommit-conflict-postgres-redis).',
    references: [
      'https://redis.io/docs/latest/operate/oss_and_stack/management/admin/',
      'https://www.kernel.org/doc/Documentation/vm/overcommit-accounting',
    ],
    messages: {
      notOne:
        'vm.overcommit_memory is {{value}} ({{where}}) on a host running Redis ({{redis}}){{saves}}: background saves can fail with "fork: Cannot allocate memory", and Redis warns about it at start-up.',
    },
    requires: [['redis'], ['sysctl', 'host-facts', 'probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'redis')) {
      const s = hostOf(stack, comp).sysctl['vm.overcommit_memory'];
      if (!s || s.value.trim() === '1') continue;
      const saves = comp.data.save.value.length > 0 || comp.data.appendonly.value;
      out.push({
        messageId: 'notOne',
        data: {
          value: s.value.trim(),
          where: s.loc ? `${s.loc.path}:${s.loc.line}` : 'default',
          redis: comp.path,
          saves: saves ? ' with persistence on' : '',
        },
        locations: [s.loc ?? { path: comp.path, line: 1 }, ...(comp.data.save.loc ? [comp.data.save.loc] : [])],
      });
    }
    return out;
  },
};

export default rule;
