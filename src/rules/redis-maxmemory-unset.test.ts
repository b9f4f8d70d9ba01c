import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './redis-maxmemory-unset.js';

new RuleTester().run('redis-maxmemory-unset', rule, {
  valid: [{ name: 'a limit', files: { 'etc/redis/redis.conf': 'port 6379\nmaxmemory 512mb\n' } }],
  invalid: [
    {
      name: 'the postmortem host: Redis without maxmemory on 3.8 GiB',
      dir: 'examples/postmortem-api',
      findings: [
        {
          messageId: 'unset',
          severity: 'warning',
          locations: ['etc/redis/redis.conf:1'],
          message: /3\.8 GiB/,
          fix: /maxmemory \d+mb/,
        },
      ],
    },
    {
      name: '`maxmemory 0`, with a policy that has no effect',
      files: { 'etc/redis/redis.conf': 'port 6379\nmaxmemory 0\nmaxmemory-policy allkeys-lru\n' },
      findings: [{ messageId: 'unset', locations: ['etc/redis/redis.conf:2'], message: /allkeys-lru has no effect/ }],
    },
  ],
});
