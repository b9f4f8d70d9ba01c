// Issue 14 (measured): a release deployed with a gunicorn HUP made every request fail until the rollback, and
// faultline said nothing. A Django shop under gunicorn behind nginx: the operator copies release 2.4.0's views in
// and sends the arbiter SIGHUP (`systemctl reload gunicorn` does the same); the new workers serve the product page
// with a KeyError (Django logs "Internal Server Error" with the traceback, nginx passes the 500s); 8 s later the
// operator puts the previous views back and sends SIGHUP again, and the errors stop.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lib/context.js';
import { REPO_ROOT } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { installDjango, startGunicorn } from '../servers/gunicorn.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';

export const scenario: Scenario = {
  name: 'bad-deploy-gunicorn',
  cause: 'bad-deploy',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 (measured): a release deployed with a gunicorn HUP made every request fail until the rollback',
  expect: [
    { file: '/var/log/gunicorn/error.log', match: /\[INFO\] Handling signal: hup/, why: 'the deploy and the rollback' },
    {
      file: '/var/log/django/shop.log',
      match: /\[ERROR\] django\.request: Internal Server Error: \/products\/\d+/,
      why: 'the release failed the product page',
    },
    { file: '/var/log/nginx/access.log', match: /"GET \/products\/\d+ HTTP\/1\.1" 500 /, why: 'clients got 500' },
    { file: '/var/log/gunicorn/error.log', match: /WORKER TIMEOUT/, why: 'no worker timed out', absent: true },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    installDjango(ctx, 'django-shop');
    const views = ctx.p('/home/app/app/shop/views.py');
    const previous = readFileSync(views, 'utf8');
    const gunicorn = await startGunicorn(ctx, { port: appPort, workers: 2, timeout: 30 });
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const traffic = (count: number, ms: number) =>
      bounded(count, 2, ms, async (i) => {
        const r = await request(web, { path: `/products/${(i % 7) + 2}` });
        await sleep(150);
        return r;
      });
    const before = await traffic(60, 5000);
    // The deploy: the release's views copied in, then SIGHUP to the arbiter (new workers load the new code).
    copyFileSync(join(REPO_ROOT, 'lab/apps/django-shop-release/views.py'), views);
    process.kill(gunicorn.pid as number, 'SIGHUP');
    ctx.log('deployed release 2.4.0 (SIGHUP)');
    await sleep(1500);
    const broken = await traffic(80, 8000);
    // The rollback: the previous views back, SIGHUP again.
    writeFileSync(views, previous);
    process.kill(gunicorn.pid as number, 'SIGHUP');
    ctx.log('rolled back (SIGHUP)');
    await sleep(1500);
    const after = await traffic(60, 5000);
    ctx.observed.responses = tally([...before, ...broken, ...after]);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
