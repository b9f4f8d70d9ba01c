// Seed 000 (1) and (3): HAProxy health checks time out while a synchronous export blocks each Node
// instance's event loop; both servers go DOWN ("Layer7 timeout"), then "no server available" and 503s.
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, type HttpResult, request, sleep, tally } from '../lib/traffic.js';
import { haproxyHead, startHaproxy } from '../servers/haproxy.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'event-loop-blocked',
  cause: 'event-loop-blocked',
  alsoCauses: ['health-check-cascade'],
  rules: [],
  seed: '000_a051685d30370e56.txt (1), (3)',
  expect: [
    {
      file: '/var/log/haproxy.log',
      match: /Server api\/api\d is DOWN, reason: Layer7 timeout/,
      why: 'health check timed out',
    },
    { file: '/var/log/haproxy.log', match: /has no server available!/, why: 'every server DOWN' },
    { file: '/var/log/haproxy.log', match: /<NOSRV> .* 503 /, why: 'clients got 503 with no server' },
  ],
  async run(ctx: LabContext) {
    const [p1, p2, web, syslogPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    installApp(ctx, {
      source: 'report-api.cjs',
      ecosystem: `module.exports = {
  apps: [
    { name: 'api-1', script: 'server.js', env: { NODE_ENV: 'production', PORT: ${p1}, INSTANCE: 'api-1' } },
    { name: 'api-2', script: 'server.js', env: { NODE_ENV: 'production', PORT: ${p2}, INSTANCE: 'api-2' } },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [p1, p2]);
    const cfg = `${haproxyHead(
      syslogPort,
      'http',
      '\ttimeout connect 5s\n\ttimeout client  30s\n\ttimeout server  30s\n\ttimeout check   1s\n',
    )}
frontend www
\tbind 127.0.0.1:${web}
\tdefault_backend api

backend api
\tbalance roundrobin
\toption httpchk GET /health
\thttp-check expect status 200
\tserver api1 127.0.0.1:${p1} check inter 1s fall 2 rise 2
\tserver api2 127.0.0.1:${p2} check inter 1s fall 2 rise 2
`;
    const hap = await startHaproxy(ctx, cfg, syslogPort, [web]);
    ctx.defer(() => hap.syslog.close());
    await sleep(2500); // both servers UP (rise 2)
    const browse = bounded(400, 3, 16000, async () => {
      const r = await request(web, { path: '/api/items', timeoutMs: 15000 });
      await sleep(100);
      return r;
    });
    await sleep(1000);
    // Two exports at once: round robin sends one to each instance.
    const exports = [request(web, { path: '/reports/export?s=7' }), request(web, { path: '/reports/export?s=7' })];
    const all: HttpResult[] = [...(await browse), ...(await Promise.all(exports))];
    await sleep(2500); // servers come back UP
    ctx.observed.responses = tally(all);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
