// Issue 14 (2): requests far above the baseline overload the service. A shop's search runs behind nginx (behind a
// load balancer: the client's address comes in X-Forwarded-For, set_real_ip_from) on one Node process that answers
// about 25 queries a second. For twelve quiet minutes about thirty customers search now and then; then one
// client's scraper sends 60 requests at a time for two minutes: the process queues them, answers take longer than
// proxy_read_timeout 2 s and nginx answers 504. Nothing crashes and no resource runs out: the load did it. nginx
// runs on a clock ten times as fast (libfaketime) so that the baseline spans minutes of its log.
import type { LabContext } from '../lib/context.js';
import { FastClock } from '../lib/fast-clock.js';
import { freePort } from '../lib/ports.js';
import { mulberry32 } from '../lib/prng.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

const SPEED = 10;
const CUSTOMERS = 30;
const SCRAPER = '203.0.113.77';

function site(web: number, app: number): string {
  return `\tupstream search {
\t\tserver 127.0.0.1:${app};
\t}

\tserver {
\t\tlisten 127.0.0.1:${web};
\t\tserver_name shop.example.com;

\t\t# Behind the load balancer: the client is the address it puts in X-Forwarded-For.
\t\tset_real_ip_from 127.0.0.1;
\t\treal_ip_header X-Forwarded-For;

\t\tlocation / {
\t\t\tproxy_pass http://search;
\t\t\tproxy_set_header Host $host;
\t\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
\t\t\tproxy_read_timeout 2s;
\t\t}
\t}`;
}

export const scenario: Scenario = {
  name: 'traffic-surge',
  cause: 'traffic-surge',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 (2): requests far above the baseline, from one client',
  limitMs: 180_000,
  keepWhole: true,
  expect: [
    { file: '/var/log/nginx/access.log', match: /^203\.0\.113\.77 .*" 504 /m, why: "the scraper's requests time out" },
    { file: '/var/log/nginx/access.log', match: /^198\.51\.100\.\d+ .*" 200 /m, why: 'customers before it' },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /exited with code \[[1-9]|errored/,
      why: 'the app stays up',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    installApp(ctx, {
      source: 'search-api.cjs',
      ecosystem: `module.exports = {
  apps: [{ name: 'search', script: 'server.js', env: { NODE_ENV: 'production', PORT: ${appPort} } }],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    const clock = new FastClock(Date.now() - (Date.now() % 3_600_000), SPEED);
    await startNginx(ctx, nginxMain(ctx, site(web, appPort)), web, clock.env());
    const rnd = mulberry32(1414);
    const customer = (i: number) => ({
      'X-Forwarded-For': `198.51.100.${1 + Math.floor(rnd() * CUSTOMERS)}`,
      'user-agent': i % 2 ? 'Mozilla/5.0' : 'Safari',
    });
    // Twelve fake minutes of customers: one search every ~0.7 real s (about 9 a fake minute).
    const quiet = (ms: number) =>
      bounded(2000, 1, ms, async (i) => {
        const r = await request(web, { path: `/search?q=shoe${i % 50}`, headers: customer(i) });
        await sleep(500 + rnd() * 400);
        return r;
      });
    const before = await quiet(72_000);
    ctx.log(`quiet traffic done; fake clock ${new Date(clock.fakeNow()).toISOString()}`);
    // The scraper: 60 requests in flight for two fake minutes (12 real seconds), each page of results in turn.
    const surge = await bounded(3000, 60, 12_000, (i) =>
      request(web, {
        path: `/search?q=item&page=${i}`,
        headers: { 'X-Forwarded-For': SCRAPER, 'user-agent': 'python-requests/2.31.0' },
        timeoutMs: 10_000,
      }),
    );
    ctx.log('surge done');
    await sleep(2500);
    const after = await quiet(30_000);
    ctx.observed.responses = tally([...before, ...surge, ...after]);
    ctx.log(
      `responses: ${JSON.stringify(ctx.observed.responses)}; fake clock ${new Date(clock.fakeNow()).toISOString()}`,
    );
  },
};
