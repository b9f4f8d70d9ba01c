import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { SIGNATURES } from '../../signatures/catalog.js';
import { createMatcher } from '../../signatures/match.js';
import { packageLog } from './package-log.js';
import { detectLogFormat, LOG_FORMATS } from './registry.js';

const REAL = new URL('../../../test/real-logs/package-log/', import.meta.url);
const realFile = (name: string) => readFileSync(new URL(name, REAL), 'utf8').split('\n');

test('every sample parses', () => {
  for (const line of packageLog.samples) assert.ok(packageLog.parse(line), line);
});

test("dpkg.log: local time, the action, the package and both versions (this lab machine's dpkg.log)", () => {
  const up = packageLog.parse(realFile('dpkg-debian12.log')[1])!;
  assert.deepEqual(up.ts, { year: 2025, month: 6, day: 24, hour: 14, minute: 36, second: 25 });
  assert.deepEqual(up.fields, {
    action: 'upgrade',
    package: 'libsystemd0:amd64',
    from: '252.36-1~deb12u1',
    to: '252.38-1~deb12u1',
  });
  // dpkg's state lines are read, without a change of their own.
  const status = packageLog.parse('2025-06-24 14:36:25 status half-configured libsystemd0:amd64 252.36-1~deb12u1')!;
  assert.equal(status.program, 'dpkg');
  assert.equal(status.fields, undefined);
});

test("apt's history.log: a record opened by Start-Date, its lines continue it", () => {
  const lines = realFile('apt-history-debian12.log');
  const start = packageLog.parse(lines[1])!;
  assert.deepEqual(start.ts, { year: 2025, month: 6, day: 24, hour: 14, minute: 36, second: 25 });
  assert.equal(start.program, 'apt');
  for (const line of lines.slice(2, 5)) assert.equal(packageLog.parse(line)?.continuation, true, line);
  assert.equal(packageLog.parse(''), null);
});

test('yum.log has no year; dnf.rpm.log states its offset', () => {
  const yum = packageLog.parse(realFile('yum-centos7.log')[0])!;
  assert.deepEqual(yum.ts, { month: 6, day: 28, hour: 17, minute: 10, second: 4 });
  assert.deepEqual(yum.fields, { action: 'upgrade', package: '1:mariadb-libs-5.5.47-1.el7_2.x86_64' });
  const dnf = packageLog.parse('2022-03-28T14:31:28+00 SUBDEBUG Upgrade: openssl-libs-1:1.1.1g-16.el8_4')!;
  assert.equal(dnf.ts?.offsetMinutes, 0);
  assert.deepEqual(dnf.fields, { action: 'upgrade', package: 'openssl-libs-1:1.1.1g-16.el8_4' });
});

test('detect: every real package log is package-log, whatever its name; other formats are not', () => {
  for (const name of readdirSync(REAL).filter((f) => f.endsWith('.log'))) {
    assert.equal(detectLogFormat(realFile(name), `/var/log/${name}`)?.format.id, 'package-log', name);
    assert.equal(detectLogFormat(realFile(name), 'x.log')?.format.id, 'package-log', name);
  }
  for (const other of LOG_FORMATS.filter((f) => f.id !== 'package-log')) {
    assert.equal(packageLog.detect(other.samples, 'x.log'), 0, other.id);
  }
});

test('signatures: upgrades, installs and removals of each package manager are changes', () => {
  const m = createMatcher(SIGNATURES);
  const cases: [string, string, string][] = [
    [realFile('dpkg-debian12.log')[1], 'package-dpkg-upgrade', 'libsystemd0:amd64'],
    [realFile('apt-history-debian12.log')[9], 'package-apt-upgrade', 'tzdata:amd64'],
    [realFile('apt-history-unattended-remove.log')[3], 'package-apt-remove', 'libspeechd2:amd64'],
    [realFile('yum-centos7.log')[1], 'package-yum-updated', 'graphite2-1.3.6-1.el7_2.x86_64'],
  ];
  for (const [line, id, pkg] of cases) {
    const hit = m.match('package-log', line);
    assert.equal(hit?.signature.id, id, line);
    assert.equal(hit?.signature.event, 'package-change');
    assert.equal(hit?.groups.package, pkg);
  }
  assert.equal(m.match('package-log', realFile('dpkg-debian12.log')[2]), null);
});

test('property: never throws, linear on long lines', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      packageLog.parse(s);
      packageLog.parse(`2025-06-24 14:36:25 upgrade ${s}`);
      packageLog.parse(`Start-Date: ${s}`);
    }),
    { numRuns: 2000 },
  );
  const t0 = performance.now();
  packageLog.parse(`2025-06-24 14:36:25 upgrade ${'x '.repeat(150_000)}`);
  packageLog.parse(`Jun 28 17:10:04 Updated: ${'x'.repeat(300_000)}`);
  assert.ok(performance.now() - t0 < 1000);
});
