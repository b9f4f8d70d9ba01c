// A real redis-server (Debian's package, on a Unix socket of the test's own, no TCP, no persistence), judged against
// this host's vm.overcommit_memory and THP as probe reads them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probe } from '../../src/probe/probe.js';

const REDIS = '/usr/bin/redis-server';
const dir = mkdtempSync(join(tmpdir(), 'fl-redis-'));
let redis: ChildProcess | undefined;
after(() => {
  redis?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('a running Redis: running-datastore-memory-traps as the kernel settings say', {
  skip: !existsSync(REDIS) && 'no redis-server',
}, async () => {
  const socket = join(dir, 'redis.sock');
  redis = spawn(REDIS, ['--port', '0', '--unixsocket', socket, '--save', '', '--dir', dir], { stdio: 'ignore' });
  const until = Date.now() + 5000;
  while (!existsSync(socket) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(socket), 'redis-server started');
  assert.ok(redis.pid);
  const r = await probe({ pids: [redis.pid], ss: false, configs: false });
  assert.equal(r.processes[0]?.name, 'redis-server');
  const overcommit = Number(readFileSync('/proc/sys/vm/overcommit_memory', 'utf8'));
  const thp = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1];
  const found = r.findings.filter((f) => f.rule === 'running-datastore-memory-traps').map((f) => f.message);
  const expected = [
    ...(overcommit !== 1 ? [`redis-server (pid ${redis.pid}) runs with vm.overcommit_memory = ${overcommit}:`] : []),
    ...(thp === 'always' ? [`redis-server (pid ${redis.pid}) runs with transparent huge pages \`always\``] : []),
  ];
  assert.deepEqual(
    found.map((m, i) => m.startsWith(expected[i] ?? '\0')),
    expected.map(() => true),
    found.join('\n'),
  );
});
