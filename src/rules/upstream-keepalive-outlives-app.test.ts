import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'upstream-keepalive-outlives-app';
const root = new URL('../../', import.meta.url).pathname;

test('fires on the postmortem stack: nginx reuses for 60 s (default), Node 14 closes after 5 s (default)', () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'error');
  assert.deepEqual(where(f), [
    'etc/nginx/sites-enabled/api:4',
    'etc/nginx/sites-enabled/api:15',
    'etc/nginx/sites-enabled/api:16',
    'var/lib/jenkins/workspace/dev_backend/package.json:6',
  ]);
  assert.match(f[0].message, /"api_backend".*1 min.*reuses them.*5 s.*Node 14/s);
  assert.match(f[0].fix, /keepAliveTimeout = 65000/);
});

const NGINX = (extra: string) => `events {}
http {
  upstream app {
    server 127.0.0.1:3000;
    ${extra}
  }
  server {
    listen 80;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
const SERVER = (line: string) => `const express = require('express');
const app = express();
const server = app.listen(3000);
${line}
`;

test('cites the app line when keepAliveTimeout is written too short', () => {
  const r = auditFiles({
    'etc/nginx/nginx.conf': NGINX('keepalive 32;\n    keepalive_timeout 30s;'),
    'srv/app/server.js': SERVER('server.keepAliveTimeout = 10000;'),
  });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.deepEqual(where(f), [
    'etc/nginx/nginx.conf:5',
    'etc/nginx/nginx.conf:6',
    'etc/nginx/nginx.conf:12',
    'etc/nginx/nginx.conf:13',
    'srv/app/server.js:4',
  ]);
  assert.match(f[0].message, /30 s.*10 s \(server\.keepAliveTimeout = 10000 at srv\/app\/server\.js:4\)/s);
});

test('warns (if nginx ≥ 1.29.7) when reuse is not enabled explicitly', () => {
  const r = auditFiles({ 'etc/nginx/nginx.conf': NGINX(''), 'srv/app/server.js': SERVER('') });
  const f = findingsOf(r, ID);
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.match(f[0].message, /1\.29\.7/);
});

const mustNot: [string, Record<string, string>][] = [
  [
    'the app outlives the proxy',
    { 'etc/nginx/nginx.conf': NGINX('keepalive 32;'), 'srv/app/server.js': SERVER('server.keepAliveTimeout = 65000;') },
  ],
  [
    'the upstream keepalive_timeout is below the app’s',
    { 'etc/nginx/nginx.conf': NGINX('keepalive 32;\n    keepalive_timeout 4s;'), 'srv/app/server.js': SERVER('') },
  ],
  ['no Node app in the input', { 'etc/nginx/nginx.conf': NGINX('keepalive 32;') }],
  [
    'Node 26 default 65 s',
    {
      'etc/nginx/nginx.conf': NGINX('keepalive 32;'),
      'srv/app/server.js': SERVER(''),
      'srv/app/package.json': '{ "name": "app", "engines": { "node": ">=26" } }',
    },
  ],
];
for (const [name, files] of mustNot) {
  test(`does not fire: ${name}`, () => {
    assert.deepEqual(findingsOf(auditFiles(files), ID), []);
  });
}
