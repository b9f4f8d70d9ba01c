// A bad config takes nginx down. nginx proxies a PM2 cart app; mid-traffic an operator edits the site file with a
// typo (`proxy_read_timout`). First `nginx -s reload`: the master rejects the file with `[emerg] unknown
// directive` and keeps its old workers, so requests go on (a warning, not an outage). Then the operator restarts
// nginx (stop, start as systemd would): the start fails on the same line, nothing listens, clients get connection
// refused and the access log goes silent for ten minutes until the typo is fixed and nginx starts again. faultline must
// blame the failed start's config error (config-error) and quote its file:line, not the silence alone.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { FastClock } from '../lib/fast-clock.js';
import { freePort } from '../lib/ports.js';
import { start, waitListening } from '../lib/procs.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

function site(web: number, app: number, typo: boolean): string {
  return `upstream cart {
\tserver 127.0.0.1:${app};
}

server {
\tlisten 127.0.0.1:${web};
\tserver_name shop.example.com;

\tlocation / {
\t\tproxy_pass http://cart;
\t\tproxy_set_header Host $host;
\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
\t\t${typo ? 'proxy_read_timout 60s;' : 'proxy_read_timeout 60s;'}
\t}
}
`;
}

export const scenario: Scenario = {
  name: 'config-error',
  cause: 'config-error',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 item 2: nginx restarted with a broken config does not come back',
  limitMs: 200_000,
  // The outage is a silence judged against the access log's own rate: a trimmed log would be all gaps.
  keepWhole: true,
  expect: [
    {
      file: '/var/log/nginx/error.log',
      match: /\[emerg\] \d+#\d+: unknown directive "proxy_read_timout" in \S+conf\.d\/shop\.conf:13/,
      why: 'the reload and the start reject the typo',
    },
    {
      file: '/var/log/nginx/access.log',
      match: /"GET \/api\/cart\?customer=\d+ HTTP\/1\.1" 200 /,
      why: 'served before and after',
    },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    installApp(ctx, {
      source: 'cart-release.cjs',
      ecosystem: `module.exports = {
  apps: [{ name: 'cart', script: 'server.js', instances: 1, env: { NODE_ENV: 'production', PORT: ${appPort}, RELEASE: '1.9.4' } }],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    ctx.write('/etc/nginx/conf.d/shop.conf', site(web, appPort, false));
    const conf = ctx.p('/etc/nginx/nginx.conf');
    const errorLog = ctx.p('/var/log/nginx/error.log');
    const args = ['-c', conf, '-e', errorLog, '-g', 'daemon off;'];
    // nginx's clock runs 10× (libfaketime): 140 s of the run are ~23 minutes of its logs (from the top of the hour, one hour's bucket), enough history for
    // the access log's silence to be judged at its own rate.
    const clock = new FastClock(Date.now() - (Date.now() % 3_600_000), 10);
    let nginx = await startNginx(
      ctx,
      nginxMain(ctx, `\tinclude ${ctx.p('/etc/nginx/conf.d')}/*.conf;`),
      web,
      clock.env(),
    );
    const carts = bounded(900, 1, 140000, async (i) => {
      const r = await request(web, { path: `/api/cart?customer=${1000 + (i % 37)}`, timeoutMs: 2000 });
      await sleep(200);
      return r;
    });
    await sleep(45000);
    ctx.write('/etc/nginx/conf.d/shop.conf', site(web, appPort, true));
    const reload = spawnSync('nginx', ['-c', conf, '-e', errorLog, '-s', 'reload'], {
      encoding: 'utf8',
      env: clock.env(),
    });
    ctx.log(`nginx -s reload: exit ${reload.status} ${reload.stderr.trim()}`);
    await sleep(15000);
    // The restart: stop the running nginx, start it again on the broken file; it exits at once.
    process.kill(nginx.pid, 'SIGQUIT');
    await nginx.exited;
    const failed = spawnSync('nginx', args, { encoding: 'utf8', timeout: 10000, env: clock.env() });
    appendFileSync(`${ctx.tmp}/stdio/nginx.log`, failed.stderr);
    ctx.log(`nginx restart: exit ${failed.status} ${failed.stderr.trim()}`);
    await sleep(60000);
    ctx.write('/etc/nginx/conf.d/shop.conf', site(web, appPort, false));
    nginx = start('nginx', 'nginx', args, { log: `${ctx.tmp}/stdio/nginx.log`, env: clock.env() });
    await waitListening(web, 'nginx', 10000, nginx);
    ctx.log('typo fixed, nginx started again');
    const results = await carts;
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
