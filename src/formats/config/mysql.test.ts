import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { fixtureFS } from '../../../test/helpers/config-fixture.js';
import { GiB, MiB } from '../../model/units.js';
import { MYSQL_DEFAULTS, mysqlParser } from './mysql.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/mysql';

/** A fixture tree as an input root: absolute targets under it, relative ones against the including file. */

const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(tree: string, path: string) {
  const root = join(ROOT, tree);
  return mysqlParser.parse({ path, text: readFileSync(join(root, path), 'utf8'), fs: fixtureFS(root) });
}

function parseText(text: string, path = 'etc/mysql/my.cnf') {
  return mysqlParser.parse({ path, text, fs: noFS });
}

test("Debian's MariaDB layout: !includedir reads conf.d then mariadb.conf.d, sorted, each line at its own file", () => {
  const out = parseFixture('debian-mariadb', 'etc/mysql/my.cnf');
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.consumed, [
    'etc/mysql/conf.d/mysql.cnf',
    'etc/mysql/conf.d/mysqldump.cnf',
    'etc/mysql/mariadb.conf.d/50-client.cnf',
    'etc/mysql/mariadb.conf.d/50-mysqld_safe.cnf',
    'etc/mysql/mariadb.conf.d/50-server.cnf',
    'etc/mysql/mariadb.conf.d/60-galera.cnf',
  ]);
  const { server, sections } = out.data;
  assert.deepEqual(server.bindAddress?.loc, { path: 'etc/mysql/mariadb.conf.d/50-server.cnf', line: 27 });
  assert.equal(server.bindAddress?.value, '127.0.0.1');
  // "#max_connections = 100" is commented out in Debian's file: the compiled-in default applies.
  assert.equal(server.maxConnections.value, 151);
  assert.equal(server.maxConnections.isDefault, true);
  assert.equal(server.maxConnections.defaultSource, MYSQL_DEFAULTS.maxConnections.source);
  assert.equal(server.waitTimeout.value, 28800 * 1000);
  assert.equal(server.waitTimeout.isDefault, true);
  assert.match(server.waitTimeout.defaultSource ?? '', /28800/);
  assert.equal(server.innodbBufferPoolSize.value, 128 * MiB);
  assert.equal(server.port.value, 3306);
  assert.equal(server.port.isDefault, true);
  // max_allowed_packet = 16M belongs to [mysqldump], not to the server.
  assert.equal(server.maxAllowedPacket, undefined);
  assert.deepEqual(sections.mysqldump.max_allowed_packet, {
    value: '16M',
    loc: { path: 'etc/mysql/conf.d/mysqldump.cnf', line: 4 },
  });
  assert.equal(sections.mysqldump.quote_names.value, true);
  assert.equal(sections['client-server'].socket.value, '/run/mysqld/mysqld.sock');
  assert.deepEqual(Object.keys(sections.galera), []);
  assert.equal(server.flavor, 'mariadb');
});

test('Galera node: [galera] options count for the server and override 50-server.cnf (later wins)', () => {
  const out = parseFixture('galera', 'etc/mysql/my.cnf');
  assert.deepEqual(out.issues, []);
  const { server, sections } = out.data;
  const galera = 'etc/mysql/mariadb.conf.d/60-galera.cnf';
  assert.equal(server.bindAddress?.value, '0.0.0.0');
  assert.deepEqual(server.bindAddress?.loc, { path: galera, line: 21 });
  assert.equal(server.maxConnections.value, 300);
  assert.deepEqual(server.maxConnections.loc, { path: galera, line: 27 });
  assert.equal(server.innodbBufferPoolSize.value, 4 * GiB);
  assert.equal(server.innodbBufferPoolSize.raw, '4G');
  // The seed talk's trap: wait_timeout stays at 8 hours unless written.
  assert.equal(server.waitTimeout.value, 28_800_000);
  assert.equal(server.waitTimeout.isDefault, true);
  assert.equal(sections.galera.wsrep_cluster_address.value, 'gcomm://10.0.1.11,10.0.1.12,10.0.1.13');
  assert.equal(sections.galera.wsrep_cluster_name.value, 'django-galera');
  assert.equal(server.flavor, 'mariadb');
});

test('tuned my.cnf: max-connections with a dash, 2G without spaces, trailing comment, bare flags, loose- prefix', () => {
  const out = parseFixture('tuned', 'etc/mysql/my.cnf');
  assert.deepEqual(out.issues, []);
  const { server, sections } = out.data;
  const myCnf = 'etc/mysql/my.cnf';
  assert.equal(server.maxConnections.value, 500);
  assert.deepEqual(server.maxConnections.loc, { path: myCnf, line: 26 });
  assert.equal(server.maxConnections.raw, '500');
  assert.equal(server.maxConnections.isDefault, false);
  assert.equal(server.innodbBufferPoolSize.value, 2 * GiB);
  assert.deepEqual(server.innodbBufferPoolSize.loc, { path: myCnf, line: 29 });
  assert.equal(server.waitTimeout.value, 600_000);
  assert.equal(server.waitTimeout.raw, '600');
  assert.equal(server.interactiveTimeout.value, 600_000);
  assert.equal(server.port.value, 3306);
  assert.equal(server.port.isDefault, false);
  assert.equal(sections.mysqld.skip_name_resolve.value, true);
  assert.equal(sections.mysqld.skip_external_locking.value, true);
  assert.equal(sections.mysqld.innodb_numa_interleave.value, '1');
  assert.equal(sections.mysqld.log_error.value, '/var/log/mysql/error.log');
  // The [mysqld-5.7] group of the included file comes later and wins; its loc is the included file's line.
  assert.equal(server.maxAllowedPacket?.value, 128 * MiB);
  assert.deepEqual(server.maxAllowedPacket?.loc, { path: 'etc/mysql/local-overrides.cnf', line: 3 });
  assert.deepEqual(out.consumed, ['etc/mysql/local-overrides.cnf']);
  assert.equal(server.flavor, undefined);
});

test('quoted values keep # and spaces; MySQL escapes are decoded', () => {
  const out = parseText(
    '[mysqld]\ninit_connect = "SET NAMES utf8mb4 # not a comment"\nlog_error=\'/var/log/my sql.log\'\nsocket = /tmp/a\\sb\n',
  );
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.sections.mysqld.init_connect.value, 'SET NAMES utf8mb4 # not a comment');
  assert.equal(out.data.sections.mysqld.log_error.value, '/var/log/my sql.log');
});

test('malformed lines are issues naming file:line; the rest still parses', () => {
  const text = [
    'max_connections = 20', // 1: before any group
    '[mysqld',
    '[mysqld]',
    'max_connections 200', // 4: no "="
    'wait_timeout = 8h', // 5: MySQL takes whole seconds only
    'innodb_buffer_pool_size = 1Q', // 6
    'port = 3307',
    '!includ /etc/mysql/x.cnf', // 8
    '!include /etc/mysql/missing.cnf', // 9
    'init_connect = "unterminated', // 10
  ].join('\n');
  const out = parseText(text);
  assert.deepEqual(
    out.issues.map((i) => i.line).sort((a, b) => a - b),
    [1, 2, 4, 5, 6, 8, 9, 10],
  );
  for (const i of out.issues) assert.equal(i.path, 'etc/mysql/my.cnf');
  assert.match(out.issues[0].message, /before any \[group\]/);
  assert.ok(out.issues.some((i) => i.line === 5 && /wait_timeout: expected whole seconds, got "8h"/.test(i.message)));
  assert.equal(out.data.server.port.value, 3307);
  assert.deepEqual(out.data.server.port.loc, { path: 'etc/mysql/my.cnf', line: 7 });
  assert.equal(out.data.server.waitTimeout.isDefault, true);
  assert.equal(out.data.server.maxConnections.isDefault, true);
});

test('server groups: [mysqld-8.0] and [mariadb-10.6] count, [client] and [mysqldump] do not; later wins across them', () => {
  const out = parseText(
    '[client]\nport=3310\n[mysqld]\nmax_connections=100\n[mysqld-8.0]\nmax_connections=200\n[mysqldump]\nmax_connections=5\n[mariadb-10.6]\nwait_timeout=100\n',
  );
  assert.equal(out.data.server.port.value, 3306);
  assert.equal(out.data.server.port.isDefault, true);
  assert.equal(out.data.server.maxConnections.value, 200);
  assert.equal(out.data.server.maxConnections.loc?.line, 6);
  assert.equal(out.data.server.waitTimeout.value, 100_000);
  assert.equal(out.data.server.flavor, 'mariadb');
});

test('an include loop is reported once and does not recurse forever', () => {
  const files: Record<string, string> = {
    'etc/mysql/my.cnf': '[mysqld]\nport=3306\n!include /etc/mysql/a.cnf\n',
    'etc/mysql/a.cnf': '[mysqld]\nmax_connections=50\n!include /etc/mysql/my.cnf\n',
  };
  const fs: ConfigFS = {
    read: (p) => files[p],
    glob: (t) => (files[t.slice(1)] !== undefined ? [t.slice(1)] : []),
  };
  const out = mysqlParser.parse({ path: 'etc/mysql/my.cnf', text: files['etc/mysql/my.cnf'], fs });
  assert.equal(out.data.server.maxConnections.value, 50);
  assert.deepEqual(out.issues, [
    {
      path: 'etc/mysql/a.cnf',
      line: 3,
      message: 'include of etc/mysql/my.cnf loops back to a file already being read',
    },
  ]);
});

test('detect: content decides, names only help', () => {
  assert.ok(
    mysqlParser.detect('/etc/mysql/my.cnf', readFileSync(join(ROOT, 'debian-mariadb/etc/mysql/my.cnf'), 'utf8')) >= 0.8,
  );
  assert.ok(mysqlParser.detect('/srv/db/server.ini', '[mysqld]\nmax_connections = 500\n') >= 0.8);
  assert.ok(mysqlParser.detect('/etc/mysql/conf.d/mysqldump.cnf', '[mysqldump]\nquick\n') >= 0.5);
  assert.ok(mysqlParser.detect('/etc/my.cnf', '[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n') < 0.5);
  assert.ok(mysqlParser.detect('/etc/php/php.ini', '[PHP]\nmemory_limit = 128M\n') < 0.5);
});

test('groups and options named like Object members are plain names', () => {
  const out = parseText('[__proto__]\nconstructor = 1\n[mysqld]\n__proto__ = 2\ntoString\n');
  assert.deepEqual(out.issues, []);
  const [proto, ctor]: string[] = ['__proto__', 'constructor'];
  assert.equal(out.data.sections[proto][ctor].value, '1');
  assert.equal(out.data.sections.mysqld[proto].value, '2');
  assert.equal(out.data.sections.mysqld.tostring.value, true);
});

test('parse never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      const out = parseText(text);
      assert.ok(Array.isArray(out.issues));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          '[mysqld]',
          '!include x',
          '!includedir /d',
          'a=1',
          'b',
          '"',
          "x='y",
          '[',
          '#c',
          ';',
          'port=abc',
        ),
        {
          maxLength: 30,
        },
      ),
      (lines) => {
        parseText(lines.join('\n'));
      },
    ),
  );
});
