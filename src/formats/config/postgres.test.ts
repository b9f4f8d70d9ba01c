import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { fixtureFS } from '../../../test/helpers/config-fixture.js';
import { GiB, MiB } from '../../model/units.js';
import { LISTEN_ADDRESSES_DEFAULT_SOURCE, POSTGRES_PARAMETERS, postgresParser } from './postgres.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/postgres';
const CONF = 'etc/postgresql/14/main/postgresql.conf';

/** A fixture tree as an input root: absolute targets under it, relative ones against the including file. */

const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(tree: string, path = CONF) {
  const root = join(ROOT, tree);
  return postgresParser.parse({ path, text: readFileSync(join(root, path), 'utf8'), fs: fixtureFS(root) });
}

function parseText(text: string) {
  return postgresParser.parse({ path: CONF, text, fs: noFS });
}

test('Debian-shipped postgresql.conf: commented-out lines do not count, written ones carry file:line', () => {
  const out = parseFixture('debian');
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.maxConnections.value, 100);
  assert.deepEqual(d.maxConnections.loc, { path: CONF, line: 55 });
  assert.equal(d.maxConnections.isDefault, false);
  assert.equal(d.sharedBuffers.value, 128 * MiB);
  assert.equal(d.sharedBuffers.raw, '128MB');
  assert.equal(d.port.value, 5432);
  assert.deepEqual(d.port.loc, { path: CONF, line: 54 });
  // "#listen_addresses = 'localhost'" and "#work_mem = 4MB" are comments: defaults, flagged as such.
  assert.equal(d.listenAddresses.value, 'localhost');
  assert.equal(d.listenAddresses.isDefault, true);
  assert.equal(d.listenAddresses.defaultSource, LISTEN_ADDRESSES_DEFAULT_SOURCE);
  assert.equal(d.workMem.value, 4 * MiB);
  assert.equal(d.workMem.isDefault, true);
  assert.equal(d.idleInTransactionSessionTimeout.value, 0);
  assert.equal(d.idleInTransactionSessionTimeout.isDefault, true);
  assert.equal(
    d.idleInTransactionSessionTimeout.defaultSource,
    POSTGRES_PARAMETERS.idle_in_transaction_session_timeout.source,
  );
  assert.equal(d.statementTimeout.isDefault, true);
  assert.equal(d.idleSessionTimeout.value, 0);
  assert.equal(d.settings.log_line_prefix.raw, '%m [%p] %q%u@%d ');
  assert.equal(d.settings.datestyle.raw, 'iso, mdy');
  assert.equal(d.settings.work_mem, undefined);
  assert.equal(d.settings.listen_addresses, undefined);
  assert.deepEqual(out.consumed, []);
});

test("tuned: 'name value' without =, 1GB, '5min', include_dir in order, postgresql.auto.conf overrides", () => {
  const out = parseFixture('tuned');
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.maxConnections.value, 300);
  assert.deepEqual(d.maxConnections.loc, { path: CONF, line: 55 });
  assert.equal(d.sharedBuffers.value, GiB);
  assert.deepEqual(d.sharedBuffers.loc, { path: CONF, line: 78 });
  assert.equal(d.idleInTransactionSessionTimeout.value, 5 * 60_000);
  assert.equal(d.idleInTransactionSessionTimeout.raw, '5min');
  assert.deepEqual(d.idleInTransactionSessionTimeout.loc, { path: CONF, line: 129 });
  assert.equal(d.listenAddresses.value, '10.0.2.15,localhost');
  // From conf.d/10-timeouts.conf; the dot-file beside it is skipped as PostgreSQL does.
  assert.equal(d.statementTimeout.value, 30_000);
  assert.deepEqual(d.statementTimeout.loc, { path: 'etc/postgresql/14/main/conf.d/10-timeouts.conf', line: 2 });
  // work_mem = 16384 (kB) in postgresql.conf, then ALTER SYSTEM SET work_mem = '64MB' in the data directory.
  assert.equal(d.workMem.value, 64 * MiB);
  assert.deepEqual(d.workMem.loc, { path: 'var/lib/postgresql/14/main/postgresql.auto.conf', line: 3 });
  assert.deepEqual(out.consumed, [
    'etc/postgresql/14/main/conf.d/10-timeouts.conf',
    'var/lib/postgresql/14/main/postgresql.auto.conf',
  ]);
});

test('units follow each parameter: shared_buffers in 8kB blocks, work_mem in kB, timeouts in ms', () => {
  const out = parseText(
    'shared_buffers = 16384\nwork_mem = 1024\nstatement_timeout = 1500\nidle_session_timeout = 1h\nidle_in_transaction_session_timeout = 10s\n',
  );
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.sharedBuffers.value, 128 * MiB);
  assert.equal(out.data.workMem.value, MiB);
  assert.equal(out.data.statementTimeout.value, 1500);
  assert.equal(out.data.idleSessionTimeout.value, 3_600_000);
  assert.equal(out.data.idleInTransactionSessionTimeout.value, 10_000);
});

test("quoting: '' and \\' escapes, # inside quotes, last assignment wins, names are case-insensitive", () => {
  const out = parseText(
    "Max_Connections = 50\nmax_connections = 60\napplication_name = 'it''s # here' # comment\nsearch_path = '\"$user\", public'\n",
  );
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.maxConnections.value, 60);
  assert.equal(out.data.maxConnections.loc?.line, 2);
  assert.equal(out.data.settings.application_name.raw, "it's # here");
  assert.equal(out.data.settings.search_path.raw, '"$user", public');
});

test('malformed lines become issues naming the line; the rest parses', () => {
  const out = parseText(
    [
      "listen_addresses = '*", // 1: unterminated
      'shared_buffers = 1gb', // 2: units are case-sensitive: PostgreSQL rejects "gb"
      'max_connections = 1 000', // 3: space inside the value
      'port =', // 4: no value
      '= 5', // 5
      'statement_timeout = 5 min', // 6
      'work_mem = 8MB',
      'include missing.conf', // 8
    ].join('\n'),
  );
  const byLine = new Map(out.issues.map((i) => [i.line, i.message]));
  assert.deepEqual(
    [...byLine.keys()].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 8],
  );
  assert.match(byLine.get(1) ?? '', /unterminated quoted value for listen_addresses/);
  assert.match(byLine.get(2) ?? '', /invalid value for parameter "shared_buffers": "1gb"/);
  assert.match(byLine.get(4) ?? '', /port has no value/);
  for (const i of out.issues) assert.equal(i.path, CONF);
  assert.equal(out.data.workMem.value, 8 * MiB);
  assert.equal(out.data.sharedBuffers.isDefault, true);
  assert.equal(out.data.maxConnections.value, 100);
  assert.equal(out.data.listenAddresses.isDefault, true);
});

test('detect: PostgreSQL parameter names decide; Redis and MySQL files are not postgres', () => {
  const debian = readFileSync(join(ROOT, 'debian', CONF), 'utf8');
  assert.ok(postgresParser.detect('/etc/postgresql/14/main/postgresql.conf', debian) >= 0.85);
  assert.ok(postgresParser.detect('/srv/pg/custom.conf', debian) >= 0.85);
  assert.ok(postgresParser.detect('/tmp/x', 'shared_buffers = 1GB\nmax_connections = 300\nwork_mem = 16MB\n') >= 0.7);
  assert.ok(
    postgresParser.detect('/etc/redis/redis.conf', 'port 6379\nmaxmemory 2gb\nappendonly no\nsave 900 1\n') < 0.5,
  );
  assert.ok(postgresParser.detect('/etc/mysql/my.cnf', '[mysqld]\nmax_connections = 500\n') < 0.5);
});

test('parameters named like Object members are plain names', () => {
  const out = parseText("__proto__ = 1\nconstructor = 'x'\n");
  assert.deepEqual(out.issues, []);
  const [proto, ctor]: string[] = ['__proto__', 'constructor'];
  assert.equal(out.data.settings[proto].raw, '1');
  assert.equal(out.data.settings[ctor].raw, 'x');
});

test('parse never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      assert.ok(Array.isArray(parseText(text).issues));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom("a = 'x", "b = ''", 'include_dir x', 'include', 'shared_buffers = -', "c='\\", '#', '='),
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
