// A release that breaks every request of one endpoint, deployed with a zero-downtime `pm2 reload` (cluster mode,
// 2 instances) behind nginx, and rolled back 8 s later by a second reload. The 500s start right after the deploy
// and stop after the rollback; nothing crashes, nothing runs out. faultline must blame the change (bad-deploy),
// not the error text alone.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, pm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'bad-deploy',
  cause: 'bad-deploy',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 item 2: errors start right after a deploy and stop after the rollback',
  expect: [
    { file: '/home/app/.pm2/pm2.log', match: /-reload- New worker listening/, why: 'the deploy and the rollback' },
    {
      file: '/home/app/.pm2/logs/cart-error-0.log',
      match: /GET \/api\/cart\?customer=\d+ failed: SyntaxError: /,
      why: 'release 2.0.0 fails every cart request',
    },
    {
      file: '/var/log/nginx/access.log',
      match: /"GET \/api\/cart\?customer=\d+ HTTP\/1\.1" 500 /,
      why: 'clients got 500',
    },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    installApp(ctx, {
      source: 'cart-release.cjs',
      ecosystem: `module.exports = {
  apps: [{ name: 'cart', script: 'server.js', instances: 2, exec_mode: 'cluster', env: { NODE_ENV: 'production', PORT: ${appPort}, RELEASE: '1.9.4' } }],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const carts = bounded(400, 2, 40000, async (i) => {
      const r = await request(web, { path: `/api/cart?customer=${1000 + (i % 37)}` });
      await sleep(100);
      return r;
    });
    // Healthy traffic, the deploy, 8 s of failures, the rollback, healthy again.
    await sleep(6000);
    pm2(ctx, ['reload', 'cart', '--update-env'], { RELEASE: '2.0.0' });
    ctx.log('deployed 2.0.0');
    await sleep(8000);
    pm2(ctx, ['reload', 'cart', '--update-env'], { RELEASE: '1.9.4' });
    ctx.log('rolled back to 1.9.4');
    const results = await carts;
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
