#!/usr/bin/env node
// Bench case of issue 12: `faultline probe` (one snapshot, no --duration) on a host with about 500 processes and
// 20,000 TCP sockets must finish within 2 s. It starts the load itself, all on 127.0.0.1 and bounded: 25 holders,
// each a Node process accepting its own 400 connections (800 sockets each), and `sleep` processes up to 500 in
// all; then times `faultline probe --format json` (median of 3, with and without --no-configs) and stops everything.
// Usage: node bench/probe.mjs [--quick]   (also run by `npm run bench -- --probe`)
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/faultline.js');
const quick = process.argv.includes('--quick');
const HOLDERS = quick ? 5 : 25;
const CONNECTIONS = 400;
const PROCESSES = quick ? 100 : 500;
/** Every child is killed after this long even if this script dies (no process left behind). */
const LIFETIME_S = 120;

const HOLDER = `
const net = require('node:net');
const sockets = [];
const server = net.createServer((s) => sockets.push(s)).listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  let open = 0;
  for (let i = 0; i < ${CONNECTIONS}; i++)
    sockets.push(net.connect(port, '127.0.0.1', () => { if (++open === ${CONNECTIONS}) process.stdout.write('ready\\n'); }));
});
setTimeout(() => process.exit(0), ${LIFETIME_S * 1000});
`;

const children = [];
const stopAll = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
};
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

async function startLoad() {
  const ready = [];
  for (let i = 0; i < HOLDERS; i++) {
    const c = spawn('sh', ['-c', `ulimit -n 4096 && exec "${process.execPath}" -e "$0"`, HOLDER], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(c);
    ready.push(new Promise((resolve) => c.stdout.once('data', resolve)));
  }
  await Promise.all(ready);
  const existing = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  for (let i = existing; i < PROCESSES; i++) children.push(spawn('sleep', [String(LIFETIME_S)], { stdio: 'ignore' }));
}

function counts() {
  const procs = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  let sockets = 0;
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const r = spawnSync('wc', ['-l', f], { encoding: 'utf8' });
    sockets += Math.max(0, Number(r.stdout.trim().split(' ')[0]) - 1);
  }
  return { procs, sockets };
}

function timeProbe(extra) {
  const xs = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'probe', '--format', 'json', '--fail-on', 'none', ...extra], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) throw new Error(`probe exited ${r.status}: ${r.stderr}`);
    xs.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return xs.sort((a, b) => a - b)[1];
}

await startLoad();
const { procs, sockets } = counts();
const withConfigs = timeProbe([]);
const noConfigs = timeProbe(['--no-configs']);
stopAll();
const verdict = (s) => (s <= 2 ? 'within 2 s' : 'OVER 2 s');
console.log(`probe: ${procs} processes, ${sockets} TCP sockets on the host`);
console.log(`  faultline probe             ${withConfigs.toFixed(2)} s (median of 3) — ${verdict(withConfigs)}`);
console.log(`  faultline probe --no-configs ${noConfigs.toFixed(2)} s (median of 3) — ${verdict(noConfigs)}`);
