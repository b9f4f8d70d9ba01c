// bad-deploy on the lab's capture (test/corpus/bad-deploy): release 2.0.0 reloaded into PM2's cluster breaks every
// cart request until the rollback 9 s later. The change is blamed, with the rollback; a copy of the logs cut
// before the rollback leaves the change unrolled (lower confidence); restarts after a crash and failures with no
// change before them are not deploys.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('the release reloaded into PM2 and rolled back: blamed first, with the change, the errors and the rollback', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'bad-deploy')], rawConfidence: true });
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'bad-deploy', r.hypotheses.map((x) => x.cause).join(', '));
  assert.equal(h.confidence, 0.85);
  assert.match(
    h.title,
    /^Errors began \d s after the reload of PM2 app cart and stopped after the next one \(a rollback\)$/,
  );
  assert.match(h.explanation, /had run without an error since \d\d:\d\d:\d\d UTC/);
  assert.match(
    h.explanation,
    /the first `GET \/api\/cart\?customer=\d+ failed: SyntaxError: "undefined" is not valid JSON`/,
  );
  const [change, ...rest] = h.evidence;
  assert.equal(change.path, 'home/app/.pm2/pm2.log');
  assert.match(change.text, /App \[cart:0\] starting in -cluster mode-/);
  assert.ok(rest.some((e) => /cart-error-\d\.log$/.test(e.path) && /SyntaxError/.test(e.text)));
  const rollback = h.evidence.filter((e) => e.path === 'home/app/.pm2/pm2.log');
  assert.equal(rollback.length, 2, 'the deploy and the rollback');
  assert.ok(Date.parse(rollback[1].time) > Date.parse(change.time));
  assert.ok(h.confirm.some((c) => c.startsWith('pm2 describe cart ')));
  // The error template's own span: it stops with the rollback.
  const template = r.unusual?.find((u) => /is not valid JSON/.test(u.template));
  assert.ok(template && Date.parse(template.last) <= Date.parse(rollback[1].time) + 3000, JSON.stringify(template));
});

test('the same logs cut before the rollback: the change is blamed, unrolled, at lower confidence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-bad-deploy-'));
  try {
    cpSync(join(CORPUS, 'bad-deploy'), dir, { recursive: true });
    const pm2 = join(dir, 'home/app/.pm2/pm2.log');
    const lines = readFileSync(pm2, 'utf8').split('\n');
    const deploy = lines.findIndex((l) => /-reload- New worker listening/.test(l));
    // Keep the deploy (both instances) and drop every later PM2 line.
    const second = lines.findIndex((l, i) => i > deploy && /-reload- New worker listening/.test(l));
    writeFileSync(pm2, `${lines.slice(0, second + 5).join('\n')}\n`);
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const h = r.hypotheses.find((x) => x.cause === 'bad-deploy');
    assert.ok(h, r.hypotheses.map((x) => x.cause).join(', '));
    assert.ok(h.confidence < 0.6, String(h.confidence));
    assert.doesNotMatch(h.title, /rollback/);
    assert.match(h.explanation, /nothing rolled it back/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('must not: a restart after a crash, an OOM kill, a failure with no change before it', async () => {
  for (const name of [
    'crash-loop',
    'memory-exhaustion',
    'supervisord-crash-loop',
    'novel-error',
    'keepalive-race',
    'healthy-month',
  ]) {
    const r = await investigate({ paths: [join(CORPUS, name)], rawConfidence: true });
    assert.ok(!r.hypotheses.some((h) => h.cause === 'bad-deploy'), `${name}: ${r.hypotheses.map((h) => h.cause)}`);
  }
});
