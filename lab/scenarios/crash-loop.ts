// Seed 002 and 000 (3): an async handler's rejection is never caught; Node ends the process on each one,
// PM2 restarts it again and again until "too many unstable restarts", and nginx answers 502.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'crash-loop',
  cause: 'crash-loop',
  alsoCauses: [],
  rules: [],
  seed: '002_68329934815e8170.txt, 000_a051685d30370e56.txt (3)',
  expect: [
    {
      file: '/home/app/.pm2/pm2.log',
      match: /App \[checkout:0\] exited with code \[1\] via signal \[SIGINT\]/,
      why: 'the app died',
    },
    { file: '/home/app/.pm2/pm2.log', match: /too many unstable restarts/, why: 'PM2 gave up restarting' },
    { file: '/home/app/.pm2/logs/checkout-error.log', match: /ECONNREFUSED/, why: 'the unhandled rejection' },
    {
      file: '/var/log/nginx/error.log',
      match: /connect\(\) failed \(111: Connection refused\)/,
      why: 'nothing listening',
    },
    { file: '/var/log/nginx/access.log', match: /" 502 /, why: 'clients got 502' },
  ],
  async run(ctx: LabContext) {
    const appPort = await freePort();
    const web = await freePort();
    // The database host the app points at has nothing listening (a moved or stopped DB).
    const deadDbPort = await freePort();
    installApp(ctx, {
      source: 'checkout-api.cjs',
      dependencies: { mysql2: '^3.9.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'checkout',
      script: 'server.js',
      max_restarts: 10,
      min_uptime: '5s',
      env: {
        NODE_ENV: 'production',
        PORT: ${appPort},
        DB_HOST: '127.0.0.1',
        DB_PORT: ${deadDbPort},
      },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const results = await bounded(120, 2, 12000, async (i) => {
      const r = await request(web, { method: 'POST', path: i % 2 ? '/checkout' : '/', body: '{"cart":1}' });
      await sleep(150);
      return r;
    });
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
