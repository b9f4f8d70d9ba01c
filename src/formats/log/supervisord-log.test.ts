import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { detectLogFormat, LOG_FORMATS } from './registry.js';
import { CONTINUATION, newFacts, RECORD, resetFacts, UNSURE } from './scan-types.js';
import { supervisordLog } from './supervisord-log.js';

const REAL = new URL('../../../test/real-logs/supervisord/', import.meta.url);
const realFile = (name: string) => readFileSync(new URL(name, REAL), 'utf8').split('\n');

test('every sample parses', () => {
  for (const line of supervisordLog.samples) assert.ok(supervisordLog.parse(line)?.ts, line);
});

test('program state changes name the program: exits, spawns, RUNNING, FATAL', () => {
  const exit = supervisordLog.parse('2014-04-22 13:51:33,469 INFO exited: seat3 (exit status 0; not expected)')!;
  assert.deepEqual(exit.ts, { year: 2014, month: 4, day: 22, hour: 13, minute: 51, second: 33, ms: 469 });
  assert.equal(exit.level, 'info');
  assert.deepEqual(exit.fields, { app: 'seat3', supervisorEvent: 'exited', exitCode: 0, expected: 0 });
  const killed = supervisordLog.parse(
    '2022-09-10 09:08:51,142 INFO exited: scylla (terminated by SIGKILL; not expected)',
  )!;
  assert.deepEqual(killed.fields, { app: 'scylla', supervisorEvent: 'exited', signal: 'SIGKILL', expected: 0 });
  assert.deepEqual(supervisordLog.parse("2014-04-22 13:51:33,183 INFO spawned: 'seat4' with pid 951")?.fields, {
    app: 'seat4',
    supervisorEvent: 'spawned',
    childPid: 951,
  });
  assert.equal(
    supervisordLog.parse(
      '2014-04-22 13:51:33,469 INFO gave up: seat3 entered FATAL state, too many start retries too quickly',
    )?.fields?.supervisorEvent,
    'fatal',
  );
  assert.equal(supervisordLog.parse('2012-03-08 12:06:34,223 CRIT Set uid to user 0')?.level, 'critical');
});

test("a child's output copied at loglevel debug continues the record; Python levels are not supervisord's", () => {
  assert.equal(supervisordLog.parse('XXXXXXXXXXXX')?.continuation, true);
  for (const line of [
    '2013-06-06 22:24:29 [26219] [CRITICAL] WORKER TIMEOUT (pid:8602)',
    '2005-03-19 15:10:26,618 - simple_example - DEBUG - debug message',
    '2024-03-05 10:12:01,123 WARNING x',
    '[2017-01-13 15:51:07,161: WARNING/MainProcess] consumer: Connection to broker lost.',
    '',
  ]) {
    assert.equal(supervisordLog.parse(line), null, line);
  }
});

test('detect: every real supervisord file is supervisord-log (not python-log), whatever its name', () => {
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.log'))) {
    const lines = realFile(name);
    assert.equal(detectLogFormat(lines, `/var/log/supervisor/${name}`)?.format.id, 'supervisord-log', name);
    assert.equal(detectLogFormat(lines, 'x_error.log')?.format.id, 'supervisord-log', name);
  }
  for (const other of LOG_FORMATS.filter((f) => f.id !== 'supervisord-log')) {
    assert.equal(supervisordLog.detect(other.samples, 'x.log'), 0, other.id);
  }
  // unattended-upgrades writes the same layout, without supervisord's messages.
  const uu = readFileSync(new URL('../python/unattended-upgrades-de.log', REAL), 'utf8').split('\n');
  assert.equal(supervisordLog.detect(uu, 'x.log'), 0);
});

test('signatures: unexpected exits and FATAL are restarts of the named program', () => {
  const m = createMatcher(SIGNATURES);
  const exited = m.match(
    'supervisord-log',
    '2020-11-09 15:59:20,300 INFO exited: worker_1 (exit status 1; not expected)',
  )!;
  assert.equal(exited.signature.id, 'supervisord-exited-unexpected');
  assert.equal(exited.signature.event, 'process-exit');
  assert.deepEqual(exited.groups, { app: 'worker_1', code: '1' });
  const killed = m.match(
    'supervisord-log',
    '2022-09-10 09:08:51,142 INFO exited: scylla (terminated by SIGKILL; not expected)',
  )!;
  assert.equal(killed.signature.id, 'supervisord-exited-sigkill');
  assert.equal(killed.signature.cause, 'memory-exhaustion');
  const gave = m.match(
    'supervisord-log',
    '2016-07-22 20:06:55,037 INFO gave up: website entered FATAL state, too many start retries too quickly',
  )!;
  assert.equal(gave.signature.event, 'restart-loop-stopped');
  assert.equal(gave.groups.app, 'website');
  // An expected exit (autorestart=unexpected, exitcodes=0) is not a failure.
  assert.equal(
    m.match('supervisord-log', '2017-04-05 21:15:32,599 INFO exited: test_worker_01 (exit status 0; expected)'),
    null,
  );
});

test('the notable hints are in every error-level line', () => {
  const lines = [
    ...supervisordLog.samples,
    ...readdirSync(REAL)
      .filter((f) => f.endsWith('.log'))
      .flatMap(realFile),
  ];
  for (const line of lines) {
    const p = supervisordLog.parse(line);
    if (p?.level === 'error' || p?.level === 'critical') {
      assert.ok(
        supervisordLog.behaviour.notableHints.some((h) => line.includes(h)),
        line,
      );
    }
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      supervisordLog.parse(s);
      supervisordLog.parse(`2014-04-22 13:51:33,469 INFO ${s}`);
      supervisordLog.parse(`2014-04-22 13:51:33,469 INFO exited: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  supervisordLog.parse(`2014-04-22 13:51:33,469 INFO exited: ${'x'.repeat(300_000)} (exit status 1`);
  supervisordLog.parse(`2014-04-22 13:51:33,469 INFO exited: x (terminated by SIG${'A'.repeat(300_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});

function fromParse(line: string) {
  const p = supervisordLog.parse(line);
  if (!p) return null;
  if (p.continuation) return 'continuation';
  const t = p.ts!;
  const rank = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5 };
  return [t.year, t.month, t.day, t.hour, t.minute, t.second, t.ms ?? 0, p.level ? rank[p.level] : -1];
}

function fromScan(line: string) {
  const buf = Buffer.from(line, 'utf8');
  const f = newFacts();
  resetFacts(f);
  const verdict = supervisordLog.behaviour.scan!(buf, 0, buf.length, f);
  if (verdict === UNSURE) return undefined;
  if (verdict === CONTINUATION) return 'continuation';
  assert.equal(verdict, RECORD, line);
  return [f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms, f.level];
}

test('the scanner agrees with parse on every line it answers (real lines and damaged ones)', () => {
  const lines = [
    ...supervisordLog.samples,
    ...readdirSync(REAL)
      .filter((f) => f.endsWith('.log'))
      .flatMap(realFile),
  ].filter((l) => l !== '');
  let answered = 0;
  for (const line of lines) {
    const s = fromScan(line);
    if (s === undefined) continue;
    answered++;
    assert.deepEqual(s, fromParse(line), line);
  }
  assert.ok(answered >= lines.length - 2, `answered ${answered} of ${lines.length}`);
  fc.assert(
    fc.property(
      fc.constantFrom(...lines),
      fc.nat(40),
      fc.constantFrom('', ' ', '[', '9', 'x', ',', ':', '-', '\r', 'é', '\t'),
      (line, at, ch) => {
        const damaged = line.slice(0, at) + ch + line.slice(at + 1);
        if (damaged === '') return;
        const s = fromScan(damaged);
        if (s !== undefined) assert.deepEqual(s, fromParse(damaged), damaged);
      },
    ),
    { numRuns: 5000 },
  );
});
