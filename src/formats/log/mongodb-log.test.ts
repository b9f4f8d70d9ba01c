import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
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
  // github.com/bitnami/bitnami-docker-mongodb/issues/261 (the compose prefix removed): attr.error.errmsg kept
  const e = mongodbLog.parse(
    '{"t":{"$date":"2021-04-23T01:37:25.327+00:00"},"s":"I",  "c":"REPL_HB",  "id":23974,   "ctx":"ReplCoord-1","msg":"Heartbeat failed after max retries","attr":{"target":"mongodb-arbiter:27017","maxHeartbeatRetries":2,"error":{"code":6,"codeName":"HostUnreachable","errmsg":"Error connecting to mongodb-arbiter:27017 (172.24.0.4:27017) :: caused by :: Connection refused"}}}',
  )!;
  assert.equal(
    e.fields?.error,
    'Error connecting to mongodb-arbiter:27017 (172.24.0.4:27017) :: caused by :: Connection refused',
  );
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
  assert.deepEqual(v22.ts, { month: 8, day: 5, hour: 20, minute: 21, second: 42, weekday: 1 });
});

test('4.2 pads the severity to two characters (github.com/bitnami/bitnami-docker-mongodb/issues/141)', () => {
  const p = mongodbLog.parse(
    '2019-10-10T14:48:44.329+0000 W  NETWORK  [listener] Error accepting new connection SocketException: remote_endpoint: Transport endpoint is not connected',
  )!;
  assert.equal(p.level, 'warning');
  assert.deepEqual(p.fields, { component: 'NETWORK', ctx: 'listener' });
});

test('the signatures of MongoDB lines match them as the read path parses them', () => {
  const matcher = createMatcher(SIGNATURES);
  const cases: Array<[string, string]> = [
    [
      '2020-04-20T11:01:42.685+0200 I NETWORK  [listener] Error accepting new connection on 127.0.0.1:27017: Too many open files',
      'mongodb-too-many-open-files',
    ],
    [
      '2019-04-04T10:56:08.673+0000 I ASIO     [Replication] Failed to connect to db:27017 - HostUnreachable: Error connecting to db:27017 (10.190.36.15:27017) :: caused by :: Connection refused',
      'mongodb-connection-refused',
    ],
  ];
  for (const [line, id] of cases) {
    assert.ok(mongodbLog.parse(line)?.ts, line);
    assert.equal(matcher.match('mongodb-log', line)?.signature.id, id);
  }
  assert.equal(matcher.match('mongodb-log', mongodbLog.samples[0]), null);
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
