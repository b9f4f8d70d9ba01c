import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFS, noFS } from '../../../test/helpers/config-fixture.js';
import { phpFpmDuration, phpFpmListen, phpFpmParser } from './php-fpm.js';

test("Debian's php-fpm.conf reads pool.d/www.conf through include=: pool www on the unix socket", () => {
  const fs = fixtureFS('test/fixtures/config/php-fpm/debian-bookworm');
  const path = 'etc/php/8.2/fpm/php-fpm.conf';
  const out = phpFpmParser.parse({ path, text: fs.read(path) ?? '', fs });
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.consumed, ['etc/php/8.2/fpm/pool.d/www.conf']);
  const d = out.data;
  assert.equal(d.version, '8.2');
  assert.equal(d.global.pid.value, '/run/php/php8.2-fpm.pid');
  const [www] = d.pools;
  assert.equal(www.name, 'www');
  assert.equal(www.unix, '/run/php/php8.2-fpm.sock');
  assert.equal(www.pm?.value, 'dynamic');
  assert.equal(www.maxChildren?.value, 5);
  assert.equal(www.maxChildren?.loc?.path, 'etc/php/8.2/fpm/pool.d/www.conf');
  assert.equal(www.requestTerminateTimeout.value, 0);
  assert.equal(www.requestTerminateTimeout.isDefault, true);
  // PHP 8.2's own www.conf: "Default Value: 511 (-1 on Linux, FreeBSD and OpenBSD)".
  assert.equal(www.listenBacklog.value, -1);
  assert.deepEqual(phpFpmParser.listeners?.(d), []);
});

test('a TCP pool: listen, backlog, request_terminate_timeout with units, $pool substituted; PHP 7 backlog default 511', () => {
  const text = `[global]
error_log = /var/log/php7.4-fpm.log
[api]
listen = 127.0.0.1:9000
listen.backlog = 4096
pm = static
pm.max_children = 20
request_terminate_timeout = 2m
slowlog = /var/log/$pool.slow.log
[admin]
listen = 9001
pm = ondemand
pm.max_children = 2
`;
  const out = phpFpmParser.parse({ path: 'etc/php/7.4/fpm/pool.d/api.conf', text, fs: noFS });
  assert.deepEqual(out.issues, []);
  const [api, admin] = out.data.pools;
  assert.deepEqual([api.host, api.port, api.listenBacklog.value], ['127.0.0.1', 9000, 4096]);
  assert.equal(api.requestTerminateTimeout.value, 120_000);
  assert.deepEqual(api.requestTerminateTimeout.loc, { path: 'etc/php/7.4/fpm/pool.d/api.conf', line: 8 });
  assert.equal(api.settings.slowlog.value, '/var/log/api.slow.log');
  assert.equal(admin.listenBacklog.value, 511);
  assert.equal(admin.listenBacklog.isDefault, true);
  assert.deepEqual(
    phpFpmParser.listeners?.(out.data).map((l) => [l.role, l.name, l.port]),
    [
      ['php-fpm', 'pool api', 9000],
      ['php-fpm', 'pool admin', 9001],
    ],
  );
});

test('errors: a pool without listen, a bad duration, a line that is not key = value', () => {
  const out = phpFpmParser.parse({
    path: 'www.conf',
    text: '[www]\npm = dynamic\nrequest_terminate_timeout = 30 seconds\nnot a setting\n',
    fs: noFS,
  });
  assert.deepEqual(
    out.issues.map((i) => i.line),
    [4, 3, 1],
  );
  assert.equal(phpFpmDuration('30'), 30_000);
  assert.equal(phpFpmDuration('1h'), 3_600_000);
  assert.deepEqual(phpFpmListen('[::1]:9000'), { host: '::1', port: 9000 });
});

test('detect: pools and php-fpm.conf, not php.ini or MySQL', () => {
  assert.ok(
    phpFpmParser.detect(
      'etc/php/8.2/fpm/pool.d/www.conf',
      '[www]\nlisten = /run/php.sock\npm = dynamic\npm.max_children = 5\n',
    ) >= 0.5,
  );
  assert.equal(phpFpmParser.detect('etc/php/8.2/fpm/php.ini', '[PHP]\nmemory_limit = 128M\n'), 0);
  assert.equal(phpFpmParser.detect('my.cnf', '[mysqld]\nmax_connections = 10\n'), 0);
});
