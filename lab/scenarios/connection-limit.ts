// Seed 000 (1), (4) and 002 ("DB connections stuck"): two services' pools together ask for more
// connections than MariaDB's max_connections ("Too many connections", errno 1040), and the one behind
// HAProxy also waits in the queue of the server's maxconn (the queue counts of the session log lines).
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, tally } from '../lib/traffic.js';
import { haproxyHead, startHaproxy } from '../servers/haproxy.js';
import { DB_PASSWORD, myCnf, startMariadb } from '../servers/mariadb.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'connection-limit',
  cause: 'connection-limit',
  alsoCauses: [],
  rules: ['db-connections-exceed-max'],
  seed: '000_a051685d30370e56.txt (1), (4); 002_68329934815e8170.txt',
  expect: [
    { file: '/home/app/.pm2/logs/reports-error.log', match: /Too many connections/, why: 'MariaDB refused (1040)' },
    // tcplog's last field is srv_queue/backend_queue: sessions that waited for one of maxconn's slots.
    { file: '/var/log/haproxy.log', match: / \d+\/[1-9]\d*$/m, why: 'HAProxy queued sessions at maxconn' },
  ],
  async run(ctx: LabContext) {
    const [dbPort, proxyPort, syslogPort] = [await freePort(), await freePort(), await freePort()];
    const [appPort, reportsPort] = [await freePort(), await freePort()];
    await startMariadb(ctx, myCnf(ctx, dbPort, 'max_connections = 10\n'), dbPort);
    const cfg = `${haproxyHead(syslogPort, 'tcp', '\ttimeout connect 5s\n\ttimeout client  30s\n\ttimeout server  30s\n\ttimeout queue   2s\n')}
listen mysql
\tbind 127.0.0.1:${proxyPort}
\tmode tcp
\toption tcplog
\tbalance leastconn
\tserver db1 127.0.0.1:${dbPort} maxconn 8
`;
    const hap = await startHaproxy(ctx, cfg, syslogPort, [proxyPort]);
    ctx.defer(() => hap.syslog.close());
    installApp(ctx, {
      source: 'orders-db.cjs',
      dependencies: { mysql2: '^3.9.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'orders',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: ${appPort},
        DB_HOST: '127.0.0.1',
        DB_PORT: ${proxyPort},
        DB_USER: 'app',
        DB_PASSWORD: '${DB_PASSWORD}',
        DB_NAME: 'app',
        DB_POOL: 40,
      },
    },
    {
      name: 'reports',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: ${reportsPort},
        DB_HOST: '127.0.0.1',
        DB_PORT: ${dbPort},
        DB_USER: 'app',
        DB_PASSWORD: '${DB_PASSWORD}',
        DB_NAME: 'app',
        DB_POOL: 10,
      },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort, reportsPort]);
    const results = await bounded(240, 40, 10000, (i) =>
      request(i % 3 ? appPort : reportsPort, { path: i % 3 ? `/orders/${i}` : `/reports/${i}`, timeoutMs: 15000 }),
    );
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
