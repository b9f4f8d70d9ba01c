import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './django-conn-max-age-outlives-proxy.js';

const HAPROXY = `defaults
  mode tcp
  timeout connect 5s
  timeout client 5m
  timeout server 5m

listen mysql
  bind 127.0.0.1:3306
  server db 10.0.0.5:3306 check
`;
const SETTINGS = (age: string) => `DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.mysql',
        'HOST': '127.0.0.1',
        'PORT': 3306,
        'CONN_MAX_AGE': ${age},
    }
}
`;

new RuleTester().run('django-conn-max-age-outlives-proxy', rule, {
  valid: [
    {
      name: 'connections are recycled before the proxy cuts them',
      files: { 'etc/haproxy/haproxy.cfg': HAPROXY, 'app/settings.py': SETTINGS('60') },
    },
    {
      name: 'connections are closed after each request (CONN_MAX_AGE 0)',
      files: { 'etc/haproxy/haproxy.cfg': HAPROXY, 'app/settings.py': SETTINGS('0') },
    },
  ],
  invalid: [
    {
      name: 'the seed talk: CONN_MAX_AGE None through HAProxy (50 s)',
      dir: 'examples/seed-talk-galera',
      findings: [
        {
          messageId: 'outlives',
          locations: [
            'srv/shop/shop/settings.py:30',
            'etc/haproxy/haproxy.cfg:18',
            'etc/haproxy/haproxy.cfg:19',
            'etc/haproxy/haproxy.cfg:30',
          ],
          message: /forever.*listen "galera".*50 s/s,
        },
      ],
    },
    {
      name: 'CONN_MAX_AGE longer than the proxy timeout',
      files: { 'etc/haproxy/haproxy.cfg': HAPROXY, 'app/settings.py': SETTINGS('600') },
      findings: [
        {
          messageId: 'outlives',
          locations: [
            'app/settings.py:6',
            'etc/haproxy/haproxy.cfg:4',
            'etc/haproxy/haproxy.cfg:5',
            'etc/haproxy/haproxy.cfg:7',
          ],
          fix: /'CONN_MAX_AGE': 290/,
        },
      ],
    },
  ],
});
