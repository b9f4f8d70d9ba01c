import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './redis-transparent-huge-pages.js';

const THP = 'sys/kernel/mm/transparent_hugepage/enabled';
const REDIS = 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n';

new RuleTester().run('redis-transparent-huge-pages', rule, {
  valid: [
    { name: 'madvise', files: { 'etc/redis/redis.conf': REDIS, [THP]: 'always [madvise] never\n' } },
    { name: 'never', files: { 'etc/redis/redis.conf': REDIS, [THP]: 'always madvise [never]\n' } },
    { name: 'no Redis', files: { [THP]: '[always] madvise never\n' }, skipped: 'needs redis' },
  ],
  invalid: [
    {
      name: 'the postmortem host ([always])',
      dir: 'examples/postmortem-api',
      findings: [{ messageId: 'always', locations: [`${THP}:1`] }],
    },
  ],
});
