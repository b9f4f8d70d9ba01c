import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { fixtureFS } from '../../../test/helpers/config-fixture.js';
import { GiB } from '../../model/units.js';
import { REDIS_DEFAULTS, redisParser, splitArgs } from './redis.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/redis';
const CONF = 'etc/redis/redis.conf';

/** A fixture tree as an input root: absolute targets under it, relative ones against the including file. */

const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(tree: string, path = CONF) {
  const root = join(ROOT, tree);
  return redisParser.parse({ path, text: readFileSync(join(root, path), 'utf8'), fs: fixtureFS(root) });
}

function parseText(text: string) {
  return redisParser.parse({ path: CONF, text, fs: noFS });
}

test("Debian's stock redis.conf (Redis 7): commented examples do not count; unset settings are documented defaults", () => {
  const out = parseFixture('debian');
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.deepEqual(d.bind.value, ['127.0.0.1', '-::1']);
  assert.deepEqual(d.bind.loc, { path: CONF, line: 45 });
  assert.equal(d.protectedMode.value, true);
  assert.equal(d.protectedMode.isDefault, false);
  assert.equal(d.port.value, 6379);
  assert.equal(d.timeout.value, 0);
  assert.deepEqual(d.timeout.loc, { path: CONF, line: 65 });
  // "# maxmemory <bytes>", "# save 3600 1 …", "# requirepass foobared" are comments.
  assert.equal(d.maxmemory.value, 0);
  assert.equal(d.maxmemory.isDefault, true);
  assert.equal(d.maxmemory.defaultSource, REDIS_DEFAULTS.maxmemory.source);
  assert.equal(d.maxmemoryPolicy.value, 'noeviction');
  assert.equal(d.maxmemoryPolicy.isDefault, true);
  assert.deepEqual(d.save.value, ['3600 1', '300 100', '60 10000']);
  assert.equal(d.save.isDefault, true);
  assert.equal(d.requirepass.value, false);
  assert.equal(d.requirepass.isDefault, true);
  assert.equal(d.maxclients.value, 10000);
  assert.equal(d.maxclients.isDefault, true);
  assert.equal(d.appendonly.value, false);
  assert.equal(d.appendonly.isDefault, false);
  assert.deepEqual(d.directives['proc-title-template'][0].args, ['{title} {listen-addr} {server-mode}']);
  assert.equal(d.directives['client-output-buffer-limit'].length, 3);
  assert.deepEqual(d.directives.logfile[0].args, ['/var/log/redis/redis-server.log']);
});

test('seed postmortem: a customised config with no maxmemory; three save lines add up', () => {
  const out = parseFixture('postmortem');
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.maxmemory.value, 0);
  assert.equal(d.maxmemory.isDefault, true);
  assert.deepEqual(d.save.value, ['900 1', '300 10', '60 10000']);
  assert.deepEqual(d.save.loc, { path: CONF, line: 22 });
  assert.equal(d.save.isDefault, false);
  assert.deepEqual(d.bind.value, ['127.0.0.1', '::1']);
  assert.deepEqual(d.directives['notify-keyspace-events'][0].args, ['']);
});

test('tuned: maxmemory 2gb, allkeys-lru, includes in place with their own file:line, secrets never kept', () => {
  const out = parseFixture('tuned');
  assert.deepEqual(out.issues, []);
  const d = out.data;
  assert.equal(d.maxmemory.value, 2 * GiB);
  assert.equal(d.maxmemory.raw, '2gb');
  assert.deepEqual(d.maxmemory.loc, { path: CONF, line: 8 });
  assert.equal(d.maxmemoryPolicy.value, 'allkeys-lru');
  assert.equal(d.timeout.value, 300_000);
  assert.equal(d.requirepass.value, true);
  assert.deepEqual(d.requirepass.loc, { path: CONF, line: 12 });
  assert.equal(d.requirepass.raw, undefined);
  // From the included template, before this file's own lines.
  assert.equal(d.maxclients.value, 4096);
  assert.deepEqual(d.maxclients.loc, { path: 'etc/redis/common.conf', line: 7 });
  // common.conf's "save 900 1" is cleared by `save ""` at line 16.
  assert.deepEqual(d.save.value, []);
  assert.deepEqual(d.save.loc, { path: CONF, line: 16 });
  // local.d/*.conf comes last and wins.
  assert.equal(d.appendonly.value, true);
  assert.deepEqual(d.appendonly.loc, { path: 'etc/redis/local.d/50-aof.conf', line: 2 });
  assert.deepEqual(out.consumed, ['etc/redis/common.conf', 'etc/redis/local.d/50-aof.conf']);
  const json = JSON.stringify(out);
  assert.ok(!json.includes('Zq8#x!pLm2'), 'the password must not appear anywhere in the parse output');
  assert.ok(!json.includes('pLm2'));
  assert.deepEqual(d.directives.user[0].args, ['app', 'on', '><redacted>', '~cache:*', '+@read', '+@write']);
});

test('sizes: 1k = 1000 bytes, 1kb = 1024, units case-insensitive; bare numbers are bytes', () => {
  assert.equal(parseText('maxmemory 1k').data.maxmemory.value, 1000);
  assert.equal(parseText('maxmemory 1kb').data.maxmemory.value, 1024);
  assert.equal(parseText('maxmemory 1GB').data.maxmemory.value, GiB);
  assert.equal(parseText('maxmemory 100m').data.maxmemory.value, 100_000_000);
  assert.equal(parseText('maxmemory 104857600').data.maxmemory.value, 104857600);
});

test('directive names are case-insensitive; the last line wins; bind replaces, does not add', () => {
  const out = parseText(
    'MaxMemory 1mb\nmaxmemory 3mb\nbind 10.0.0.1\nBIND 127.0.0.1 ::1\nSAVE 3600 1 300 100\nsave 60 10000\n',
  );
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.maxmemory.value, 3 * 1024 * 1024);
  assert.equal(out.data.maxmemory.loc?.line, 2);
  assert.deepEqual(out.data.bind.value, ['127.0.0.1', '::1']);
  assert.deepEqual(out.data.save.value, ['3600 1', '300 100', '60 10000']);
  assert.equal(out.data.directives.maxmemory.length, 2);
});

test('arguments split like sdssplitargs', () => {
  assert.deepEqual(splitArgs('logfile ""'), ['logfile', '']);
  assert.deepEqual(splitArgs('rename-command CONFIG "b840fc02d524045429941cc15f59e41cb7be6c52"'), [
    'rename-command',
    'CONFIG',
    'b840fc02d524045429941cc15f59e41cb7be6c52',
  ]);
  assert.deepEqual(splitArgs("x \"a\\tb\\x41\" 'it\\'s'"), ['x', 'a\tbA', "it's"]);
  assert.equal(splitArgs('x "abc'), null);
  assert.equal(splitArgs('x "abc"def'), null);
});

test('malformed lines are issues naming the line (never the secret); the rest parses', () => {
  const out = parseText(
    [
      'maxmemory 2 gigs', // 1
      'maxmemory-policy lru', // 2
      'requirepass "hunter2-unterminated', // 3
      'save 900', // 4
      'protected-mode maybe', // 5
      'port 6380',
      'include', // 7
      'timeout 5m', // 8
    ].join('\n'),
  );
  assert.deepEqual(
    out.issues.map((i) => i.line).sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 7, 8],
  );
  for (const i of out.issues) assert.equal(i.path, CONF);
  assert.ok(!JSON.stringify(out).includes('hunter2'));
  assert.ok(out.issues.some((i) => i.line === 3 && i.message === 'unbalanced quotes in the arguments of requirepass'));
  assert.ok(out.issues.some((i) => i.line === 1 && /maxmemory: expected bytes/.test(i.message)));
  assert.equal(out.data.port.value, 6380);
  assert.equal(out.data.maxmemory.isDefault, true);
  assert.equal(out.data.requirepass.value, false);
  assert.deepEqual(out.data.save.value, []);
});

test('detect: redis.conf directives decide; PostgreSQL and sysctl files are not redis', () => {
  const debian = readFileSync(join(ROOT, 'debian', CONF), 'utf8');
  assert.ok(redisParser.detect('/etc/redis/redis.conf', debian) >= 0.85);
  assert.ok(redisParser.detect('/srv/cache/6379.conf', debian) >= 0.85);
  assert.ok(redisParser.detect('/tmp/x', 'maxmemory 2gb\nmaxmemory-policy allkeys-lru\nappendonly no\n') >= 0.7);
  assert.ok(
    redisParser.detect(
      '/etc/postgresql/14/main/postgresql.conf',
      'port = 5432\nmax_connections = 100\nshared_buffers = 128MB\n',
    ) < 0.5,
  );
  assert.ok(redisParser.detect('/etc/sysctl.conf', 'vm.overcommit_memory = 1\n') < 0.5);
});

test('directives named like Object members are plain names', () => {
  const out = parseText('__proto__\nconstructor x\nhasOwnProperty 1 2\n');
  assert.deepEqual(out.issues, []);
  const [proto, ctor]: string[] = ['__proto__', 'constructor'];
  assert.deepEqual(out.data.directives[proto][0].args, []);
  assert.deepEqual(out.data.directives[ctor][0].args, ['x']);
  assert.equal(out.data.directives.hasownproperty[0].loc.line, 3);
});

test('parse never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      assert.ok(Array.isArray(parseText(text).issues));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          'save ""',
          'save 1',
          'bind',
          '"',
          "'a'b",
          'include *',
          'maxmemory x',
          'requirepass',
          'user x >p',
          '\\x',
        ),
        {
          maxLength: 30,
        },
      ),
      (lines) => {
        parseText(lines.join('\n'));
      },
    ),
  );
});
