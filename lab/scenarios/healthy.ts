// The same stack (nginx, Node under PM2, Redis) configured sanely, under ordinary load: no incident.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';
import { redisConf, startRedis } from '../servers/redis.js';

export const scenario: Scenario = {
  name: 'healthy',
  cause: null,
  alsoCauses: [],
  rules: [],
  seed: 'all three: the remedies applied',
  expect: [
    { file: '/var/log/nginx/access.log', match: /" 200 /, why: 'served traffic' },
    { file: '/var/log/nginx/access.log', match: /" 5\d\d /, why: 'no server errors', absent: true },
    {
      file: '/var/log/nginx/error.log',
      match: /\[(error|crit|alert|emerg)\]/,
      why: 'no upstream errors',
      absent: true,
    },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /exited with code \[[1-9]|restarted because|unstable restarts/,
      why: 'no restarts',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    const [redisPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    await startRedis(ctx, redisConf(ctx, redisPort, 'maxmemory 64mb\nmaxmemory-policy allkeys-lru\n'), redisPort);
    installApp(ctx, {
      source: 'healthy-api.cjs',
      dependencies: { redis: '^4.6.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'api',
      script: 'server.js',
      max_memory_restart: '300M',
      env: { NODE_ENV: 'production', PORT: ${appPort}, REDIS_URL: 'redis://127.0.0.1:${redisPort}' },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(
      ctx,
      nginxMain(
        ctx,
        proxySite(
          web,
          appPort,
          '\n\t\tkeepalive 16;',
          '\n\t\t\tproxy_http_version 1.1;\n\t\t\tproxy_set_header Connection "";',
        ),
      ),
      web,
    );
    const results = await bounded(600, 4, 12000, async (i) => {
      const r = await request(web, { path: `/products/${i % 50}` });
      await sleep(20 + (i % 5) * 10);
      return r;
    });
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
