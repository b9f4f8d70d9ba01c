// Seed 002: an export endpoint JSON.stringify()s a huge result; "RangeError: Invalid string length" as an
// unhandled rejection ends the process, PM2 restarts it, nginx logs the upstream closing and answers 502.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'oversized-payload',
  cause: 'oversized-payload',
  alsoCauses: ['crash-loop'],
  rules: [],
  seed: '002_68329934815e8170.txt',
  expect: [
    {
      file: '/home/app/.pm2/logs/api-error.log',
      match: /RangeError: Invalid string length/,
      why: 'JSON.stringify overflowed',
    },
    { file: '/home/app/.pm2/pm2.log', match: /App \[api:0\] exited with code \[1\]/, why: 'the process died of it' },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream prematurely closed connection/,
      why: 'nginx lost the upstream',
    },
    {
      file: '/var/log/nginx/access.log',
      match: /"GET \/orders\/export\?account=big HTTP\/1.1" 502 /,
      why: '502 for the export',
    },
  ],
  async run(ctx: LabContext) {
    const appPort = await freePort();
    const web = await freePort();
    installApp(ctx, {
      source: 'export-api.cjs',
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'api',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort} },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const background = bounded(300, 2, 14000, async (i) => {
      const r = await request(web, { path: i % 3 ? '/orders?page=1' : '/orders/export?account=small' });
      await sleep(80);
      return r;
    });
    const big = [];
    for (let i = 0; i < 2; i++) {
      await sleep(1500);
      big.push(await request(web, { path: '/orders/export?account=big', timeoutMs: 30000 }));
    }
    const results = [...(await background), ...big];
    ctx.observed.responses = tally(results);
    ctx.observed.bigExport = big.map((r) => r.status || r.error);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)} big: ${JSON.stringify(ctx.observed.bigExport)}`);
  },
};
