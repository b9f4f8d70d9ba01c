import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { mysqlLog } from './mysql-log.js';
import { nodeLog } from './node-log.js';
import { postgresLog } from './postgres-log.js';
import { redisLog } from './redis-log.js';
import { syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/postgres/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses with a time and a severity', () => {
  for (const line of postgresLog.samples) {
    const p = postgresLog.parse(line);
    assert.ok(p?.ts && p.fields?.severity, line);
  }
});

test("default '%m [%p] ' and Debian's '%m [%p] %q%u@%d '", () => {
  const lines = fixture('postgresql-14-main.log').map((l) => postgresLog.parse(l)!);
  assert.deepEqual(lines[0].ts, {
    year: 2022,
    month: 7,
    day: 11,
    hour: 14,
    minute: 19,
    second: 30,
    ms: 104,
    offsetMinutes: 0,
  });
  assert.equal(lines[0].pid, 1187);
  assert.equal(lines[0].level, 'info');
  assert.match(lines[0].message, /^starting PostgreSQL 14\.4/);
  const tooMany = lines[4];
  assert.equal(tooMany.level, 'error');
  assert.equal(tooMany.message, 'sorry, too many clients already');
  assert.deepEqual(tooMany.fields, { user: 'app', database: 'appdb', severity: 'FATAL' });
  assert.equal(lines[5].message, 'terminating connection due to idle-in-transaction timeout');
  // STATEMENT and its tab-indented lines continue the ERROR record.
  assert.equal(lines[6].continuation, undefined);
  assert.ok(lines.slice(7).every((l) => l.continuation === true));
  assert.equal(lines[7].message, 'SELECT i.*');
});

test('pgBadger prefix: session line, user/db/app/client, zone abbreviation to offset', () => {
  const lines = fixture('pgbadger-prefix.log').map((l) => postgresLog.parse(l)!);
  assert.deepEqual(lines[0].ts, {
    year: 2022,
    month: 7,
    day: 11,
    hour: 10,
    minute: 2,
    second: 17,
    offsetMinutes: -240,
  });
  assert.equal(lines[0].pid, 2210);
  assert.deepEqual(lines[0].fields, {
    sessionLine: 3,
    user: 'app',
    database: 'appdb',
    app: 'psql',
    client: '10.0.0.5',
    severity: 'LOG',
  });
  assert.equal(lines[0].message, 'connection authorized: user=app database=appdb');
  assert.equal(lines[1].fields?.app, undefined); // [unknown]
  assert.equal(lines[1].message, 'deadlock detected');
  assert.deepEqual(
    lines.slice(2).map((l) => [l.continuation, l.fields?.severity]),
    [
      [true, 'DETAIL'],
      [true, 'HINT'],
      [true, 'CONTEXT'],
    ],
  );
  assert.equal(postgresLog.parse(postgresLog.samples[7])!.ts?.offsetMinutes, 120); // CEST
});

test('RDS prefix, numeric zone, ambiguous abbreviation, PANIC, pre-10 bare lines', () => {
  const rds = postgresLog.parse(postgresLog.samples[9])!;
  assert.equal(rds.pid, 4260);
  assert.deepEqual(rds.fields, { user: 'app', database: 'appdb', client: '10.0.0.5', severity: 'FATAL' });
  assert.equal(rds.message, 'remaining connection slots are reserved for non-replication superuser connections');
  assert.equal(postgresLog.parse(postgresLog.samples[10])!.ts?.offsetMinutes, 180);
  const cst = postgresLog.parse('2022-07-11 14:02:17.123 CST [1234] LOG:  checkpoint complete')!;
  assert.equal(cst.ts?.offsetMinutes, undefined);
  assert.equal(cst.fields?.zone, 'CST');
  assert.equal(postgresLog.parse(postgresLog.samples[12])!.level, 'critical');
  const bare = postgresLog.parse('FATAL:  sorry, too many clients already')!;
  assert.equal(bare.ts, undefined);
  assert.equal(bare.level, 'error');
});

test('detect: postgres files high, others 0; garbage null', () => {
  assert.ok(
    postgresLog.detect(fixture('postgresql-14-main.log'), '/var/log/postgresql/postgresql-14-main.log') >= 0.97,
  );
  assert.ok(postgresLog.detect(fixture('pgbadger-prefix.log'), 'pg.log') >= 0.97);
  for (const other of [syslog, nodeLog, mysqlLog, redisLog])
    assert.equal(postgresLog.detect(other.samples, 'x'), 0, other.id);
  for (const g of [
    '',
    'LOG: one space',
    '2022-07-11 14:02:17.123 UTC [1] log:  lower',
    '2022-07-11 14:02:17 UTC nothing here',
  ]) {
    assert.equal(postgresLog.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      postgresLog.parse(s);
      postgresLog.parse(`2022-07-11 14:02:17.123 UTC [1] ${s}`);
      postgresLog.parse(`2022-07-11 14:02:17 UTC:${s}:LOG:  x`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  postgresLog.parse(`2022-07-11 14:02:17 UTC ${'a@b '.repeat(50_000)}LOG:  x`);
  postgresLog.parse(`2022-07-11 14:02:17 UTC ${'user='.repeat(50_000)} LOG:  x`);
  postgresLog.parse(`2022-07-11 14:02:17 UTC ${'LOG: '.repeat(50_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
