import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { mysqlLog } from './mysql-log.js';
import { mysqlSlow } from './mysql-slow.js';
import { detectLogFormat } from './registry.js';

const dir = new URL('../../../test/real-logs/mysql-slow/', import.meta.url);
const real = (name: string) =>
  readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/mysql/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of mysqlSlow.samples) assert.ok(mysqlSlow.parse(line), line);
});

test('a record per query: # Time: starts it (5.7+ ISO UTC, ≤ 5.6 YYMMDD local), the rest continue it', () => {
  const lines = real('mysql-8-percona.log').map((l) => mysqlSlow.parse(l)!);
  assert.deepEqual(lines[0].ts, {
    year: 2021,
    month: 1,
    day: 26,
    hour: 23,
    minute: 45,
    second: 57,
    ms: 678,
    offsetMinutes: 0,
  });
  assert.equal(lines[0].continuation, undefined);
  assert.ok(
    lines.slice(1, 8).every((p) => p.continuation),
    'User@Host … SQL continue the record',
  );
  assert.equal(lines.filter((p) => !p.continuation).length, 6, 'six queries, six records');
  const old = mysqlSlow.parse('# Time: 071015 21:43:52')!;
  assert.deepEqual(old.ts, { year: 2007, month: 10, day: 15, hour: 21, minute: 43, second: 52 });
  assert.deepEqual(mysqlSlow.parse('# Time: 071015  9:03:52')!.ts?.hour, 9);
});

test('# Query_time: its statistics in fields (integer times of 5.0 too)', () => {
  assert.deepEqual(mysqlSlow.parse(mysqlSlow.samples[7])!.fields, {
    queryTime: 15.000337,
    lockTime: 0,
    rowsSent: 1,
    rowsExamined: 0,
  });
  assert.equal(mysqlSlow.parse('# Query_time: 2  Lock_time: 0  Rows_sent: 1  Rows_examined: 0')!.fields?.queryTime, 2);
});

test('the server header is a record with its version; its two lines continue it', () => {
  const lines = real('mariadb-10.8.log').map((l) => mysqlSlow.parse(l)!);
  assert.deepEqual(lines[0].fields, { version: '10.8.3-MariaDB' });
  assert.equal(lines[1].continuation, true);
  assert.equal(lines[2].continuation, true);
});

test('detect: the slow logs are mysql-slow; error logs are not, and no error-log record is claimed', () => {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log')))
    assert.equal(detectLogFormat(real(f), f)?.format.id, 'mysql-slow', f);
  for (const f of ['error.log', 'mariadb.err', 'mysqld-5.5.log']) {
    assert.equal(mysqlSlow.detect(fixture(f), f), 0, f);
    assert.equal(mysqlSlow.detect(mysqlLog.samples, f), 0);
  }
  assert.equal(mysqlSlow.parse(fixture('error.log')[0]), null);
  // Prose with a stray header line is not a slow log.
  assert.equal(
    mysqlSlow.detect(['# Query_time: 1  Lock_time: 0  Rows_sent: 1  Rows_examined: 0', 'a', 'b', 'c'], 'x'),
    0,
  );
});

test('a query of 10 s or more is one signature, 1 s to 10 s another, below 1 s none', () => {
  const matcher = createMatcher(SIGNATURES);
  const hit = (line: string) => matcher.match('mysql-slow', line)?.signature.id;
  assert.equal(hit(mysqlSlow.samples[7]), 'mysql-slow-query-over-10s');
  assert.equal(hit('# Query_time: 100.5  Lock_time: 0  Rows_sent: 1  Rows_examined: 0'), 'mysql-slow-query-over-10s');
  assert.equal(hit(mysqlSlow.samples[2]), undefined);
  assert.equal(hit('# Query_time: 9.999999  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0'), 'mysql-slow-query');
  assert.equal(hit('# Query_time: 2  Lock_time: 0  Rows_sent: 1  Rows_examined: 0'), 'mysql-slow-query');
  assert.equal(hit('# Query_time: 0.999999  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0'), undefined);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      mysqlSlow.parse(s);
      mysqlSlow.parse(`# Time: ${s}`);
      mysqlSlow.parse(`/usr/sbin/mysqld, Version: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  mysqlSlow.parse(`# Query_time: ${'1'.repeat(100_000)}`);
  mysqlSlow.parse(`/${'a'.repeat(100_000)}, Version: x ${'y'.repeat(100_000)}`);
  mysqlSlow.parse(`2022-07-11T14:19:31.512387Z ${'1'.repeat(100_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
