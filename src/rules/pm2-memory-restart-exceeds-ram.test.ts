import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditDir, auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';
import { GiB } from '../model/units.js';

const ID = 'pm2-memory-restart-exceeds-ram';
const root = new URL('../../', import.meta.url).pathname;

test("fires on the postmortem host: instances 'max' (2 CPUs) × 2G on 3.8 GiB", () => {
  const f = findingsOf(auditDir(`${root}examples/postmortem-api`), ID).filter((x) => x.severity === 'error');
  assert.equal(f.length, 1);
  const w = where(f);
  assert.ok(w.includes('var/lib/jenkins/workspace/dev_backend/ecosystem.config.js:13'), w.join());
  assert.ok(w.includes('proc/meminfo:1'));
  assert.match(f[0].message, /4 GiB \(instances: 'max' = 2 CPUs.*3\.8 GiB/s);
});

const ECO = (inst: string, mem: string, args = '') => `module.exports = {
  apps: [{
    name: 'api',
    script: 'server.js',
    instances: ${inst},
    exec_mode: 'cluster',
    max_memory_restart: '${mem}',${args}
  }],
};
`;

test('uses --ram when the input has no meminfo, and flags a heap above the restart limit', () => {
  const r = auditFiles(
    { 'srv/api/ecosystem.config.js': ECO('4', '1G', "\n    node_args: '--max-old-space-size=2048',") },
    { ram: 2 * GiB },
  );
  const f = findingsOf(r, ID);
  assert.equal(f.length, 2);
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].message, /4 GiB \(instances: 4 × max_memory_restart 1 GiB\) on a host with 2 GiB RAM \(--ram\)/);
  assert.equal(f[1].severity, 'warning');
  assert.match(f[1].message, /heap of 2 GiB/);
});

test('does not fire when it fits, or without RAM', () => {
  assert.deepEqual(findingsOf(auditFiles({ 'srv/api/ecosystem.config.js': ECO('2', '1G') }, { ram: 4 * GiB }), ID), []);
  assert.deepEqual(findingsOf(auditFiles({ 'srv/api/ecosystem.config.js': ECO('8', '1G') }), ID), []);
});
