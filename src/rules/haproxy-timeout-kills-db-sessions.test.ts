import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './haproxy-timeout-kills-db-sessions.js';

const FRONT_BACK = `global
    maxconn 2000

defaults
    mode tcp
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend mysql_front
    bind *:3307
    default_backend mysql_back

backend mysql_back
    balance leastconn
    server db1 127.0.0.1:3306 check
`;

new RuleTester().run('haproxy-timeout-kills-db-sessions', rule, {
  valid: [
    {
      name: 'timeout tunnel at least wait_timeout',
      files: {
        'etc/haproxy/haproxy.cfg': `defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 50s\n  timeout server 50s\n\nlisten galera\n  bind 127.0.0.1:3306\n  timeout tunnel 8h\n  server g1 10.0.0.11:3306 check\n`,
      },
    },
    {
      name: 'database idles out first',
      files: { 'etc/haproxy/haproxy.cfg': FRONT_BACK, 'etc/mysql/my.cnf': '[mysqld]\nwait_timeout = 20\n' },
    },
    {
      name: 'HTTP traffic to an app, not a database',
      files: {
        'etc/haproxy/haproxy.cfg': `defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\nbackend app\n  server a1 127.0.0.1:3000 check\n`,
      },
    },
    {
      name: 'no timeouts at all (haproxy-timeout-missing covers it)',
      files: { 'etc/haproxy/haproxy.cfg': 'listen db\n  bind :3306\n  mode tcp\n  server d 10.0.0.1:3306\n' },
    },
  ],
  invalid: [
    {
      name: 'the seed talk: distribution defaults (50 s) in front of Galera (wait_timeout 8 h by default)',
      dir: 'examples/seed-talk-galera',
      findings: [
        {
          messageId: 'cuts',
          severity: 'error',
          locations: ['etc/haproxy/haproxy.cfg:18', 'etc/haproxy/haproxy.cfg:19', 'etc/haproxy/haproxy.cfg:30'],
          message: /listen "galera".*50 s.*inherited from defaults.*8 h/s,
          fix: /timeout tunnel 8h/,
        },
      ],
    },
    {
      name: 'a frontend/backend pair, citing the wait_timeout written in my.cnf',
      files: {
        'etc/haproxy/haproxy.cfg': FRONT_BACK,
        'etc/mysql/my.cnf': '[mysqld]\nport = 3306\nwait_timeout = 600\n',
      },
      findings: [
        {
          messageId: 'cuts',
          locations: [
            'etc/haproxy/haproxy.cfg:7',
            'etc/haproxy/haproxy.cfg:8',
            'etc/haproxy/haproxy.cfg:10',
            'etc/haproxy/haproxy.cfg:14',
            'etc/mysql/my.cnf:3',
          ],
          message: /30 s.*10 min \(wait_timeout 10 min at etc\/mysql\/my\.cnf:3\)/s,
        },
      ],
    },
    {
      name: 'PostgreSQL, which keeps idle sessions forever by default',
      files: {
        'etc/haproxy/haproxy.cfg': `defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h

listen pg
  bind 127.0.0.1:6432
  server pg1 10.0.0.7:5432 check
`,
      },
      findings: [
        {
          messageId: 'cuts',
          locations: ['etc/haproxy/haproxy.cfg:4', 'etc/haproxy/haproxy.cfg:5', 'etc/haproxy/haproxy.cfg:7'],
          message: /PostgreSQL.*forever/s,
        },
      ],
    },
  ],
});
