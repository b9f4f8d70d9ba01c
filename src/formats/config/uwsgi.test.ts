import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noFS } from '../../../test/helpers/config-fixture.js';
import { uwsgiAddress, uwsgiParser } from './uwsgi.js';

test("Debian's default.ini: master, 2 workers on a unix socket, harakiri off, listen 100 (defaults)", () => {
  const path = 'usr/share/uwsgi/conf/default.ini';
  const text = readFileSync(`test/fixtures/config/uwsgi/debian-bookworm/${path}`, 'utf8');
  const out = uwsgiParser.parse({ path, text, fs: noFS });
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.master.value, true);
  assert.equal(d.processes.value, 2);
  assert.equal(d.processes.raw, '2');
  assert.equal(d.harakiri.value, 0);
  assert.equal(d.harakiri.isDefault, true);
  assert.equal(d.listen.value, 100);
  assert.match(d.listen.defaultSource ?? '', /listen queue/);
  assert.deepEqual(
    d.sockets.map((s) => [s.kind, s.unix]),
    [['socket', '/run/uwsgi/%(deb-confnamespace)/%(deb-confname)/socket']],
  );
});

test('the ini uWSGI 2.0 ran with in the lab: harakiri 3 s, 4 processes, one TCP socket, env repeated', () => {
  const path = 'etc/uwsgi/apps-enabled/tickets.ini';
  const text = readFileSync(`test/fixtures/config/uwsgi/lab-tickets/${path}`, 'utf8');
  assert.ok(uwsgiParser.detect(path, text) >= 0.9);
  const out = uwsgiParser.parse({ path, text, fs: noFS });
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.deepEqual([d.harakiri.value, d.harakiri.loc?.line], [3000, 8]);
  assert.deepEqual([d.processes.value, d.listen.value, d.listen.isDefault, d.master.value], [4, 100, false, true]);
  assert.equal(d.threads.isDefault, true);
  assert.equal(d.options.env.length, 5);
  const port = Number(/^socket = 127\.0\.0\.1:(\d+)$/m.exec(text)?.[1]);
  assert.deepEqual(
    uwsgiParser.listeners?.(d).map((l) => [l.role, l.host, l.port]),
    [['uwsgi', '127.0.0.1', port]],
  );
});

test('harakiri in seconds, processes, threads, listen, sockets; other sections ignored; _ and - alike', () => {
  const text = `[uwsgi]
http-socket = :8000
socket = 127.0.0.1:3031
processes = 4
enable_threads = true
threads = 2
harakiri = 30
listen = 1024

[other]
harakiri = 5
`;
  const out = uwsgiParser.parse({ path: 'app.ini', text, fs: noFS });
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.harakiri.value, 30_000);
  assert.deepEqual(d.harakiri.loc, { path: 'app.ini', line: 7 });
  assert.deepEqual([d.processes.value, d.threads.value, d.listen.value], [4, 2, 1024]);
  assert.ok(d.options['enable-threads']);
  assert.deepEqual(
    uwsgiParser.listeners?.(d).map((l) => [l.name, l.host, l.port]),
    [
      ['http-socket :8000', undefined, 8000],
      ['socket 127.0.0.1:3031', '127.0.0.1', 3031],
    ],
  );
  assert.deepEqual(uwsgiAddress('/tmp/app.sock'), { unix: '/tmp/app.sock' });
});

test('a bad number is reported, a placeholder is not', () => {
  const out = uwsgiParser.parse({ path: 'a.ini', text: '[uwsgi]\nprocesses = four\nthreads = %(n)\n', fs: noFS });
  assert.deepEqual(
    out.issues.map((i) => i.line),
    [2],
  );
});

test('detect needs a [uwsgi] section', () => {
  assert.ok(uwsgiParser.detect('app.ini', '[uwsgi]\nmodule = app\n') >= 0.5);
  assert.equal(uwsgiParser.detect('setup.cfg', '[metadata]\nname = x\n'), 0);
});
