import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'somaxconn-below-backlog';

test('fires on Redis’s default tcp-backlog 511 over somaxconn 128', () => {
  const f = findingsOf(
    auditFiles({
      'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
      'proc/sys/net/core/somaxconn': '128\n',
    }),
    ID,
  );
  assert.equal(f.length, 1);
  assert.equal(where(f)[0], 'proc/sys/net/core/somaxconn:1');
  assert.match(f[0].message, /backlog of 511 but net.core.somaxconn is 128/);
});

test('fires on an nginx listen backlog', () => {
  const f = findingsOf(
    auditFiles({
      'etc/nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80 backlog=8192;\n  }\n}\n',
      'etc/sysctl.conf': 'net.core.somaxconn = 4096\n',
    }),
    ID,
  );
  assert.deepEqual(where(f), ['etc/sysctl.conf:1', 'etc/nginx/nginx.conf:4']);
});

test('does not fire when somaxconn is large enough or unknown', () => {
  assert.deepEqual(
    findingsOf(
      auditFiles({
        'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n',
        'proc/sys/net/core/somaxconn': '4096\n',
      }),
      ID,
    ),
    [],
  );
  assert.deepEqual(
    findingsOf(
      auditFiles({ 'etc/redis/redis.conf': 'bind 127.0.0.1 ::1\nport 6379\ndaemonize yes\nappendonly no\n' }),
      ID,
    ),
    [],
  );
});
