import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'haproxy-timeout-kills-db-sessions';
const root = new URL('../../', import.meta.url).pathname;

test('fires on the seed talk: distribution defaults (50 s) in front of Galera (wait_timeout 8 h by default)', () => {
  const f = findingsOf(auditDir(`${root}examples/seed-talk-galera`), ID);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.deepEqual(where(f).slice(0, 3), [
    'etc/haproxy/haproxy.cfg:18',
    'etc/haproxy/haproxy.cfg:19',
    'etc/haproxy/haproxy.cfg:30',
  ]);
  assert.match(f[0].message, /listen "galera".*50 s.*8 h/s);
  assert.match(f[0].message, /inherited from defaults/);
  assert.match(f[0].fix, /timeout tunnel 8h/);
});

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

test('fires on a frontend/backend pair, citing the wait_timeout written in my.cnf', () => {
  const r = auditFiles({
    'etc/haproxy/haproxy.cfg': FRONT_BACK,
    'etc/mysql/my.cnf': '[mysqld]\nport = 3306\nwait_timeout = 600\n',
  });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.deepEqual(where(f), [
    'etc/haproxy/haproxy.cfg:7',
    'etc/haproxy/haproxy.cfg:8',
    'etc/haproxy/haproxy.cfg:10',
    'etc/haproxy/haproxy.cfg:14',
    'etc/mysql/my.cnf:3',
  ]);
  assert.match(f[0].message, /30 s.*10 min \(wait_timeout 10 min at etc\/mysql\/my\.cnf:3\)/s);
});

test('fires for PostgreSQL, which keeps idle sessions forever by default', () => {
  const r = auditFiles({
    'etc/haproxy/haproxy.cfg': `defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h

listen pg
  bind 127.0.0.1:6432
  server pg1 10.0.0.7:5432 check
`,
  });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /PostgreSQL.*forever/s);
  assert.deepEqual(where(f), ['etc/haproxy/haproxy.cfg:4', 'etc/haproxy/haproxy.cfg:5', 'etc/haproxy/haproxy.cfg:7']);
});

const mustNot: [string, Record<string, string>][] = [
  [
    'timeout tunnel at least wait_timeout',
    {
      'etc/haproxy/haproxy.cfg': `defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 50s\n  timeout server 50s\n\nlisten galera\n  bind 127.0.0.1:3306\n  timeout tunnel 8h\n  server g1 10.0.0.11:3306 check\n`,
    },
  ],
  [
    'database idles out first',
    {
      'etc/haproxy/haproxy.cfg': FRONT_BACK,
      'etc/mysql/my.cnf': '[mysqld]\nwait_timeout = 20\n',
    },
  ],
  [
    'HTTP traffic to an app, not a database',
    {
      'etc/haproxy/haproxy.cfg': `defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n\nbackend app\n  server a1 127.0.0.1:3000 check\n`,
    },
  ],
  [
    'no timeouts at all (haproxy-timeout-missing covers it)',
    { 'etc/haproxy/haproxy.cfg': 'listen db\n  bind :3306\n  mode tcp\n  server d 10.0.0.1:3306\n' },
  ],
];

for (const [name, files] of mustNot) {
  test(`does not fire: ${name}`, () => {
    assert.deepEqual(findingsOf(auditFiles(files), ID), []);
  });
}
