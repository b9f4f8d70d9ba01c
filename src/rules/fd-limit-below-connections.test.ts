import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'fd-limit-below-connections';
const NGINX = 'user www-data;\nworker_processes auto;\nevents {\n    worker_connections 4096;\n}\nhttp {\n}\n';

test('fires: nginx worker_connections × 2 above the unit’s LimitNOFILE', () => {
  const r = auditFiles({
    'etc/nginx/nginx.conf': NGINX,
    'etc/systemd/system/nginx.service':
      '[Unit]\nDescription=nginx\n\n[Service]\nExecStart=/usr/sbin/nginx\nLimitNOFILE=4096\n',
  });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.deepEqual(where(f), ['etc/nginx/nginx.conf:4', 'etc/systemd/system/nginx.service:6']);
  assert.match(f[0].message, /8192 open files.*limit is 4096/s);
});

test('fires on Tomcat from a /proc/PID/limits snapshot (seed 000)', () => {
  const r = auditFiles({
    'opt/tomcat/conf/server.xml':
      '<Server port="8005" shutdown="SHUTDOWN">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="org.apache.coyote.http11.Http11NioProtocol" maxConnections="10000" />\n  </Service>\n</Server>\n',
    'proc/2817/limits': `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            4096                 4096                 files
Max processes             63445                63445                processes
`,
    'proc/2817/comm': 'java\n',
  });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.match(f[0].message, /10100 open files.*limit is 4096/s);
  assert.ok(where(f).includes('proc/2817/limits:3'));
});

test('limits.conf gives a warning (services ignore it) and worker_rlimit_nofile silences nginx', () => {
  const r = auditFiles({
    'etc/nginx/nginx.conf': NGINX,
    'etc/security/limits.conf': 'www-data soft nofile 1024\nwww-data hard nofile 4096\n',
  });
  assert.equal(findingsOf(r, ID)[0]?.severity, 'warning');
  const ok = auditFiles({
    'etc/nginx/nginx.conf': `worker_rlimit_nofile 16384;\n${NGINX}`,
    'etc/systemd/system/nginx.service': '[Service]\nLimitNOFILE=4096\n',
  });
  assert.deepEqual(findingsOf(ok, ID), []);
});
