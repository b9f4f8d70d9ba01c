import { at, SNAPSHOT_PATH, snapshotText } from '../../test/helpers/probe-snapshot.js';
import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './running-datastore-memory-traps.js';

/** The captured host (overcommit 0, THP madvise) with the captured process renamed to `name`. */
const running = (name: string, host: { overcommitMemory?: number; thp?: string } = {}) =>
  snapshotText((s) => {
    s.processes[0].name = name;
    Object.assign(s.host, host);
  });

new RuleTester().run('running-datastore-memory-traps', rule, {
  valid: [
    { name: 'no datastore running', files: { [SNAPSHOT_PATH]: snapshotText() } },
    {
      name: 'Redis with overcommit 1 and THP madvise',
      files: { [SNAPSHOT_PATH]: running('redis-server', { overcommitMemory: 1 }) },
    },
    {
      name: 'Redis with its config in the input: the config rules speak',
      files: {
        [SNAPSHOT_PATH]: running('redis-server', { thp: 'always' }),
        'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
      },
    },
    {
      name: 'PostgreSQL with strict overcommit',
      files: { [SNAPSHOT_PATH]: running('postgres', { overcommitMemory: 2 }) },
    },
  ],
  invalid: [
    {
      name: 'Redis running on the captured host (overcommit 0) with THP always',
      files: { [SNAPSHOT_PATH]: running('redis-server', { thp: 'always' }) },
      findings: [
        {
          messageId: 'redisOvercommit',
          locations: [
            at(running('redis-server', { thp: 'always' }), '"overcommitMemory"'),
            at(running('redis-server', { thp: 'always' }), '"pid": 13351'),
          ],
          message:
            'redis-server (pid 13351) runs with vm.overcommit_memory = 0: its background saves can fail with "fork: Cannot allocate memory", and writes then stop (MISCONF).',
        },
        {
          messageId: 'redisThp',
          locations: [
            at(running('redis-server', { thp: 'always' }), '"thp"'),
            at(running('redis-server', { thp: 'always' }), '"pid": 13351'),
          ],
        },
      ],
    },
    {
      name: 'PostgreSQL with heuristic overcommit: info',
      files: { [SNAPSHOT_PATH]: running('postgres') },
      findings: [
        {
          messageId: 'postgresOvercommit',
          severity: 'info',
          locations: [at(running('postgres'), '"overcommitMemory"'), at(running('postgres'), '"pid": 13351')],
        },
      ],
    },
  ],
});
