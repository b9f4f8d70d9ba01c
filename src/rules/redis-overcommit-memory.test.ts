import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './redis-overcommit-memory.js';

const REDIS = 'port 6379\nsave 900 1\n';

new RuleTester().run('redis-overcommit-memory', rule, {
  valid: [
    {
      name: 'overcommit_memory 1',
      files: { 'etc/redis/redis.conf': REDIS, 'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n' },
    },
    {
      name: 'the input does not tell',
      files: { 'etc/redis/redis.conf': REDIS },
      skipped: 'needs sysctl or host-facts or probe-snapshot',
    },
  ],
  invalid: [
    {
      name: 'the postmortem host (overcommit 0 from a /proc/sys snapshot)',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'notOne',
          locations: ['proc/sys/vm/overcommit_memory:1', 'etc/redis/redis.conf:24'],
          message: /is 0 .*persistence on/s,
        },
      ],
    },
    {
      name: 'the /proc/sys snapshot (what runs) wins over sysctl.d (what boots)',
      files: {
        'etc/redis/redis.conf': REDIS,
        'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n',
        'proc/sys/vm/overcommit_memory': '0\n',
      },
      findings: [{ messageId: 'notOne', locations: ['proc/sys/vm/overcommit_memory:1', 'etc/redis/redis.conf:2'] }],
    },
    {
      name: 'a probe snapshot of the running host (overcommit 0) wins over sysctl.d',
      files: {
        'etc/redis/redis.conf': REDIS,
        'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n',
        [SNAPSHOT_PATH]: snapshotText(),
      },
      findings: [
        {
          messageId: 'notOne',
          locations: [at(snapshotText(), '"overcommitMemory"'), 'etc/redis/redis.conf:2'],
        },
      ],
    },
  ],
});
