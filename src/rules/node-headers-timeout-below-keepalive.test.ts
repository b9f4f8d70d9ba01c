import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'node-headers-timeout-below-keepalive';
const SERVER = `const http = require('http');
const server = http.createServer(handler);
server.keepAliveTimeout = 65000;
server.listen(8080);
`;

test('fires on Node 16 with keepAliveTimeout 65 s and the default headersTimeout 60 s', () => {
  const f = findingsOf(
    auditFiles({
      'srv/api/server.js': SERVER,
      'srv/api/package.json': '{\n  "name": "api",\n  "engines": { "node": "16.x" }\n}\n',
    }),
    ID,
  );
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(where(f), ['srv/api/server.js:3', 'srv/api/package.json:3']);
  assert.match(f[0].fix, /headersTimeout = 66000/);
});

test('says "if Node < 18" when the version is unknown', () => {
  const f = findingsOf(auditFiles({ 'srv/api/server.js': SERVER }), ID);
  assert.equal(f[0]?.severity, 'info');
  assert.match(f[0].message, /if this runs on Node < 18/);
});

test('does not fire on Node 18+, or when headersTimeout is above', () => {
  assert.deepEqual(findingsOf(auditFiles({ 'srv/api/server.js': SERVER, 'srv/api/.nvmrc': '20.11.1\n' }), ID), []);
  assert.deepEqual(
    findingsOf(auditFiles({ 'srv/api/server.js': `${SERVER}server.headersTimeout = 66000;\n` }), ID),
    [],
  );
});
