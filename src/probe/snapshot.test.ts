// takeSnapshot against a root other than / (test/fixtures/probe-root: real files of this build machine).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeSnapshot } from './snapshot.js';

const root = new URL('../../test/fixtures/probe-root', import.meta.url).pathname;

test('the captured node process: fds, limits, RSS, threads, start time, sockets matched by inode', () => {
  const s = takeSnapshot({ root });
  assert.equal(s.processes.length, 1);
  const p = s.processes[0];
  assert.deepEqual(
    { pid: p.pid, name: p.name, service: p.service, fds: p.fds, soft: p.fdSoftLimit, hard: p.fdHardLimit },
    { pid: 13351, name: 'node', service: null, fds: 24, soft: 20000, hard: 20000 },
  );
  assert.equal(p.rss, 43528 * 1024);
  assert.equal(p.threads, 7);
  // btime 1796408314 + 20335 ticks / 100.
  assert.equal(p.start, new Date((1796408314 + 203.35) * 1000).toISOString());
  // It holds both ends of its connection to itself, and listens on 127.0.0.1 and ::1.
  assert.deepEqual(p.sockets, { ESTABLISHED: 2, CLOSE_WAIT: 0, TIME_WAIT: 0, LISTEN: 2 });
  assert.deepEqual(p.establishedPeers, [
    { peer: '127.0.0.1:43699', count: 1 },
    { peer: 'accepted on :43699', count: 1 },
  ]);
});

test('host facts, listeners with their queue against somaxconn, and what could not be read', () => {
  const s = takeSnapshot({ root });
  assert.equal(s.host.name, 'vm');
  assert.equal(s.host.cpus, 2);
  assert.equal(s.host.memTotal, 24683792 * 1024);
  assert.equal(s.host.somaxconn, 4096);
  assert.equal(s.host.thp, 'madvise');
  assert.equal(s.host.overcommitMemory, 0);
  assert.deepEqual(s.host.sockets, { LISTEN: 3, ESTABLISHED: 2, TIME_WAIT: 2 });
  assert.deepEqual(
    s.listeners.map((l) => [l.address, l.port, l.pid, l.backlog, l.backlogLimit, l.established]),
    [
      ['0.0.0.0', 2024, null, 0, 4096, 0],
      ['::1', 33071, 13351, 0, 4096, 0],
      // The accepted end of the process's connection to itself; the connecting end is on an ephemeral port.
      ['127.0.0.1', 43699, 13351, 0, 4096, 1],
    ],
  );
  // The root filesystem is the fixture folder's; the other mount points do not exist under the fixture.
  assert.deepEqual(
    s.mounts.map((m) => m.mount),
    ['/'],
  );
  assert.ok(s.unreadable.some((u) => u.path === '/dev/shm' && u.why.startsWith('statfs:')));
});

test('--pid and --process narrow the processes and their listeners', () => {
  assert.deepEqual(takeSnapshot({ root, pids: [999999] }).processes, []);
  assert.deepEqual(takeSnapshot({ root, pids: [999999] }).listeners, []);
  assert.equal(takeSnapshot({ root, process: 'node' }).processes.length, 1);
  assert.equal(takeSnapshot({ root, process: 'nginx' }).processes.length, 0);
});

test('a root with nothing in it: every file listed as unreadable, nothing thrown', () => {
  const s = takeSnapshot({ root: new URL('../../test/fixtures/probe-root/sys', import.meta.url).pathname });
  assert.deepEqual(s.processes, []);
  assert.ok(s.unreadable.some((u) => u.path === '/proc/meminfo'));
  assert.ok(s.unreadable.some((u) => u.path === '/proc/net/tcp'));
});
