// Issue 14 (2), the PostgreSQL side of upstream-timeout: a schema migration run by hand takes an exclusive lock
// on `events` (`LOCK TABLE … IN ACCESS EXCLUSIVE MODE`, as an `ALTER TABLE` that rewrites does) and holds it for
// 10 s; the ticketing API's `UPDATE events …` waits on it, nginx gives up after proxy_read_timeout 3 s and answers
// 504. PostgreSQL logs each wait past deadlock_timeout (log_lock_waits: "still waiting for RowExclusiveLock …
// Process holding the lock") and each statement slower than 1 s (log_min_duration_statement).
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';
import { createPgApp, PG_DB, PG_PASSWORD, PG_USER, postgresqlConf, startPostgres } from '../servers/postgres.js';

const EVENTS = 12;

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

async function pgClient(port: number): Promise<PgClient> {
  const pg = (await import('pg' as string)) as { default: { Client: new (o: object) => PgClient } };
  const c = new pg.default.Client({ host: '127.0.0.1', port, user: PG_USER, password: PG_PASSWORD, database: PG_DB });
  await c.connect();
  return c;
}

export const scenario: Scenario = {
  name: 'upstream-timeout-postgres',
  cause: 'upstream-timeout',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 (2): a lock held by a migration makes the app wait and nginx answer 504 (PostgreSQL)',
  expect: [
    {
      file: '/var/log/postgresql/postgresql-15-main.log',
      match: /LOG: {2}process \d+ still waiting for RowExclusiveLock on relation \d+ of database \d+ after \d+\.\d+ ms/,
      why: 'the UPDATEs waited for the lock',
    },
    {
      file: '/var/log/postgresql/postgresql-15-main.log',
      match: /LOG: {2}duration: \d{4,}\.\d+ ms {2}(?:statement|execute \S+|parse \S+): UPDATE events/,
      why: 'slow statements logged',
    },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream timed out \(110: Connection timed out\) while reading response header from upstream/,
      why: 'nginx gave up',
    },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /exited with code \[[1-9]|errored/,
      why: 'the app stays up',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    const [pgPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    const logging = "log_lock_waits = on\nlog_min_duration_statement = '1s'\n";
    await startPostgres(ctx, postgresqlConf(ctx, pgPort, logging), pgPort);
    await createPgApp(ctx, pgPort);
    const setup = await pgClient(pgPort);
    await setup.query('CREATE TABLE events (id int PRIMARY KEY, free int NOT NULL)');
    await setup.query(`INSERT INTO events SELECT g, 100000 FROM generate_series(1, ${EVENTS}) g`);
    await setup.end();
    installApp(ctx, {
      source: 'seats-api.cjs',
      dependencies: { pg: '^8.11.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'seats',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort}, PGHOST: '127.0.0.1', PGPORT: ${pgPort}, PGUSER: 'app', PGPASSWORD: '${PG_PASSWORD}', PGDATABASE: 'app' },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort, '', '\n\t\t\tproxy_read_timeout 3s;')), web);
    const traffic = (count: number, ms: number, concurrency: number) =>
      bounded(count, concurrency, ms, async (i) => {
        const r = await request(web, { method: 'POST', path: `/events/${(i % EVENTS) + 1}/book`, timeoutMs: 15000 });
        await sleep(150);
        return r;
      });
    const before = await traffic(40, 4000, 2);
    // The migration, by hand in psql: the table locked for 10 s while it "rewrites".
    const migration = await pgClient(pgPort);
    await migration.query('BEGIN');
    await migration.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    ctx.log('migration holds the lock on events');
    const during = traffic(200, 10000, 8);
    await sleep(10000);
    await migration.query('COMMIT');
    await migration.end();
    ctx.log('migration committed');
    const after = await traffic(40, 4000, 2);
    ctx.observed.responses = tally([...before, ...(await during), ...after]);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
