import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonLog } from './json-log.js';
import { mysqlLog } from './mysql-log.js';
import { nodeLog } from './node-log.js';
import { postgresLog } from './postgres-log.js';
import { redisLog } from './redis-log.js';
import { syslog } from './syslog.js';

const lines = readFileSync(new URL('../../../test/fixtures/log/node/app-stderr.log', import.meta.url), 'utf8').split(
  '\n',
);

test('every sample parses', () => {
  for (const line of nodeLog.samples) assert.ok(nodeLog.parse(line), line);
});

test('records and continuations: frames, inspected properties, GC trace, source excerpt, version footer', () => {
  const parsed = lines.map((l) => nodeLog.parse(l));
  // Record starts (non-continuation, non-blank), in order.
  const starts = parsed.flatMap((p, i) => (p && !p.continuation ? [lines[i]] : []));
  assert.deepEqual(starts, [
    '(node:23512) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 error listeners added to [Socket]. Use emitter.setMaxListeners() to increase limit',
    'Error: read ECONNRESET',
    "Error: EMFILE: too many open files, open '/srv/app/uploads/tmp-1657548137123'",
    'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
    '<--- Last few GCs --->',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    '/srv/app/server.js:42',
    'Error: listen EADDRINUSE: address already in use :::3000',
  ]);
  // Blank lines are not records.
  assert.equal(nodeLog.parse(''), null);
  assert.equal(nodeLog.parse('   '), null);
  const gc = nodeLog.parse(lines.find((l) => l.startsWith('[23512:'))!)!;
  assert.equal(gc.continuation, true);
  assert.equal(gc.pid, 23512);
});

test('fields: process warnings, error names, errno', () => {
  const warning = nodeLog.parse(lines[0])!;
  assert.equal(warning.pid, 23512);
  assert.equal(warning.level, 'warning');
  assert.equal(warning.fields?.warning, 'MaxListenersExceededWarning');
  assert.equal(warning.message, lines[0]);
  const dep = nodeLog.parse(nodeLog.samples[7])!;
  assert.equal(dep.fields?.warning, 'DeprecationWarning');
  assert.equal(dep.fields?.code, 'DEP0005');
  const unhandled = nodeLog.parse(nodeLog.samples[5])!;
  assert.equal(unhandled.fields?.warning, 'UnhandledPromiseRejectionWarning');
  assert.deepEqual(nodeLog.parse('Error: read ECONNRESET')!.fields, { errorName: 'Error', errno: 'ECONNRESET' });
  assert.equal(nodeLog.parse(lines[8])!.fields?.errno, 'EMFILE');
  assert.deepEqual(nodeLog.parse('RangeError: Invalid string length')!.fields, { errorName: 'RangeError' });
  assert.equal(nodeLog.parse('RangeError: Invalid string length')!.level, undefined);
  assert.equal(nodeLog.parse('Error: socket hang up')!.fields?.errno, undefined);
  const headers = nodeLog.parse('Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client')!;
  assert.equal(headers.fields?.code, 'ERR_HTTP_HEADERS_SENT');
  assert.equal(
    nodeLog.parse('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')!.level,
    'critical',
  );
  assert.equal(nodeLog.parse('Error: connect ECONNREFUSED 127.0.0.1:6379')!.fields?.errno, 'ECONNREFUSED');
});

test('logger prefixes give a time and a level; plain lines have none', () => {
  const iso = nodeLog.parse(nodeLog.samples[21])!;
  assert.deepEqual(iso.ts, {
    year: 2022,
    month: 7,
    day: 11,
    hour: 14,
    minute: 2,
    second: 17,
    ms: 123,
    offsetMinutes: 0,
  });
  assert.equal(iso.level, 'error');
  assert.equal(iso.message, 'Unhandled error in GET /v1/inventory/get');
  const bracket = nodeLog.parse(nodeLog.samples[22])!;
  assert.deepEqual(bracket.ts, { year: 2022, month: 7, day: 11, hour: 14, minute: 2, second: 17 });
  assert.equal(bracket.level, 'warning');
  assert.equal(bracket.message, 'slow query on inventories (2312 ms)');
  const plain = nodeLog.parse('>>>> Server started…')!;
  assert.equal(plain.ts, undefined);
  assert.equal(plain.message, '>>>> Server started…');
});

test('detect: stack-trace files score high; other formats and plain text score 0', () => {
  assert.ok(nodeLog.detect(lines, '/srv/app/logs/app-stderr.log') >= 0.85);
  for (const other of [syslog, jsonLog, redisLog, mysqlLog, postgresLog]) {
    assert.equal(nodeLog.detect(other.samples, 'x.log'), 0, other.id);
  }
  assert.equal(nodeLog.detect(['GET /v1/me/tenant', 'GET /v1/location', 'listening on 3000'], 'out.txt'), 0);
  // Java frames are tab-indented; they must not count as Node.
  assert.equal(
    nodeLog.detect(['\tat org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:197)'], 'x'),
    0,
  );
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      nodeLog.parse(s);
      nodeLog.parse(`(node:1) ${s}`);
      nodeLog.parse(`Error: ${s}`);
      nodeLog.parse(`[2022-07-11 14:02:17${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  nodeLog.parse(`(node:1) ${'Warning'.repeat(30_000)}`);
  nodeLog.parse(`${'A'.repeat(100_000)}Error: x`);
  nodeLog.parse(`}${']'.repeat(100_000)}x`);
  nodeLog.parse(`Error: ${'e'.repeat(100_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
