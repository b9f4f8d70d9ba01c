// PHP-FPM (Debian's php8.2-fpm) with one pool serving /home/app/app, its global error log where Debian puts it
// (/var/log/php8.2-fpm.log) and the pool file a host would have, so the bundle carries pm.max_children.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lib/context.js';
import { REPO_ROOT } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

export interface FpmOptions {
  port: number;
  /** pm.max_children: how many requests the pool serves at once. */
  maxChildren: number;
  /** listen.backlog: connections the kernel queues for the pool before it drops SYNs. */
  backlog: number;
  env?: Record<string, string>;
}

/** Copies a PHP project from lab/apps into /home/app/app. */
export function installPhp(ctx: LabContext, app: string): string {
  const dir = ctx.p('/home/app/app');
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'lab/apps', app), dir, { recursive: true });
  return dir;
}

function poolConf(o: FpmOptions): string {
  const env = Object.entries(o.env ?? {})
    .map(([k, v]) => `env[${k}] = ${v}\n`)
    .join('');
  // pm = dynamic: the process manager warns when it would need a child beyond max_children
  // (fpm_process_ctl.c); pm = static never does.
  return `[www]
user = www-data
group = www-data
listen = 127.0.0.1:${o.port}
listen.backlog = ${o.backlog}
pm = dynamic
pm.max_children = ${o.maxChildren}
pm.start_servers = 1
pm.min_spare_servers = 1
pm.max_spare_servers = ${o.maxChildren}
catch_workers_output = yes
clear_env = no
${env}`;
}

export async function startPhpFpm(ctx: LabContext, o: FpmOptions): Promise<Started> {
  mkdirSync(ctx.p('/run/php'), { recursive: true });
  mkdirSync(ctx.p('/var/log'), { recursive: true });
  const pool = ctx.write('/etc/php/8.2/fpm/pool.d/www.conf', poolConf(o));
  const main = ctx.write(
    '/etc/php/8.2/fpm/php-fpm.conf',
    `[global]
pid = ${ctx.p('/run/php/php8.2-fpm.pid')}
error_log = ${ctx.p('/var/log/php8.2-fpm.log')}
daemonize = no

include = ${pool}
`,
  );
  // -R: the lab runs as root; the pool's children still run as www-data.
  const proc = start('php-fpm', 'php-fpm8.2', ['--nodaemonize', '-R', '--fpm-config', main], {
    log: `${ctx.tmp}/stdio/php-fpm.log`,
    env: { ...process.env, ...o.env },
  });
  await waitListening(o.port, 'php-fpm', 10000, proc);
  ctx.log(`php-fpm pid ${proc.pid} on 127.0.0.1:${o.port} (pm.max_children ${o.maxChildren})`);
  return proc;
}

/**
 * nginx in front of the pool: every .php through FastCGI, with a short connect timeout as hosts tune it; Debian's
 * fastcgi_params copied into the bundle's /etc/nginx, as a host has it.
 */
export function fastcgiSite(ctx: LabContext, webPort: number, fpmPort: number): string {
  mkdirSync(ctx.p('/etc/nginx'), { recursive: true });
  cpSync('/etc/nginx/fastcgi_params', ctx.p('/etc/nginx/fastcgi_params'));
  return `\tserver {
\t\tlisten 127.0.0.1:${webPort};
\t\tserver_name shop.example.com;
\t\troot ${ctx.p('/home/app/app')};
\t\tindex index.php;

\t\tlocation ~ \\.php$ {
\t\t\tinclude ${ctx.p('/etc/nginx/fastcgi_params')};
\t\t\tfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
\t\t\tfastcgi_pass 127.0.0.1:${fpmPort};
\t\t\tfastcgi_connect_timeout 2s;
\t\t\tfastcgi_read_timeout 30s;
\t\t}
\t}`;
}
