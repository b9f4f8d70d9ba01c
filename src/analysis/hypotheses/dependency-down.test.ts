// dependency-down on the lab's capture (test/corpus/dependency-down): Redis is stopped mid-traffic with
// `redis-cli shutdown`; the Node app under PM2 logs `connect ECONNREFUSED 127.0.0.1:<port>` per request and
// answers 500 while staying up. Without Redis's log the refusals alone still name the backend, at lower
// confidence; the crash-loop capture (the refusal kills the app) and the other bundles stay silent.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('Redis stopped under traffic: blamed first, naming Redis and its address, its stop line and the refusals', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'dependency-down')], rawConfidence: true });
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'dependency-down', r.hypotheses.map((x) => x.cause).join(', '));
  assert.ok(h.confidence >= 0.8 && h.confidence <= 0.9, String(h.confidence));
  assert.match(h.title, /^Redis at 127\.0\.0\.1:\d+ was stopped and the app's connections to it were refused$/);
  const port = /127\.0\.0\.1:(\d+)/.exec(h.title)?.[1];
  assert.match(h.explanation, /Redis logged its own stop at \d\d:\d\d:\d\d UTC \(`.*User requested shutdown\.\.\.`/);
  assert.match(h.explanation, /\d+ refused connections to Redis at 127\.0\.0\.1:\d+/);
  assert.match(h.explanation, /The app process stayed up/);
  assert.equal(h.evidence[0].path, 'var/log/redis/redis-server.log');
  assert.match(h.evidence[0].text, /User requested shutdown/);
  assert.ok(h.evidence.some((e) => e.path === 'home/app/.pm2/logs/sessions-error.log' && /ECONNREFUSED/.test(e.text)));
  assert.ok(Date.parse(h.evidence[0].time) <= Date.parse(h.evidence[1].time), 'the stop comes before the errors');
  assert.deepEqual(
    h.remedies.map((x) => x.kind),
    ['stop-gap', 'fix', 'long-term'],
  );
  assert.match(h.remedies[0].text, /systemctl start redis-server/);
  assert.ok(
    h.confirm.includes(`redis-cli -h 127.0.0.1 -p ${port} ping   # PONG when it is back`),
    h.confirm.join('\n'),
  );
  assert.ok(h.confirm.includes('systemctl status redis-server'));
  assert.ok(h.confirm.some((c) => c.startsWith(`ss -ltnp | grep ':${port}\\b'`)));
});

test('without the Redis log: the refusals alone name the address, at lower confidence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-dependency-down-'));
  try {
    cpSync(join(CORPUS, 'dependency-down'), dir, { recursive: true });
    rmSync(join(dir, 'var/log/redis'), { recursive: true, force: true });
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const [h] = r.hypotheses;
    assert.equal(h?.cause, 'dependency-down', r.hypotheses.map((x) => x.cause).join(', '));
    assert.ok(h.confidence >= 0.5 && h.confidence < 0.8, String(h.confidence));
    assert.match(
      h.title,
      /^The app's connections to 127\.0\.0\.1:\d+ were refused: that backend is down or not listening$/,
    );
    assert.match(h.explanation, /No stop line of the backend/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a slow backend (connects time out, none refused) is not a stopped one: silent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-dependency-slow-'));
  try {
    cpSync(join(CORPUS, 'dependency-down'), dir, { recursive: true });
    rmSync(join(dir, 'var/log/redis'), { recursive: true, force: true });
    const f = join(dir, 'home/app/.pm2/logs/sessions-error.log');
    writeFileSync(f, readFileSync(f, 'utf8').replaceAll('connect ECONNREFUSED', 'connect ETIMEDOUT'));
    const r = await investigate({ paths: [dir], rawConfidence: true });
    assert.ok(!r.hypotheses.some((x) => x.cause === 'dependency-down'), r.hypotheses.map((x) => x.cause).join(', '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('silent where the refusal kills the app (crash-loop) and on the other bundles', async () => {
  for (const name of [
    'crash-loop',
    'supervisord-crash-loop',
    'celery-db-session-cut',
    'healthy',
    'redis-maxmemory',
    'proxy-idle-timeout',
  ]) {
    const r = await investigate({ paths: [join(CORPUS, name)], rawConfidence: true });
    assert.ok(!r.hypotheses.some((x) => x.cause === 'dependency-down'), `${name}: ${r.hypotheses.map((x) => x.cause)}`);
  }
});
