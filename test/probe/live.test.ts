// probe on real processes on 127.0.0.1, each test bounded to a few seconds: what it reports equals what /proc says,
// it sees the files and connections a process opens, a growing RSS at its known rate, and a CLOSE_WAIT leak.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { probe } from '../../src/probe/probe.js';
import { takeSnapshot } from '../../src/probe/snapshot.js';

const root = new URL('../../', import.meta.url).pathname;
const children = new URL('./children/', import.meta.url).pathname;
const started: ChildProcess[] = [];
const sockets: Socket[] = [];

after(() => {
  for (const s of sockets) s.destroy();
  for (const c of started) c.kill('SIGKILL');
});

/** Starts a child under `ulimit -n <nofile>` and waits for its first line (at most 5 s). */
async function start(script: string, env: Record<string, string>, nofile = 256) {
  const child = spawn('sh', ['-c', `ulimit -n ${nofile} && exec "${process.execPath}" "${children}${script}"`], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  started.push(child);
  const first = await nextLine(child);
  assert.ok(child.pid);
  return { child, pid: child.pid, first };
}

function nextLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the child said nothing in 5 s')), 5000);
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(buf.slice(0, nl));
    };
    child.stdout?.on('data', onData);
  });
}

async function connectN(port: number, n: number): Promise<Socket[]> {
  const out = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.on('error', reject);
        }),
    ),
  );
  sockets.push(...out);
  return out;
}

/** Polls `check` every 50 ms for up to 3 s: the kernel moves a socket to its next state asynchronously. */
async function eventually<T>(read: () => T, ok: (v: T) => boolean): Promise<T> {
  const until = Date.now() + 3000;
  let v = read();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    v = read();
  }
  return v;
}

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

test('fds equal /proc/PID/fd, rise by exactly the files opened; limits and ESTABLISHED as the kernel has them', async () => {
  const { child, pid, first } = await start('holder.mjs', {}, 256);
  const port = Number(first.split(' ')[1]);
  const N = 7;
  const M = 13;
  await connectN(port, N);
  const before = await eventually(
    () => takeSnapshot({ pids: [pid] }).processes[0],
    (p) => p?.sockets.ESTABLISHED === N,
  );
  assert.equal(before.fds, fdCount(pid));
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const row = limits.split('\n').find((l) => l.startsWith('Max open files')) ?? '';
  assert.deepEqual([before.fdSoftLimit, before.fdHardLimit], row.split(/ +/).slice(3, 5).map(Number));
  assert.equal(before.fdSoftLimit, 256);
  assert.equal(before.sockets.ESTABLISHED, N);
  assert.deepEqual(before.establishedPeers, [{ peer: `accepted on :${port}`, count: N }]);
  const listener = takeSnapshot({ pids: [pid] }).listeners.find((l) => l.port === port);
  assert.equal(listener?.pid, pid);
  assert.equal(listener?.backlog, 0);
  assert.equal(listener?.established, N);

  child.stdin?.write(`open ${M}\n`);
  assert.equal(await nextLine(child), `opened ${M}`);
  const afterOpen = takeSnapshot({ pids: [pid] }).processes[0];
  assert.equal(afterOpen.fds, fdCount(pid));
  assert.equal((afterOpen.fds ?? 0) - (before.fds ?? 0), M);
  child.kill('SIGKILL');
});

test('a process growing its RSS at a known rate: the slope within 20 %, and the ETA with it', async () => {
  const rate = 24 * 1024 * 1024; // bytes per second
  const { child, pid } = await start('grower.mjs', { RATE: String(rate) });
  const result = await probe({ pids: [pid], duration: 3, interval: 0.25, ss: false, configs: false });
  child.kill('SIGKILL');
  const f = result.forecasts.find((x) => x.resource === 'memory' && x.subject === `node (pid ${pid})`);
  assert.ok(f, `a memory forecast for the grower: ${JSON.stringify(result.forecasts)}`);
  const perSecond = f.slopePerHour / 3600;
  assert.ok(Math.abs(perSecond - rate) / rate < 0.2, `slope ${perSecond} B/s against ${rate}`);
  assert.ok(f.low && f.high && f.eta && f.low <= f.eta && f.eta <= f.high);
  // At the true rate, the limit is reached (limit − current) / rate after the last sample.
  const last = Date.parse(result.time);
  const trueEta = (f.limit - f.current) / rate;
  const eta = (Date.parse(f.eta) - last) / 1000;
  assert.ok(Math.abs(eta - trueEta) / trueEta < 0.25, `eta in ${eta} s against ${trueEta} s`);
  assert.ok(result.samples.filter((s) => s.pid === pid).length >= 10);
});

test('a CLOSE_WAIT leak: counted on the process, by its port, and a close-wait-pile finding', async () => {
  const { pid, first } = await start('holder.mjs', { LEAK: '1' });
  const port = Number(first.split(' ')[1]);
  const K = 12;
  for (const s of await connectN(port, K)) s.end();
  const p = await eventually(
    () => takeSnapshot({ pids: [pid] }).processes[0],
    (x) => x?.sockets.CLOSE_WAIT === K,
  );
  assert.equal(p.sockets.CLOSE_WAIT, K);
  assert.deepEqual(p.closeWaitPeers, [{ peer: `accepted on :${port}`, count: K }]);
  const result = await probe({ pids: [pid], ss: false, configs: false });
  const f = result.findings.find((x) => x.rule === 'close-wait-pile');
  assert.ok(f, 'close-wait-pile');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.locations, [{ path: `/proc/${pid}`, line: 1 }]);
  assert.match(f.message, new RegExp(`holds ${K} sockets in CLOSE_WAIT \\(${K} accepted on :${port}\\)`));

  // Through the CLI: JSON of the contract's shape, exit 1 at --fail-on warning, 0 at error.
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', `${root}src/cli/run.ts`, 'probe', '--pid', String(pid), '--no-configs', ...args],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 8000,
      },
    );
  const json = cli('--format', 'json', '--fail-on', 'warning');
  assert.equal(json.status, 1, json.stderr);
  const j = JSON.parse(json.stdout);
  assert.deepEqual(
    j.processes.map((x: { pid: number; sockets: { CLOSE_WAIT: number } }) => [x.pid, x.sockets.CLOSE_WAIT]),
    [[pid, K]],
  );
  for (const k of ['version', 'host', 'processes', 'listeners', 'samples', 'findings', 'forecasts', 'unreadable'])
    assert.ok(k in j, k);
  assert.equal(cli('--fail-on', 'error').status, 0);
  // The audit's policy applies: a baseline written today lets the same finding pass, with a fingerprint in JSON;
  // --ignore-rule drops it.
  assert.ok(typeof j.findings[0].fingerprint === 'string' && j.findings[0].fingerprint.length > 0);
  const baseDir = mkdtempSync(join(tmpdir(), 'faultline-probe-baseline-'));
  after(() => rmSync(baseDir, { recursive: true, force: true }));
  const base = join(baseDir, 'baseline.json');
  assert.equal(cli('--write-baseline', base, '--fail-on', 'warning').status, 0);
  const again = cli('--baseline', base, '--fail-on', 'warning', '--format', 'json');
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).findings[0].baselineState, 'unchanged');
  const ignored = cli('--ignore-rule', 'close-wait-pile', '--fail-on', 'warning', '--format', 'json');
  assert.equal(ignored.status, 0, ignored.stderr);
  assert.ok(!JSON.parse(ignored.stdout).findings.some((x: { rule: string }) => x.rule === 'close-wait-pile'));
});
