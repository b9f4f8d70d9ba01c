import assert from 'node:assert/strict';
import { test } from 'node:test';
import { investigate } from '../investigate.js';
import { findingEvidence, firingSignatures } from './finding-evidence.js';

const root = new URL('../../', import.meta.url).pathname;
const run = (dir: string) => investigate({ paths: [`${root}${dir}`] });

test('gunicorn’s 3 s timeout behind nginx: WORKER TIMEOUT and the 502s of the incident shown under the finding', async () => {
  const r = await run('test/corpus/gunicorn-worker-timeout');
  const f = r.findings.find((x) => x.rule === 'app-timeout-mismatches-proxy');
  assert.ok(f?.evidence, 'the finding carries the lines that show it firing');
  assert.equal(f.messageId, 'appKillsFirst');
  assert.ok((f.firing ?? 0) >= f.evidence.length && f.evidence.length <= 5);
  assert.ok(f.evidence.some((e) => e.text.includes('[CRITICAL] WORKER TIMEOUT (pid:')));
  assert.ok(f.evidence.some((e) => e.text.includes('upstream prematurely closed connection')));
  const inIncident = (t: string) =>
    r.incidents.some((i) => Date.parse(t) >= i.start - 5 * 60_000 && Date.parse(t) <= i.end);
  assert.ok(f.evidence.every((e) => inIncident(e.time)));
});

test('HAProxy’s 3 s timeouts cutting MySQL sessions: the lost connections of the incident', async () => {
  const r = await run('test/corpus/proxy-idle-timeout');
  const f = r.findings.find((x) => x.rule === 'haproxy-timeout-kills-db-sessions');
  assert.ok(f?.evidence);
  assert.deepEqual(
    f.evidence.map((e) => `${e.path}:${e.line}`),
    ['var/log/mysql/error.log:24', 'home/app/.pm2/logs/worker-error.log:1'],
  );
  assert.match(f.evidence[1].text, /PROTOCOL_CONNECTION_LOST/);
  // A finding whose mechanism writes no line of its own gets none.
  assert.equal(r.findings.find((x) => x.rule === 'haproxy-single-server')?.evidence, undefined);
});

test('no incident, no evidence: the findings are returned as they are', async () => {
  const r = await run('test/corpus/proxy-idle-timeout');
  const plain = r.findings.map(({ evidence: _e, firing: _f, ...f }) => f);
  assert.deepEqual(findingEvidence(plain, [], []), plain);
  assert.deepEqual(firingSignatures(plain.find((f) => f.rule === 'haproxy-single-server') ?? plain[0]), undefined);
});
