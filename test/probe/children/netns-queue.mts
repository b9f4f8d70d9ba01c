// Run by test/probe/accept-queue.test.ts inside a network namespace of its own (`unshare --net`, loopback up): a
// listener that never accepts, more clients than its queue holds, and a probe of it over a short window — all in
// the namespace, whose /proc/net and ListenOverflows are its own. Prints the probe's result as JSON.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { probe } from '../../../src/probe/probe.js';

const BACKLOG = 3;
const CLIENTS = 12;
const child = spawn(process.execPath, [new URL('./stuck-listener.mjs', import.meta.url).pathname], {
  env: { ...process.env, BACKLOG: String(BACKLOG), HOLD_MS: '9000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('listener did not start in 5 s')), 5000);
  child.stdout?.once('data', (d: Buffer) => {
    clearTimeout(timer);
    resolve(Number(String(d).trim().split(' ')[1]));
  });
});
const clients = Array.from({ length: CLIENTS }, () => connect(port, '127.0.0.1').on('error', () => {}));
await new Promise((r) => setTimeout(r, 300));
const result = await probe({ pids: [child.pid ?? 0], duration: 2.5, interval: 0.5, configs: false });
for (const c of clients) c.destroy();
child.kill('SIGKILL');
process.stdout.write(`${JSON.stringify({ port, backlog: BACKLOG, clients: CLIENTS, result })}\n`);
process.exit(0);
