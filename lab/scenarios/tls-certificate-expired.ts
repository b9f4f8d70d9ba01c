// Issue 14 (2): an internal HTTPS API's certificate has expired. nginx serves it on 127.0.0.1 with a
// certificate (signed by the company's CA) valid from 2025-01-01 to 2025-04-01; the Node checkout app behind the
// front nginx trusts that CA and logs `certificate has expired` (CERT_HAS_EXPIRED) on each call and answers 502,
// and the front nginx's own `proxy_ssl_verify` route to the same API logs
// `upstream SSL certificate verify error: (10:certificate has expired)`. The app process stays up.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import type { Scenario } from '../lib/scenario.js';
import { bounded, request, sleep, tally } from '../lib/traffic.js';
import { nginxMain, startNginx } from '../servers/nginx.js';
import { installApp, killPm2, startPm2 } from '../servers/pm2.js';

const CA_CONF = `[ca]
default_ca = internal
[internal]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
copy_extensions = copy
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
[leaf]
basicConstraints = CA:FALSE
subjectAltName = DNS:payments.internal,IP:127.0.0.1
extendedKeyUsage = serverAuth
`;

/** A CA valid now and a server certificate it signed that expired on 2025-04-01 (openssl ca -startdate/-enddate). */
function makeExpiredCert(dir: string): { ca: string; cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 30000 });
  writeFileSync(`${dir}/ca.cnf`, CA_CONF);
  writeFileSync(`${dir}/index.txt`, '');
  writeFileSync(`${dir}/serial`, '1000\n');
  ssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650'].concat([
      '-subj',
      '/O=Example Corp/CN=Example Corp Internal CA',
    ]),
  );
  ssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr'].concat([
      '-subj',
      '/CN=payments.internal',
    ]),
  );
  ssl(
    ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'server.csr'].concat([
      '-out',
      'server.pem',
      '-startdate',
      '20250101000000Z',
      '-enddate',
      '20250401000000Z',
      '-extensions',
      'leaf',
      '-notext',
    ]),
  );
  return { ca: `${dir}/ca.pem`, cert: `${dir}/server.pem`, key: `${dir}/server.key` };
}

export const scenario: Scenario = {
  name: 'tls-certificate-expired',
  cause: 'tls-certificate-expired',
  alsoCauses: [],
  rules: [],
  seed: "issue 14 (2): an upstream's expired TLS certificate (CERT_HAS_EXPIRED)",
  expect: [
    {
      file: '/home/app/.pm2/logs/checkout-error.log',
      match: /certificate has expired \(code: 'CERT_HAS_EXPIRED'\)/,
      why: 'the app refused the expired certificate',
    },
    {
      file: '/var/log/nginx/error.log',
      match: /upstream SSL certificate verify error: \(10:certificate has expired\)/,
      why: 'nginx refused it too',
    },
    { file: '/var/log/nginx/access.log', match: /" 502 /, why: 'clients got 502' },
    {
      file: '/home/app/.pm2/pm2.log',
      match: /exited with code \[[1-9]|errored/,
      why: 'the app stays up',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    const [payPort, appPort, web] = [await freePort(), await freePort(), await freePort()];
    // Under the host tree (so configs show a host path) but outside what the bundle takes: no key is bundled.
    const tls = makeExpiredCert(ctx.p('/srv/pki'));
    const site = `\tupstream app {
\t\tserver 127.0.0.1:${appPort};
\t}

\t# The internal payments API (its certificate expired on 2025-04-01).
\tserver {
\t\tlisten 127.0.0.1:${payPort} ssl;
\t\tserver_name payments.internal;
\t\tssl_certificate ${tls.cert};
\t\tssl_certificate_key ${tls.key};
\t\tlocation / {
\t\t\treturn 200 '{"status":"authorized"}';
\t\t}
\t}

\tserver {
\t\tlisten 127.0.0.1:${web};
\t\tserver_name shop.example.com;

\t\tlocation /api/rates {
\t\t\tproxy_pass https://127.0.0.1:${payPort};
\t\t\tproxy_ssl_server_name on;
\t\t\tproxy_ssl_name payments.internal;
\t\t\tproxy_ssl_verify on;
\t\t\tproxy_ssl_trusted_certificate ${tls.ca};
\t\t}

\t\tlocation / {
\t\t\tproxy_pass http://app;
\t\t\tproxy_set_header Host $host;
\t\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
\t\t}
\t}`;
    installApp(ctx, {
      source: 'pay-api.cjs',
      ecosystem: `module.exports = {
  apps: [
    {
      name: 'checkout',
      script: 'server.js',
      env: {
        NODE_ENV: 'production',
        PORT: ${appPort},
        PAYMENTS_URL: 'https://payments.internal:${payPort}',
        PAYMENTS_HOST: '127.0.0.1',
        PAYMENTS_CA: '${tls.ca}',
      },
    },
  ],
};
`,
    });
    ctx.defer(() => killPm2(ctx));
    await startPm2(ctx, [appPort]);
    await startNginx(ctx, nginxMain(ctx, site), web);
    // Browsing works (no call to the payments API); every checkout fails.
    const browse = await bounded(40, 2, 5000, async () => {
      const r = await request(web, { path: '/' });
      await sleep(100);
      return r;
    });
    const pay = await bounded(120, 2, 12000, async (i) => {
      const r =
        i % 4 === 3
          ? await request(web, { path: '/api/rates' })
          : await request(web, { method: 'POST', path: `/checkout/${i}`, body: '{}' });
      await sleep(100);
      return r;
    });
    ctx.observed.responses = tally([...browse, ...pay]);
    ctx.log(`responses: ${JSON.stringify(ctx.observed.responses)}`);
  },
};
