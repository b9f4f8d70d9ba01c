import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';
import { postgresBin } from '../lib/versions.js';

export const PG_USER = 'app';
export const PG_PASSWORD = 'lab-only-password';
export const PG_DB = 'app';

const DATA = '/var/lib/postgresql/15/main';
const ETC = '/etc/postgresql/15/main';

/** postgresql.conf the way Debian's pg_createcluster writes it (paths in /etc and /var/lib, Debian's prefix). */
export function postgresqlConf(ctx: LabContext, port: number, extra = ''): string {
  return `# PostgreSQL configuration file (Debian pg_createcluster layout, comments trimmed)
data_directory = '${ctx.p(DATA)}'
hba_file = '${ctx.p(`${ETC}/pg_hba.conf`)}'
ident_file = '${ctx.p(`${ETC}/pg_ident.conf`)}'
external_pid_file = '${ctx.p('/var/run/postgresql/15-main.pid')}'

listen_addresses = '127.0.0.1'
port = ${port}
max_connections = 100
unix_socket_directories = '${ctx.p('/var/run/postgresql')}'

shared_buffers = 128MB
dynamic_shared_memory_type = posix

log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'Etc/UTC'
cluster_name = '15/main'

datestyle = 'iso, mdy'
timezone = 'Etc/UTC'
lc_messages = 'C.UTF-8'
default_text_search_config = 'pg_catalog.english'
${extra}`;
}

export async function startPostgres(ctx: LabContext, conf: string, port: number): Promise<Started> {
  for (const d of [DATA, '/var/run/postgresql', '/var/log/postgresql', ETC]) mkdirSync(ctx.p(d), { recursive: true });
  execFileSync('chown', ['-R', 'postgres:postgres', ctx.p('/var/lib/postgresql'), ctx.p('/var/run/postgresql')]);
  execFileSync(
    'runuser',
    [
      '-u',
      'postgres',
      '--',
      postgresBin('initdb'),
      '-D',
      ctx.p(DATA),
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60000,
    },
  );
  const file = ctx.write(`${ETC}/postgresql.conf`, conf);
  ctx.write(
    `${ETC}/pg_hba.conf`,
    `# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             postgres                                trust
local   all             all                                     trust
host    all             all             127.0.0.1/32            scram-sha-256
`,
  );
  ctx.write(`${ETC}/pg_ident.conf`, '# MAPNAME       SYSTEM-USERNAME         PG-USERNAME\n');
  // Debian's pg_ctlcluster sends postgres's stderr to /var/log/postgresql/postgresql-15-main.log.
  const proc = start('postgres', postgresBin('postgres'), ['-c', `config_file=${file}`], {
    asUser: 'postgres',
    log: ctx.p('/var/log/postgresql/postgresql-15-main.log'),
  });
  await waitListening(port, 'postgres', 20000, proc);
  ctx.log(`postgres pid ${proc.pid} on 127.0.0.1:${port}`);
  return proc;
}

/** The app's role and database, created over the local socket (trust) like a provisioning script would. */
export async function createPgApp(ctx: LabContext, port: number): Promise<void> {
  // pg ships no types; only Client's connect/query/end are used.
  const pg = (await import('pg' as string)) as { default: { Client: new (o: object) => PgClient } };
  const client = new pg.default.Client({
    host: ctx.p('/var/run/postgresql'),
    port,
    user: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  try {
    await client.query(`CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}'`);
    await client.query(`CREATE DATABASE ${PG_DB} OWNER ${PG_USER}`);
  } finally {
    await client.end();
  }
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
