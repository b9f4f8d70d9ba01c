import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonLog, MAX_JSON_LINE } from './json-log.js';
import { nodeLog } from './node-log.js';
import { pm2Log } from './pm2-log.js';
import { syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/json/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of jsonLog.samples) assert.ok(jsonLog.parse(line), line);
});

test('pino: epoch ms as UTC, numeric levels, pino-http request fields', () => {
  const lines = fixture('pino.log').map((l) => jsonLog.parse(l)!);
  assert.deepEqual(lines[0].ts, {
    year: 2022,
    month: 7,
    day: 11,
    hour: 14,
    minute: 2,
    second: 17,
    ms: 123,
    offsetMinutes: 0,
  });
  assert.equal(lines[0].level, 'info');
  assert.equal(lines[0].pid, 2412);
  assert.equal(lines[0].message, 'request completed');
  assert.deepEqual(lines[0].request, {
    method: 'GET',
    path: '/v1/me/tenant',
    status: 200,
    duration: 0.012,
    client: '::ffff:127.0.0.1',
  });
  assert.equal(lines[0].fields?.hostname, 'ip-172-31-1-2');
  assert.equal(lines[2].level, 'error');
  assert.equal(lines[2].fields?.errorName, 'RangeError');
  assert.equal(lines[2].fields?.errorMessage, undefined); // already the message
  assert.equal(lines[3].level, 'critical');
});

test('bunyan, winston, PM2 json and Docker json-file', () => {
  const bunyan = jsonLog.parse(fixture('bunyan.log')[1])!;
  assert.equal(bunyan.program, 'api');
  assert.equal(bunyan.level, 'error');
  assert.deepEqual(bunyan.ts, {
    year: 2022,
    month: 7,
    day: 11,
    hour: 15,
    minute: 2,
    second: 17,
    ms: 123,
    offsetMinutes: 0,
  });
  const winston = fixture('winston.log').map((l) => jsonLog.parse(l)!);
  assert.deepEqual(winston[0].request, {
    method: 'GET',
    path: '/v1/inventory/get?id=12493',
    status: 502,
    duration: 30.012,
  });
  assert.equal(winston[1].level, 'error');
  assert.equal(winston[1].message, 'connect ECONNREFUSED 127.0.0.1:6379');
  assert.equal(winston[2].level, 'warning');
  const pm2 = jsonLog.parse(jsonLog.samples[5])!;
  assert.equal(pm2.program, 'api');
  assert.deepEqual(pm2.fields, { instance: 0, stream: 'out' });
  assert.equal(pm2.ts?.offsetMinutes, undefined); // PM2 formats local time without zone
  const docker = jsonLog.parse(jsonLog.samples[6])!;
  assert.equal(docker.message, 'Error: socket hang up');
  assert.equal(docker.fields?.stream, 'stderr');
  assert.equal(docker.ts?.ms, 123);
});

test('nothing but known keys is kept (no secrets carried over)', () => {
  const p = jsonLog.parse(
    '{"level":"info","message":"login","timestamp":"2022-07-11T14:02:17Z","password":"hunter2","headers":{"authorization":"Bearer abc"}}',
  )!;
  assert.doesNotMatch(JSON.stringify(p), /hunter2|Bearer/);
});

test('detect: JSON lines high, others 0; non-log JSON and garbage null', () => {
  for (const name of ['pino.log', 'bunyan.log', 'winston.log']) assert.ok(jsonLog.detect(fixture(name), name) >= 0.98);
  for (const other of [syslog, nodeLog, pm2Log]) assert.equal(jsonLog.detect(other.samples, 'x'), 0, other.id);
  for (const g of [
    '',
    '{',
    '{"a":1}',
    '[1,2]',
    '{"msg": "unterminated"',
    'null',
    `{"msg":"${'x'.repeat(MAX_JSON_LINE)}"}`,
  ]) {
    assert.equal(jsonLog.parse(g), null, g.slice(0, 40));
  }
});

test('property: never throws on arbitrary strings or arbitrary JSON values', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      jsonLog.parse(s);
      jsonLog.parse(`{${s}}`);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      jsonLog.parse(JSON.stringify(v));
      jsonLog.parse(JSON.stringify({ level: v, time: v, msg: v, req: v, res: v, meta: v, err: v }));
    }),
    { numRuns: 1000 },
  );
});
