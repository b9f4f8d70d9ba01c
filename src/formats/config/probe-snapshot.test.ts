// probe-snapshot: the JSON probe writes, read back as host facts and located facts (the snapshot of the captured
// root, test/fixtures/probe-root, written as probe writes it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles } from '../../../test/helpers/audit-fixture.js';
import { takeSnapshot } from '../../probe/snapshot.js';
import { probeSnapshotParser } from './probe-snapshot.js';

const root = new URL('../../../test/fixtures/probe-root', import.meta.url).pathname;
const snapshot = takeSnapshot({ root });
const text = `${JSON.stringify(snapshot, null, 2)}\n`;
const noFS = { glob: () => [], read: () => undefined };

test('detected by its shape, its name helping; other JSON is not a snapshot', () => {
  assert.equal(probeSnapshotParser.detect('probe-snapshot.json', text), 0.95);
  assert.equal(probeSnapshotParser.detect('bundle/host1/snapshot.json', text), 0.85);
  assert.equal(probeSnapshotParser.detect('package.json', '{ "name": "x", "version": "1.0.0" }'), 0);
  assert.equal(probeSnapshotParser.detect('probe-snapshot.json', 'MemTotal: 1 kB'), 0);
});

test('host facts and the line of each fact', () => {
  const out = probeSnapshotParser.parse({ path: 'probe-snapshot.json', text, fs: noFS });
  assert.deepEqual(out.issues, []);
  const f = out.data.hostFacts;
  const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  assert.deepEqual(f.memTotal?.value, 24683792 * 1024);
  assert.deepEqual(f.memTotal?.loc, { path: 'probe-snapshot.json', line: line('"memTotal"') });
  assert.equal(f.cpus?.value, 2);
  assert.equal(f.transparentHugepage?.value, 'madvise');
  assert.deepEqual(f.sysctl['vm.overcommit_memory'], {
    value: '0',
    loc: { path: 'probe-snapshot.json', line: line('"overcommitMemory"') },
  });
  assert.deepEqual(f.processLimits, [
    {
      process: 'node',
      nofileSoft: 20000,
      nofileHard: 20000,
      loc: { path: 'probe-snapshot.json', line: line('"pid": 13351') },
    },
  ]);
  assert.equal(out.data.lines['listener:127.0.0.1:43699'], line('"address": "127.0.0.1"'));
  assert.equal(out.data.lines['mount:/'], line('"mount": "/"'));
});

test('audit takes the RAM, CPUs and limits of the host from the snapshot', () => {
  const result = auditFiles({ 'probe-snapshot.json': text });
  assert.deepEqual(
    result.inputs.map((i) => [i.path, i.format, i.error]),
    [['probe-snapshot.json', 'probe-snapshot', null]],
  );
  const host = result.stack.hosts[0];
  assert.equal(host.ram?.value, 24683792 * 1024);
  assert.equal(host.cpus?.value, 2);
  assert.equal(host.processLimits[0].nofileSoft, 20000);
  assert.equal(host.sysctl['net.core.somaxconn'].value, '4096');
});

test('not JSON, or not the shape: one issue, no facts', () => {
  for (const [bad, message] of [
    ['{ "processes": [', /^not JSON/],
    ['{ "version": 2, "host": {}, "processes": [], "listeners": [] }', /version/],
    ['{ "version": 1, "host": {}, "processes": {}, "listeners": [] }', /"processes" array/],
  ] as const) {
    const out = probeSnapshotParser.parse({ path: 'probe-snapshot.json', text: bad, fs: noFS });
    assert.equal(out.issues.length, 1);
    assert.match(out.issues[0].message, message);
    assert.deepEqual(out.data.hostFacts.processLimits, []);
  }
});

test('a snapshot of the host alone (as collect may bundle it): its facts, no process', () => {
  const out = probeSnapshotParser.parse({
    path: 'db/probe-snapshot.json',
    text: '{ "version": 1, "root": "/", "host": { "cpus": 2 } }',
    fs: noFS,
  });
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.hostFacts.cpus?.value, 2);
  assert.deepEqual(out.data.snapshot.processes, []);
});

test('entries without their pid or counts are left out', () => {
  const edited = JSON.stringify({
    ...snapshot,
    processes: [...snapshot.processes, { name: 'x' }, { pid: 7, name: 'y' }],
  });
  const out = probeSnapshotParser.parse({ path: 'probe-snapshot.json', text: edited, fs: noFS });
  assert.deepEqual(
    out.data.snapshot.processes.map((p) => p.pid),
    [13351],
  );
  // Written on one line: every fact is at line 1.
  assert.equal(out.data.hostFacts.memTotal?.loc?.line, 1);
});
