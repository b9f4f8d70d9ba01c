import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { written } from '../model/setting.js';
import { nodeKeepAliveDefault, parseNodeMajor } from './node-apps.js';

const at = { path: 'package.json', line: 3 };

test('the Node major from engines, .nvmrc, Dockerfile tags and LTS code names', () => {
  const major = (raw: string) => parseNodeMajor(written(raw, at, raw))?.value;
  assert.equal(major('18'), 18);
  assert.equal(major('>=16.0.0'), 16);
  assert.equal(major('v20.11.1'), 20);
  assert.equal(major('lts/hydrogen'), 18);
  assert.equal(major('lts/*'), undefined);
  assert.deepEqual(parseNodeMajor(written('16.x', at, '16.x'))?.loc, at);
});

test('keepAliveTimeout defaults: 5 s up to Node 25, 65 s from Node 26, and the source says which', () => {
  assert.equal(nodeKeepAliveDefault(14).value, 5000);
  assert.equal(nodeKeepAliveDefault(26).value, 65000);
  assert.match(nodeKeepAliveDefault(undefined).defaultSource ?? '', /Node version not found in the input/);
});

test('the files of one package make one app, named by package.json', () => {
  const r = auditFiles({
    'srv/api/package.json': '{ "name": "orders", "engines": { "node": "20" } }',
    'srv/api/src/server.js': "const http = require('http');\nconst s = http.createServer();\ns.listen(8080);\n",
    'srv/api/knexfile.js': "module.exports = { client: 'pg', pool: { max: 4 } };\n",
    'srv/admin/server.js': "const express = require('express');\nexpress().listen(9000);\n",
  });
  assert.deepEqual(
    r.stack.nodeApps.map((a) => [a.name, a.components, a.nodeMajor?.value, a.config.listenPorts.map((p) => p.value)]),
    [
      [
        'orders',
        ['node-app:srv/api/package.json', 'node-app:srv/api/src/server.js', 'node-app:srv/api/knexfile.js'],
        20,
        [8080],
      ],
      ['admin', ['node-app:srv/admin/server.js'], undefined, [9000]],
    ],
  );
});
