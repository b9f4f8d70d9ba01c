// Failed waits rising, on two real captures of a Node API on Knex 3 + pg against PostgreSQL 15
// (test/fixtures/forecast/README.md): with its query slowing down, Knex's "Timeout acquiring a connection" comes
// more often minute after minute — forecast to reach the requests a minute, when every request fails (a straight
// line: the rise slows as it nears the traffic, which the forecast's wrong-if would show); with the query as slow all
// along, the failures come at a steady pace and make no forecast, nor do four minutes of the rise.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../investigate.js';
import { linearFit } from '../probe/stats.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/forecast');
const ERRORS = 'var/log/orders/error.log';
const ACCESS = 'var/log/orders/access.log';
const MINUTE = 60_000;

test('Knex failures rising minute after minute under steady traffic: when every request fails', async () => {
  const dir = join(FIXTURES, 'knex-slowing-query');
  const r = await investigate({ paths: [dir] });
  assert.equal(r.forecasts?.length, 1);
  const [f] = r.forecasts ?? [];
  assert.equal(f.resource, 'connections');
  assert.equal(f.subject, 'knex-acquire-timeout');
  const errors = readFileSync(join(dir, ERRORS), 'utf8').trimEnd().split('\n');
  const access = readFileSync(join(dir, ACCESS), 'utf8').trimEnd().split('\n');
  // Epoch minutes from the first failure's to the one the failures end in (left out: it may be partial).
  const minuteOf = (t: number) => Math.floor(t / MINUTE);
  const failed = errors.map((l) => minuteOf(Date.parse(l.slice(0, 24))));
  const served = access.map((l) => minuteOf(Date.parse(l.slice(l.indexOf('[') + 1, l.indexOf(']')).replace(':', ' '))));
  const [m0, m1] = [failed[0], failed[failed.length - 1]];
  const per = (ms: number[]) => Array.from({ length: m1 - m0 }, (_, i) => ms.filter((m) => m === m0 + i).length);
  const counts = per(failed);
  assert.ok(counts.length >= 5 && counts[counts.length - 1] > counts[1], `rising: ${counts.join(' ')}`);
  const requests = per(served).sort((x, y) => x - y);
  assert.equal(f.limit, requests[requests.length >> 1], 'the median requests a minute of those minutes');
  const fit = linearFit(
    counts.map((_, i) => i * 60),
    counts,
  );
  assert.ok(fit && fit.low > 0);
  const now = fit.intercept + fit.slope * (counts.length - 1) * 60;
  assert.ok(Math.abs(f.current - now) < 0.5, `${f.current} ≈ ${now}`);
  const eta = Date.parse(f.eta ?? '');
  assert.ok(Math.abs(eta - (m1 * MINUTE + ((f.limit - now) / fit.slope) * 1000)) < 1000);
  assert.ok(Date.parse(f.low ?? '') < eta && eta < Date.parse(f.high ?? ''), `${f.low} < ${f.eta} < ${f.high}`);
  assert.ok(f.basis.startsWith(`${counts.reduce((x, y) => x + y, 0)} failed waits over ${counts.length} minutes`));
  assert.match(f.wrongIf, /^fewer than \d+ a minute fail after /);
  for (const e of f.evidence) {
    assert.equal(e.path, ERRORS);
    assert.equal(errors[e.line - 1], e.text);
  }
});

test('failures at a steady pace, or four minutes of the rise: no forecast', async () => {
  const steady = await investigate({ paths: [join(FIXTURES, 'knex-steady-query')] });
  assert.ok(
    steady.hypotheses.some((h) => h.cause === 'db-pool-exhaustion'),
    'the pool does run dry',
  );
  assert.deepEqual(steady.forecasts, []);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-waits-'));
  try {
    cpSync(join(FIXTURES, 'knex-slowing-query'), dir, { recursive: true });
    const cut = (rel: string, stamp: (l: string) => number) => {
      const lines = readFileSync(join(dir, rel), 'utf8').trimEnd().split('\n');
      const first = Date.parse(readFileSync(join(dir, ERRORS), 'utf8').slice(0, 24));
      writeFileSync(join(dir, rel), `${lines.filter((l) => stamp(l) < first + 4 * MINUTE).join('\n')}\n`);
    };
    cut(ACCESS, (l) => Date.parse(l.slice(l.indexOf('[') + 1, l.indexOf(']')).replace(':', ' ')));
    cut(ERRORS, (l) => Date.parse(l.slice(0, 24)));
    assert.deepEqual((await investigate({ paths: [dir] })).forecasts, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
