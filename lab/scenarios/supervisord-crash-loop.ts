// A Node API under supervisord behind Apache (issue 14): the release ships without its config file, the app
// throws before it listens and exits 1; supervisord restarts it with a growing back-off until it gives up
// (FATAL, startretries), while Apache answers 503 for every request (connection refused).
// faultline must call it a crash loop from supervisord's own lines, with supervisord commands.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lib/context.js';
import { REPO_ROOT } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { apacheProxyConf, startApache } from '../servers/apache.js';
import { startSupervisord } from '../servers/supervisord.js';

export const scenario: Scenario = {
  name: 'supervisord-crash-loop',
  cause: 'crash-loop',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14: a Node crash loop under supervisord behind Apache',
  expect: [
    {
      file: '/var/log/supervisor/supervisord.log',
      match: /(?:INFO|WARN) exited: api \(exit status 1; not expected\)/,
      why: 'the app exited at start',
    },
    {
      file: '/var/log/supervisor/supervisord.log',
      match: /(?:INFO|WARN) gave up: api entered FATAL state, too many start retries too quickly/,
      why: 'supervisord gave up restarting it',
    },
    { file: '/var/log/apache2/access.log', match: /"GET \/v1\/\S* HTTP\/1\.1" 503 /, why: 'clients got 503' },
  ],
  async run(ctx: LabContext) {
    const [appPort, web] = [await freePort(), await freePort()];
    const dir = ctx.p('/home/app/app');
    mkdirSync(dir, { recursive: true });
    cpSync(join(REPO_ROOT, 'lab/apps/config-api.cjs'), join(dir, 'server.js'));
    await startApache(ctx, apacheProxyConf(ctx, web, appPort), web);
    let stop = false;
    // A few requests before the deploy finds nothing listening either: the app never came up.
    const traffic = bounded(120, 2, 20000, async (i) => {
      if (stop) return null;
      const r = await request(web, { path: `/v1/items/${i % 5}` });
      await sleep(250);
      return r;
    });
    await sleep(1000);
    startSupervisord(ctx, [
      {
        name: 'api',
        command: `${process.execPath} ${join(dir, 'server.js')}`,
        directory: '/home/app/app',
        env: { NODE_ENV: 'production', PORT: String(appPort), APP_CONFIG: '/etc/app/config.json' },
        startretries: 3,
      },
    ]);
    // supervisord backs off 1, 2, 3 s between starts: FATAL comes about 7 s after the first one.
    for (
      let i = 0;
      i < 150 &&
      !(
        ctx.exists('/var/log/supervisor/supervisord.log') &&
        /gave up: api/.test(ctx.read('/var/log/supervisor/supervisord.log'))
      );
      i++
    )
      await sleep(100);
    await sleep(2000);
    stop = true;
    const results = await traffic;
    ctx.observed.responses = tally(results.filter((r) => r !== null));
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
