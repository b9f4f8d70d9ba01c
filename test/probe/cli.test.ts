// `faultline probe` usage errors: one line on stderr and exit 2, before anything is read; a root without /proc is
// "no readable input" (exit 2); a root that has one is probed and reported.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const empty = mkdtempSync(join(tmpdir(), 'fl-probe-empty-'));
after(() => rmSync(empty, { recursive: true, force: true }));

function probe(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, 'probe', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('durations and intervals that are not, pids that are not: exit 2 with one line', () => {
  const cases: [string[], RegExp][] = [
    [['--duration', '30'], /^faultline: --duration 30: expected a duration such as 30s, 5m, 1h or PT30S\n$/],
    [['--duration', '2d'], /^faultline: --duration 2d: expected a duration/],
    [['--duration', 'P1D'], /^faultline: --duration P1D: expected a duration/],
    [['--interval', '5s'], /^faultline: --interval needs --duration: one snapshot has no interval\n$/],
    [['--duration', '5s', '--interval', '10s'], /^faultline: --interval 10s is longer than --duration 5s\n$/],
    [['--duration', '5s', '--interval', 'often'], /^faultline: --interval often: expected a duration/],
    [['--pid', 'nginx'], /^faultline: --pid nginx: expected a process id \(a whole number\)\n$/],
    [['--fail-on', 'fatal'], /argument 'fatal' is invalid/],
    [['--format', 'html'], /argument 'html' is invalid/],
  ];
  for (const [args, stderr] of cases) {
    const r = probe(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, stderr, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('a root without /proc: exit 2, saying probe needs it', () => {
  const r = probe('--root', empty);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^faultline: nothing of .*proc could be read: probe needs Linux's \/proc/);
});

test('the captured root: a text report, exit 0, forecasts first and what could not be read last', () => {
  const r = probe('--root', `${root}test/fixtures/probe-root`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^faultline probe: vm, Linux 6\.18\.44-fc-v1252, 2 CPUs, 1 process\n\nWhat runs out first\n/);
  assert.match(r.stdout, /\n {2}13351 +node +- +24\/20000 /);
  assert.match(r.stdout, /\n {2}127\.0\.0\.1:43699 {2}node \(pid 13351\) {2}queue 0\/4096 {2}TIME_WAIT 0/);
  assert.match(r.stdout, /\nNot readable \(\d+\)\n {2}\/dev\/shm: statfs: does not exist/);
});
