import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

export const DB_USER = 'app';
export const DB_PASSWORD = 'lab-only-password';
export const DB_NAME = 'app';

/** my.cnf in the shape of Debian's /etc/mysql/mariadb.conf.d/50-server.cnf, flattened into one file. */
export function myCnf(ctx: LabContext, port: number, extra = ''): string {
  return `# MariaDB server configuration (Debian 50-server.cnf layout)
[client-server]
port = ${port}
socket = ${ctx.p('/run/mysqld/mysqld.sock')}

[mysqld]
pid-file = ${ctx.p('/run/mysqld/mysqld.pid')}
basedir = /usr
datadir = ${ctx.p('/var/lib/mysql')}
tmpdir = /tmp
bind-address = 127.0.0.1
skip-name-resolve

log_error = ${ctx.p('/var/log/mysql/error.log')}
expire_logs_days = 10

character-set-server = utf8mb4
collation-server = utf8mb4_general_ci

innodb_buffer_pool_size = 64M
${extra}`;
}

export async function startMariadb(ctx: LabContext, cnf: string, port: number): Promise<Started> {
  const file = ctx.write('/etc/mysql/my.cnf', cnf);
  for (const d of ['/var/lib/mysql', '/run/mysqld', '/var/log/mysql']) mkdirSync(ctx.p(d), { recursive: true });
  execFileSync('mariadb-install-db', [`--defaults-file=${file}`, '--user=root', '--skip-test-db'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60000,
  });
  // The app's account, created on start-up; kept out of my.cnf so the bundle's config is what people write.
  const init = `${ctx.tmp}/mariadb-init.sql`;
  writeFileSync(
    init,
    `CREATE DATABASE IF NOT EXISTS ${DB_NAME};\nCREATE USER IF NOT EXISTS '${DB_USER}'@'%' IDENTIFIED BY '${DB_PASSWORD}';\nGRANT ALL ON ${DB_NAME}.* TO '${DB_USER}'@'%';\n`,
  );
  // CI runs as root; mariadbd refuses root unless told.
  const proc = start('mariadbd', 'mariadbd', [`--defaults-file=${file}`, '--user=root', `--init-file=${init}`], {
    log: `${ctx.tmp}/stdio/mariadbd.log`,
  });
  // Readiness from the socket table only: a connecting probe would log "Aborted connection … unauthenticated".
  await waitListening(port, 'mariadbd', 30000, proc);
  ctx.log(`mariadbd pid ${proc.pid} on 127.0.0.1:${port}`);
  return proc;
}
