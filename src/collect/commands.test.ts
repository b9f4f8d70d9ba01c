// The fixed commands: real binaries of this machine, run without a shell, their status and output kept; a command
// that outlives its limit is killed and listed so; a live collect lists what it ran.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collect } from './collect.js';
import { commandSpecs, findBinary, runCommand } from './commands.js';

test('the list is fixed and read-only, the journal bounded by the window', () => {
  const since = new Date('2026-11-23T03:00:00Z');
  const specs = commandSpecs(since, new Date('2026-11-23T04:00:00Z'));
  assert.deepEqual(
    specs.map((s) => s.file),
    ['ss', 'journalctl', 'df', 'uname', 'uptime'],
  );
  const journal = specs.find((s) => s.file === 'journalctl')?.args ?? [];
  assert.deepEqual(journal.slice(0, 5), ['-o', 'short-iso', '--no-pager', '--since', '@1795402800']);
  assert.ok(journal.includes('--until') && journal.includes('@1795406400'));
});

test('a command runs from the system folders, with its exit status and output', async () => {
  const path = await findBinary('uname');
  assert.ok(path?.startsWith('/'), 'uname is found in a system folder');
  if (!path) return;
  const r = await runCommand({ name: 'uname-a', file: 'uname', args: ['-a'] }, path);
  assert.equal(r.exit, 0);
  assert.match(r.output.toString(), /^Linux /);
  assert.equal(r.command, 'uname -a');
  assert.equal(await findBinary('nginx-faultline-absent'), undefined);
});

test('a command past its time limit is killed and says so', async () => {
  const path = await findBinary('sleep');
  assert.ok(path);
  const r = await runCommand({ name: 'sleep', file: 'sleep', args: ['30'] }, path, 0.2);
  assert.equal(r.exit, null);
  assert.match(r.note ?? '', /killed after 0.2 s/);
});

test('a live collect (this machine) lists the commands it ran and stores their output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-live-'));
  try {
    const out = join(dir, 'live.tar.gz');
    // Bounded whatever this machine's logs hold.
    const { manifest } = await collect({
      out,
      maxTotalBytes: 8 * 1024 * 1024,
      commands: [{ name: 'uname-a', file: 'uname', args: ['-a'] }],
    });
    assert.equal(manifest.live, undefined);
    assert.equal(manifest.root, undefined);
    assert.deepEqual(
      manifest.commands.map((c) => [c.command, c.exit]),
      [['uname -a', 0]],
    );
    const item = manifest.items.find((i) => i.source === 'uname -a');
    assert.equal(item?.path, 'live/commands/uname-a.txt');
    assert.ok(
      manifest.items.some((i) => i.source === '/proc/meminfo'),
      "this machine's /proc/meminfo",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
