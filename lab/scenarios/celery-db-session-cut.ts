// Seed 001 on its own stack: Django's Celery tasks reach MariaDB through HAProxy (TCP mode) whose
// `timeout client`/`timeout server` are far below MariaDB's wait_timeout. A task keeps its connection idle
// while it works; HAProxy cuts the session (termination cD) and the task's next query fails with
// 2013 "Lost connection to MySQL server during query"; MariaDB logs the aborted connection.
import { execFileSync } from 'node:child_process';
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { sleep } from '../lib/traffic.js';
import { PYTHON, startCeleryWorker } from '../servers/celery.js';
import { startMariadbBehindHaproxy } from '../servers/db-proxy.js';
import { installDjango } from '../servers/gunicorn.js';
import { DB_PASSWORD } from '../servers/mariadb.js';
import { redisConf, startRedis } from '../servers/redis.js';

export const scenario: Scenario = {
  name: 'celery-db-session-cut',
  cause: 'proxy-idle-timeout',
  alsoCauses: [],
  rules: ['haproxy-timeout-kills-db-sessions'],
  seed: '001_7dfcefe617d683ba.txt (Django/Celery through HAProxy to MariaDB)',
  expect: [
    { file: '/var/log/haproxy.log', match: / cD /, why: 'HAProxy closed the idle session on client timeout' },
    { file: '/var/log/mysql/error.log', match: /Aborted connection \d+ to db: 'app'/, why: 'MariaDB saw it cut' },
    {
      file: '/var/log/celery/worker.log',
      match: /OperationalError.*\b(2013|2006)\b/,
      why: 'the task lost its database session',
    },
  ],
  async run(ctx: LabContext) {
    const proxyPort = await startMariadbBehindHaproxy(ctx, 'galera');
    const redisPort = await freePort();
    await startRedis(ctx, redisConf(ctx, redisPort, 'maxmemory 64mb\nmaxmemory-policy noeviction'), redisPort);
    installDjango(ctx, 'django-shop');
    const env = {
      DB_HOST: '127.0.0.1',
      DB_PORT: String(proxyPort),
      DB_NAME: 'app',
      DB_USER: 'app',
      DB_PASSWORD,
      CELERY_BROKER_URL: `redis://127.0.0.1:${redisPort}/0`,
      WORK_SECONDS: '5',
    };
    await startCeleryWorker(ctx, { concurrency: 2, env });
    execFileSync(PYTHON, ['enqueue.py', '2026-09', '2026-10', '2026-11'], {
      cwd: ctx.p('/home/app/app'),
      env: { ...process.env, ...env, DJANGO_SETTINGS_MODULE: 'shop.settings', LOG_DIR: ctx.p('/var/log/django') },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20000,
    });
    // Two tasks at once, the third after them: each reads, works 5 s (HAProxy cuts at 3 s), fails its write.
    await sleep(13000);
  },
};
