import { RuleTester } from '../../test/helpers/rule-tester.js';
import { GiB } from '../model/units.js';
import rule from './memory-budget-exceeds-ram.js';

new RuleTester().run('memory-budget-exceeds-ram', rule, {
  valid: [
    { name: 'the limits fit', files: { 'etc/redis/redis.conf': 'maxmemory 1gb\n' }, overrides: { ram: 4 * GiB } },
    { name: 'no RAM in the input', files: { 'etc/mysql/my.cnf': '[mysqld]\ninnodb_buffer_pool_size = 64G\n' } },
  ],
  invalid: [
    {
      name: 'the postmortem host: 2 × 2G PM2 + 1GB shared_buffers on 3.8 GiB, Redis unbounded',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'over',
          locations: [
            'etc/postgresql/14/main/postgresql.conf:7',
            'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:13',
            'var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:10',
            'proc/meminfo:1',
          ],
          message: `On this host (3.8 GiB RAM, proc/meminfo) the services may take 5 GiB: PostgreSQL shared_buffers 1 GiB + PM2 "ob_api_server": instances: 'max' = 2 CPUs (proc/cpuinfo) × 2 GiB max_memory_restart. Not bounded at all: Redis (etc/redis/redis.conf: no maxmemory).`,
        },
      ],
    },
    {
      name: 'InnoDB and Redis limits add up on one host of a multi-host bundle only',
      files: {
        'db1/etc/mysql/my.cnf': '[mysqld]\ninnodb_buffer_pool_size = 6G\n',
        'db1/etc/redis/redis.conf': 'maxmemory 3gb\n',
        'db1/proc/meminfo': 'MemTotal:        8041224 kB\nMemFree:  100 kB\n',
        'app1/proc/meminfo': 'MemTotal:        8041224 kB\nMemFree:  100 kB\n',
      },
      findings: [
        {
          messageId: 'over',
          locations: ['db1/etc/mysql/my.cnf:2', 'db1/etc/redis/redis.conf:1', 'db1/proc/meminfo:1'],
          message: /host db1/,
        },
      ],
    },
  ],
});
