import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'app-engine-single-instance';

test('fires on a flexible Node app scaled down to one instance (seed 000, App Engine story)', () => {
  const f = findingsOf(
    auditFiles({
      'app.yaml': `runtime: nodejs
env: flex

automatic_scaling:
  min_num_instances: 1
  max_num_instances: 4
  cool_down_period_sec: 120
  cpu_utilization:
    target_utilization: 0.6

resources:
  cpu: 1
  memory_gb: 1
`,
    }),
    ID,
  );
  assert.equal(f.length, 1);
  assert.deepEqual(where(f), ['app.yaml:5', 'app.yaml:4']);
  assert.match(f[0].message, /flex App Engine down to 1 instance/);
});

test('does not fire with two or more instances, or the flexible default', () => {
  assert.deepEqual(
    findingsOf(
      auditFiles({ 'app.yaml': 'runtime: nodejs\nenv: flex\nautomatic_scaling:\n  min_num_instances: 2\n' }),
      ID,
    ),
    [],
  );
  assert.deepEqual(findingsOf(auditFiles({ 'app.yaml': 'runtime: nodejs\nenv: flex\n' }), ID), []);
});
