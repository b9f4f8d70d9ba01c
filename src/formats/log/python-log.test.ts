import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { pythonLog, pythonProcess } from './python-log.js';
import { detectLogFormat, LOG_FORMATS } from './registry.js';
import { newFacts, RECORD, resetFacts, UNSURE } from './scan-types.js';

const REAL = new URL('../../../test/real-logs/python/', import.meta.url);
const realFile = (name: string) => readFileSync(new URL(name, REAL), 'utf8').split('\n');

test('every sample parses', () => {
  for (const line of pythonLog.samples) assert.ok(pythonLog.parse(line), line);
});

test('gunicorn: stated offset, arbiter pid, bracketed level; gunicorn 0.17 without a zone', () => {
  const p = pythonLog.parse('[2024-01-09 13:24:39 +0000] [1637] [CRITICAL] WORKER TIMEOUT (pid:7214)')!;
  assert.deepEqual(p.ts, { year: 2024, month: 1, day: 9, hour: 13, minute: 24, second: 39, offsetMinutes: 0 });
  assert.equal(p.program, 'gunicorn');
  assert.equal(p.pid, 1637);
  assert.equal(p.level, 'critical');
  assert.equal(p.message, 'WORKER TIMEOUT (pid:7214)');
  const cet = pythonLog.parse('[2024-07-05 09:13:44 +0200] [3129704] [ERROR] Worker (pid:3129714) exited with code 1')!;
  assert.equal(cet.ts?.offsetMinutes, 120);
  const old = pythonLog.parse('2013-06-06 22:24:29 [26219] [CRITICAL] WORKER TIMEOUT (pid:8602)')!;
  assert.deepEqual(old.ts, { year: 2013, month: 6, day: 6, hour: 22, minute: 24, second: 29 });
  assert.equal(old.program, 'gunicorn');
  assert.equal(old.pid, 26219);
});

test('Celery: level and process name; a traceback continues the record', () => {
  const lines = realFile('celery-broker-lost.log').filter((l) => l.trim());
  const first = pythonLog.parse(lines[0])!;
  assert.deepEqual(first.ts, { year: 2017, month: 1, day: 13, hour: 15, minute: 51, second: 7, ms: 161 });
  assert.equal(first.level, 'warning');
  assert.equal(first.fields?.process, 'MainProcess');
  for (const l of lines.slice(1)) assert.equal(pythonLog.parse(l)?.continuation, true, l);
});

test('asctime-first layouts: dashed with a logger name, spaced (tuned, unattended-upgrades), bracketed', () => {
  const dashed = pythonLog.parse('2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message')!;
  assert.equal(dashed.level, 'debug');
  assert.equal(dashed.fields?.logger, 'simple_example');
  assert.equal(dashed.message, 'debug message');
  assert.equal(pythonLog.parse('2005-03-19 15:10:26,618 - ERROR - x')?.level, 'error');
  // tuned.log and rhsm.log lines as quoted in public troubleshooting notes.
  const tuned = pythonLog.parse('2024-02-25 13:30:21,637 INFO     tuned.daemon.daemon: starting tuning')!;
  assert.equal(tuned.fields?.logger, 'tuned.daemon.daemon');
  assert.equal(tuned.message, 'starting tuning');
  const rhsm = pythonLog.parse(
    '2022-03-31 10:10:06,123 [ERROR] subscription-manager:30403:MainThread @managercli.py:217 - Error during registration: [Errno -2] Name or service not known',
  )!;
  assert.equal(rhsm.level, 'error');
  assert.match(rhsm.message, /^subscription-manager:30403:MainThread @managercli\.py:217 - Error during/);
  assert.equal(pythonLog.parse('gaierror: [Errno -2] Name or service not known')?.continuation, true);
});

test('Django runserver: requests with status and bytes; the banner and console lines', () => {
  const lines = realFile('django-runserver.log').filter((l) => l.trim());
  for (const l of lines) assert.ok(pythonLog.parse(l), l);
  const req = pythonLog.parse('[25/Feb/2019 23:27:37] "GET /admin/login/?next=/admin/ HTTP/1.1" 500 27')!;
  assert.deepEqual(req.request, { method: 'GET', path: '/admin/login/?next=/admin/', status: 500, bytes: 27 });
  assert.deepEqual(req.ts, { year: 2019, month: 2, day: 25, hour: 23, minute: 27, second: 37 });
  assert.equal(pythonLog.parse('Internal Server Error: /department/19/Fall+2024/')?.level, 'error');
  assert.equal(pythonLog.parse('Bad Request: /api/0/relays/register/challenge/')?.level, 'warning');
});

test('not claimed: Java layouts, cloud-init, supervisord levels, plain text', () => {
  for (const line of [
    '2020-06-27 18:46:57 INFO  [main] org.apache.catalina.core.StandardService: Starting service [Tomcat]',
    '2020-12-19 12:48:20.662 ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed',
    "2022-07-11 14:19:13,123 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init-local' at Mon, 11 Jul 2022 14:19:13 +0000. Up 21.52 seconds.",
    '2012-03-08 12:06:34,223 CRIT Set uid to user 0',
    '2022-07-11 13:59:02.101 UTC [1021] LOG:  database system is ready to accept connections',
    'GET /v1/me/tenant 200 12.345 ms - 512',
    '',
  ]) {
    assert.equal(pythonLog.parse(line), null, line);
  }
});

test('detect: every real Python file is python-log; the other formats keep their samples', () => {
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.log'))) {
    const lines = realFile(name);
    assert.equal(detectLogFormat(lines, `/var/log/${name}`)?.format.id, 'python-log', name);
    // A name never decides.
    assert.equal(detectLogFormat(lines, 'app_error.log')?.format.id, 'python-log', name);
  }
  for (const other of LOG_FORMATS.filter((f) => f.id !== 'python-log')) {
    assert.notEqual(detectLogFormat(other.samples, 'x.log')?.format.id, 'python-log', other.id);
  }
  // Most lines must parse: one Python line among foreign ones claims nothing.
  assert.equal(pythonLog.detect(['2005-03-19 15:10:26,618 - x - INFO - y', 'a', 'b', 'c'], 'x.log'), 0);
});

test('process: gunicorn, celery and django from the path; a supervisord child log names its program', () => {
  assert.deepEqual(pythonProcess('/var/log/gunicorn/error.log'), { source: 'gunicorn', app: 'gunicorn' });
  assert.deepEqual(pythonProcess('/var/log/celery/worker.log'), { source: 'celery', app: 'celery' });
  assert.deepEqual(pythonProcess('/var/log/supervisor/web-stderr---supervisor-x8jd2k.log'), {
    source: 'python',
    app: 'web',
  });
  assert.deepEqual(pythonProcess('/var/log/unattended-upgrades/unattended-upgrades.log'), {
    source: 'unattended-upgrades',
  });
});

test('signatures: gunicorn, Celery and Django failure lines become their events', () => {
  const m = createMatcher(SIGNATURES);
  const cases: [string, string, string][] = [
    [
      '[2024-01-09 13:24:39 +0000] [1637] [CRITICAL] WORKER TIMEOUT (pid:7214)',
      'gunicorn-worker-timeout',
      'request-timeout',
    ],
    [
      '[2024-01-09 13:24:40 +0000] [7310] [INFO] Booting worker with pid: 7310',
      'gunicorn-booting-worker',
      'process-start',
    ],
    [
      '[2020-09-09 05:50:39 +0000] [24] [INFO] Reason: Worker failed to boot.',
      'gunicorn-worker-failed-to-boot',
      'app-crashed',
    ],
    [
      '[2017-01-13 15:51:07,161: WARNING/MainProcess] consumer: Connection to broker lost. Trying to re-establish the connection...',
      'celery-broker-connection-lost',
      'connection-reset',
    ],
    [
      "[2021-10-08 08:34:41,378: ERROR/MainProcess] Task handler raised error: WorkerLostError('Worker exited prematurely: exitcode 0 Job: 2.')",
      'celery-worker-lost',
      'process-exit',
    ],
    [
      "django.db.utils.OperationalError: (2006, 'MySQL server has gone away')",
      'mysql-server-gone-away-2006',
      'db-gone-away',
    ],
    [
      "django.db.utils.OperationalError: (1040, 'Too many connections')",
      'mysql-too-many-connections',
      'db-too-many-connections',
    ],
  ];
  for (const [line, id, event] of cases) {
    const hit = m.match('python-log', line);
    assert.equal(hit?.signature.id, id, line);
    assert.equal(hit?.signature.event, event, line);
  }
  assert.equal(
    m.match('python-log', '[2024-01-09 13:24:39 +0000] [1637] [INFO] Listening at: http://0.0.0.0:8000 (1637)'),
    null,
  );
});

test('the notable hints are in every error-level line', () => {
  const lines = [
    ...pythonLog.samples,
    ...readdirSync(REAL)
      .filter((f) => f.endsWith('.log'))
      .flatMap(realFile),
  ];
  for (const line of lines) {
    const p = pythonLog.parse(line);
    if (p?.level === 'error' || p?.level === 'critical') {
      assert.ok(
        pythonLog.behaviour.notableHints.some((h) => line.includes(h)),
        line,
      );
    }
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      pythonLog.parse(s);
      pythonLog.parse(`2024-03-05 10:12:01,123 ${s}`);
      pythonLog.parse(`[2024-03-05 10:12:01,123: ${s}`);
      pythonLog.parse(`[05/Mar/2024 10:12:01] ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  pythonLog.parse(`2024-03-05 10:12:01,123 - ${'x'.repeat(300_000)}`);
  pythonLog.parse(`2024-03-05 10:12:01,123 INFO ${'a.'.repeat(150_000)}`);
  pythonLog.parse(`[05/Mar/2024 10:12:01] "GET ${'/'.repeat(300_000)}`);
  pythonLog.parse(`${'a'.repeat(300_000)}Error`);
  assert.ok(performance.now() - t0 < 1000);
});

/** What the read path takes from a parsed line (read/piece.ts factsOf), to compare with the scanner's facts. */
function factsOfParse(line: string) {
  const p = pythonLog.parse(line);
  if (!p || p.continuation) return null;
  const ts = p.ts;
  const rank = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5 };
  return {
    year: ts?.year ?? Number.NaN,
    month: ts ? ts.month : Number.NaN,
    day: ts?.day,
    hour: ts?.hour,
    minute: ts?.minute,
    second: ts?.second,
    ms: ts?.ms ?? 0,
    offset: ts?.offsetMinutes ?? Number.NaN,
    level: p.level ? rank[p.level] : -1,
    status: p.request?.status ?? -1,
  };
}

function scanned(line: string) {
  const buf = Buffer.from(line, 'utf8');
  const f = newFacts();
  resetFacts(f);
  const verdict = pythonLog.behaviour.scan!(buf, 0, buf.length, f);
  if (verdict === UNSURE) return undefined;
  assert.equal(verdict, RECORD, line);
  const { year, month, day, hour, minute, second, ms, offset, level, status } = f;
  return { year, month, day, hour, minute, second, ms, offset, level, status };
}

test('the scanner agrees with parse on every line it answers (real lines and damaged ones)', () => {
  const real = [
    ...pythonLog.samples,
    ...readdirSync(REAL)
      .filter((f) => f.endsWith('.log'))
      .flatMap(realFile),
    '[2024-07-05 09:13:44 +0200] [3129704] [ERROR] Worker (pid:3129714) exited with code 1',
    '[2024-07-05 09:13:44 -0530] [1] [DEBUG] ',
    '[2026-01-12 00:00:00,000: INFO/ForkPoolWorker-2] Task orders.tasks.send_confirmation[f1d9cd40] succeeded in 0.639982s: None',
  ];
  let answered = 0;
  for (const line of real) {
    const s = scanned(line);
    if (s === undefined) continue;
    answered++;
    assert.deepEqual(s, factsOfParse(line), line);
  }
  assert.ok(answered >= 15, `the scanner answered ${answered} lines`);
  const bracketed = real.filter((l) => l.startsWith('[2'));
  fc.assert(
    fc.property(
      fc.constantFrom(...bracketed),
      fc.nat(80),
      fc.constantFrom('', ' ', ']', '[', '9', 'x', ',', ':', '/', '\r', 'é', '+'),
      (line, at, ch) => {
        const damaged = line.slice(0, at) + ch + line.slice(at + 1);
        const s = scanned(damaged);
        if (s !== undefined) assert.deepEqual(s, factsOfParse(damaged), damaged);
      },
    ),
    { numRuns: 5000 },
  );
});
