// Issue 8, item 6: no secret in any report. A bundle of real-looking logs and configs — built from the formats of
// test/fixtures (the nginx, PM2, PostgreSQL and syslog lines of the seed postmortem; the Debian redis.conf, the
// systemd unit, Django settings, the PM2 ecosystem file, haproxy.cfg, my.cnf) — carries planted secrets of every
// kind the issue lists where an attacker or a careless admin puts them: in request lines, stack traces, JSON
// fields, SQL statements and config settings. investigate and audit run on it end to end (library and CLI), probe
// reads it as a root (with a real /proc) and collect bundles it; the
// secrets are quoted as evidence in the pipeline's result, and no report format and no stderr line holds one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar';
import { audit } from '../../src/audit.js';
import { collect } from '../../src/collect/collect.js';
import { investigate } from '../../src/investigate.js';
import { probe } from '../../src/probe/probe.js';
import { AUDIT_REPORTERS, INVESTIGATE_REPORTERS } from '../../src/report/index.js';
import { probeJson } from '../../src/report/probe-json.js';
import { probeSarif } from '../../src/report/probe-sarif.js';
import { probeText } from '../../src/report/probe-text.js';
import { clip, redact } from '../../src/report/redact.js';

const root = new URL('../../', import.meta.url).pathname;
const fixture = (p: string) => readFileSync(join(root, 'test/fixtures', p), 'utf8');

/** Every planted secret: the value that must never be printed, and where it is planted. */
const S = {
  queryPassword: 'Hx9-query-pw',
  queryPass: 'Hx9-query-pass',
  queryPwd: 'Hx9-query-pwd',
  queryUpperPass: 'Hx9-DB-PASS',
  queryCamelPass: 'Hx9-camel-pass',
  querySecret: 'Hx9-app-secret',
  queryToken: 'Hx9-query-token',
  accessToken: 'Hx9-access-token',
  apiKey: 'Hx9-api-key',
  apikey: 'Hx9-apikey',
  signature: 'Hx9-signature',
  sig: 'Hx9-sig',
  auth: 'Hx9-auth',
  session: 'Hx9-session',
  sid: 'Hx9-sid',
  oauthCode: 'Hx9-oauth-code',
  formPassword: 'Hx9-form-pw',
  authorization: 'SHx9YmFzaWMtYXV0aA==',
  proxyAuthorization: 'Hx9-proxy-bearer-token',
  cookie: 'Hx9-cookie-sid',
  setCookie: 'Hx9-set-cookie',
  postgresUrl: 'Hx9-pg-url-pw',
  postgresqlUrl: 'p@ss/Hx9-slash',
  mysqlUrl: 'Hx9-mysql-url',
  redisEmptyUser: 'Hx9-redis-nouser',
  redissUrl: 'Hx9-rediss',
  amqpUrl: 'Hx9-amqp',
  mongoUrl: 'Hx9-mongo',
  mongoSrvUrl: 'Hx9-mongo-srv',
  basicAuthUrl: 'Hx9-basic-url',
  tokenAsUser: 'ghp_Hx9aBcDeFgHiJkLmNoPqRsTuVwXyZ012345',
  jdbcPassword: 'Hx9-jdbc',
  jdbcOracle: 'Hx9-oracle',
  awsKeyId: 'AKIAHX9EXAMPLE7QWERT',
  amzCredential: 'AKIAHX9CREDENTIAL7AB',
  awsSecret: 'Hx9wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
  slackWebhook: 'T0HX9/B0HX9/Hx9slackwebhookpath000000',
  redisAuth: 'Hx9-redis-auth',
  mysqlDashP: 'Hx9-mysql-dash-p',
  sqlPassword: 'Hx9-sql-password',
  sqlIdentified: 'Hx9-identified-by',
  github: 'ghs_Hx9ServerToServerTokenValue0123456',
  gitlab: 'glpat-Hx9GitlabTokenValue00',
  slack: 'xoxb-1234567890-Hx9SlackBotToken',
  stripe: 'sk_live_Hx9StripeLiveKey000000',
  npm: 'npm_Hx9NpmTokenValue00000000000000000000',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJIeDkifQ.Hx9JwtSignatureValue000',
  pem: 'MIIEowIBAAKCAQEAHx9PemPrivateKeyBody',
  stackTraceUrl: 'Hx9-stack-url',
  jsonPassword: 'Hx9 json two words',
  jsonToken: 'Hx9-json-token',
  // configs
  requirepass: 'Hx9-requirepass',
  masterauth: 'Hx9-masterauth',
  mycnf: 'Hx9-my-cnf',
  pgpassword: 'Hx9-pgpassword',
  systemdEnv: 'Hx9-systemd-env',
  systemdEnvQuoted: 'Hx9-systemd-token',
  djangoSecretKey: 'django-insecure-Hx9secretkey',
  djangoDbPassword: 'Hx9-django-db',
  pm2Env: 'Hx9-pm2-env-pass',
  pm2EnvSecret: 'Hx9-pm2-jwt-secret',
  haproxyStats: 'Hx9-haproxy-stats',
  haproxyUserlist: 'Hx9-haproxy-userlist',
  nginxProxyAuth: 'SHx9cHJveHktc2V0LWhlYWRlcg==',
  nginxTypo: 'SHx9dHlwby1uby1zZW1pY29sb24=',
  limitsTypo: 'Hx9-limits-typo',
} as const;

type Kind = keyof typeof S;
/**
 * How many planted secrets the pipeline's result quotes (29 measured: the request lines, the stack trace, the SQL
 * statements); the others are in lines no report quotes, checked by the redact() test. Fewer means the corpus tests less.
 */
const QUOTED_AT_LEAST = 25;

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** nginx error and access lines of the seed incident (test/fixtures/log/nginx), with secrets in their requests. */
function nginxLogs(): { error: string; access: string } {
  const requests = [
    `GET /v1/login?user=ops&password=${S.queryPassword}&pass=${S.queryPass}&pwd=${S.queryPwd} HTTP/1.1`,
    `GET /v1/export?DB_PASS=${S.queryUpperPass}&dbPass=${S.queryCamelPass}&APP_SECRET=${S.querySecret}&token=${S.queryToken} HTTP/1.1`,
    `GET /v1/files?access_token=${S.accessToken}&api_key=${S.apiKey}&apikey=${S.apikey} HTTP/1.1`,
    `GET /v1/s3?X-Amz-Credential=${S.amzCredential}%2F20220711%2Fus-east-1%2Fs3%2Faws4_request&signature=${S.signature}&sig=${S.sig} HTTP/1.1`,
    `GET /oauth/callback?code=${S.oauthCode}&state=af0ifjsldkj&auth=${S.auth}&session=${S.session}&sid=${S.sid} HTTP/1.1`,
  ];
  const error = fixture('log/nginx/error.log').split('\n').slice(0, 2);
  const access: string[] = [];
  requests.forEach((req, n) => {
    const s = 10 + n;
    error.push(
      `2022/07/11 14:01:${s} [error] 8934#8934: *2201${s} upstream prematurely closed connection while reading response header from upstream, client: 1.2.3.4, server: api.example.com, request: "${req}", upstream: "http://127.0.0.1:8080${req.split(' ')[1]}", host: "api.example.com"`,
    );
  });
  for (let n = 0; n < 40; n++) {
    const req = requests[n % requests.length] as string;
    access.push(
      `10.1.0.4 - - [11/Jul/2022:14:01:${String(10 + (n % 50)).padStart(2, '0')} +0000] "${req}" 502 157 "https://ops:${S.basicAuthUrl}@admin.example.com/" "Go-http-client/1.1" 0.004 0.004 "502"`,
    );
  }
  error.push(
    `2022/07/11 14:01:40 [error] 8934#8934: *220150 upstream timed out (110: Connection timed out) while reading upstream, client: 1.2.3.4, server: api.example.com, request: "POST /v1/session HTTP/1.1", upstream: "http://127.0.0.1:8080/v1/session", host: "api.example.com", referrer: "https://${S.tokenAsUser}@github.com/org/repo"`,
  );
  return { error: `${error.join('\n')}\n`, access: `${access.join('\n')}\n` };
}

/** A PM2 error log: the crash of the seed postmortem, with the secrets Node prints in errors and stacks. */
function pm2ErrorLog(): string {
  const crash = [
    `Error: connect ECONNREFUSED 10.0.0.5:5432 postgres://app:${S.stackTraceUrl}@db.internal:5432/app`,
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1187:16)',
    `    at Client._connect (/srv/api/node_modules/pg/lib/client.js:132:5) DATABASE_URL=postgresql://app:${S.postgresqlUrl}@db.internal/app`,
    `Error: request failed {"url":"https://api.example.com/v1","headers":{"Authorization":"Basic ${S.authorization}","Proxy-Authorization":"Bearer ${S.proxyAuthorization}","Cookie":"sid=${S.cookie}"},"body":"username=ops&password=${S.formPassword}"}`,
    `    at Object.<anonymous> (/srv/api/app/db.js:4:9) mysql://root:${S.mysqlUrl}@db:3306/app redis://:${S.redisEmptyUser}@cache:6379/0 rediss://default:${S.redissUrl}@cache:6380`,
    `    at load (/srv/api/app/queue.js:9:3) amqp://guest:${S.amqpUrl}@rabbit:5672/ mongodb://app:${S.mongoUrl}@mongo:27017/app mongodb+srv://app:${S.mongoSrvUrl}@cluster0.abcde.mongodb.net/app`,
    `    at jdbc (/srv/api/app/legacy.js:3:3) jdbc:postgresql://db:5432/app?user=app&password=${S.jdbcPassword} jdbc:oracle:thin:scott/${S.jdbcOracle}@db:1521/orcl`,
    `TypeError: Cannot read properties of undefined (reading 'id') {"level":"error","user":"ops","password":"${S.jsonPassword}","token":"${S.jsonToken}"}`,
    `    at Hook.send (/srv/api/app/slack.js:12:7) https://hooks.slack.com/services/${S.slackWebhook}`,
    `    at Env.load (/srv/api/app/env.js:1:1) AWS_ACCESS_KEY_ID=${S.awsKeyId} AWS_SECRET_ACCESS_KEY=${S.awsSecret}`,
    `    at Tokens.load (/srv/api/app/tokens.js:1:1) ${S.github} ${S.gitlab} ${S.slack} ${S.stripe} ${S.npm}`,
    `    at Jwt.verify (/srv/api/node_modules/jsonwebtoken/verify.js:62:19) Bearer ${S.jwt}`,
    `Error: error:1E08010C:DECODER routines::unsupported -----BEGIN RSA PRIVATE KEY-----\\n${S.pem}\\n-----END RSA PRIVATE KEY-----`,
    `Error: Set-Cookie: session=${S.setCookie}; Path=/; HttpOnly`,
  ];
  const seed = fixture('log/pm2/ob_api_server_error.log').split('\n').slice(0, 10);
  return `${[...seed, ...crash, ...seed].join('\n')}\n`;
}

/** PostgreSQL and Redis logs with the statements and commands that carry a password. */
function databaseLogs(): { postgres: string; syslog: string } {
  const pg = fixture('log/postgres/postgresql-14-main.log').split('\n').slice(0, 3);
  pg.push(
    `2022-07-11 14:01:31.002 UTC [2210] app@app ERROR:  role "report" does not exist`,
    `2022-07-11 14:01:31.002 UTC [2210] app@app STATEMENT:  ALTER USER report WITH PASSWORD '${S.sqlPassword}'`,
    `2022-07-11 14:01:32.100 UTC [2211] root@app ERROR:  syntax error at or near "IDENTIFIED"`,
    `2022-07-11 14:01:32.100 UTC [2211] root@app STATEMENT:  CREATE USER 'report'@'%' IDENTIFIED BY '${S.sqlIdentified}'`,
  );
  const syslog = [
    `Jul 11 14:01:33 app1 backup.sh[3310]: error: mysqldump -uroot -p${S.mysqlDashP} app failed with code 2`,
    `Jul 11 14:01:34 app1 redis-cli[3311]: (error) WRONGPASS invalid username-password pair: "AUTH" "${S.redisAuth}"`,
    `Jul 11 14:01:36 app1 api[3313]: error: cannot connect to DATABASE_URL=postgres://app:${S.postgresUrl}@db.internal:5432/app`,
    `Jul 11 14:01:35 app1 psql[3312]: error: PGPASSWORD=${S.pgpassword} psql -h db failed: connection refused`,
  ];
  return { postgres: `${pg.join('\n')}\n`, syslog: `${syslog.join('\n')}\n` };
}

/** Configs of the fixtures with the secret settings filled in. */
function configs(dir: string): void {
  const redis = fixture('config/redis/debian/etc/redis/redis.conf')
    .replace('# requirepass foobared', `requirepass ${S.requirepass}`)
    .replace('# masterauth <master-password>', `masterauth "${S.masterauth}"`);
  write(dir, 'etc/redis/redis.conf', redis);
  const unit = fixture('config/systemd/etc/systemd/system/node-app.service').replace(
    '[Service]',
    `[Service]\nEnvironment=DB_PASSWORD=${S.systemdEnv}\nEnvironment="GH_TOKEN=${S.systemdEnvQuoted}"`,
  );
  write(dir, 'etc/systemd/system/node-app.service', unit);
  write(
    dir,
    'etc/mysql/my.cnf',
    `${fixture('config/mysql/debian-mariadb/etc/mysql/my.cnf')}\n[client]\nuser = root\npassword = ${S.mycnf}\n`,
  );
  write(
    dir,
    'srv/app/settings.py',
    fixture('config/django/settings.py')
      .replace("os.environ.get('DJANGO_SECRET_KEY', 'change-me')", `'${S.djangoSecretKey}'`)
      .replace("os.environ.get('DB_PASSWORD', '')", `'${S.djangoDbPassword}'`),
  );
  write(
    dir,
    'srv/app/ecosystem.config.js',
    fixture('config/pm2/api-cluster.config.js').replace(
      "NODE_ENV: 'production',",
      `NODE_ENV: 'production',\n        DB_PASS: '${S.pm2Env}',\n        JWT_SECRET: "${S.pm2EnvSecret}",`,
    ),
  );
  write(
    dir,
    'etc/haproxy/haproxy.cfg',
    `${fixture('config/haproxy/debian/haproxy.cfg')}\nlisten stats\n    bind :8404\n    stats enable\n    stats auth admin:${S.haproxyStats}\n\nuserlist ops\n    user admin insecure-password ${S.haproxyUserlist}\n`,
  );
  write(
    dir,
    'etc/nginx/conf.d/api.conf',
    fixture('config/nginx/node-proxy/etc/nginx/conf.d/api.conf').replace(
      /location \/ \{/,
      `location / {\n        proxy_set_header Authorization "Basic ${S.nginxProxyAuth}";`,
    ),
  );
}

/** Config lines with a typo, whose parse problem quotes the line (the audit's only way to print a config value). */
function typos(dir: string): void {
  write(
    dir,
    'etc/nginx/conf.d/admin.conf',
    `server {\n    listen 8081;\n    location / {\n        proxy_set_header Authorization "Basic ${S.nginxTypo}"\n        proxy_pass http://127.0.0.1:3000;\n    }\n}\n`,
  );
  write(
    dir,
    'etc/security/limits.conf',
    `${fixture('config/limits/etc/security/limits.conf')}\n* soft nofile password=${S.limitsTypo}\n`,
  );
}

function bundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fl-secrets-'));
  const nginx = nginxLogs();
  write(dir, 'var/log/nginx/error.log', nginx.error);
  write(dir, 'var/log/nginx/access.log', nginx.access);
  write(dir, 'var/lib/jenkins/.pm2/logs/ob_api_server-error.log', pm2ErrorLog());
  write(dir, 'var/lib/jenkins/.pm2/pm2.log', fixture('log/pm2/pm2.log'));
  const db = databaseLogs();
  write(dir, 'var/log/postgresql/postgresql-14-main.log', db.postgres);
  write(dir, 'var/log/syslog', db.syslog);
  configs(dir);
  typos(dir);
  return dir;
}

function leaks(text: string): Kind[] {
  return (Object.keys(S) as Kind[]).filter((k) => text.includes(S[k]) || text.includes(S[k].slice(0, 12)));
}

test('redact() removes every planted secret kind, in the line it was planted in', () => {
  const dir = bundle();
  const files = [
    'var/log/nginx/error.log',
    'var/log/nginx/access.log',
    'var/lib/jenkins/.pm2/logs/ob_api_server-error.log',
    'var/log/postgresql/postgresql-14-main.log',
    'var/log/syslog',
    'etc/redis/redis.conf',
    'etc/systemd/system/node-app.service',
    'etc/mysql/my.cnf',
    'srv/app/settings.py',
    'srv/app/ecosystem.config.js',
    'etc/haproxy/haproxy.cfg',
    'etc/nginx/conf.d/api.conf',
    'etc/nginx/conf.d/admin.conf',
    'etc/security/limits.conf',
  ];
  const all = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  assert.deepEqual(leaks(all).sort(), (Object.keys(S) as Kind[]).sort(), 'every secret is planted');
  for (const line of all.split('\n')) assert.deepEqual(leaks(redact(line)), [], redact(line));
  // The key stays, the value goes.
  assert.match(redact(`requirepass ${S.requirepass}`), /^requirepass \[REDACTED\]$/);
});

test('a cut in the middle of a secret leaves neither half (clip redacts first)', () => {
  for (const kind of Object.keys(S) as Kind[]) {
    const line = pm2ErrorLog()
      .split('\n')
      .find((l) => l.includes(S[kind]));
    if (!line) continue;
    const at = line.indexOf(S[kind]);
    for (const cut of [at + 3, at + Math.floor(S[kind].length / 2), at + S[kind].length - 1]) {
      const out = clip(line, cut);
      assert.ok(!out.includes(S[kind].slice(0, 3) + S[kind].slice(3, cut - at)) || cut - at < 4, `${kind}: ${out}`);
    }
  }
  // The measured case: a URL whose password the cut would split.
  assert.doesNotMatch(clip(`x postgres://app:${S.postgresUrl}@db/app`, 24), /Hx9/);
});

test('investigate: the planted secrets are quoted as evidence and appear in no format', async () => {
  const dir = bundle();
  const result = await investigate({ paths: [dir] });
  assert.ok(result.incidents.length > 0, 'the bundle is an incident');
  const quoted = leaks(JSON.stringify(result));
  // The logs' secrets reach the pipeline's result (timeline, evidence, preceding lines): the reports must hide them.
  assert.ok(quoted.length >= QUOTED_AT_LEAST, `only ${quoted.length} secrets quoted: ${quoted.join(', ')}`);
  for (const [format, reporter] of Object.entries(INVESTIGATE_REPORTERS)) {
    const out = reporter.render(result, { color: format === 'text' });
    assert.deepEqual(leaks(out), [], `investigate --format ${format}`);
    assert.match(out, /\[REDACTED\]/, format);
  }
});

test('audit: no planted config secret in any format', async () => {
  const dir = bundle();
  const result = await audit({ paths: [dir] });
  assert.ok(result.inputs.filter((i) => i.format).length >= 6, JSON.stringify(result.inputs));
  // The problems quote the lines with a typo, secrets and all: the reports must hide them.
  assert.deepEqual(leaks(JSON.stringify(result.issues)).sort(), ['limitsTypo', 'nginxTypo']);
  for (const [format, reporter] of Object.entries(AUDIT_REPORTERS)) {
    const out = reporter.render(result, { color: format === 'text' });
    assert.deepEqual(leaks(out), [], `audit --format ${format}`);
  }
});

test('the CLI: no planted secret on stdout, in --out or on stderr, for every format', () => {
  const dir = bundle();
  // A name that carries a secret and a terminal escape: it reaches stderr as a problem (an empty .gz).
  writeFileSync(join(dir, `var/log/nginx/access.log?password=${S.queryPassword}\x1b]0;owned\x07.gz`), '');
  const out = mkdtempSync(join(tmpdir(), 'fl-secrets-out-'));
  const runs: [string, string[]][] = [
    ...['text', 'json', 'markdown', 'html'].map((f): [string, string[]] => ['investigate', ['--format', f]]),
    ...['text', 'json', 'sarif'].map((f): [string, string[]] => ['audit', ['--format', f]]),
  ];
  for (const [command, flags] of runs) {
    const file = join(out, `${command}-${flags[1]}.out`);
    for (const extra of [[], ['--out', file]]) {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', `${root}src/cli/run.ts`, command, dir, ...flags, ...extra],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      assert.ok(r.status === 0 || r.status === 1, `${command} ${flags.join(' ')}: ${r.stderr}`);
      const printed = extra.length ? readFileSync(file, 'utf8') : r.stdout;
      assert.deepEqual(leaks(printed), [], `${command} ${flags.join(' ')} ${extra.join(' ')}`);
      assert.deepEqual(leaks(r.stderr), [], `stderr of ${command}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control character on stderr');
      if (command === 'investigate') assert.match(r.stderr, /owned\\x07\.gz/, r.stderr);
    }
  }
});

test('probe: no planted config secret in any format (the root the secrets bundle is, with a real /proc)', async () => {
  const dir = bundle();
  cpSync(join(root, 'test/fixtures/probe-root/proc'), join(dir, 'proc'), { recursive: true });
  const result = await probe({ root: dir });
  assert.ok(result.configs.length >= 4, JSON.stringify(result.configs));
  for (const [format, render] of [
    ['text', () => probeText(result, { color: true })],
    ['json', () => probeJson(result)],
    ['sarif', () => probeSarif(result)],
  ] as const)
    assert.deepEqual(leaks(render()), [], `probe --format ${format}`);
});

test('collect: no planted secret in any member of the bundle, nor in its manifest', async () => {
  const dir = bundle();
  const out = join(mkdtempSync(join(tmpdir(), 'fl-secrets-collect-')), 'host.tar.gz');
  await collect({ out, root: dir });
  const tree = mkdtempSync(join(tmpdir(), 'fl-secrets-collected-'));
  await extract({ file: out, cwd: tree });
  const members = walkFiles(tree);
  assert.ok(members.length >= 10, members.join(', '));
  for (const m of members) {
    const text = m.endsWith('.gz') ? gunzipSync(readFileSync(m)).toString('utf8') : readFileSync(m, 'utf8');
    assert.deepEqual(leaks(text), [], m);
  }
});

function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walkFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}
