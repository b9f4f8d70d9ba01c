// uWSGI with PostgreSQL behind nginx (issue 10 item 5): the ticketing API (a WSGI app under Debian's uWSGI 2.0
// with the python3 plugin, psycopg2, one connection per worker) books seats with an UPDATE. A migration run by
// hand takes an exclusive lock on `events` for 10 s; every request waits on it in PostgreSQL (log_lock_waits:
// "still waiting for …Lock"), each worker sits in its request past `harakiri = 3`, and uWSGI's master kills it
// ("*** HARAKIRI ON WORKER", "DAMN ! worker … died, killed by signal 9") and respawns it. nginx loses the
// request with the worker (`upstream prematurely closed connection`, 502) well before its uwsgi_read_timeout.
// The cause is the stall in the request (the worker-timeout path of event-loop-blocked), not memory.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, startNginx } from '../servers/nginx.js';
import { createPgApp, PG_DB, PG_PASSWORD, PG_USER, postgresqlConf, startPostgres } from '../servers/postgres.js';
import { installWsgi, startUwsgi, uwsgiSite } from '../servers/uwsgi.js';

const EVENTS = 12;
const PG_LOG = '/var/log/postgresql/postgresql-15-main.log';

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
  name: 'uwsgi-harakiri-postgres',
  cause: 'event-loop-blocked',
  alsoCauses: [],
  // Issue 10: each scenario of the new stacks runs in 40 s at most (15–24 s measured).
  limitMs: 40_000,
  rules: ['app-timeout-mismatches-proxy'],
  seed: 'issue 10 item 5: uWSGI harakiri kills workers stuck on a PostgreSQL lock, nginx (uwsgi_pass) answers 502',
  expect: [
    {
      file: '/var/log/uwsgi/app/tickets.log',
      match: /\*\*\* HARAKIRI ON WORKER \d+ \(pid: \d+, try: 1\) \*\*\*/,
      why: "uWSGI's master killed a worker stuck in a request",
    },
    {
      file: '/var/log/uwsgi/app/tickets.log',
      match: /DAMN ! worker \d+ \(pid: \d+\) died, killed by signal 9 :\( trying respawn \.\.\./,
      why: 'the worker died of it',
    },
    {
      file: PG_LOG,
      match: /LOG: {2}process \d+ still waiting for \w+Lock on relation \d+ of database \d+ after \d+\.\d+ ms/,
      why: 'the requests waited for the lock',
    },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream prematurely closed connection while reading response header from upstream/,
      why: 'nginx lost the request with the worker',
    },
    { file: '/var/log/nginx/access.log', match: /"POST \/events\/\d+\/book HTTP\/1\.1" 502 /, why: 'clients got 502' },
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
    installWsgi(ctx, 'uwsgi-tickets');
    const env = {
      PGHOST: '127.0.0.1',
      PGPORT: String(pgPort),
      PGUSER: PG_USER,
      PGPASSWORD: PG_PASSWORD,
      PGDATABASE: PG_DB,
    };
    await startUwsgi(ctx, { app: 'tickets', module: 'tickets', port: appPort, processes: 4, harakiri: 3, env });
    await startNginx(ctx, nginxMain(ctx, uwsgiSite(ctx, web, appPort, '30s')), web);
    const traffic = (count: number, ms: number, concurrency: number) =>
      bounded(count, concurrency, ms, async (i) => {
        const id = (i % EVENTS) + 1;
        const r = await request(
          web,
          i % 3 ? { method: 'POST', path: `/events/${id}/book` } : { path: `/events/${id}` },
        );
        await sleep(150);
        return r;
      });
    const before = await traffic(30, 4000, 2);
    // The migration, by hand in psql: the table locked for 10 s while it "rewrites".
    const migration = await pgClient(pgPort);
    await migration.query('BEGIN');
    await migration.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    ctx.log('migration holds the lock on events');
    const during = traffic(100, 10000, 6);
    await sleep(10000);
    await migration.query('COMMIT');
    await migration.end();
    ctx.log('migration committed');
    const after = await traffic(30, 4000, 2);
    ctx.observed.responses = tally([...before, ...(await during), ...after]);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
