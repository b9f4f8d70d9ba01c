// Seed 002 ("DB connections stuck at 20") and 000 (3) (leaked connections): a code path that never ends
// its transaction leaks knex's pooled connections until acquires time out; PostgreSQL's
// idle_in_transaction_session_timeout terminates the abandoned sessions.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';
import { createPgApp, PG_PASSWORD, postgresqlConf, startPostgres } from '../servers/postgres.js';

export const scenario: Scenario = {
  name: 'db-pool-exhaustion',
  cause: 'db-pool-exhaustion',
  alsoCauses: [],
  rules: [],
  seed: '002_68329934815e8170.txt, 000_a051685d30370e56.txt (3)',
  expect: [
    {
      file: '/home/app/.pm2/logs/invoices-error.log',
      match: /KnexTimeoutError: Knex: Timeout acquiring a connection\. The pool is probably full/,
      why: 'pool exhausted',
    },
    {
      file: '/var/log/postgresql/postgresql-15-main.log',
      match: /FATAL: {2}terminating connection due to idle-in-transaction timeout/,
      why: 'PostgreSQL ended the abandoned transactions',
    },
    { file: '/var/log/nginx/access.log', match: /" 500 /, why: 'clients got errors' },
  ],
  async run(ctx: LabContext) {
    const [pgPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    await startPostgres(ctx, postgresqlConf(ctx, pgPort, "idle_in_transaction_session_timeout = '6s'\n"), pgPort);
    await createPgApp(ctx, pgPort);
    installApp(ctx, {
      source: 'invoice-api.cjs',
      dependencies: { knex: '^3.1.0', pg: '^8.11.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'invoices',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: ${appPort},
        PGHOST: '127.0.0.1',
        PGPORT: ${pgPort},
        PGUSER: 'app',
        PGPASSWORD: '${PG_PASSWORD}',
        PGDATABASE: 'app',
      },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort)), web);
    const results = await bounded(200, 3, 14000, async (i) => {
      const r = await request(web, { method: 'POST', path: `/invoices/${i}/pay`, body: '{}' });
      await sleep(100);
      return r;
    });
    ctx.observed.responses = tally(results);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
