// Issue 14 (2): a slow dependency holds the requests past the proxy's timeout. A nightly stock recount runs one
// long UPDATE over the whole `stock` table (the per-row SLEEP(0.5) stands for the slow scan a real recount does)
// and holds each row it touched until it commits, 12 s later; the checkout API's `UPDATE stock … WHERE sku = ?`
// waits on those row locks (InnoDB, innodb_lock_wait_timeout 50 s), nginx gives up after proxy_read_timeout 4 s
// and answers 504. MariaDB's slow query log (long_query_time 1 s) shows the recount and every waiting UPDATE;
// the app process stays up and idle, so its event loop is not the problem.
import { execFileSync, spawn } from 'node:child_process';
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { DB_PASSWORD, myCnf, startMariadb } from '../servers/mariadb.js';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

const SKUS = 24;

function sql(ctx: LabContext, statement: string): void {
  execFileSync('mariadb', [`--socket=${ctx.p('/run/mysqld/mysqld.sock')}`, '-uroot', 'app', '-e', statement], {
    stdio: 'ignore',
    timeout: 30000,
  });
}

export const scenario: Scenario = {
  name: 'upstream-timeout',
  cause: 'upstream-timeout',
  alsoCauses: [],
  rules: [],
  seed: 'issue 14 (2): a lock held by a batch job makes the app wait and nginx answer 504 (measured: event-loop-blocked)',
  expect: [
    {
      file: '/var/log/nginx/error.log',
      match: /upstream timed out \(110: Connection timed out\) while reading response header from upstream/,
      why: 'nginx gave up waiting for the app',
    },
    { file: '/var/log/nginx/access.log', match: /" 504 /, why: 'clients got 504' },
    { file: '/var/log/mysql/mariadb-slow.log', match: /UPDATE stock SET qty = qty - 1/, why: 'the waiting UPDATEs' },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /exited with code \[[1-9]|errored/,
      why: 'the app stays up',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    const [dbPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    const slow = `slow_query_log = 1\nslow_query_log_file = ${ctx.p('/var/log/mysql/mariadb-slow.log')}\nlong_query_time = 1\n`;
    await startMariadb(ctx, myCnf(ctx, dbPort, slow), dbPort);
    sql(
      ctx,
      'CREATE TABLE stock (sku INT PRIMARY KEY, qty INT NOT NULL, counted_at DATETIME NULL) ENGINE=InnoDB;' +
        'CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, sku INT NOT NULL, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB;' +
        `INSERT INTO stock (sku, qty) SELECT seq, 100000 FROM seq_1_to_${SKUS};`,
    );
    installApp(ctx, {
      source: 'stock-api.cjs',
      dependencies: { mysql2: '^3.9.0' },
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'stock',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort}, DB_HOST: '127.0.0.1', DB_PORT: ${dbPort}, DB_USER: 'app', DB_PASSWORD: '${DB_PASSWORD}', DB_NAME: 'app' },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, proxySite(web, appPort, '', '\n\t\t\tproxy_read_timeout 4s;')), web);
    const traffic = (count: number, ms: number, from: number, concurrency = 3) =>
      bounded(count, concurrency, ms, async (i) => {
        const r = await request(web, {
          method: 'POST',
          path: `/checkout/${((from + i) % SKUS) + 1}`,
          timeoutMs: 15000,
        });
        await sleep(150);
        return r;
      });
    const before = await traffic(60, 5000, 0);
    // The recount, as cron would run it: one statement over every row, committed when it ends.
    const recount = spawn(
      'mariadb',
      [
        `--socket=${ctx.p('/run/mysqld/mysqld.sock')}`,
        '-uroot',
        'app',
        '-e',
        'UPDATE stock SET counted_at = NOW() WHERE SLEEP(0.5) = 0',
      ],
      { stdio: 'ignore' },
    );
    const done = new Promise<number>((resolve) => recount.on('exit', (code) => resolve(code ?? -1)));
    ctx.defer(() => {
      if (recount.exitCode === null) recount.kill('SIGKILL');
    });
    ctx.log(`stock recount started (pid ${recount.pid})`);
    await sleep(1500);
    const during = await traffic(200, 11000, 7, 8);
    ctx.log(`stock recount exited ${await Promise.race([done, sleep(15000).then(() => -2)])}`);
    const after = await traffic(40, 5000, 3);
    ctx.observed.responses = tally([...before, ...during, ...after]);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
