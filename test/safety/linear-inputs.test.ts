// The inputs issue 8 measured as super-linear, scaled so each test is quick, through the real code: the signature
// matcher, the heroku-log and haproxy-ctld parsers, config detection and host placement. Each asserts that the
// work completes with the right result; the time limit only turns a regression into a failure instead of a hang
// (scripts/fuzz-scaling.ts measures the scaling itself).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Layout } from '../../src/evidence/layout.js';
import { appEngineParser } from '../../src/formats/config/app-engine.js';
import { nodeAppParser } from '../../src/formats/config/node-app.js';
import { pm2Parser } from '../../src/formats/config/pm2.js';
import { redisParser } from '../../src/formats/config/redis.js';
import { detectConfigFormat } from '../../src/formats/config/registry.js';
import { haproxyCtld } from '../../src/formats/log/haproxy-ctld.js';
import { herokuLog } from '../../src/formats/log/heroku-log.js';
import { SIGNATURES } from '../../src/signatures/catalog.js';
import { createMatcher } from '../../src/signatures/match.js';
import { buildStack } from '../../src/stack/build-stack.js';
import type { Component } from '../../src/stack/stack.js';

const GUARD = { timeout: 20_000 };
const fixtureLine = (path: string, n: number) => readFileSync(path, 'utf8').split('\n')[n - 1] as string;

test('signature matcher: `(?<unit>\\S+): literal` on 60 KB non-space runs (5 lines, 19.5 s before)', GUARD, () => {
  const matcher = createMatcher(SIGNATURES);
  const stamp = 'Jul 11 14:12:59 ip-172-31-9-80 systemd[1]: ';
  const unit = 'a'.repeat(60_000);
  for (let i = 0; i < 5; i++) {
    // The needle is there but the pattern cannot match: each start used to rescan the run.
    assert.equal(matcher.match('syslog', `${stamp}${unit} : Failed with result 'oom-kill'`), null);
  }
  const hit = matcher.match('syslog', `${stamp}${unit}.service: Failed with result 'oom-kill'.`);
  assert.equal(hit?.groups.unit, `${unit}.service`);
  const kernel = `[ 1.0] ${'Out of memory: Kill process 1 ('.repeat(2_000)}`;
  assert.equal(matcher.match('kernel', kernel), null);
});

test('heroku-log: logfmt pairs after a 64 KB run of `-` or `a.` (3.6 s a line before)', GUARD, () => {
  const real = fixtureLine('test/fixtures/log/heroku/heroku.log', 2);
  const head = real.slice(0, real.indexOf(': ') + 2);
  for (const unit of ['-', 'a.', 'a-']) {
    const line = `${head}${unit.repeat(32_000)} status=503 bytes=12`;
    const parsed = herokuLog.parse(line);
    assert.ok(parsed, unit);
    assert.equal(parsed.request?.status, 503, unit);
  }
  assert.equal(herokuLog.parse(real)?.request?.status, 200);
});

test('haproxy-ctld: gear metrics after a 64 KB run of digits (7.9 s a line before)', GUARD, () => {
  const real = fixtureLine('test/fixtures/log/haproxy/haproxy_ctld.log', 2);
  const line = real.replace('capacity: 143.75%', `capacity: 143.75% ${'0'.repeat(64_000)}0%A: 0`);
  const parsed = haproxyCtld.parse(line);
  assert.equal(parsed?.fields?.capacity, 143.75);
  assert.equal(parsed?.fields?.gear_count, 1);
});

test('config detection: 64,000 newlines and a 200 KB notes file are no config (14 s and 22 s before)', GUARD, () => {
  assert.equal(detectConfigFormat('etc/notes.txt', '\n'.repeat(64_000)), null);
  assert.equal(detectConfigFormat('etc/notes.txt', `${'\n'.repeat(64_000)}\tshared\tbuffers`), null);
  assert.equal(detectConfigFormat('etc/redis/notes.txt', 'a. '.repeat(70_000)), null);
  const redis = readFileSync('test/fixtures/config/redis/debian/etc/redis/redis.conf', 'utf8');
  assert.equal(detectConfigFormat('etc/redis/redis.conf', redis)?.parser.id, 'redis');
});

test('host placement: 40,000 hNNNNN/etc/redis/redis.conf members (31 s before)', GUARD, () => {
  const rels = Array.from({ length: 40_000 }, (_, i) => `h${String(i).padStart(5, '0')}/etc/redis/redis.conf`);
  const layout = Layout.plan(
    rels.map((path) => ({ path, isDir: false })),
    'bundle.tar.gz',
  );
  const placed = rels.map((rel) => layout.place(rel));
  assert.deepEqual(placed[12_345], {
    path: 'bundle.tar.gz/h12345/etc/redis/redis.conf',
    host: 'h12345',
    hostPath: '/etc/redis/redis.conf',
    rootPath: 'bundle.tar.gz/h12345',
    // The input named among several (its display prefix): links by port stay within it.
    input: 'bundle.tar.gz',
  });
  const text = readFileSync('test/fixtures/config/redis/debian/etc/redis/redis.conf', 'utf8');
  const parsed = redisParser.parse({ path: placed[0]!.path, text, fs: { read: () => undefined, glob: () => [] } });
  const components: Component[] = placed.map((p) => ({
    id: `redis:${p.path}`,
    format: 'redis',
    path: p.path,
    host: p.host ?? '',
    data: parsed.data,
  }));
  const stack = buildStack(components);
  assert.equal(stack.hosts.length, 40_000);
  assert.equal(stack.hosts[40_000 - 1]?.name, 'h39999');
});

test('JS configs: `a={` × 8000 in server.js and ecosystem.config.js is one issue, not a 33 s scan', GUARD, () => {
  const real = readFileSync('test/fixtures/config/node-app/server.js', 'utf8');
  const noFS = { read: () => undefined, glob: () => [] };
  const nested = `${real}\nconst deep = ${'a={'.repeat(8000)}\n`;
  for (const [path, parser] of [
    ['server.js', nodeAppParser],
    ['server.ts', nodeAppParser],
    ['ecosystem.config.js', pm2Parser],
  ] as const) {
    const out = parser.parse({ path, text: nested, fs: noFS });
    assert.equal(out.issues.length, 1, path);
    assert.match(out.issues[0]!.message, /nested deeper than 200 levels/);
    assert.equal(out.issues[0]!.line, real.split('\n').length + 1);
  }
  // Without the nesting the same file still yields its settings, read off the one parse.
  const ok = nodeAppParser.parse({ path: 'server.js', text: real, fs: noFS });
  assert.equal(ok.data.keepAliveTimeout?.value, 65000);
});

test('JS configs: 6,000 object literals are read in one parse', GUARD, () => {
  const real = readFileSync('test/fixtures/config/node-app/server.js', 'utf8');
  const many = `${real}\n${Array.from({ length: 6000 }, (_, i) => `const o${i} = { a: ${i} };`).join('\n')}\n`;
  const out = nodeAppParser.parse({ path: 'server.js', text: many, fs: { read: () => undefined, glob: () => [] } });
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.keepAliveTimeout?.value, 65000);
});

test('app.yaml: a 64 KB run of quotes is one issue (7.6 s in the YAML parser before)', GUARD, () => {
  const real = readFileSync('test/fixtures/config/app-engine/standard-app.yaml', 'utf8');
  const text = `${real}note: ${'"\''.repeat(32_000)}\n`;
  const out = appEngineParser.parse({ path: 'app.yaml', text, fs: { read: () => undefined, glob: () => [] } });
  assert.deepEqual(
    out.issues.map((i) => i.line),
    [real.split('\n').length],
  );
  assert.match(out.issues[0]!.message, /longer than 16 KiB/);
});
