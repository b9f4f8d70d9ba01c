// gunicorn (Debian's package) serving a Django project from /home/app/app, with its error and access logs
// under /var/log/gunicorn and the systemd unit a host would have, so the bundle carries its settings.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lib/context.js';
import { REPO_ROOT } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

export interface GunicornOptions {
  port: number;
  workers: number;
  /** --timeout: seconds a sync worker may stay silent (in one request) before the arbiter kills it. */
  timeout: number;
  env?: Record<string, string>;
}

/** Copies a project from lab/apps into /home/app/app. */
export function installDjango(ctx: LabContext, app: string): string {
  const dir = ctx.p('/home/app/app');
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'lab/apps', app), dir, { recursive: true });
  return dir;
}

export function gunicornArgs(ctx: LabContext, o: GunicornOptions, p: (hostPath: string) => string): string[] {
  return [
    '--chdir',
    p('/home/app/app'),
    '--bind',
    `127.0.0.1:${o.port}`,
    '--workers',
    String(o.workers),
    '--timeout',
    String(o.timeout),
    '--error-logfile',
    p('/var/log/gunicorn/error.log'),
    '--access-logfile',
    p('/var/log/gunicorn/access.log'),
    'shop.wsgi:application',
  ];
}

export async function startGunicorn(ctx: LabContext, o: GunicornOptions): Promise<Started> {
  mkdirSync(ctx.p('/var/log/gunicorn'), { recursive: true });
  mkdirSync(ctx.p('/var/log/django'), { recursive: true });
  // The unit as the host has it (paths without the lab's root): audit reads --timeout and --workers from it.
  ctx.write(
    '/etc/systemd/system/gunicorn.service',
    `[Unit]
Description=gunicorn daemon for the shop
After=network.target

[Service]
User=www-data
Group=www-data
WorkingDirectory=/home/app/app
ExecStart=/usr/bin/gunicorn ${gunicornArgs(ctx, o, (x) => x).join(' ')}
Restart=always

[Install]
WantedBy=multi-user.target
`,
  );
  const proc = start('gunicorn', 'gunicorn', gunicornArgs(ctx, o, ctx.p), {
    log: `${ctx.tmp}/stdio/gunicorn.log`,
    cwd: ctx.p('/home/app/app'),
    env: { ...process.env, LOG_DIR: ctx.p('/var/log/django'), PYTHONDONTWRITEBYTECODE: '1', ...o.env },
  });
  await waitListening(o.port, 'gunicorn', 20000, proc);
  ctx.log(`gunicorn pid ${proc.pid} on 127.0.0.1:${o.port} (${o.workers} workers, --timeout ${o.timeout})`);
  return proc;
}
