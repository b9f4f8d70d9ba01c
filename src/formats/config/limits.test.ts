import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { limitsParser } from './limits.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/limits';
const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(path: string) {
  return limitsParser.parse({ path, text: readFileSync(join(ROOT, path), 'utf8'), fs: noFS });
}

test("Debian's stock limits.conf with real entries: values, unlimited/infinity, inline comments", () => {
  const path = 'etc/security/limits.conf';
  const out = parseFixture(path);
  const got = out.data.entries.map((e) => [e.domain, e.type, e.item, e.value, e.loc.line]);
  assert.deepEqual(got, [
    ['*', 'soft', 'nofile', 65535, 57],
    ['*', 'hard', 'nofile', 65535, 58],
    ['www-data', 'hard', 'nofile', 100000, 59],
    ['@admins', '-', 'nproc', 4096, 60],
    ['root', 'soft', 'core', Infinity, 61],
    ['elasticsearch', '-', 'memlock', Infinity, 62],
  ]);
  assert.equal(out.data.entries[0].loc.path, path);
  // "nofil" is a typo pam_limits ignores; the line is named, the rest of the file parsed.
  assert.deepEqual(out.issues, [
    {
      path,
      line: 63,
      message: 'expected a limit item like nofile, nproc, as or memlock, got "nofil"',
    },
  ]);
});

test('limits.d/90-nproc.conf (the RHEL fork-bomb guard)', () => {
  const out = parseFixture('etc/security/limits.d/90-nproc.conf');
  assert.deepEqual(out.issues, []);
  assert.deepEqual(
    out.data.entries.map((e) => `${e.domain} ${e.type} ${e.item} ${e.value} @${e.loc.line}`),
    ['* soft nproc 4096 @5', 'root soft nproc Infinity @6'],
  );
});

test('-1 means no limit, except for priority and nice where it is a value', () => {
  const text = 'oracle  hard  stack  -1\n@audio  -  nice  -1\n@audio - rtprio 95\n';
  const out = limitsParser.parse({ path: 'limits.d/audio.conf', text, fs: noFS });
  assert.deepEqual(out.issues, []);
  assert.deepEqual(
    out.data.entries.map((e) => e.value),
    [Infinity, -1, 95],
  );
});

test('malformed lines are issues naming the line; the rest still parses', () => {
  const text = [
    '*  soft  nofile  4096',
    '*  sfot  nofile  4096',
    '*  hard  nofile',
    'deploy  hard  nofile  lots',
    'deploy  hard  nofile  16384',
  ].join('\n');
  const out = limitsParser.parse({ path: 'limits.conf', text, fs: noFS });
  assert.deepEqual(
    out.issues.map((i) => `${i.line}: ${i.message}`),
    [
      '2: expected type soft, hard or -, got "sfot"',
      '3: expected "<domain> <type> <item> <value>"',
      '4: expected a number, unlimited or infinity for nofile, got "lots"',
    ],
  );
  assert.deepEqual(
    out.data.entries.map((e) => `${e.domain}:${e.type}:${e.value}:${e.loc.line}`),
    ['*:soft:4096:1', 'deploy:hard:16384:5'],
  );
});

test('detect: limits files yes; nginx.conf, sysctl.conf, /proc/PID/limits and a systemd unit no', () => {
  const stock = readFileSync(join(ROOT, 'etc/security/limits.conf'), 'utf8');
  assert.ok(limitsParser.detect('/etc/security/limits.conf', stock) >= 0.9);
  assert.ok(limitsParser.detect('/etc/security/limits.d/90-nproc.conf', '*  soft  nproc  4096\n') >= 0.9);
  assert.ok(limitsParser.detect('ulimits-snippet.txt', '*  soft  nofile  65535\n*  hard  nofile  65535\n') >= 0.5);
  // The commented-out stock file names its columns.
  const commentsOnly = stock
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .join('\n');
  assert.ok(limitsParser.detect('limits.conf.orig', commentsOnly) >= 0.5);
  const nginx =
    'user www-data;\nworker_processes auto;\nworker_rlimit_nofile 65535;\nevents {\n  worker_connections 4096;\n}\n';
  assert.equal(limitsParser.detect('/etc/nginx/nginx.conf', nginx), 0);
  assert.equal(limitsParser.detect('/etc/sysctl.conf', 'fs.file-max = 2097152\nvm.swappiness = 10\n'), 0);
  const procLimits = readFileSync('test/fixtures/config/host-facts/tomcat/proc/2817/limits', 'utf8');
  assert.equal(limitsParser.detect('/proc/2817/limits', procLimits), 0);
  assert.equal(limitsParser.detect('node.service', '[Service]\nLimitNOFILE=65536\n'), 0);
});

test('no input makes the parser throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      limitsParser.detect('/etc/security/limits.conf', text);
      const out = limitsParser.parse({ path: 'limits.conf', text, fs: noFS });
      for (const e of out.data.entries) assert.ok(typeof e.value === 'number' && !Number.isNaN(e.value));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('*', ' ', 'soft', 'hard', '-', 'nofile', 'unlimited', '-1', '42', '#', '\n', '\t'), {
        maxLength: 40,
      }),
      (parts) => {
        const out = limitsParser.parse({ path: 'limits.conf', text: parts.join(''), fs: noFS });
        for (const e of out.data.entries) assert.ok(!Number.isNaN(e.value));
      },
    ),
  );
});
