import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { detectLogFormat, LOG_FORMATS } from './registry.js';
import { newFacts, RECORD, resetFacts, UNSURE } from './scan-types.js';
import { uwsgiLog } from './uwsgi-log.js';

const REAL = new URL('../../../test/real-logs/uwsgi/', import.meta.url);
const realFile = (name: string) => readFileSync(new URL(name, REAL), 'utf8').split('\n');

test('every sample parses', () => {
  for (const line of uwsgiLog.samples) assert.ok(uwsgiLog.parse(line), line);
});

test('a request line: ctime, worker pid, method, path, status, bytes, duration in seconds', () => {
  const p = uwsgiLog.parse(uwsgiLog.samples[0])!;
  assert.deepEqual(p.ts, { year: 2013, month: 12, day: 15, hour: 19, minute: 5, second: 1 });
  assert.equal(p.pid, 97702);
  assert.deepEqual(p.request, {
    method: 'GET',
    path: '/...',
    status: 200,
    bytes: 914,
    duration: 0.037,
    client: '31.184.180.149',
  });
  // uwsgi-docs Caching Cookbook: a response from the cache (no app: -1), timed with log-micros.
  const micros = uwsgiLog.parse(
    '[pid: 26703|app: -1|req: -1/2] 192.168.173.14 () {24 vars in 327 bytes} [Wed Apr 17 09:24:52 2013] GET / => generated 12 bytes in 122 micros (HTTP/1.1 200) 2 headers in 64 bytes (0 switches on core 0)',
  )!;
  assert.equal(micros.ts?.day, 17);
  assert.equal(micros.fields?.appId, -1);
  assert.equal(micros.request?.status, 200);
  assert.equal(micros.request?.duration, 0.000122);
});

test('log-date prefix gives the time; master messages without it are untimed; tracebacks continue', () => {
  const dated = uwsgiLog.parse(
    'Mon Jul  3 03:55:13 2017 - DAMN ! worker 1 (pid: 17511) died, killed by signal 9 :( trying respawn ...',
  )!;
  assert.deepEqual(dated.ts, { year: 2017, month: 7, day: 3, hour: 3, minute: 55, second: 13 });
  assert.equal(dated.message, 'DAMN ! worker 1 (pid: 17511) died, killed by signal 9 :( trying respawn ...');
  const bare = uwsgiLog.parse('Respawned uWSGI worker 9 (new pid: 19013)')!;
  assert.equal(bare.ts, undefined);
  assert.equal(bare.program, 'uwsgi');
  assert.equal(uwsgiLog.parse('Traceback (most recent call last):')?.continuation, true);
  assert.equal(uwsgiLog.parse('    raise socket.error(SERVER_CLOSED_CONNECTION_ERROR)')?.continuation, true);
  for (const line of ['Application loaded!', '[2024-01-09 13:24:40 +0000] [7310] [INFO] Booting worker', '']) {
    assert.equal(uwsgiLog.parse(line), null, line);
  }
});

test('detect: every real uWSGI file is uwsgi-log, whatever its name; other formats keep their samples', () => {
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.log'))) {
    const lines = realFile(name);
    assert.equal(detectLogFormat(lines, `/var/log/uwsgi/app/${name}`)?.format.id, 'uwsgi-log', name);
    assert.equal(detectLogFormat(lines, 'web-out.log')?.format.id, 'uwsgi-log', name);
  }
  for (const other of LOG_FORMATS.filter((f) => f.id !== 'uwsgi-log')) {
    assert.equal(uwsgiLog.detect(other.samples, 'x.log'), 0, other.id);
  }
  assert.deepEqual(uwsgiLog.behaviour.process('/var/log/uwsgi/app/shop.log'), { source: 'uwsgi', app: 'shop' });
});

test('signatures: harakiri, listen queue full, worker deaths, the banner', () => {
  const m = createMatcher(SIGNATURES);
  const cases: [string, string][] = [
    ['Mon Jan 15 01:14:45 2018 - *** HARAKIRI ON WORKER 1 (pid: 53, try: 1) ***', 'uwsgi-harakiri'],
    [' *** uWSGI listen queue of socket ":6000" (fd: 6) full !!! (1025/1024)', 'uwsgi-listen-queue-full'],
    ['DAMN ! worker 10 (pid: 18950) died, killed by signal 9 :( trying respawn ...', 'uwsgi-worker-killed-sigkill'],
    ['DAMN ! worker 1 (pid: 99) MISTERIOUSLY died :( trying respawn ...', 'uwsgi-worker-died'],
    ['*** Starting uWSGI 2.0.18 (64bit) on [Thu May  2 15:08:12 2019] ***', 'uwsgi-starting'],
  ];
  for (const [line, id] of cases) assert.equal(m.match('uwsgi-log', line)?.signature.id, id, line);
  const h = m.match('uwsgi-log', cases[0][0])!;
  assert.equal(h.groups.worker, '1');
  assert.equal(h.groups.workerPid, '53');
  assert.equal(m.match('uwsgi-log', 'Respawned uWSGI worker 9 (new pid: 19013)'), null);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      uwsgiLog.parse(s);
      uwsgiLog.parse(`[pid: 1|app: 0|req: 1/1] ${s}`);
      uwsgiLog.parse(`Mon Jul  3 03:55:12 2017 - ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  uwsgiLog.parse(
    `[pid: 1|app: 0|req: 1/1] 1.2.3.4 () {1 vars in 2 bytes} [Mon Jul  3 03:55:12 2017] GET ${'/x'.repeat(100_000)}`,
  );
  uwsgiLog.parse(`added ${'x'.repeat(300_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});

/** The facts the read path takes from parse() (read/piece.ts factsOf), with the request's method and path. */
function fromParse(line: string) {
  const p = uwsgiLog.parse(line);
  if (!p || p.continuation || !p.ts) return null;
  const t = p.ts;
  return {
    time: [t.year, t.month, t.day, t.hour, t.minute, t.second, t.ms ?? 0],
    offset: t.offsetMinutes ?? Number.NaN,
    level: -1,
    status: p.request?.status ?? -1,
    duration: p.request?.duration ?? Number.NaN,
    method: p.request?.method ?? '',
    path: p.request?.path ?? '',
  };
}

function fromScan(line: string) {
  const buf = Buffer.from(line, 'utf8');
  const f = newFacts();
  resetFacts(f);
  const verdict = uwsgiLog.behaviour.scan!(buf, 0, buf.length, f);
  if (verdict === UNSURE) return undefined;
  assert.equal(verdict, RECORD, line);
  return {
    time: [f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms],
    offset: f.offset,
    level: f.level,
    status: f.status,
    duration: f.duration,
    method: buf.toString('utf8', f.methodStart, f.methodEnd),
    path: buf.toString('utf8', f.pathStart, f.pathEnd),
  };
}

test('the request scanner agrees with parse on every line it answers (real lines and damaged ones)', () => {
  const requests = [
    ...uwsgiLog.samples,
    ...readdirSync(REAL)
      .filter((f) => f.endsWith('.log'))
      .flatMap(realFile),
    '[pid: 26703|app: -1|req: -1/2] 192.168.173.14 () {24 vars in 327 bytes} [Wed Apr 17 09:24:52 2013] GET / => generated 12 bytes in 122 micros (HTTP/1.1 200) 2 headers in 64 bytes (0 switches on core 0)',
  ].filter((l) => l.startsWith('[pid: '));
  let answered = 0;
  for (const line of requests) {
    const s = fromScan(line);
    if (s === undefined) continue;
    answered++;
    assert.deepEqual(s, fromParse(line), line);
  }
  assert.equal(answered, requests.length);
  fc.assert(
    fc.property(
      fc.constantFrom(...requests),
      fc.nat(220),
      fc.constantFrom('', ' ', ')', '(', ']', '[', '|', '9', '-', 'x', '/', '\r', 'é', 'Z'),
      (line, at, ch) => {
        const damaged = line.slice(0, at) + ch + line.slice(at + 1);
        const s = fromScan(damaged);
        if (s !== undefined) assert.deepEqual(s, fromParse(damaged), damaged);
      },
    ),
    { numRuns: 8000 },
  );
});
