// tls-certificate-expired on the lab's capture (test/corpus/tls-certificate-expired): an internal payments API's
// certificate expired on 2025-04-01; the Node app and nginx's proxy_ssl_verify route refuse it on every call.
// Lines of other verification failures weigh less; a few TLS lines among many other errors weigh little; the
// other bundles stay silent.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { investigate } from '../../investigate.js';

const CORPUS = join(import.meta.dirname, '../../../test/corpus');

test('the payments API certificate expired: blamed first, naming the host, with both clients’ refusals', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'tls-certificate-expired')], rawConfidence: true });
  const [h] = r.hypotheses;
  assert.equal(h?.cause, 'tls-certificate-expired', r.hypotheses.map((x) => x.cause).join(', '));
  assert.ok(h.confidence >= 0.8 && h.confidence <= 0.9, String(h.confidence));
  assert.equal(h.title, 'The TLS certificate of payments.internal has expired: clients refuse the handshake');
  assert.match(h.explanation, /^\d+ TLS handshakes failed on an expired certificate of payments\.internal/);
  assert.match(h.explanation, /100% of the error lines/);
  assert.ok(
    h.evidence.some((e) => e.path === 'var/log/nginx/error.log' && /\(10:certificate has expired\)/.test(e.text)),
  );
  assert.ok(
    h.evidence.some((e) => e.path === 'home/app/.pm2/logs/checkout-error.log' && /CERT_HAS_EXPIRED/.test(e.text)),
    h.evidence.map((e) => e.path).join(', '),
  );
  assert.deepEqual(
    h.remedies.map((x) => x.kind),
    ['stop-gap', 'fix', 'long-term'],
  );
  assert.match(h.remedies[0].text, /do not turn verification off/);
  assert.match(
    h.confirm[0],
    /^openssl s_client -connect payments\.internal:\d+ -servername payments\.internal <\/dev\/null 2>\/dev\/null \| openssl x509 -noout -dates/,
  );
});

test('verification failures other than expiry: named as such, at lower confidence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-tls-'));
  try {
    cpSync(join(CORPUS, 'tls-certificate-expired'), dir, { recursive: true });
    rmSync(join(dir, 'home/app/.pm2/logs/checkout-error.log'));
    const f = join(dir, 'var/log/nginx/error.log');
    writeFileSync(
      f,
      readFileSync(f, 'utf8').replaceAll('(10:certificate has expired)', '(20:unable to get local issuer certificate)'),
    );
    const r = await investigate({ paths: [dir], rawConfidence: true });
    const h = r.hypotheses.find((x) => x.cause === 'tls-certificate-expired');
    assert.ok(h, r.hypotheses.map((x) => x.cause).join(', '));
    assert.ok(h.confidence < 0.7, String(h.confidence));
    assert.match(h.title, /^Clients could not verify the TLS certificate/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('silent on the other bundles', async () => {
  for (const name of ['dependency-down', 'crash-loop', 'keepalive-race', 'healthy', 'bad-deploy', 'novel-error']) {
    const r = await investigate({ paths: [join(CORPUS, name)], rawConfidence: true });
    assert.ok(
      !r.hypotheses.some((x) => x.cause === 'tls-certificate-expired'),
      `${name}: ${r.hypotheses.map((x) => x.cause)}`,
    );
  }
});
