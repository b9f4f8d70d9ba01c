// A Django shop under gunicorn behind nginx: the sales report runs longer than gunicorn's --timeout, so the
// arbiter kills the sync worker in the middle of the request ("WORKER TIMEOUT") and nginx answers 502 for it
// and for whatever else that worker held; with 2 workers, product pages queue behind the reports meanwhile.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { installDjango, startGunicorn } from '../servers/gunicorn.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';

export const scenario: Scenario = {
  name: 'gunicorn-worker-timeout',
  cause: 'event-loop-blocked',
  alsoCauses: [],
  rules: ['app-timeout-mismatches-proxy'],
  seed: 'gunicorn WORKER TIMEOUT behind nginx (issue 10 item 5: Django under gunicorn behind nginx)',
  expect: [
    {
      file: '/var/log/gunicorn/error.log',
      match: /\[CRITICAL\] WORKER TIMEOUT \(pid:\d+\)/,
      why: 'the arbiter killed a worker stuck in a request',
    },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream prematurely closed connection while reading response header from upstream/,
      why: 'nginx lost the request with the worker',
    },
    { file: '/var/log/nginx/access.log', match: /"GET \/reports\/sales\S* HTTP\/1\.1" 502 /, why: 'clients got 502' },
    { file: '/var/log/django/shop.log', match: /\[INFO\] shop: building the sales report/, why: 'Django logged' },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    installDjango(ctx, 'django-shop');
    await startGunicorn(ctx, { port: appPort, workers: 2, timeout: 3, env: { REPORT_SECONDS: '6' } });
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    // Product pages throughout; three sales reports, each longer than the 3 s timeout.
    const products = bounded(60, 2, 12000, async (i) => {
      const r = await request(web, { path: `/products/${i % 7}` });
      await sleep(150);
      return r;
    });
    await sleep(1000);
    const reports = bounded(3, 3, 12000, (i) => request(web, { path: `/reports/sales?month=2026-${10 + i}` }));
    const results = [...(await products), ...(await reports)];
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
