import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'paas-process-manager-in-dyno';

test('fires on forever in a Procfile (seed 000, Node on Heroku)', () => {
  const f = findingsOf(auditFiles({ 'app/Procfile': 'web: forever start server.js\nworker: node worker.js\n' }), ID);
  assert.deepEqual(where(f), ['app/Procfile:1']);
  assert.match(f[0].message, /forever inside a dyno/);
});

test('fires on `web: npm start` whose start script runs pm2 start', () => {
  const f = findingsOf(
    auditFiles({
      'app/Procfile': 'web: npm start\n',
      'app/package.json': '{\n  "name": "web",\n  "scripts": {\n    "start": "pm2 start server.js -i 2"\n  }\n}\n',
    }),
    ID,
  );
  assert.equal(f.length, 1);
  assert.equal(where(f)[1], 'app/Procfile:1');
});

test('does not fire on node, or pm2-runtime', () => {
  assert.deepEqual(findingsOf(auditFiles({ 'app/Procfile': 'web: node server.js\n' }), ID), []);
  assert.deepEqual(findingsOf(auditFiles({ 'app/Procfile': 'web: pm2-runtime start ecosystem.config.js\n' }), ID), []);
});
