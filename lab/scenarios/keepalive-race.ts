// Seed 000 (2) and 002: 502s with "upstream prematurely closed connection" / "104: Connection reset by peer"
// when nginx reuses an upstream keepalive socket the Node app closes at its shorter keepAliveTimeout.
import http from 'node:http';
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

export const scenario: Scenario = {
  name: 'keepalive-race',
  cause: 'keepalive-race',
  alsoCauses: [],
  rules: ['upstream-keepalive-outlives-app'],
  seed: '000_a051685d30370e56.txt (2), 002_68329934815e8170.txt',
  expect: [
    { file: '/var/log/nginx/access.log', match: /" 502 /, why: 'nginx answered 502' },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream prematurely closed connection|104: Connection reset by peer/,
      why: 'nginx saw the app close a reused keepalive socket',
    },
  ],
  async run(ctx: LabContext) {
    const appPort = await freePort();
    const webPort = await freePort();
    installApp(ctx, {
      source: 'keepalive-api.cjs',
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'api',
      script: 'server.js',
      env: { NODE_ENV: 'production', PORT: ${appPort} },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    // One upstream block per service, as many sites have them; each has its own keepalive cache, so each
    // client loop below drives its own upstream socket.
    const services = ['orders', 'users', 'carts', 'search', 'reports'];
    const upstreams = services
      .map((svc) => `\tupstream ${svc}_api {\n\t\tserver 127.0.0.1:${appPort};\n\t\tkeepalive 32;\n\t}\n`)
      .join('\n');
    const locations = services
      .map(
        (svc) => `\t\tlocation /${svc} {
\t\t\tproxy_pass http://${svc}_api;
\t\t\tproxy_http_version 1.1;
\t\t\tproxy_set_header Connection "";
\t\t\tproxy_set_header Host $host;
\t\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
\t\t}`,
      )
      .join('\n\n');
    await startNginx(
      ctx,
      nginxMain(
        ctx,
        `${upstreams}
\tserver {
\t\tlisten 127.0.0.1:${webPort};
\t\tserver_name api.example.com;

${locations}
\t}`,
      ),
      webPort,
    );
    // Node 20 closes an idle socket ~1000 ms after keepAliveTimeout (~2000 ms after the response here).
    // While a /reports request holds the event loop across that moment, a request nginx sends on the idle
    // socket sits unread; the next loop iteration runs the timer first and the close becomes a reset.
    // One client per service keeps nginx on one upstream socket per block (the keepalive cache is LIFO);
    // the pauses sweep around the close time.
    const writers = services.length - 1;
    let done = false;
    const reports = bounded(4000, 2, 40000, async () => {
      if (done) return [];
      return [await request(webPort, { path: '/reports/daily' })];
    });
    const results = await bounded(writers, writers, 40000, async (worker) => {
      const out = [];
      const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 16; i++) {
        const body = JSON.stringify({ sku: `A-${worker}-${i}`, qty: 1 });
        out.push(await request(webPort, { method: 'POST', path: `/${services[worker]}`, body, agent: own }));
        await sleep(1990 + ((i * 7 + worker * 3) % 40));
      }
      own.destroy();
      return out;
    });
    done = true;
    await reports;
    const flat = results.flat();
    ctx.observed.responses = tally(flat);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
