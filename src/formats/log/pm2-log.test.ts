import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonLog } from './json-log.js';
import { pm2Log } from './pm2-log.js';
import { redisLog } from './redis-log.js';
import { detectLogFormat } from './registry.js';
import { syslog } from './syslog.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/log/pm2/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

test('every sample parses', () => {
  for (const line of pm2Log.samples) assert.ok(pm2Log.parse(line), line);
});

test('out log without log_date_format (seed 002): the text, no time', () => {
  const lines = fixture('ob_api_server_out.log').map((l) => pm2Log.parse(l)!);
  assert.equal(lines[0].message, 'GET /v1/me/tenant');
  assert.equal(lines[0].ts, undefined);
  assert.equal(lines[5].message, '>>>> Server started…');
  assert.ok(lines.every((l) => !l.continuation && l.ts === undefined));
});

test('err log: Node stack frames are continuations of the rejection', () => {
  const lines = fixture('ob_api_server_error.log').map((l) => pm2Log.parse(l)!);
  assert.equal(lines[0].continuation, undefined);
  assert.equal(lines[1].fields?.errorName, 'RangeError');
  assert.ok(lines.slice(2, 11).every((l) => l.continuation === true));
  assert.equal(lines[11].continuation, undefined);
});

test('time prefixes of log_date_format', () => {
  assert.deepEqual(pm2Log.parse('2022-07-11T14:02:17: GET /v1/me/tenant'), {
    ts: { year: 2022, month: 7, day: 11, hour: 14, minute: 2, second: 17 },
    message: 'GET /v1/me/tenant',
  });
  const zoned = pm2Log.parse('2022-07-11 09:02:19 -05:00: GET /v1/inventory/get/?id=12493')!;
  assert.equal(zoned.ts?.offsetMinutes, -300);
  assert.equal(zoned.message, 'GET /v1/inventory/get/?id=12493');
  const iso = pm2Log.parse(pm2Log.samples[4])!;
  assert.equal(iso.ts?.ms, 123);
  assert.equal(iso.ts?.offsetMinutes, 0);
  const noSeconds = pm2Log.parse('2022-07-11 14:02 +00:00: GET /')!;
  assert.equal(noSeconds.ts?.minute, 2);
  assert.equal(noSeconds.message, 'GET /');
  // A stamp not followed by ": " is the app's own text.
  assert.equal(pm2Log.parse('2022-07-11 14:02:17 something')!.ts, undefined);
});

test('pm2.log daemon events: start, online, exit, memory restart, errored', () => {
  const lines = fixture('pm2.log').map((l) => pm2Log.parse(l)!);
  assert.ok(lines.every((l) => l.program === 'PM2' && l.ts?.year === 2022));
  assert.deepEqual(lines[1].fields, { app: 'api', instance: 0, pm2Event: 'start', execMode: 'cluster' });
  assert.deepEqual(lines[3].fields, { app: 'api', instance: 0, pm2Event: 'online' });
  assert.deepEqual(lines[5].fields, {
    pm2Event: 'memory-restart',
    instance: 0,
    memoryBytes: 215478272,
    memoryLimitBytes: 209715200,
  });
  assert.deepEqual(lines[6].fields, { app: 'api', instance: 0, pm2Event: 'exit', exitCode: 0, signal: 'SIGINT' });
  assert.equal(lines[6].message, 'App [api:0] exited with code [0] via signal [SIGINT]');
  assert.equal(lines[6].level, 'info');
  assert.equal(lines[10].level, 'error');
  assert.equal(lines[10].message, 'Error: spawn ENOMEM');
  assert.deepEqual(lines[11].fields, {
    pm2Event: 'errored',
    script: '/var/lib/jenkins/workspace/dev_backend/build/server.js',
    restarts: 16,
  });
});

test('`pm2 logs` stream: app name and instance, PM2 lines', () => {
  const lines = fixture('pm2-logs-stream.txt').map((l) => pm2Log.parse(l)!);
  assert.deepEqual(lines[0].fields, { app: 'api', instance: 0 });
  assert.equal(lines[0].message, 'GET /v1/orders/order/get');
  assert.equal(lines[2].fields?.errno, 'ECONNRESET');
  assert.equal(lines[2].fields?.app, 'api');
  assert.equal(lines[3].continuation, true);
  assert.equal(lines[4].program, 'PM2');
  assert.equal(lines[4].fields?.pm2Event, 'exit');
  assert.equal(lines[4].fields?.exitCode, 1);
});

test('detect: PM2 files by their prefixes; unprefixed output is not PM2’s by its name; blank is null', () => {
  assert.equal(pm2Log.detect(fixture('pm2.log'), ''), 1);
  assert.equal(pm2Log.detect(fixture('api-out.log'), ''), 1);
  assert.equal(pm2Log.detect(fixture('pm2-logs-stream.txt'), ''), 1);
  // Node's own output without PM2's prefixes: node-log by content; PM2's name breaks the tie.
  const err = fixture('ob_api_server_error.log');
  assert.equal(pm2Log.detect(err, ''), 0);
  const atPm2 = detectLogFormat(err, '/var/lib/jenkins/workspace/dev_backend/logs/ob_api_server_error.log');
  assert.equal(atPm2?.format.id, 'pm2-log');
  assert.equal(atPm2?.byName, 'tie');
  assert.equal(detectLogFormat(err, '/srv/notes.txt')?.format.id, 'node-log');
  // Untimed text nobody claims is no format by its content, even in PM2's folder: PM2's daemon log says which
  // files are its output (the survey's outputPlaces, below).
  const out = fixture('ob_api_server_out.log');
  assert.equal(detectLogFormat(out, '/root/.pm2/logs/api-out-0.log'), null);
  assert.equal(detectLogFormat(out, 'notes.txt'), null);
  // An app's own `toISOString()` stamp is not PM2's prefix (VMware, Windows Defender and any logger write it): a
  // lab app's error log is generic-log by content, PM2's only where PM2 writes it.
  const stamped = readFileSync(
    new URL('../../../test/corpus/connection-limit/home/app/.pm2/logs/orders-error.log', import.meta.url),
    'utf8',
  ).split('\n');
  assert.equal(pm2Log.detect(stamped, ''), 0);
  assert.equal(detectLogFormat(stamped, '/srv/vm/vmware.log')?.format.id, 'generic-log');
  assert.equal(detectLogFormat(stamped, '/home/app/.pm2/logs/orders-error.log')?.byName, 'tie');
  for (const other of [syslog, jsonLog, redisLog]) assert.ok(pm2Log.detect(other.samples, 'x.log') < 0.2, other.id);
  assert.equal(pm2Log.parse(''), null);
});

test('outputPlaces: the log folder and the apps the daemon log names (lab capture of memory-exhaustion)', () => {
  const daemon = readFileSync(
    new URL('../../../test/corpus/memory-exhaustion/home/app/.pm2/pm2.log', import.meta.url),
    'utf8',
  ).split('\n');
  const places = pm2Log.behaviour.outputPlaces?.(daemon, 'bundle/home/app/.pm2/pm2.log');
  assert.deepEqual(places?.dirs.sort(), ['/home/app/.pm2/logs', 'bundle/home/app/.pm2/logs']);
  assert.deepEqual(places?.apps.sort(), ['api', 'worker']);
  // An app's own output names no log folder: no places.
  assert.equal(pm2Log.behaviour.outputPlaces?.(fixture('api-out.log'), 'api-out.log'), undefined);
  // `pm2 --no-daemon` prints no banner: apps without a folder are no places either.
  assert.equal(pm2Log.behaviour.outputPlaces?.(fixture('pm2.log'), 'pm2.log'), undefined);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      pm2Log.parse(s);
      pm2Log.parse(`2022-07-11T14:02:17: PM2 log: ${s}`);
      pm2Log.parse(`2022-07-11T14:02:17: PM2 log: App [${s}`);
      pm2Log.parse(`0|${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  pm2Log.parse(`PM2 log: App [${':0] '.repeat(30_000)}`);
  pm2Log.parse(`0|${'| '.repeat(50_000)}`);
  pm2Log.parse(`PM2 log: Script ${'x had too many unstable restarts (1). '.repeat(3_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
