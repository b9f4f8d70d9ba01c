import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { fixtureFS } from '../../../test/helpers/config-fixture.js';
import { GiB, MiB } from '../../model/units.js';
import { SYSTEMD_DEFAULT_LIMIT_NOFILE, SYSTEMD_LIMIT_NOFILE_DEFAULT_SOURCE, systemdParser } from './systemd.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/systemd';

/** The fixture tree as an input root: absolute targets under it, relative ones against the including file. */

const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(path: string) {
  return systemdParser.parse({ path, text: readFileSync(join(ROOT, path), 'utf8'), fs: fixtureFS(ROOT) });
}

test('node-app.service: ExecStart across a continuation, Restart, LimitNOFILE, and its drop-in', () => {
  const out = parseFixture('etc/systemd/system/node-app.service');
  assert.deepEqual(out.issues, []);
  const [u] = out.data.units;
  assert.equal(u.unit, 'node-app.service');
  assert.deepEqual(u.loc, { path: 'etc/systemd/system/node-app.service', line: 8 });
  assert.equal(u.execStart?.value, '/usr/bin/node /srv/app/server.js');
  assert.equal(u.execStart?.loc?.line, 16);
  assert.equal(u.user?.value, 'www-data');
  assert.equal(u.restart?.value, 'always');
  assert.equal(u.restartSec?.value, 10_000);
  assert.deepEqual(u.limitNofile?.value, { soft: 65536, hard: 65536 });
  assert.deepEqual(u.limitNofile?.loc, { path: 'etc/systemd/system/node-app.service', line: 21 });
  assert.equal(u.limitNofile?.raw, '65536');
  // From node-app.service.d/10-memory.conf, found next to the unit.
  const dropIn = 'etc/systemd/system/node-app.service.d/10-memory.conf';
  assert.deepEqual(out.consumed, [dropIn]);
  assert.deepEqual(u.dropIns, [dropIn]);
  assert.equal(u.memoryHigh?.value, 1536 * MiB);
  assert.equal(u.memoryMax?.value, 2 * GiB);
  assert.deepEqual(u.memoryMax?.loc, { path: dropIn, line: 3 });
  assert.equal(u.watchdogSec?.value, 30_000);
  assert.equal(u.tasksMax?.value, Infinity);
});

test("Debian's mariadb.service: LimitNOFILE=32768, TasksMax=99% kept as a share, a multi-line ExecStartPre", () => {
  const out = parseFixture('lib/systemd/system/mariadb.service');
  assert.deepEqual(out.issues, []);
  const [u] = out.data.units;
  assert.equal(u.unit, 'mariadb.service');
  assert.deepEqual(u.limitNofile?.value, { soft: 32768, hard: 32768 });
  assert.equal(u.limitNofile?.loc?.line, 146);
  assert.equal(u.user?.value, 'mysql');
  assert.equal(u.execStart?.value, '/usr/sbin/mariadbd $MYSQLD_OPTS $_WSREP_NEW_CLUSTER $_WSREP_START_POSITION');
  assert.equal(u.restart?.value, 'on-abort');
  assert.equal(u.restartSec?.value, 5_000);
  assert.equal(u.tasksMax, undefined);
  assert.equal(u.percentages?.tasksMax?.value, 99);
  assert.equal(u.percentages?.tasksMax?.raw, '99%');
  assert.equal(out.consumed.length, 0);
});

test('redis-server.service with /etc drop-in override.conf: later assignments win, empty Restart= resets', () => {
  const out = parseFixture('lib/systemd/system/redis-server.service');
  assert.deepEqual(out.issues, []);
  const [u] = out.data.units;
  const override = 'etc/systemd/system/redis-server.service.d/override.conf';
  assert.deepEqual(out.consumed, [override]);
  assert.deepEqual(u.limitNofile?.value, { soft: 100000, hard: 200000 });
  assert.deepEqual(u.limitNofile?.loc, { path: override, line: 5 });
  assert.equal(u.restart?.value, 'on-failure');
  assert.equal(u.restart?.loc?.line, 8);
  assert.equal(u.restartSec?.value, 2_000);
  // MemoryMax=80% is a share of the host's RAM, resolved by the model.
  assert.equal(u.memoryMax, undefined);
  assert.equal(u.percentages?.memoryMax?.value, 80);
  assert.equal(u.execStart?.value, '/usr/bin/redis-server /etc/redis/redis.conf --supervised systemd --daemonize no');
  assert.equal(u.user?.value, 'redis');
});

test('a drop-in parsed on its own is named after its unit directory', () => {
  const path = 'etc/systemd/system/redis-server.service.d/override.conf';
  const out = systemdParser.parse({ path, text: readFileSync(join(ROOT, path), 'utf8'), fs: fixtureFS(ROOT) });
  const [u] = out.data.units;
  assert.equal(u.unit, 'redis-server.service');
  assert.deepEqual(u.loc, { path, line: 4 });
  assert.deepEqual(u.limitNofile?.value, { soft: 100000, hard: 200000 });
  assert.equal(u.execStart, undefined);
  assert.deepEqual(out.consumed, []);
});

test('LimitNOFILE infinity and soft:infinity; the default is only a documented constant', () => {
  const text = '[Service]\nExecStart=/usr/bin/dockerd\nLimitNOFILE=infinity\n';
  const u = systemdParser.parse({ path: 'docker.service', text, fs: noFS }).data.units[0];
  assert.deepEqual(u.limitNofile?.value, { soft: Infinity, hard: Infinity });
  const v = systemdParser.parse({ path: 'a.service', text: '[Service]\nLimitNOFILE=1024:infinity\n', fs: noFS });
  assert.deepEqual(v.data.units[0].limitNofile?.value, { soft: 1024, hard: Infinity });
  const w = systemdParser.parse({ path: 'b.service', text: '[Service]\nExecStart=/bin/true\n', fs: noFS });
  assert.equal(w.data.units[0].limitNofile, undefined);
  assert.deepEqual(SYSTEMD_DEFAULT_LIMIT_NOFILE, { soft: 1024, hard: 524288 });
  assert.match(SYSTEMD_LIMIT_NOFILE_DEFAULT_SOURCE, /DefaultLimitNOFILE/);
});

test('MemoryLimit (cgroup v1) and MemoryMax=infinity', () => {
  const text = '[Service]\nMemoryLimit=512M\nMemoryMax=infinity\n';
  const u = systemdParser.parse({ path: 'worker.service', text, fs: noFS }).data.units[0];
  assert.equal(u.memoryLimit?.value, 512 * MiB);
  assert.equal(u.memoryMax?.value, Infinity);
});

test('malformed lines are issues naming the line; the rest still parses', () => {
  const text = [
    '[Unit]',
    'Description=worker',
    '[Service]',
    'ExecStart=/usr/bin/python3 worker.py',
    'LimitNOFILE=lots',
    'RestartSec=5 parsecs',
    'Restart=sometimes',
    'this is not an assignment',
    '[Service',
    'MemoryMax=2G',
    '[Service]',
    'LimitNOFILE=8192:4096',
    'User=celery',
  ].join('\n');
  const out = systemdParser.parse({ path: 'worker.service', text, fs: noFS });
  assert.deepEqual(
    out.issues.map((i) => `${i.path}:${i.line}`),
    [
      'worker.service:5',
      'worker.service:6',
      'worker.service:7',
      'worker.service:8',
      'worker.service:9',
      'worker.service:12',
    ],
  );
  assert.match(out.issues[0].message, /LimitNOFILE=: expected N, soft:hard or infinity/);
  const u = out.data.units[0];
  assert.equal(u.execStart?.value, '/usr/bin/python3 worker.py');
  // MemoryMax=2G sits under a broken header and is not taken as [Service].
  assert.equal(u.memoryMax, undefined);
  assert.equal(u.limitNofile, undefined);
  assert.equal(u.user?.value, 'celery');
});

test('secrets on the command line are not kept', () => {
  const text =
    '[Service]\nExecStart=/usr/bin/node server.js --db-password=hunter2 --redis redis://app:s3cret@10.0.0.7:6379\n';
  const u = systemdParser.parse({ path: 'api.service', text, fs: noFS }).data.units[0];
  assert.equal(u.execStart?.value, '/usr/bin/node server.js --db-password=*** --redis redis://app:***@10.0.0.7:6379');
  assert.doesNotMatch(JSON.stringify(u), /hunter2|s3cret/);
});

test('detect: units and drop-ins yes; my.cnf, nginx.conf and system.conf no', () => {
  const unit = readFileSync(join(ROOT, 'etc/systemd/system/node-app.service'), 'utf8');
  assert.ok(systemdParser.detect('/etc/systemd/system/node-app.service', unit) >= 0.9);
  assert.ok(systemdParser.detect('/etc/systemd/system/x.service.d/override.conf', '[Service]\nLimitNOFILE=1\n') >= 0.9);
  assert.ok(systemdParser.detect('unit.txt', unit) >= 0.8);
  const mycnf = '[client-server]\n!includedir /etc/mysql/conf.d/\n[mysqld]\nuser = mysql\nwait_timeout = 28800\n';
  assert.equal(systemdParser.detect('/etc/mysql/my.cnf', mycnf), 0);
  const nginx = 'user www-data;\nworker_processes auto;\nevents {\n  worker_connections 768;\n}\n';
  assert.equal(systemdParser.detect('/etc/nginx/nginx.conf', nginx), 0);
  const systemConf = '[Manager]\n#DefaultLimitNOFILE=1024:524288\n';
  assert.ok(systemdParser.detect('/etc/systemd/system.conf', systemConf) < 0.5);
});

test('no input makes the parser throw', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 400 }),
      fc.constantFrom('a.service', 'a.service.d/x.conf', 'x'),
      (text, path) => {
        systemdParser.detect(path, text);
        const out = systemdParser.parse({ path, text, fs: noFS });
        assert.equal(out.data.units.length, 1);
      },
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom('[Service]', 'LimitNOFILE=', 'MemoryMax=', '80%', 'infinity', ':', '\\', '\n', '#', '='),
        {
          maxLength: 40,
        },
      ),
      (parts) => {
        systemdParser.parse({ path: 'f.service', text: parts.join(''), fs: noFS });
      },
    ),
  );
});
