// Seed 001: HAProxy in TCP mode between the app and MariaDB with client/server timeouts far below
// MariaDB's wait_timeout; a worker idles between queries and HAProxy cuts its session (termination cD).
import type { LabContext } from '../lib/context.js';
import type { Scenario } from '../lib/scenario.js';
import { sleep } from '../lib/traffic.js';
import { startMariadbBehindHaproxy } from '../servers/db-proxy.js';
import { DB_PASSWORD } from '../servers/mariadb.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'proxy-idle-timeout',
  cause: 'proxy-idle-timeout',
  alsoCauses: [],
  rules: ['haproxy-timeout-kills-db-sessions'],
  seed: '001_7dfcefe617d683ba.txt',
  expect: [
    { file: '/var/log/haproxy.log', match: / cD /, why: 'HAProxy closed the idle session on client timeout' },
    { file: '/var/log/mysql/error.log', match: /Aborted connection \d+ to db: 'app'/, why: 'MariaDB saw it cut' },
    { file: '/home/app/.pm2/logs/worker-error.log', match: /PROTOCOL_CONNECTION_LOST/, why: 'the client error' },
  ],
  async run(ctx: LabContext) {
    const proxyPort = await startMariadbBehindHaproxy(ctx, 'mysql');
    installApp(ctx, {
      source: 'report-worker.cjs',
      dependencies: { mysql2: '^3.9.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'worker',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        DB_HOST: '127.0.0.1',
        DB_PORT: ${proxyPort},
        DB_USER: 'app',
        DB_PASSWORD: '${DB_PASSWORD}',
        DB_NAME: 'app',
        IDLE_MS: 5000,
      },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, []);
    await sleep(12000);
  },
};
