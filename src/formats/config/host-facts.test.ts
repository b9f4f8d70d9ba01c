import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { KiB, MiB } from '../../model/units.js';
import { hostFactsParser } from './host-facts.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/host-facts';
const fixtureFS: ConfigFS = {
  read: (p) => (existsSync(join(ROOT, p)) ? readFileSync(join(ROOT, p), 'utf8') : undefined),
  glob: () => [],
};
const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(path: string, fs: ConfigFS = fixtureFS) {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return hostFactsParser.parse({ path, text, fs });
}

test('postmortem host: /proc/meminfo gives 4 GB of RAM and no swap, in bytes', () => {
  const path = 'postmortem/proc/meminfo';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.memTotal?.value, 3986244 * KiB);
  assert.deepEqual(out.data.memTotal?.loc, { path, line: 1 });
  assert.equal(out.data.memTotal?.raw, '3986244 kB');
  assert.equal(out.data.swapTotal?.value, 0);
  assert.deepEqual(out.data.swapTotal?.loc, { path, line: 15 });
  assert.equal(out.data.cpus, undefined);
});

test('postmortem host: /proc/cpuinfo counts 2 processors', () => {
  const out = parseFixture('postmortem/proc/cpuinfo');
  assert.equal(out.data.cpus?.value, 2);
  assert.equal(out.data.cpus?.loc?.line, 1);
});

test('postmortem host: THP [always], overcommit_memory 0 keyed like sysctl', () => {
  const thp = parseFixture('postmortem/sys/kernel/mm/transparent_hugepage/enabled');
  assert.equal(thp.data.transparentHugepage?.value, 'always');
  assert.equal(thp.data.transparentHugepage?.raw, '[always] madvise never');
  const path = 'postmortem/proc/sys/vm/overcommit_memory';
  const oc = parseFixture(path);
  assert.deepEqual(oc.data.sysctl, { 'vm.overcommit_memory': { value: '0', loc: { path, line: 1 } } });
  const vlan = hostFactsParser.parse({
    path: 'app1/proc/sys/net/ipv4/conf/eth0.100/rp_filter',
    text: '2\n',
    fs: noFS,
  });
  assert.equal(vlan.data.sysctl['net.ipv4.conf.eth0/100.rp_filter'].value, '2');
  const rmem = hostFactsParser.parse({
    path: '/proc/sys/net/ipv4/tcp_rmem',
    text: '4096\t131072\t6291456\n',
    fs: noFS,
  });
  assert.equal(rmem.data.sysctl['net.ipv4.tcp_rmem'].value, '4096\t131072\t6291456');
  const madvise = hostFactsParser.parse({
    path: '/sys/kernel/mm/transparent_hugepage/enabled',
    text: 'always [madvise] never\n',
    fs: noFS,
  });
  assert.equal(madvise.data.transparentHugepage?.value, 'madvise');
});

test('postmortem host: hostname and os-release PRETTY_NAME', () => {
  assert.equal(parseFixture('postmortem/etc/hostname').data.hostname?.value, 'ip-172-31-20-118');
  const os = parseFixture('postmortem/etc/os-release');
  assert.equal(os.data.osRelease?.value, 'Ubuntu 16.04.7 LTS');
  assert.deepEqual(os.data.osRelease?.loc, { path: 'postmortem/etc/os-release', line: 5 });
});

test('/proc/PID/limits of the Tomcat JVM: Max open files 4096/4096, named by its comm sibling', () => {
  const path = 'tomcat/proc/2817/limits';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.data.processLimits, [
    { process: 'java (pid 2817)', nofileSoft: 4096, nofileHard: 4096, loc: { path, line: 9 } },
  ]);
  // Without the sibling the pid is the label.
  assert.equal(parseFixture(path, noFS).data.processLimits[0].process, 'pid 2817');
  const cmdlineFS: ConfigFS = {
    read: (p) =>
      p === 'proc/2817/cmdline'
        ? '/usr/lib/jvm/java-8-openjdk-amd64/bin/java\u0000-Dcatalina.base=/var/lib/tomcat7\u0000org.apache.catalina.startup.Bootstrap\u0000start\u0000'
        : undefined,
    glob: () => [],
  };
  const text = readFileSync(join(ROOT, path), 'utf8');
  const byCmdline = hostFactsParser.parse({ path: 'proc/2817/limits', text, fs: cmdlineFS });
  assert.equal(byCmdline.data.processLimits[0].process, 'java (pid 2817)');
  const unlimited = text.replace(
    /^Max open files .*$/m,
    'Max open files            unlimited            unlimited            files',
  );
  assert.equal(hostFactsParser.parse({ path, text: unlimited, fs: noFS }).data.processLimits[0].nofileSoft, Infinity);
});

test('saved command output: free -m, free -h, nproc, ulimit -n and ulimit -Hn', () => {
  const freeM = parseFixture('commands/free-m.txt');
  assert.equal(freeM.data.memTotal?.value, 3892 * MiB);
  assert.deepEqual(freeM.data.memTotal?.loc, { path: 'commands/free-m.txt', line: 2 });
  assert.equal(freeM.data.swapTotal?.value, 0);
  const freeH = parseFixture('commands/free-h.txt');
  assert.equal(freeH.data.memTotal?.value, Math.round(3.7 * 1024 * MiB));
  assert.equal(freeH.data.swapTotal?.value, 0);
  assert.equal(parseFixture('commands/nproc.txt').data.cpus?.value, 2);
  assert.deepEqual(parseFixture('commands/ulimit-n.txt').data.processLimits, [
    { process: 'shell (ulimit -n)', nofileSoft: 1024, loc: { path: 'commands/ulimit-n.txt', line: 1 } },
  ]);
  assert.equal(parseFixture('commands/ulimit-Hn.txt').data.processLimits[0].nofileHard, 524288);
});

test('`free` saved without its unit in the name is an issue, not a guess', () => {
  const out = parseFixture('commands/free.txt');
  assert.equal(out.data.memTotal, undefined);
  assert.deepEqual(
    out.issues.map((i) => `${i.path}:${i.line}`),
    ['commands/free.txt:2', 'commands/free.txt:3'],
  );
  assert.match(out.issues[0].message, /unit of `free` in the file name/);
});

test('malformed lines are issues naming the line; the rest still parses', () => {
  const meminfo = 'MemTotal:        8052452 kB\nMemFree:         1232 kB\nSwapTotal:       lots kB\n';
  const out = hostFactsParser.parse({ path: 'proc/meminfo', text: meminfo, fs: noFS });
  assert.equal(out.data.memTotal?.value, 8052452 * KiB);
  assert.deepEqual(out.issues, [{ path: 'proc/meminfo', line: 3, message: 'expected "SwapTotal: <number> kB"' }]);
  const limits = readFileSync(join(ROOT, 'tomcat/proc/2817/limits'), 'utf8').replace(
    /^Max open files .*$/m,
    'Max open files            4096                 files',
  );
  const bad = hostFactsParser.parse({ path: 'proc/2817/limits', text: limits, fs: noFS });
  assert.deepEqual(bad.data.processLimits, []);
  assert.deepEqual(bad.issues, [
    { path: 'proc/2817/limits', line: 9, message: 'expected "Max open files <soft> <hard> files"' },
  ]);
});

test('detect: snapshots by path and content; other files and look-alikes no', () => {
  const meminfo = readFileSync(join(ROOT, 'postmortem/proc/meminfo'), 'utf8');
  assert.ok(hostFactsParser.detect('/proc/meminfo', meminfo) >= 0.9);
  assert.ok(hostFactsParser.detect('db1-meminfo.txt', meminfo) >= 0.8);
  assert.ok(hostFactsParser.detect('/proc/sys/vm/overcommit_memory', '0\n') >= 0.9);
  assert.ok(
    hostFactsParser.detect('/proc/2817/limits', readFileSync(join(ROOT, 'tomcat/proc/2817/limits'), 'utf8')) >= 0.9,
  );
  // Content alone is not enough where it is ambiguous, nor a path alone.
  assert.equal(hostFactsParser.detect('/etc/redis/enabled', 'always [madvise] never\n'), 0);
  assert.equal(hostFactsParser.detect('/proc/meminfo', 'hello\n'), 0);
  assert.equal(hostFactsParser.detect('count.txt', '2\n'), 0);
  assert.equal(hostFactsParser.detect('/etc/hostname', 'not a hostname at all\nsecond line\n'), 0);
  assert.equal(hostFactsParser.detect('/proc/2817/comm', 'java\n'), 0);
  assert.equal(hostFactsParser.detect('/etc/timezone', 'America/New_York\n'), 0);
  assert.equal(hostFactsParser.detect('/etc/security/limits.conf', '*  soft  nofile  65535\n'), 0);
  assert.equal(hostFactsParser.detect('/etc/sysctl.conf', 'vm.overcommit_memory = 1\n'), 0);
  assert.equal(hostFactsParser.detect('/etc/redis/redis.conf', 'maxmemory 2gb\nmaxmemory-policy allkeys-lru\n'), 0);
});

test('no input makes the parser throw', () => {
  const paths = [
    'proc/meminfo',
    'proc/cpuinfo',
    'proc/sys/vm/swappiness',
    'sys/kernel/mm/transparent_hugepage/enabled',
    'proc/1/limits',
    'etc/hostname',
    'etc/os-release',
    'free-m.txt',
    'nproc',
    'ulimit-n.txt',
    'x',
  ];
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(...paths), (text, path) => {
      hostFactsParser.detect(path, text);
      const out = hostFactsParser.parse({ path, text, fs: noFS });
      if (out.data.memTotal) assert.ok(!Number.isNaN(out.data.memTotal.value));
      if (out.data.cpus) assert.ok(!Number.isNaN(out.data.cpus.value));
    }),
    { numRuns: 400 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          'MemTotal:',
          ' 12 kB',
          'processor\t: 0',
          'Mem:',
          ' total used free shared buff/cache',
          '\n',
          '[',
        ),
        { maxLength: 30 },
      ),
      fc.constantFrom(...paths),
      (parts, path) => {
        hostFactsParser.parse({ path, text: parts.join(''), fs: noFS });
      },
    ),
  );
});
