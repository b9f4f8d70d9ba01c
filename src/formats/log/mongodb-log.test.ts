import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonLog } from './json-log.js';
import { mongodbLog } from './mongodb-log.js';
import { detectLogFormat } from './registry.js';

const dir = new URL('../../../test/real-logs/mongodb/', import.meta.url);
const real = (name: string) =>
  readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
const json = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/json/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses with a time', () => {
  for (const line of mongodbLog.samples) assert.ok(mongodbLog.parse(line)?.ts, line);
});

test('4.4+ JSON: $date, severity, component, id, ctx, msg; durationMillis of a slow query', () => {
  const p = mongodbLog.parse(mongodbLog.samples[0])!;
  assert.deepEqual(p.ts, { year: 2026, month: 3, day: 10, hour: 20, minute: 58, second: 9, ms: 401, offsetMinutes: 0 });
  assert.equal(p.level, 'info');
  assert.equal(p.message, 'Connection accepted');
  assert.deepEqual(p.fields, { component: 'NETWORK', id: 22943, ctx: 'listener' });
  assert.equal(mongodbLog.parse(mongodbLog.samples[1])!.fields?.durationMillis, 120);
  assert.equal(mongodbLog.parse(mongodbLog.samples[2])!.level, 'warning');
  const e = mongodbLog.parse(
    '{"t":{"$date":"2020-11-17T07:16:35.452+00:00"},"s":"E","c":"NETWORK","id":23021,"ctx":"listener","msg":"Error accepting new connection on local endpoint","attr":{"localEndpoint":"0.0.0.0:27017","error":"Too many open files"}}',
  )!;
  assert.equal(e.level, 'error');
  assert.equal(e.fields?.error, 'Too many open files');
});

test('3.x text: offset, severity letter, component (`-` none), context; 2.6 without them; 2.2 ctime', () => {
  const p = mongodbLog.parse(mongodbLog.samples[3])!;
  assert.equal(p.ts?.offsetMinutes, 330);
  assert.equal(p.fields?.component, 'CONTROL');
  assert.equal(p.fields?.ctx, 'initandlisten');
  assert.deepEqual(mongodbLog.parse(mongodbLog.samples[4])!.fields, { ctx: 'conn1' });
  const v26 = real('mongod-2.6.log').map((l) => mongodbLog.parse(l)!);
  assert.equal(v26[1].message, 'shardObjTest passed');
  assert.equal(v26[1].fields, undefined);
  const v22 = mongodbLog.parse(mongodbLog.samples[6])!;
  assert.deepEqual(v22.ts, { month: 8, day: 5, hour: 20, minute: 21, second: 42 });
});

test('detect: every real file is mongodb-log; pino, bunyan and winston stay json-log', () => {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.log')))
    assert.equal(detectLogFormat(real(f), f)?.format.id, 'mongodb-log', f);
  for (const f of ['pino.log', 'bunyan.log', 'winston.log']) {
    assert.equal(mongodbLog.detect(json(f), f), 0, f);
    assert.equal(detectLogFormat(json(f), f)?.format.id, 'json-log', f);
  }
  assert.equal(mongodbLog.detect(jsonLog.samples, 'x.log'), 0);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      mongodbLog.parse(s);
      mongodbLog.parse(`{"t":${s}`);
      mongodbLog.parse(`2017-10-09T12:44:35.031+0530 I CONTROL  ${s}`);
      mongodbLog.parse(`Mon Aug  5 20:21:42 ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  mongodbLog.parse(`2017-10-09T12:44:35.031+0530 I CONTROL  [${'a'.repeat(100_000)}`);
  mongodbLog.parse(`2017-10-09T12:44:35.031+0530 I ${'A'.repeat(100_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
