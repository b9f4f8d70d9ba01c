// Seed 000 (1), (3), (5) and 002: a leaking API under PM2's max_memory_restart, and a leaking worker that
// hits V8's --max-old-space-size: PM2's restart lines and the V8 fatal error.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'memory-exhaustion',
  cause: 'memory-exhaustion',
  alsoCauses: [],
  rules: [],
  seed: '000_a051685d30370e56.txt (1), (3), (5); 002_68329934815e8170.txt',
  expect: [
    {
      file: '/home/app/.pm2/pm2.log',
      match: /\[PM2\]\[WORKER\] Process \d+ restarted because it exceeds --max-memory-restart value/,
      why: 'PM2 restarted the leaking API',
    },
    {
      file: '/home/app/.pm2/logs/worker-error.log',
      match: /FATAL ERROR: .*JavaScript heap out of memory/,
      why: 'V8 heap limit reached',
    },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /App \[worker:\d+\] exited with code \[0\] via signal \[SIGABRT\]/,
      why: 'abort',
    },
  ],
  async run(ctx: LabContext) {
    const appPort = await freePort();
    const web = await freePort();
    installApp(ctx, {
      source: 'leaky-api.cjs',
      extra: { 'worker.js': 'leaky-worker.cjs' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'api',
      script: 'server.js',
      max_memory_restart: '150M',
      env: { NODE_ENV: 'production', PORT: ${appPort} },
    },
    {
      name: 'worker',
      script: 'worker.js',
      node_args: '--max-old-space-size=96',
      env: { NODE_ENV: 'production' },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    // PM2 checks max_memory_restart every 30 s by default; the lab cannot wait that long.
    await startPm2(ctx, [appPort], { PM2_WORKER_INTERVAL: '2000' });
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const results = await bounded(400, 2, 16000, async () => {
      const r = await request(web, { method: 'POST', path: '/sessions', body: '{"user":"u1"}' });
      await sleep(40);
      return r;
    });
    await sleep(2500);
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
