// config-error on the lab's capture (test/corpus/config-error): a typo in nginx's site file is rejected twice, first
// by `nginx -s reload` (the old workers go on serving) and then by the restart's start (nothing listens, the access
// log goes silent). The start is blamed, at the file:line nginx named; the reload is said as a warning. Without the
// silence after it (requests went on) the same line blames nothing; other bundles stay silent.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('nginx restarted on a typo: the failed start is blamed at its file:line, the failed reload before it is a warning', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'config-error')], rawConfidence: true });
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'config-error', r.hypotheses.map((x) => x.cause).join(', '));
  assert.equal(h.confidence, 0.85);
  assert.equal(h.title, 'nginx did not start: its configuration was rejected at /etc/nginx/conf.d/shop.conf:13');
  assert.match(h.explanation, /`unknown directive "proxy_read_timout"` \(var\/log\/nginx\/error\.log:2\)/);
  assert.match(h.explanation, /the access log is silent from \d\d:\d\d:\d\d UTC/);
  assert.match(h.explanation, /was a failed reload: requests went on with the old configuration/);
  assert.deepEqual(
    h.evidence.map((e) => `${e.path}:${e.line}`),
    ['var/log/nginx/error.log:1', 'var/log/nginx/error.log:2'],
  );
  const fix = h.remedies.find((x) => x.kind === 'fix');
  assert.match(fix?.text ?? '', /`proxy_read_timout` at \/etc\/nginx\/conf\.d\/shop\.conf:13/);
  assert.ok(h.confirm.includes('nginx -t'));
});

test('the same logs without the failed start: a rejected reload kept the old config, no config-error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-config-error-'));
  try {
    cpSync(join(CORPUS, 'config-error'), dir, { recursive: true });
    const log = join(dir, 'var/log/nginx/error.log');
    writeFileSync(log, `${readFileSync(log, 'utf8').split('\n')[0]}\n`);
    const r = await investigate({ paths: [dir], rawConfidence: true });
    assert.equal(
      r.hypotheses.find((x) => x.cause === 'config-error'),
      undefined,
      r.hypotheses.map((x) => x.cause).join(', '),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const other of ['bad-deploy', 'crash-loop', 'connection-limit', 'healthy', 'keepalive-race']) {
  test(`no config-error on ${other}`, async () => {
    const r = await investigate({ paths: [join(CORPUS, other)], rawConfidence: true });
    assert.equal(
      r.hypotheses.find((x) => x.cause === 'config-error'),
      undefined,
    );
  });
}
