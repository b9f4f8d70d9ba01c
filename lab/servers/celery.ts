// A Celery worker (Debian's python3-celery, run as `python3 -m celery`: Debian ships no `celery` script) for the
// Django project in /home/app/app, logging to /var/log/celery/worker.log as the packaged init scripts do.
import { mkdirSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start } from '../lib/procs.js';
import { sleep } from '../lib/traffic.js';

export const PYTHON = '/usr/bin/python3';

export interface CeleryOptions {
  concurrency: number;
  env: Record<string, string>;
}

export async function startCeleryWorker(ctx: LabContext, o: CeleryOptions): Promise<Started> {
  mkdirSync(ctx.p('/var/log/celery'), { recursive: true });
  mkdirSync(ctx.p('/var/log/django'), { recursive: true });
  const args = ['-m', 'celery', '-A', 'shop', 'worker', '--loglevel=INFO', `--concurrency=${o.concurrency}`];
  ctx.write(
    '/etc/default/celeryd',
    `# Celery worker settings (the generic init script's /etc/default/celeryd)
CELERYD_NODES="worker1"
CELERY_APP="shop"
CELERYD_CHDIR="/home/app/app"
CELERYD_OPTS="--concurrency=${o.concurrency}"
CELERYD_LOG_FILE="/var/log/celery/worker.log"
CELERYD_LOG_LEVEL="INFO"
`,
  );
  const proc = start('celery', PYTHON, [...args, `--logfile=${ctx.p('/var/log/celery/worker.log')}`], {
    log: `${ctx.tmp}/stdio/celery.log`,
    cwd: ctx.p('/home/app/app'),
    env: { ...process.env, LOG_DIR: ctx.p('/var/log/django'), PYTHONDONTWRITEBYTECODE: '1', ...o.env },
  });
  // Ready when the worker says so in its log (it listens on no port).
  for (let i = 0; i < 100; i++) {
    if (ctx.exists('/var/log/celery/worker.log') && /\bready\./.test(ctx.read('/var/log/celery/worker.log'))) break;
    if (proc.exitCode() !== undefined) throw new Error(`celery worker exited (${proc.exitCode()})`);
    await sleep(200);
  }
  ctx.log(`celery worker pid ${proc.pid} (concurrency ${o.concurrency})`);
  return proc;
}
