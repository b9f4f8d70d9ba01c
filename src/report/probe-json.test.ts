// probe's JSON is the contract's shape and, written to a file, a probe-snapshot that audit reads to the same
// findings, located at the lines of that file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles } from '../../test/helpers/audit-fixture.js';
import { probeSnapshotConfig } from '../formats/config/probe-snapshot.js';
import { combine } from '../probe/probe.js';
import { takeSnapshot } from '../probe/snapshot.js';
import { runRules } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import { buildStack } from '../stack/build-stack.js';
import { probeJson } from './probe-json.js';
import { probeSarif } from './probe-sarif.js';

const root = new URL('../../test/fixtures/probe-root', import.meta.url).pathname;

function result() {
  const s = takeSnapshot({ root, ss: false });
  s.processes[0].fds = 1000;
  s.processes[0].fdSoftLimit = 1024;
  const r = combine([s], 0);
  const data = probeSnapshotConfig(r, 'probe');
  r.findings = runRules(
    RULES,
    buildStack([{ id: 'p', format: 'probe-snapshot', path: 'probe', host: '', data }]),
  ).findings;
  return r;
}

test('the contract keys, and audit of the written file finds the same, at its lines', () => {
  const r = result();
  assert.deepEqual(
    r.findings.map((f) => [f.rule, f.severity, f.locations[0].path]),
    [['fd-usage-near-limit', 'error', '/proc/13351']],
  );
  const text = probeJson(r);
  const j = JSON.parse(text);
  for (const k of ['version', 'host', 'processes', 'listeners', 'samples', 'findings', 'forecasts', 'unreadable'])
    assert.ok(k in j, k);
  for (const k of ['name', 'kernel', 'cpus', 'memTotal', 'memAvailable', 'swapUsed']) assert.ok(k in j.host, k);
  const audited = auditFiles({ 'probe-snapshot.json': text });
  const line = text.split('\n').findIndex((l) => l.includes('"pid": 13351')) + 1;
  assert.deepEqual(
    audited.findings.map((f) => [f.rule, f.message, f.locations]),
    r.findings.map((f) => [f.rule, f.message, [{ path: 'probe-snapshot.json', line }]]),
  );
});

test('SARIF: one result per finding at the /proc path, with the rules of the tool', () => {
  const sarif = JSON.parse(probeSarif(result()));
  const run = sarif.runs[0];
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(
    run.results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level]),
    [['fd-usage-near-limit', 'error']],
  );
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, '/proc/13351');
  assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'close-wait-pile'));
});
