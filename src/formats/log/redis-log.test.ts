import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { mysqlLog } from './mysql-log.js';
import { nodeLog } from './node-log.js';
import { redisLog } from './redis-log.js';
import { syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/redis/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses with a time', () => {
  for (const line of redisLog.samples) assert.ok(redisLog.parse(line)?.ts, line);
});

test('Redis ≥ 3 (seed 002 warnings): pid, role, year, ms, level char', () => {
  const p = redisLog.parse(redisLog.samples[0])!;
  assert.deepEqual(p.ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 19, second: 25, ms: 417 });
  assert.equal(p.pid, 1234);
  assert.equal(p.fields?.role, 'master');
  assert.equal(p.level, 'warning');
  assert.match(p.message, /^WARNING overcommit_memory is set to 0! Background save may fail/);
  assert.equal(redisLog.parse(redisLog.samples[3])!.level, 'notice');
  assert.equal(redisLog.parse(redisLog.samples[6])!.fields?.role, 'child');
  assert.equal(redisLog.parse(redisLog.samples[8])!.fields?.role, 'replica');
  assert.equal(redisLog.parse(redisLog.samples[9])!.fields?.role, 'sentinel');
  const fork = redisLog.parse(redisLog.samples[5])!;
  assert.equal(fork.message, "Can't save in background: fork: Cannot allocate memory");
});

test('Redis 2.x: no year, optional ms; banner art is continuation; signal handler epoch', () => {
  const lines = fixture('redis-2.8.log').map((l) => redisLog.parse(l)!);
  assert.deepEqual(lines[0].ts, { month: 3, day: 5, hour: 9, minute: 12, second: 40, ms: 101 });
  assert.equal(lines[0].pid, 1421);
  assert.equal(lines[2].continuation, true);
  assert.equal(lines[4].level, 'debug'); // '-' verbose
  assert.deepEqual(redisLog.parse(redisLog.samples[11])!.ts, { month: 3, day: 5, hour: 9, minute: 12, second: 44 });
  const sig = redisLog.parse(redisLog.samples[12])!;
  assert.deepEqual(sig.ts, { year: 2023, month: 8, day: 29, hour: 3, minute: 19, second: 42, offsetMinutes: 0 });
  assert.equal(sig.message, 'Received SIGTERM scheduling shutdown...');
});

test('detect: redis files high, others 0; garbage null', () => {
  assert.ok(redisLog.detect(fixture('redis-server.log'), '/var/log/redis/redis-server.log') >= 0.97);
  assert.ok(redisLog.detect(fixture('redis-2.8.log'), 'redis.log') >= 0.97);
  for (const other of [syslog, nodeLog, mysqlLog]) assert.equal(redisLog.detect(other.samples, 'x'), 0, other.id);
  for (const g of [
    '',
    '1234:Q 11 Jul 2022 14:19:25.417 # x',
    '1234:M 11 Foo 2022 14:19:25.417 # x',
    '[1] 11 Jul 14:19:25 ? x',
  ]) {
    assert.equal(redisLog.parse(g), null, g);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      redisLog.parse(s);
      redisLog.parse(`1:M 11 Jul 2022 14:19:25.417 ${s}`);
      redisLog.parse(`[1] ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  redisLog.parse(`1234:M 11 Jul 2022 14:19:25.417 # ${'x'.repeat(300_000)}`);
  redisLog.parse(`${'1'.repeat(300_000)}:M`);
  assert.ok(performance.now() - t0 < 1000);
});
