import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { certbotLog } from './certbot-log.js';
import { detectLogFormat, LOG_FORMATS } from './registry.js';

const REAL = new URL('../../../test/real-logs/certbot/', import.meta.url);
const realFile = (name: string) => readFileSync(new URL(name, REAL), 'utf8').split('\n');

test('every sample parses', () => {
  for (const line of certbotLog.samples) assert.ok(certbotLog.parse(line)?.ts, line);
});

test("certbot's layout: local time with milliseconds, level, logger, message", () => {
  const p = certbotLog.parse(realFile('startup-0.19.log')[0])!;
  assert.deepEqual(p.ts, { year: 2017, month: 11, day: 24, hour: 12, minute: 7, second: 2, ms: 945 });
  assert.equal(p.level, 'debug');
  assert.equal(p.program, 'certbot.main');
  assert.equal(p.message, 'certbot version: 0.19.0');
  assert.equal(certbotLog.parse(realFile('renewal-failed-nginx.log')[4])?.level, 'error');
  // A traceback line continues its record; another log's stamped line is not certbot's.
  assert.equal(certbotLog.parse(realFile('renewal-failed-nginx.log')[0])?.continuation, true);
  assert.equal(certbotLog.parse('2014-04-22 13:51:33,469 INFO exited: seat3 (exit status 0; not expected)'), null);
});

test('detect: every real certbot log is certbot-log (not python-log or generic-log); other formats are not', () => {
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.log'))) {
    assert.equal(detectLogFormat(realFile(name), 'x.log')?.format.id, 'certbot-log', name);
  }
  for (const other of LOG_FORMATS.filter((f) => f.id !== 'certbot-log')) {
    assert.equal(certbotLog.detect(other.samples, 'x.log'), 0, other.id);
  }
});

test('signature: a renewal names its certificate', () => {
  const m = createMatcher(SIGNATURES);
  const hit = m.match(
    'certbot-log',
    '2026-09-28 04:19:51,494:DEBUG:certbot._internal.display.obj:Notifying user: Renewing an existing certificate for x.test',
  );
  assert.equal(hit?.signature.event, 'certificate-renewed');
  assert.equal(hit?.groups.domain, 'x.test');
  assert.equal(m.match('certbot-log', realFile('renewal-not-due-0.10.log')[6]), null);
});

test('the notable hints are in every error-level line', () => {
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.log'))) {
    for (const line of realFile(name)) {
      const p = certbotLog.parse(line);
      if (p?.level === 'error' || p?.level === 'critical')
        assert.ok(
          certbotLog.behaviour.notableHints.some((h) => line.includes(h)),
          line,
        );
    }
  }
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      certbotLog.parse(s);
      certbotLog.parse(`2017-11-24 12:07:02,945:DEBUG:${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  certbotLog.parse(`2017-11-24 12:07:02,945:DEBUG:${'a.'.repeat(150_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
