import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { haproxyCtld } from './haproxy-ctld.js';
import { haproxyLog } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';

const fixture = readFileSync(new URL('../../../test/fixtures/log/haproxy/haproxy_ctld.log', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

test('every sample parses', () => {
  for (const line of haproxyCtld.samples) assert.ok(haproxyCtld.parse(line), line);
});

test('seed 000: add-gear with its capacity and session metrics', () => {
  const p = haproxyCtld.parse(fixture[1])!;
  assert.deepEqual(p.ts, { year: 2014, month: 10, day: 13, hour: 7, minute: 14, second: 48, ms: 857 });
  assert.equal(p.level, 'info');
  assert.equal(p.pid, 74934);
  assert.equal(p.message, 'add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%');
  assert.deepEqual(p.fields, { action: 'add-gear', capacity: 143.75, gear_count: 1, sessions: 23, up_thresh: 90 });
  assert.equal(haproxyCtld.parse(fixture[0])!.level, 'debug');
  assert.equal(haproxyCtld.parse(fixture[2])!.level, 'error');
});

test('detect: the ctld file scores high; a plain Ruby Logger file without gear words scores lower; others 0', () => {
  assert.ok(haproxyCtld.detect(fixture, 'app-root/logs/haproxy_ctld.log') >= 0.9);
  const plainRuby = ['I, [2020-01-01T10:00:00.000000 #1]  INFO -- : Started GET "/" for 127.0.0.1'];
  assert.ok(haproxyCtld.detect(plainRuby, 'production.log') <= 0.5);
  for (const other of [haproxyLog, herokuLog]) assert.equal(haproxyCtld.detect(other.samples, 'x'), 0);
  assert.equal(haproxyCtld.parse('I, [garbage] INFO -- : x'), null);
});

test('property: never throws, linear', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      haproxyCtld.parse(s);
      haproxyCtld.parse(`I, [2014-10-13T07:14:48.857616 #1]  INFO -- : ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  haproxyCtld.parse(`I, [2014-10-13T07:14:48.857616 #1]  INFO -- : add-gear ${'a: 1 '.repeat(20_000)}`);
  haproxyCtld.parse(`I, [2014-10-13T07:14:48.857616 #1] ${' '.repeat(100_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
