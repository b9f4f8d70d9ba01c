import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { mysqlLog } from './mysql-log.js';
import { nodeLog } from './node-log.js';
import { pm2Log } from './pm2-log.js';
import { postgresLog } from './postgres-log.js';
import { syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/mysql/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses with a time', () => {
  for (const line of mysqlLog.samples) assert.ok(mysqlLog.parse(line)?.ts, line);
});

test('MySQL 8: UTC stamp, thread, level, error code, subsystem', () => {
  const p = mysqlLog.parse(mysqlLog.samples[0])!;
  assert.deepEqual(p.ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 2, second: 17, ms: 123, offsetMinutes: 0 });
  assert.equal(p.level, 'warning');
  assert.deepEqual(p.fields, { thread: 123, errorCode: 'MY-010055', subsystem: 'Server' });
  assert.equal(p.message, "IP address '10.0.0.5' could not be resolved: Name or service not known");
  assert.equal(mysqlLog.parse(mysqlLog.samples[3])!.ts?.offsetMinutes, 120);
  assert.equal(mysqlLog.parse(mysqlLog.samples[3])!.level, 'error');
  assert.equal(mysqlLog.parse(mysqlLog.samples[2])!.level, 'info'); // [System]
  const v57 = mysqlLog.parse(mysqlLog.samples[4])!;
  assert.deepEqual(v57.fields, { thread: 4312 });
  assert.match(v57.message, /^Aborted connection 4312 to db: 'app'/);
});

test('MariaDB 10.x: local time without offset; version line continues the ready record', () => {
  const lines = fixture('mariadb.err').map((l) => mysqlLog.parse(l)!);
  assert.deepEqual(lines[0].ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 2, second: 16 });
  assert.equal(lines[0].message, 'InnoDB: Buffer pool(s) load completed at 220711 14:02:16');
  assert.equal(lines[1].message, '/usr/sbin/mysqld: ready for connections.');
  assert.equal(lines[2].continuation, true);
  assert.equal(lines[3].fields?.thread, 123);
  assert.equal(lines[3].level, 'warning');
  assert.equal(lines[4].message, 'Too many connections');
});

test('MySQL ≤ 5.5: YYMMDD stamps, padded hour, level-less InnoDB, mysqld_safe', () => {
  const lines = fixture('mysqld-5.5.log').map((l) => mysqlLog.parse(l)!);
  assert.equal(lines[0].program, 'mysqld_safe');
  assert.deepEqual(lines[0].ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 2, second: 16 });
  assert.equal(lines[2].ts?.hour, 9);
  assert.equal(lines[2].level, undefined);
  assert.equal(lines[2].message, 'InnoDB: Completed initialization of buffer pool');
  assert.equal(lines[4].level, 'error');
});

test('detect: server logs high; client errors in app logs and other formats are not MySQL', () => {
  for (const name of ['error.log', 'mariadb.err', 'mysqld-5.5.log']) {
    assert.ok(mysqlLog.detect(fixture(name), `/var/log/mysql/${name}`) >= 0.97, name);
  }
  for (const other of [syslog, nodeLog, pm2Log, postgresLog])
    assert.ok(mysqlLog.detect(other.samples, 'x') < 0.2, other.id);
  for (const g of [
    '',
    'Error: ER_CON_COUNT_ERROR: Too many connections',
    'Error: Lost connection to MySQL server during query',
    '2022-07-11 14:02:17 +00:00: GET /',
    '2022-07-11T14:02:17.123Z error: boom',
    '221399 14:02:17 [Note] x',
  ]) {
    assert.equal(mysqlLog.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      mysqlLog.parse(s);
      mysqlLog.parse(`2022-07-11T14:02:17.123456Z 1 ${s}`);
      mysqlLog.parse(`220711 14:02:17 ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  mysqlLog.parse(`2022-07-11 14:02:17 ${'1 '.repeat(100_000)}x`);
  mysqlLog.parse(`220711 14:02:17 ${' '.repeat(200_000)}x`);
  assert.ok(performance.now() - t0 < 1000);
});
