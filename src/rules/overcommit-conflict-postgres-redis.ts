import { componentsOf, hostOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'overcommit-conflict-postgres-redis',
    severity: 'info',
    title: 'PostgreSQL and Redis want different vm.overcommit_memory on one host',
    summary:
      'PostgreSQL’s docs recommend strict overcommit (2) so the OOM killer spares the postmaster; Redis needs 1 to fork for saves.',
    explanation:
      'On a dedicated database host PostgreSQL recommends `vm.overcommit_memory = 2` (no overcommit), so allocations fail cleanly instead of the OOM killer terminating the postmaster (PostgreSQL docs, "Linux Memory Overcommit"). Redis needs `vm.overcommit_memory = 1`, or its fork for background saves can fail ("fork: Cannot allocate memory", then MISCONF errors on writes). Both on one host cannot have both: pick deliberately.',
    fix: 'Either set 1 for Redis and protect PostgreSQL otherwise (`oom_score_adj` -1000 for the postmaster via the unit\'s `OOMScoreAdjust=-1000`), or keep 2 and disable Redis persistence (`save ""`, `appendonly no`) — or run them on different hosts.',
    references: [
      'https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT',
      'https://redis.io/docs/latest/operate/oss_and_stack/management/admin/',
    ],
    messages: {
      both: 'This host runs PostgreSQL ({{pg}}) and Redis ({{redis}}) with vm.overcommit_memory = {{value}} ({{where}}): {{consequence}}',
    },
    requires: [['postgres'], ['redis']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const pg of componentsOf(stack, 'postgres')) {
      const host = hostOf(stack, pg);
      const redis = componentsOf(stack, 'redis').find((r) => r.host === pg.host);
      if (!redis) continue;
      const s = host.sysctl['vm.overcommit_memory'];
      const value = s?.value.trim() ?? '0';
      const consequence =
        value === '2'
          ? 'PostgreSQL is protected, but Redis background saves may fail to fork.'
          : value === '1'
            ? 'Redis can fork, but PostgreSQL’s recommended strict overcommit is off: protect the postmaster from the OOM killer.'
            : 'neither is satisfied: Redis forks may fail and the OOM killer may pick the postmaster.';
      out.push({
        messageId: 'both',
        data: {
          pg: pg.path,
          redis: redis.path,
          value,
          where: s?.loc ? `${s.loc.path}:${s.loc.line}` : 'the kernel default, not set in the input',
          consequence,
        },
        locations: [s?.loc ?? { path: pg.path, line: 1 }],
      });
    }
    return out;
  },
};

export default rule;
