import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noFS } from '../../../test/helpers/config-fixture.js';
import { effectiveGunicorn, gunicornCommandLine, gunicornParser } from './gunicorn.js';

// The settings lines of gunicorn's examples/example_config.py (benoitc/gunicorn@01a1c7c, comments left out), and
// a hook that assigns a local `timeout` (added here: gunicorn never reads it as a setting).
const EXAMPLE = `import os
bind = '127.0.0.1:8000'
backlog = 2048

workers = 1
worker_class = 'sync'
worker_connections = 1000
timeout = 30
keepalive = 2

def post_fork(server, worker):
    timeout = 999
`;

test('gunicorn.conf.py read without executing: literals at top level, nothing inside a function', () => {
  const out = gunicornParser.parse({ path: 'gunicorn.conf.py', text: EXAMPLE, fs: noFS });
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.timeout?.value, 30_000);
  assert.deepEqual(d.timeout?.loc, { path: 'gunicorn.conf.py', line: 8 });
  assert.equal(d.keepalive?.value, 2_000);
  assert.equal(d.workers?.value, 1);
  assert.equal(d.backlog?.value, 2048);
  assert.equal(d.workerClass?.value, 'sync');
  assert.deepEqual(
    d.binds.map((b) => [b.host, b.port]),
    [['127.0.0.1', 8000]],
  );
  assert.deepEqual(
    gunicornParser.listeners?.(d).map((l) => [l.role, l.port]),
    [['gunicorn', 8000]],
  );
});

test('computed values are kept as text, not evaluated; lists of binds', () => {
  const text =
    'import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\nbind = ["unix:/run/gunicorn.sock", "0.0.0.0:8000"]\ntimeout = 120.5\n';
  const out = gunicornParser.parse({ path: 'conf/gunicorn.conf.py', text, fs: noFS });
  assert.equal(out.data.workers, undefined);
  assert.equal(out.data.unresolved.workers, 'multiprocessing.cpu_count() * 2 + 1');
  assert.deepEqual(
    out.data.binds.map((b) => [b.unix, b.port]),
    [
      ['/run/gunicorn.sock', undefined],
      [undefined, 8000],
    ],
  );
  assert.equal(out.data.timeout?.value, 120_500);
});

test('command lines of systemd units and Procfiles: short and long options, = forms', () => {
  const loc = { path: 'etc/systemd/system/gunicorn.service', line: 9 };
  const s = gunicornCommandLine(
    '/srv/venv/bin/gunicorn --workers 3 -t 90 --keep-alive=75 --threads 2 --bind unix:/run/gunicorn.sock myproject.wsgi:application',
    loc,
  );
  assert.ok(s);
  assert.deepEqual(
    [s.workers?.value, s.timeout?.value, s.keepalive?.value, s.threads?.value, s.app],
    [3, 90_000, 75_000, 2, 'myproject.wsgi:application'],
  );
  assert.equal(s.timeout?.raw, '-t 90');
  assert.equal(s.keepalive?.raw, '--keep-alive=75');
  assert.equal(s.binds[0].unix, '/run/gunicorn.sock');
  const heroku = gunicornCommandLine('gunicorn -w 4 -b 0.0.0.0:$PORT -c gunicorn.conf.py app:app', {
    path: 'Procfile',
    line: 1,
  });
  assert.equal(heroku?.configFile?.value, 'gunicorn.conf.py');
  assert.equal(heroku?.binds[0].port, undefined);
  assert.equal(gunicornCommandLine('celery -A proj worker', loc), undefined);
});

test('effective settings: command line over config file over defaults (gunicorn docs)', () => {
  const cli = gunicornCommandLine('gunicorn -t 60 app:app', { path: 'Procfile', line: 1 });
  const file = gunicornParser.parse({ path: 'gunicorn.conf.py', text: 'timeout = 10\nworkers = 4\n', fs: noFS }).data;
  assert.ok(cli);
  const e = effectiveGunicorn([cli, file]);
  assert.equal(e.timeout.value, 60_000);
  assert.equal(e.workers.value, 4);
  assert.equal(e.keepalive.value, 2_000);
  assert.equal(e.keepalive.isDefault, true);
  assert.match(e.keepalive.defaultSource ?? '', /keepalive 2/);
});

test('detect: gunicorn.conf.py, not any Python module with a timeout', () => {
  assert.ok(gunicornParser.detect('gunicorn.conf.py', 'bind = "0.0.0.0:8000"\n') >= 0.5);
  assert.equal(gunicornParser.detect('app/client.py', 'timeout = 30\nretries = 3\n'), 0);
});

test("gunicorn's own examples/example_config.py, as published: the settings, hooks and multi-line raw_env skipped", () => {
  const path = 'gunicorn.conf.py';
  const text = readFileSync(`test/fixtures/config/gunicorn/example/${path}`, 'utf8');
  assert.ok(gunicornParser.detect(path, text) >= 0.5);
  const out = gunicornParser.parse({ path, text, fs: noFS });
  assert.deepEqual(out.issues, []);
  assert.deepEqual(
    [out.data.timeout?.value, out.data.keepalive?.value, out.data.workers?.value, out.data.backlog?.value],
    [30_000, 2_000, 1, 2048],
  );
  assert.deepEqual(out.data.timeout?.loc, { path, line: 71 });
  assert.deepEqual(
    out.data.binds.map((b) => [b.address, b.loc.line]),
    [['127.0.0.1:8000', 21]],
  );
});
