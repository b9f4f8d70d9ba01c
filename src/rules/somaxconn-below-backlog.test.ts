import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './somaxconn-below-backlog.js';

const REDIS = 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n';

new RuleTester().run('somaxconn-below-backlog', rule, {
  valid: [
    {
      name: 'somaxconn large enough',
      files: { 'etc/redis/redis.conf': REDIS, 'proc/sys/net/core/somaxconn': '4096\n' },
    },
    { name: 'somaxconn unknown', files: { 'etc/redis/redis.conf': REDIS }, skipped: 'needs sysctl or host-facts' },
  ],
  invalid: [
    {
      name: 'Redis’s default tcp-backlog 511 over somaxconn 128',
      files: { 'etc/redis/redis.conf': REDIS, 'proc/sys/net/core/somaxconn': '128\n' },
      findings: [
        {
          messageId: 'below',
          locations: ['proc/sys/net/core/somaxconn:1', 'etc/redis/redis.conf:1'],
          message: /backlog of 511 but net.core.somaxconn is 128/,
        },
      ],
    },
    {
      name: 'an nginx listen backlog',
      files: {
        'etc/nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80 backlog=8192;\n  }\n}\n',
        'etc/sysctl.conf': 'net.core.somaxconn = 4096\n',
      },
      findings: [{ messageId: 'below', locations: ['etc/sysctl.conf:1', 'etc/nginx/nginx.conf:4'] }],
    },
  ],
});
