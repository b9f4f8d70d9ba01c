import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { dottedKey, sysctlParser } from './sysctl.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/sysctl';
const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(path: string) {
  return sysctlParser.parse({ path, text: readFileSync(join(ROOT, path), 'utf8'), fs: noFS });
}

test('/etc/sysctl.d/99-redis.conf: with and without spaces, and the "-" ignore-failure prefix', () => {
  const path = 'etc/sysctl.d/99-redis.conf';
  const out = parseFixture(path);
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.data.values, {
    'vm.overcommit_memory': { value: '1', loc: { path, line: 3 } },
    'net.core.somaxconn': { value: '65535', loc: { path, line: 6 } },
    'net.ipv4.tcp_max_syn_backlog': { value: '8192', loc: { path, line: 7 } },
  });
});

test("Debian's sysctl.conf: commented stock lines ignored, slash form normalised, later line wins", () => {
  const path = 'etc/sysctl.conf';
  const out = parseFixture(path);
  const v = out.data.values;
  assert.equal(v['kernel.domainname'], undefined);
  assert.equal(v['net.ipv4.ip_forward'], undefined);
  assert.deepEqual(v['fs.file-max'], { value: '2097152', loc: { path, line: 32 } });
  // vm.swappiness = 10 on line 33 is overridden by the last line.
  assert.deepEqual(v['vm.swappiness'], { value: '1', loc: { path, line: 39 } });
  assert.deepEqual(v['vm.dirty_ratio'], { value: '15', loc: { path, line: 35 } });
  // net/ipv4/conf/eth0.100/rp_filter: the dot belongs to the VLAN interface name.
  assert.deepEqual(v['net.ipv4.conf.eth0/100.rp_filter'], { value: '2', loc: { path, line: 36 } });
  assert.equal(v['net.core.somaxconn'].value, '4096');
  assert.deepEqual(out.issues, [{ path, line: 38, message: 'expected "key = value"' }]);
});

test('`sysctl -a` saved to a file: every key, tab-separated vectors, tool messages skipped', () => {
  const out = parseFixture('sysctl-a.txt');
  assert.deepEqual(out.issues, []);
  assert.equal(Object.keys(out.data.values).length, 18);
  assert.equal(out.data.values['vm.overcommit_memory'].value, '0');
  assert.equal(out.data.values['vm.overcommit_memory'].loc.line, 17);
  assert.equal(out.data.values['net.ipv4.tcp_rmem'].value, '4096\t131072\t6291456');
  assert.equal(out.data.values['fs.nr_open'].value, '1048576');
});

test('dottedKey follows sysctl.d(5): a leading slash form swaps slashes and dots', () => {
  assert.equal(dottedKey('vm/overcommit_memory'), 'vm.overcommit_memory');
  assert.equal(dottedKey('net.ipv4.conf.enp3s0/200.forwarding'), 'net.ipv4.conf.enp3s0/200.forwarding');
  assert.equal(dottedKey('net/ipv4/conf/enp3s0.200/forwarding'), 'net.ipv4.conf.enp3s0/200.forwarding');
});

test('malformed lines are issues naming the line; the rest still parses', () => {
  const text = 'vm.swappiness = 10\nswappiness\n = 5\nhello world = 3\nfs.file-max = 100000\n';
  const out = sysctlParser.parse({ path: 'sysctl.conf', text, fs: noFS });
  assert.deepEqual(
    out.issues.map((i) => i.line),
    [2, 3, 4],
  );
  assert.match(out.issues[1].message, /expected a dotted kernel parameter name/);
  assert.deepEqual(Object.keys(out.data.values), ['vm.swappiness', 'fs.file-max']);
});

test('detect: sysctl files and `sysctl -a` yes; redis.conf, my.cnf and a .env no', () => {
  const redisConf = readFileSync(join(ROOT, 'etc/sysctl.d/99-redis.conf'), 'utf8');
  assert.ok(sysctlParser.detect('/etc/sysctl.d/99-redis.conf', redisConf) >= 0.9);
  assert.ok(sysctlParser.detect('sysctl-a.txt', readFileSync(join(ROOT, 'sysctl-a.txt'), 'utf8')) >= 0.8);
  const redis = 'bind 127.0.0.1 ::1\nport 6379\ntcp-backlog 511\nmaxmemory-policy noeviction\nsave 900 1\n';
  assert.equal(sysctlParser.detect('/etc/redis/redis.conf', redis), 0);
  const mycnf = '[mysqld]\nmax_connections = 151\nwait_timeout = 28800\n';
  assert.equal(sysctlParser.detect('/etc/mysql/my.cnf', mycnf), 0);
  assert.equal(sysctlParser.detect('.env', 'NODE_ENV=production\nDATABASE_URL=postgres://db/app\n'), 0);
  assert.equal(sysctlParser.detect('/proc/sys/vm/overcommit_memory', '0\n'), 0);
});

test('no input makes the parser throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      sysctlParser.detect('sysctl.conf', text);
      const out = sysctlParser.parse({ path: 'sysctl.conf', text, fs: noFS });
      for (const k of Object.keys(out.data.values)) assert.ok(k.length > 0);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('vm', '.', '/', 'net', '=', ' ', '-', '#', ';', '\n', '1', 'sysctl: '), {
        maxLength: 40,
      }),
      (parts) => {
        sysctlParser.parse({ path: 'sysctl.conf', text: parts.join(''), fs: noFS });
      },
    ),
  );
});
