// probe() on another root: the captured /proc beside a real redis.conf under etc/ — the config rules get the
// running host's settings, located at the files probe read.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probe } from './probe.js';

const fixture = new URL('../../test/fixtures/probe-root', import.meta.url).pathname;
const redisConf = new URL('../../examples/postmortem-api/etc/redis/redis.conf', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'fl-probe-root-'));
after(() => rmSync(root, { recursive: true, force: true }));

test("a root's configs are judged with its live kernel settings; no command runs for another root", async () => {
  cpSync(fixture, root, { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'etc/redis'), { recursive: true });
  cpSync(redisConf, join(root, 'etc/redis/redis.conf'));
  const r = await probe({ root });
  assert.deepEqual(r.configs, [{ path: '/etc/redis/redis.conf', format: 'redis', error: null }]);
  const f = r.findings.find((x) => x.rule === 'redis-overcommit-memory');
  assert.ok(f, r.findings.map((x) => x.rule).join(', '));
  assert.equal(f.locations[0].path, '/proc/sys/vm/overcommit_memory');
  assert.ok(r.listeners.every((l) => l.limitSource.startsWith('net.core.somaxconn')));
  const quiet = await probe({ root, configs: false });
  assert.deepEqual(quiet.configs, []);
  assert.equal(
    quiet.findings.find((x) => x.rule === 'redis-overcommit-memory'),
    undefined,
  );
});
