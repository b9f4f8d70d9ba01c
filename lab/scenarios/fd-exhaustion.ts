// Seed 000 (3) and (4): a Node server whose open-files limit is far below its connection load.
// libuv accepts and drops the excess connections silently; handlers that open files get EMFILE.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, pm2Pid, startPm2 } from '../servers/pm2.js';

export const FD_LIMIT = 64;

export const scenario: Scenario = {
  name: 'fd-exhaustion',
  cause: 'fd-exhaustion',
  alsoCauses: [],
  rules: [],
  seed: '000_a051685d30370e56.txt (3), (4)',
  expect: [
    {
      file: '/home/app/.pm2/logs/avatars-error.log',
      match: /EMFILE: too many open files/,
      why: 'the app ran out of descriptors',
    },
    { file: '/var/log/nginx/access.log', match: /" 50[02] /, why: 'clients saw server errors' },
  ],
  async run(ctx: LabContext) {
    const appPort = await freePort();
    const web = await freePort();
    installApp(ctx, {
      source: 'files-api.cjs',
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'avatars',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort} },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    const pid = pm2Pid(ctx, 'avatars');
    if (!pid) throw new Error('avatars app has no pid');
    // What `ulimit -n 64` in the start script (or LimitNOFILE=64 in a unit) does, applied to the running app.
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${FD_LIMIT}:${FD_LIMIT}`]);
    ctx.write(`/proc/${pid}/limits`, readFileSync(`/proc/${pid}/limits`, 'utf8'));
    await startNginx(
      ctx,
      nginxMain(ctx, proxySite(web, appPort, '', '\n\t\t\tproxy_read_timeout 10s;')).replace(
        'worker_connections 768;',
        'worker_connections 1024;',
      ),
      web,
    );
    const results = await bounded(1200, 200, 15000, (i) =>
      request(web, { path: `/avatars/${i % 500}.png`, agent: false, timeoutMs: 12000 }),
    );
    ctx.observed.responses = tally(results);
    ctx.observed.fdLimit = FD_LIMIT;
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
