import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { monolog } from './monolog.js';
import { LOG_FORMATS } from './registry.js';

const realLog = (name: string) =>
  readFileSync(new URL(`../../../test/real-logs/monolog/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('Laravel ≥ 5.6: channel, level, exception class and code from the context; trace continues', () => {
  const [head, ...rest] = realLog('speedtest-tracker-1065-laravel10.log').map((l) => monolog.parse(l)!);
  assert.deepEqual(head.ts, { year: 2024, month: 2, day: 4, hour: 19, minute: 22, second: 11 });
  assert.equal(head.level, 'error');
  assert.equal(head.program, 'production');
  assert.deepEqual(head.fields, {
    channel: 'production',
    exception: 'Illuminate\\\\Database\\\\QueryException',
    code: '2002',
  });
  assert.match(head.message, /^SQLSTATE\[HY000\] \[2002\] Connection refused/);
  assert.ok(rest.every((l) => l.continuation === true));
});

test('Laravel 5.0: PHP exception text and `Stack trace:`; Monolog 2 ISO stamp with zone', () => {
  const [head, trace] = realLog('bonemeal-79-laravel5.log').map((l) => monolog.parse(l)!);
  assert.equal(head.fields?.exception, 'PDOException');
  assert.equal(trace.continuation, true);
  const iso = monolog.parse('[2024-03-05T10:12:01.123456+01:00] request.CRITICAL: Uncaught PHP Exception')!;
  assert.deepEqual(iso.ts, {
    year: 2024,
    month: 3,
    day: 5,
    hour: 10,
    minute: 12,
    second: 1,
    ms: 123,
    offsetMinutes: 60,
  });
  assert.equal(iso.level, 'critical');
});

test('not claimed: php-fpm, Apache, a level Monolog does not have, plain text', () => {
  for (const line of [
    '[20-Oct-2022 15:31:40] NOTICE: fpm is running, pid 1',
    '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
    '[2024-02-04 19:22:11] production.FATAL: x',
    'plain text',
  ])
    assert.equal(monolog.parse(line), null, line);
});

test('detect: its real files ≥ 0.9, a trace without a record 0, other formats below 0.5', () => {
  for (const f of [
    'speedtest-tracker-1065-laravel10.log',
    'bmlt-server-1425-laravel11.log',
    'bonemeal-79-laravel5.log',
  ])
    assert.ok(monolog.detect(realLog(f), f) >= 0.9, f);
  assert.equal(monolog.detect(realLog('bonemeal-79-laravel5.log').slice(1), 'x.log'), 0);
  for (const other of LOG_FORMATS) {
    if (other.id === 'monolog') continue;
    assert.ok(monolog.detect(other.samples, 'x.log') < 0.5, other.id);
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      monolog.parse(s);
      monolog.parse(`[2024-02-04 19:22:11] production.ERROR: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  monolog.parse(`[2024-02-04 19:22:11] production.ERROR: {"exception":"[object] (${'A\\'.repeat(100_000)}`);
  monolog.parse(`[${'1'.repeat(300_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
