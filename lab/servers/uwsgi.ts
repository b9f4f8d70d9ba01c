// uWSGI (Debian's uwsgi with uwsgi-plugin-python3) serving a WSGI app from /home/app/app, laid out as Debian's
// uwsgi package lays out an app: /etc/uwsgi/apps-enabled/<app>.ini, the log in /var/log/uwsgi/app/<app>.log,
// with the options Debian's default.ini adds (master, log-date). Run in the foreground (no daemonize).
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lib/context.js';
import { REPO_ROOT } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

export interface UwsgiOptions {
  /** The app's name: its ini, its log file. */
  app: string;
  /** The WSGI module in /home/app/app. */
  module: string;
  port: number;
  processes: number;
  /** Seconds a worker may spend in one request before the master kills it (HARAKIRI). */
  harakiri: number;
  env?: Record<string, string>;
}

/** Copies a WSGI app from lab/apps into /home/app/app. */
export function installWsgi(ctx: LabContext, app: string): void {
  const dir = ctx.p('/home/app/app');
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'lab/apps', app), dir, { recursive: true });
}

export function uwsgiIni(o: UwsgiOptions, p: (hostPath: string) => string): string {
  const env = Object.entries(o.env ?? {})
    .map(([k, v]) => `env = ${k}=${v}\n`)
    .join('');
  return `[uwsgi]
plugins = python3
master = true
chdir = ${p('/home/app/app')}
module = ${o.module}:application
socket = 127.0.0.1:${o.port}
processes = ${o.processes}
harakiri = ${o.harakiri}
listen = 100
log-date = true
logto = ${p(`/var/log/uwsgi/app/${o.app}.log`)}
pidfile = ${p(`/run/uwsgi/app/${o.app}/pid`)}
die-on-term = true
${env}`;
}

export async function startUwsgi(ctx: LabContext, o: UwsgiOptions): Promise<Started> {
  mkdirSync(ctx.p('/var/log/uwsgi/app'), { recursive: true });
  mkdirSync(ctx.p(`/run/uwsgi/app/${o.app}`), { recursive: true });
  const ini = ctx.write(`/etc/uwsgi/apps-enabled/${o.app}.ini`, uwsgiIni(o, ctx.p));
  const proc = start('uwsgi', 'uwsgi', ['--ini', ini], {
    log: `${ctx.tmp}/stdio/uwsgi.log`,
    cwd: ctx.p('/home/app/app'),
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  await waitListening(o.port, 'uwsgi', 20000, proc);
  ctx.log(`uwsgi pid ${proc.pid} on 127.0.0.1:${o.port} (${o.processes} processes, harakiri ${o.harakiri})`);
  return proc;
}

/** nginx in front of the app over the uwsgi protocol, with Debian's uwsgi_params (copied into the bundle's
 * /etc/nginx, where nginx reads it) and a read timeout. */
export function uwsgiSite(ctx: LabContext, webPort: number, appPort: number, readTimeout: string): string {
  mkdirSync(ctx.p('/etc/nginx'), { recursive: true });
  cpSync('/etc/nginx/uwsgi_params', ctx.p('/etc/nginx/uwsgi_params'));
  return `\tupstream tickets {
\t\tserver 127.0.0.1:${appPort};
\t}

\tserver {
\t\tlisten 127.0.0.1:${webPort};
\t\tserver_name tickets.example.com;

\t\tlocation / {
\t\t\tinclude ${ctx.p('/etc/nginx/uwsgi_params')};
\t\t\tuwsgi_pass tickets;
\t\t\tuwsgi_read_timeout ${readTimeout};
\t\t}
\t}`;
}
