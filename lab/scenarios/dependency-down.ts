// Issue 14 (2): Redis is stopped mid-traffic (`redis-cli shutdown`, as an operator or a package upgrade would);
// Redis logs its own shutdown, the app behind nginx logs `connect ECONNREFUSED 127.0.0.1:<port>` on each request
// and answers 500 — the app process stays up (not a crash loop).
import { execFileSync } from 'node:child_process';
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';
import { redisConf, startRedis } from '../servers/redis.js';

export const scenario: Scenario = {
  name: 'dependency-down',
  cause: 'dependency-down',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 (2): Redis stopped, the app logging ECONNREFUSED',
  expect: [
    { file: '/var/log/redis/redis-server.log', match: /User requested shutdown/, why: 'Redis was stopped' },
    {
      file: '/home/app/.pm2/logs/sessions-error.log',
      match: /connect ECONNREFUSED 127\.0\.0\.1:\d+/,
      why: 'the app could not reach Redis',
    },
    { file: '/var/log/nginx/access.log', match: /" 500 /, why: 'clients got errors' },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /exited with code \[[1-9]|errored/,
      why: 'the app did not die',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    const [redisPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    await startRedis(ctx, redisConf(ctx, redisPort, 'maxmemory 64mb\nmaxmemory-policy allkeys-lru\n'), redisPort);
    installApp(ctx, {
      source: 'session-api.cjs',
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'sessions',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort}, REDIS_HOST: '127.0.0.1', REDIS_PORT: ${redisPort} },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const traffic = (count: number, ms: number) =>
      bounded(count, 2, ms, async (i) => {
        const r = await request(web, { method: 'POST', path: `/sessions/${i}`, body: '{}' });
        await sleep(100);
        return r;
      });
    const before = await traffic(60, 6000);
    // The operator stops Redis; it logs its shutdown and exits.
    execFileSync('redis-cli', ['-p', String(redisPort), 'shutdown'], { timeout: 10000, stdio: 'ignore' });
    ctx.log('redis-server stopped (redis-cli shutdown)');
    await sleep(300);
    const after = await traffic(120, 12000);
    ctx.observed.responses = tally([...before, ...after]);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
