// A full accept queue, in a network namespace of the test's own (`unshare --net`, as root), so that its
// ListenOverflows counter and /proc/net are the test's alone: a listener that never accepts (backlog 3), twelve
// clients, and probe over 2.5 s in the namespace (test/probe/children/netns-queue.mts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const canUnshare = spawnSync('unshare', ['--net', '--', 'true']).status === 0;
const hasSs = spawnSync('ss', ['-V']).status === 0;

test('the queue full against its sock_diag size, overflows counted and put on it', {
  skip: (!canUnshare && 'unshare --net is not permitted here') || (!hasSs && 'no ss (iproute2)'),
}, () => {
  const r = spawnSync(
    'unshare',
    [
      '--net',
      '--',
      'sh',
      '-c',
      `ip link set lo up && exec "${process.execPath}" --import tsx test/probe/children/netns-queue.mts`,
    ],
    { cwd: root, encoding: 'utf8', timeout: 15_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const { port, backlog, clients, result } = JSON.parse(r.stdout);
  const l = result.listeners.find((x: { port: number }) => x.port === port);
  // The kernel queues one past the backlog (sk_ack_backlog > sk_max_ack_backlog is full); ss reports the backlog.
  assert.equal(l.backlog, backlog + 1);
  assert.equal(l.backlogLimit, backlog);
  assert.equal(l.limitSource, 'sock_diag (ss -ltn Send-Q)');
  // Each client left out retransmits its SYN after 1 s, inside the window: every retransmission is an overflow.
  const delta = result.host.listenOverflowsDelta;
  assert.ok(delta >= clients - backlog - 1, `ListenOverflows +${delta}`);
  assert.equal(l.overflows, delta);
  const findings = result.findings
    .filter((f: { rule: string }) => f.rule === 'accept-queue-full')
    .map((f: { severity: string; message: string }) => [f.severity, f.message]);
  assert.deepEqual(findings, [
    [
      'error',
      `The accept queue of 127.0.0.1:${port} (node pid ${l.pid}) holds ${backlog + 1} connections of ${backlog} (sock_diag (ss -ltn Send-Q)): new connections are dropped.`,
    ],
    [
      'warning',
      `ListenOverflows rose by ${delta} over 3 s (seen full: 127.0.0.1:${port}): the kernel dropped connections that found an accept queue full.`,
    ],
  ]);
});
