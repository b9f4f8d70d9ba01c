// Seed 002: Redis with maxmemory and the noeviction policy fills up; Redis itself logs nothing about it,
// only its start-up warnings (vm.overcommit_memory); clients get "OOM command not allowed".
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';
import { redisConf, startRedis } from '../servers/redis.js';

export const scenario: Scenario = {
  name: 'redis-maxmemory',
  cause: 'memory-exhaustion',
  alsoCauses: [],
  rules: [],
  seed: '002_68329934815e8170.txt',
  expect: [
    {
      file: '/home/app/.pm2/logs/carts-error.log',
      match: /OOM command not allowed when used memory > 'maxmemory'/,
      why: 'Redis refused writes at maxmemory',
    },
    {
      file: '/var/log/redis/redis-server.log',
      match: /Server initialized|Ready to accept connections/,
      why: 'Redis log',
    },
    { file: '/var/log/nginx/access.log', match: /" 500 /, why: 'clients got errors' },
  ],
  async run(ctx: LabContext) {
    const [redisPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    await startRedis(ctx, redisConf(ctx, redisPort, 'maxmemory 4mb\nmaxmemory-policy noeviction\n'), redisPort);
    installApp(ctx, {
      source: 'cart-cache.cjs',
      dependencies: { redis: '^4.6.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'carts',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort}, REDIS_URL: 'redis://127.0.0.1:${redisPort}' },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const results = await bounded(3000, 8, 15000, (i) =>
      request(web, { method: 'POST', path: `/carts/${i}`, body: '{}' }),
    );
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
