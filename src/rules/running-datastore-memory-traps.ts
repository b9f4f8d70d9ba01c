import { probeLoc } from '../formats/config/probe-snapshot.js';
import { componentsOf } from '../stack/stack.js';
import { probeSnapshots, processLabel } from './_probe.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'running-datastore-memory-traps',
    severity: 'warning',
    title: 'A running Redis or PostgreSQL meets a kernel memory setting that hurts it',
    summary:
      'Redis running with vm.overcommit_memory other than 1 or with transparent huge pages `always`; PostgreSQL running with heuristic overcommit, where the OOM killer may take the postmaster.',
    explanation:
      'What the probe sees running, judged against the kernel settings it read: Redis forks for every background save and AOF rewrite; with `vm.overcommit_memory` 0 or 2 the fork can be refused under memory pressure ("fork: Cannot allocate memory", then MISCONF errors on every write), and with transparent huge pages `always` copy-on-write copies 2 MB pages, so latency and memory jump after each fork — Redis warns about both at start-up. PostgreSQL\'s documentation recommends strict overcommit (`vm.overcommit_memory = 2`) on a dedicated host, because with the heuristic default the OOM killer may kill the postmaster or a backend, and PostgreSQL then restarts every session. When the Redis config is among the inputs, redis-overcommit-memory and redis-transparent-huge-pages say the same with its file and line, and this rule stays quiet for Redis.',
    fix: 'For Redis: `vm.overcommit_memory = 1` in /etc/sysctl.d/99-redis.conf (`sysctl --system`), and THP `madvise` or `never` (`echo madvise > /sys/kernel/mm/transparent_hugepage/enabled`, persistently `transparent_hugepage=madvise` on the kernel command line). For PostgreSQL on its own host: `vm.overcommit_memory = 2` with a fitting `vm.overcommit_ratio`; a host running both needs a choice (see overcommit-conflict-postgres-redis).',
    references: [
      'https://redis.io/docs/latest/operate/oss_and_stack/management/admin/',
      'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/',
      'https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT',
    ],
    messages: {
      redisOvercommit:
        '{{process}} runs with vm.overcommit_memory = {{value}}: its background saves can fail with "fork: Cannot allocate memory", and writes then stop (MISCONF).',
      redisThp:
        '{{process}} runs with transparent huge pages `always`: every fork for a background save copies 2 MB pages — latency and memory spikes.',
      postgresOvercommit:
        '{{process}} runs with vm.overcommit_memory = {{value}} (heuristic): under memory pressure the OOM killer may take the postmaster or a backend, and PostgreSQL restarts every session.',
    },
    requires: [['probe-snapshot']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    // With redis.conf in the input, the config rules report the same at its file and line.
    const redisConfig = componentsOf(stack, 'redis').length > 0;
    for (const data of probeSnapshots(stack)) {
      const { processes, host } = data.snapshot;
      const redis = processes.find((p) => p.name === 'redis-server');
      const postgres = processes
        .filter((p) => p.name === 'postgres' || p.name === 'postmaster')
        .sort((a, b) => a.pid - b.pid)[0];
      const overcommit = host.overcommitMemory;
      if (redis && !redisConfig && overcommit !== null && overcommit !== 1)
        out.push({
          messageId: 'redisOvercommit',
          data: { process: processLabel(redis), value: overcommit },
          locations: [probeLoc(data, 'host.overcommitMemory'), probeLoc(data, `process:${redis.pid}`)],
        });
      if (redis && !redisConfig && host.thp === 'always')
        out.push({
          messageId: 'redisThp',
          data: { process: processLabel(redis) },
          locations: [probeLoc(data, 'host.thp'), probeLoc(data, `process:${redis.pid}`)],
        });
      // Redis on the same host wants 1: that is overcommit-conflict-postgres-redis's case, not a PostgreSQL one.
      if (postgres && !redis && overcommit === 0)
        out.push({
          messageId: 'postgresOvercommit',
          data: { process: processLabel(postgres), value: overcommit },
          locations: [probeLoc(data, 'host.overcommitMemory'), probeLoc(data, `process:${postgres.pid}`)],
          severity: 'info',
        });
    }
    return out;
  },
};

export default rule;
