// A PHP shop under PHP-FPM behind nginx (issue 14): the pool has pm.max_children = 2 and a short listen.backlog.
// Four sales reports hold both children for seconds; FPM warns it reached max_children, the kernel's accept
// queue for the pool fills, further connects get no SYN-ACK and nginx gives up connecting after
// fastcgi_connect_timeout ("upstream timed out (110: Connection timed out) while connecting to upstream", 504).
// faultline must call it a connection limit, not a blocked event loop: the work is slow, but what turned it into
// an outage is the pool's size.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, startNginx } from '../servers/nginx.js';
import { fastcgiSite, installPhp, startPhpFpm } from '../servers/php-fpm.js';

export const scenario: Scenario = {
  name: 'php-fpm-max-children',
  cause: 'connection-limit',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14: php-fpm `server reached pm.max_children` behind nginx, its accept queue full',
  expect: [
    {
      file: '/var/log/php8.2-fpm.log',
      match: /WARNING: \[pool www\] server reached pm\.max_children setting \(2\), consider raising it/,
      why: 'FPM had every child busy',
    },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream timed out \(110: Connection timed out\) while connecting to upstream/,
      why: "the pool's accept queue was full: nginx could not even connect",
    },
    { file: '/var/log/nginx/access.log', match: /"GET \/index\.php\S* HTTP\/1\.1" 504 /, why: 'clients got 504' },
  ],
  async run(ctx: LabContext) {
    const [fpmPort, web] = [await freePort(), await freePort()];
    installPhp(ctx, 'php-shop');
    await startPhpFpm(ctx, { port: fpmPort, maxChildren: 2, backlog: 1, env: { REPORT_SECONDS: '6' } });
    await startNginx(ctx, nginxMain(ctx, fastcgiSite(ctx, web, fpmPort)), web);
    // Product pages throughout (a few quiet seconds first), then four reports at once.
    const products = bounded(80, 4, 20000, async (i) => {
      const r = await request(web, { path: `/index.php?id=${i % 9}` });
      await sleep(150);
      return r;
    });
    await sleep(2500);
    const reports = bounded(4, 4, 15000, (i) => request(web, { path: `/report.php?month=2026-${(i % 12) + 1}` }));
    const results = [...(await products), ...(await reports)];
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
