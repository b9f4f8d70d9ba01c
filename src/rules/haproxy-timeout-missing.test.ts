import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './haproxy-timeout-missing.js';

new RuleTester().run('haproxy-timeout-missing', rule, {
  valid: [{ name: 'defaults set them (the distribution file)', dir: 'examples/seed-talk-galera' }],
  invalid: [
    {
      name: 'proxies with neither written nor inherited timeouts',
      files: {
        'etc/haproxy/haproxy.cfg': `global
    maxconn 256

defaults
    mode http
    timeout connect 5s

frontend www
    bind *:80
    default_backend app

backend app
    server a 127.0.0.1:3000 check
`,
      },
      findings: [
        {
          messageId: 'missing',
          locations: ['etc/haproxy/haproxy.cfg:8'],
          message: /frontend "www" has no `timeout client`/,
        },
        // timeout connect is inherited from defaults, so only timeout server is missing.
        {
          messageId: 'missing',
          locations: ['etc/haproxy/haproxy.cfg:12'],
          message:
            'backend "app" has no `timeout server` (neither written nor inherited from defaults): HAProxy waits forever on that side and warns at start-up.',
        },
      ],
    },
  ],
});
