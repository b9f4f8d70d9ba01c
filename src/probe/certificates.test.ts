// Certificates named by nginx and HAProxy configs under a root of the test's own (the captured /proc beside it): real public
// CA certificates (test/fixtures/certs), one valid to 2035, one expired in 2023.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probe } from './probe.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'fl-probe-certs-'));
after(() => rmSync(root, { recursive: true, force: true }));

const NGINX = [
  'events { worker_connections 768; }',
  'http {',
  '  server {',
  '    listen 443 ssl;',
  '    ssl_certificate /etc/ssl/example/isrg.pem;',
  '  }',
  '  server {',
  '    listen 8443 ssl;',
  '    ssl_certificate certs/etugra.pem;',
  '    ssl_certificate $ssl_server_name.pem;',
  '    ssl_certificate /etc/ssl/example/missing.pem;',
  '  }',
  '}',
  '',
].join('\n');

test('subject and validity of each certificate named, an expired one found at its directive, forecasts by date', async () => {
  cpSync(`${fixtures}probe-root`, root, { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'etc/nginx/certs'), { recursive: true });
  mkdirSync(join(root, 'etc/ssl/example'), { recursive: true });
  writeFileSync(join(root, 'etc/nginx/nginx.conf'), NGINX);
  cpSync(`${fixtures}certs/ISRG_Root_X1.pem`, join(root, 'etc/ssl/example/isrg.pem'));
  cpSync(`${fixtures}certs/E-Tugra_Certification_Authority.pem`, join(root, 'etc/nginx/certs/etugra.pem'));
  // HAProxy: a combined file as it wants them, the certificate followed by a key (a placeholder, never read).
  mkdirSync(join(root, 'etc/haproxy/certs'), { recursive: true });
  writeFileSync(
    join(root, 'etc/haproxy/haproxy.cfg'),
    'frontend https\n  mode http\n  bind :443 ssl crt certs/site.pem crt /etc/haproxy/certs\n  default_backend app\nbackend app\n  server a 127.0.0.1:8080\n',
  );
  // The folder HAProxy loads whole: another certificate, and a key file beside it that is not one.
  cpSync(`${fixtures}certs/E-Tugra_Certification_Authority.pem`, join(root, 'etc/haproxy/certs/other.pem'));
  writeFileSync(join(root, 'etc/haproxy/certs/other.pem.key'), 'not a key either\n');
  writeFileSync(
    join(root, 'etc/haproxy/certs/site.pem'),
    `${readFileSync(`${fixtures}certs/ISRG_Root_X1.pem`, 'utf8')}-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n`,
  );
  const r = await probe({ root });
  assert.deepEqual(
    r.certificates.map((c) => [c.path, c.subject, c.notAfter, c.referencedBy.line]),
    [
      ['/etc/ssl/example/isrg.pem', 'CN=ISRG Root X1', '2035-06-04T11:04:38.000Z', 5],
      ['/etc/nginx/certs/etugra.pem', 'CN=E-Tugra Certification Authority', '2023-03-03T12:09:48.000Z', 9],
      ['/etc/haproxy/certs/site.pem', 'CN=ISRG Root X1', '2035-06-04T11:04:38.000Z', 3],
      ['/etc/haproxy/certs/other.pem', 'CN=E-Tugra Certification Authority', '2023-03-03T12:09:48.000Z', 3],
    ],
  );
  assert.ok(r.unreadable.some((u) => u.path === '/etc/ssl/example/missing.pem' && /ENOENT/.test(u.why)));
  assert.ok(!r.unreadable.some((u) => u.path.startsWith('/etc/haproxy/')), JSON.stringify(r.unreadable));
  assert.ok(!JSON.stringify(r).includes('not a key'));
  const f = r.findings.filter((x) => x.rule === 'certificate-expires-soon');
  assert.deepEqual(
    f.map((x) => [x.severity, x.locations]),
    [
      ['error', [{ path: '/etc/haproxy/haproxy.cfg', line: 3 }]],
      ['error', [{ path: '/etc/nginx/nginx.conf', line: 9 }]],
    ],
  );
  assert.match(f[0].message, /\(\/etc\/haproxy\/certs\/other\.pem, named at \/etc\/haproxy\/haproxy\.cfg:3\) expired/);
  assert.match(
    f[1].message,
    /^CN=E-Tugra Certification Authority \(\/etc\/nginx\/certs\/etugra\.pem, named at \/etc\/nginx\/nginx\.conf:9\) expired \d+ days ago, on 2023-03-03\.$/,
  );
  const cert = r.forecasts.find((x) => x.resource === 'certificate');
  assert.deepEqual(
    [cert?.subject, cert?.eta, cert?.limit, cert?.slopePerHour],
    ['CN=ISRG Root X1 (/etc/ssl/example/isrg.pem)', '2035-06-04T11:04:38.000Z', 0, -1 / 24],
  );
  assert.ok(!r.forecasts.some((x) => x.subject.includes('E-Tugra')));
  assert.equal(r.forecasts.filter((x) => x.resource === 'certificate').length, 2);
});

test('crt-base: relative crt paths of HAProxy are read from it', async () => {
  const r2 = mkdtempSync(join(tmpdir(), 'fl-probe-crtbase-'));
  try {
    cpSync(`${fixtures}probe-root`, r2, { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(r2, 'etc/ssl/private'), { recursive: true });
    mkdirSync(join(r2, 'etc/haproxy'), { recursive: true });
    writeFileSync(
      join(r2, 'etc/haproxy/haproxy.cfg'),
      'global\n  crt-base /etc/ssl/private\nfrontend https\n  mode http\n  bind :443 ssl crt site.pem\n  default_backend app\nbackend app\n  server a 127.0.0.1:8080\n',
    );
    cpSync(`${fixtures}certs/ISRG_Root_X1.pem`, join(r2, 'etc/ssl/private/site.pem'));
    const r = await probe({ root: r2 });
    assert.deepEqual(
      r.certificates.map((c) => [c.path, c.referencedBy.line]),
      [['/etc/ssl/private/site.pem', 5]],
    );
  } finally {
    rmSync(r2, { recursive: true, force: true });
  }
});
