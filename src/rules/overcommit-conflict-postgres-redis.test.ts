import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './overcommit-conflict-postgres-redis.js';

const BOTH = {
  'etc/postgresql/15/main/postgresql.conf': "listen_addresses = 'localhost'\nport = 5432\nmax_connections = 100\n",
  'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
};

new RuleTester().run('overcommit-conflict-postgres-redis', rule, {
  valid: [
    {
      name: 'PostgreSQL and Redis on different hosts',
      files: {
        'db1/etc/postgresql/15/main/postgresql.conf':
          "listen_addresses = 'localhost'\nport = 5432\nmax_connections = 100\n",
        'cache1/etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
      },
    },
  ],
  invalid: [
    {
      name: 'both on one host with overcommit 1: PostgreSQL loses',
      files: { ...BOTH, 'etc/sysctl.d/99-redis.conf': 'vm.overcommit_memory = 1\n' },
      findings: [
        {
          messageId: 'both',
          severity: 'info',
          locations: ['etc/sysctl.d/99-redis.conf:1'],
          message: /protect the postmaster/,
        },
      ],
    },
    {
      name: 'both on one host with overcommit 2: Redis loses',
      files: { ...BOTH, 'proc/sys/vm/overcommit_memory': '2\n' },
      findings: [
        {
          messageId: 'both',
          locations: ['proc/sys/vm/overcommit_memory:1'],
          message: /Redis background saves may fail/,
        },
      ],
    },
  ],
});
