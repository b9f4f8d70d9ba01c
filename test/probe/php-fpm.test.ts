// A real php-fpm (Debian's php8.2-fpm binary, a config and socket of the test's own, as nobody): probe names its
// workers after their pool, and judged beside that config a pool running all its pm.max_children is an error.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { auditTexts } from '../../src/audit.js';
import { probeSnapshotConfig } from '../../src/formats/config/probe-snapshot.js';
import { combine } from '../../src/probe/probe.js';
import { takeSnapshot } from '../../src/probe/snapshot.js';

const FPM = '/usr/sbin/php-fpm8.2';
const dir = mkdtempSync(join(tmpdir(), 'fl-fpm-'));
let fpm: ChildProcess | undefined;
let workers: number[] = [];
// SIGTERM: the master stops its workers and waits for them; a master killed outright would leave them running.
after(async () => {
  let stopped = true;
  if (fpm && fpm.exitCode === null) {
    const exited = new Promise((resolve) => fpm?.once('exit', () => resolve(true)));
    fpm.kill('SIGTERM');
    stopped = (await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 3000))])) === true;
  }
  // Only when the master did not stop them: a worker's pid is not reused while the master waits for it.
  if (!stopped)
    for (const pid of workers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  rmSync(dir, { recursive: true, force: true });
});

const children = (pid: number) =>
  readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);

test('php-fpm workers by pool, at pm.max_children', {
  skip: (!existsSync(FPM) || process.getuid?.() !== 0) && 'needs php-fpm8.2 and root',
}, async () => {
  const conf = join(dir, 'php-fpm.conf');
  const text = [
    '[global]',
    `pid = ${dir}/php-fpm.pid`,
    `error_log = ${dir}/error.log`,
    'daemonize = no',
    '',
    '[probe]',
    'user = nobody',
    'group = nogroup',
    `listen = ${dir}/fpm.sock`,
    'pm = dynamic',
    'pm.max_children = 4',
    'pm.start_servers = 4',
    'pm.min_spare_servers = 1',
    'pm.max_spare_servers = 4',
    '',
  ].join('\n');
  writeFileSync(conf, text);
  fpm = spawn(FPM, ['-F', '-y', conf], { stdio: 'ignore' });
  const master = fpm.pid ?? 0;
  const until = Date.now() + 5000;
  while (children(master).length < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const pids = children(master);
  workers = pids;
  assert.equal(pids.length, 4, 'four workers started');
  const snap = takeSnapshot({ pids: [master, ...pids], ss: false, kmsg: false });
  assert.deepEqual(
    snap.processes.map((p) => [p.pid, p.workerOf]),
    [[master, null], ...pids.sort((a, b) => a - b).map((p) => [p, 'php-fpm:probe'])],
  );
  const result = combine([snap], 0);
  const component = {
    id: 'p',
    format: 'probe-snapshot' as const,
    path: 'probe',
    host: '',
    data: probeSnapshotConfig(result, 'probe'),
  };
  const audited = auditTexts(
    [
      {
        path: '/etc/php/8.2/fpm/php-fpm.conf',
        host: '',
        hostPath: '/etc/php/8.2/fpm/php-fpm.conf',
        rootPath: '',
        text,
      },
    ],
    {},
    undefined,
    [component],
  );
  const f = audited.findings.filter((x) => x.rule === 'workers-near-limit');
  assert.deepEqual(
    f.map((x) => [x.severity, x.message, x.locations[1]]),
    [
      [
        'error',
        'php-fpm pool probe runs 4 workers of 4 (100 %, pm.max_children 4 (pm = dynamic)): requests past them wait in its listen queue.',
        { path: '/etc/php/8.2/fpm/php-fpm.conf', line: 11 },
      ],
    ],
  );
});
