// End to end through the built CLI, as a user runs it: exit codes, JSON contract, SARIF schema, secrets.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
// ajv-draft-04 is CommonJS; its class is the default export.
const Ajv = createRequire(import.meta.url)('ajv-draft-04').default;

function faultline(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('audit --format json prints the contract shape and exits 1 on error findings', () => {
  const r = faultline(['audit', 'examples/seed-talk-galera', '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.version, 1);
  assert.ok(Array.isArray(j.inputs) && Array.isArray(j.findings));
  const cfg = j.inputs.find((i: { path: string }) => i.path === 'etc/haproxy/haproxy.cfg');
  assert.deepEqual({ format: cfg.format, error: cfg.error }, { format: 'haproxy', error: null });
  const f = j.findings.find((x: { rule: string }) => x.rule === 'haproxy-timeout-kills-db-sessions');
  assert.ok(f, 'the seed talk trap is found');
  for (const k of ['rule', 'severity', 'title', 'message', 'locations', 'fix', 'references']) assert.ok(k in f, k);
  assert.ok(
    f.locations.some((l: { path: string; line: number }) => l.path === 'etc/haproxy/haproxy.cfg' && l.line > 0),
  );
});

test('--fail-on decides the exit code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-'));
  mkdirSync(join(dir, 'etc/redis'), { recursive: true });
  writeFileSync(
    join(dir, 'etc/redis/redis.conf'),
    'port 6379\nbind 127.0.0.1\nmaxmemory 2gb\nmaxmemory-policy allkeys-lru\n',
  );
  assert.equal(faultline(['audit', dir, '--fail-on', 'error']).code, 0);
  assert.equal(faultline(['audit', dir, '--fail-on', 'info']).code, 0);
});

test('usage errors and unreadable input exit 2', () => {
  assert.equal(faultline(['audit']).code, 2);
  assert.equal(faultline(['audit', '/nonexistent/path/x']).code, 2);
  assert.equal(faultline(['audit', 'examples', '--format', 'pdf']).code, 2);
  assert.equal(faultline(['frobnicate']).code, 2);
});

test('SARIF output is valid SARIF 2.1.0 (schema committed in schemas/)', () => {
  const r = faultline(['audit', 'examples', '--format', 'sarif']);
  assert.equal(r.code, 1, r.stderr);
  const sarif = JSON.parse(r.stdout);
  const schema = JSON.parse(readFileSync(`${root}schemas/sarif-2.1.0.json`, 'utf8'));
  // The schema's language-tag pattern is not valid as a Unicode regex; the schema predates ES2018.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
  const levels = new Set(sarif.runs[0].results.map((x: { level: string }) => x.level));
  for (const l of levels) assert.ok(['error', 'warning', 'note'].includes(l as string));
  assert.ok(sarif.runs[0].results.length > 0);
});

test('secrets in configs never reach any output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-'));
  mkdirSync(join(dir, 'etc/redis'), { recursive: true });
  writeFileSync(
    join(dir, 'etc/redis/redis.conf'),
    'port 6379\nrequirepass Sup3r-S3cret-Pa55\nmaxmemory 0\n# masterauth Sup3r-S3cret-Pa55\n',
  );
  for (const format of ['text', 'json', 'sarif']) {
    const r = faultline(['audit', dir, '--format', format, '--fail-on', 'info']);
    assert.ok(!r.stdout.includes('Sup3r-S3cret-Pa55') && !r.stderr.includes('Sup3r-S3cret-Pa55'), format);
  }
});

test('rules --format json lists every rule and signature as the contract shows', () => {
  const r = faultline(['rules', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.version, 1);
  for (const rule of j.rules) for (const k of ['id', 'severity', 'title', 'summary', 'docs']) assert.ok(k in rule, k);
  for (const s of j.signatures) for (const k of ['id', 'formats', 'severity', 'cause', 'summary']) assert.ok(k in s, k);
  assert.ok(j.signatures.length >= 80);
});

test('a .tar.gz bundle audits like the folder it came from', async () => {
  const tar = await import('tar');
  const dir = mkdtempSync(join(tmpdir(), 'fl-'));
  const bundle = join(dir, 'bundle.tar.gz');
  await tar.create({ gzip: true, file: bundle, cwd: `${root}examples` }, ['postmortem-api']);
  const fromBundle = JSON.parse(faultline(['audit', bundle, '--format', 'json']).stdout);
  const fromDir = JSON.parse(faultline(['audit', 'examples/postmortem-api', '--format', 'json']).stdout);
  const rules = (j: { findings: { rule: string }[] }) => j.findings.map((f) => f.rule).sort();
  assert.deepEqual(rules(fromBundle), rules(fromDir));
  assert.ok(fromBundle.findings[0].locations[0].path.startsWith('postmortem-api/'));
});

test('malformed, binary and unknown files: one line each naming file:line, the rest goes on, nothing modified', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-'));
  mkdirSync(join(dir, 'etc/haproxy'), { recursive: true });
  mkdirSync(join(dir, 'etc/nginx'), { recursive: true });
  const haproxy = 'defaults\n  mode tcp\n  timeout client 28800\n  timeout server 28800\n  timeout connect 5s\n';
  const nginx =
    'events {\n  worker_connections 1024;\n}\nhttp {\n  server {\n    listen 80\n    location / { proxy_pass http://127.0.0.1:3000; }\n  }\n';
  writeFileSync(join(dir, 'etc/haproxy/haproxy.cfg'), haproxy);
  writeFileSync(join(dir, 'etc/nginx/nginx.conf'), nginx);
  writeFileSync(join(dir, 'core.dump'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 0]));
  writeFileSync(join(dir, 'notes.txt'), 'remember to rotate the logs\n');
  const r = faultline(['audit', dir, '--format', 'json', '--fail-on', 'warning']);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout);
  const byPath = Object.fromEntries(j.inputs.map((i: { path: string }) => [i.path, i]));
  assert.equal(byPath['core.dump'].format, null);
  assert.match(byPath['core.dump'].error, /binary/);
  assert.equal(byPath['notes.txt'].format, null);
  assert.match(byPath['etc/nginx/nginx.conf'].error, /etc\/nginx\/nginx\.conf:\d+: /);
  const stderrLines = r.stderr.trim().split('\n');
  assert.ok(
    stderrLines.some((l: string) => /^faultline: etc\/nginx\/nginx\.conf:\d+: .+/.test(l)),
    r.stderr,
  );
  // The rest goes on: the HAProxy traps are still found.
  assert.ok(j.findings.some((f: { rule: string }) => f.rule === 'haproxy-timeout-unit'));
  assert.equal(readFileSync(join(dir, 'etc/haproxy/haproxy.cfg'), 'utf8'), haproxy);
  assert.equal(readFileSync(join(dir, 'etc/nginx/nginx.conf'), 'utf8'), nginx);
});

test('a PM2 ecosystem.config.js is parsed, never executed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-'));
  const marker = join(dir, 'EXECUTED');
  writeFileSync(
    join(dir, 'ecosystem.config.js'),
    `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');\nmodule.exports = { apps: [{ name: 'api', script: 'server.js', instances: 4, max_memory_restart: '1G' }] };\n`,
  );
  const r = faultline(['audit', dir, '--ram', '2G', '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(JSON.parse(r.stdout).findings.some((f: { rule: string }) => f.rule === 'pm2-memory-restart-exceeds-ram'));
  assert.equal(existsSync(marker), false);
});

test('the ladder: a line per request path in text, hop by hop with --explain-path, `paths` in JSON', () => {
  const text = faultline(['audit', 'examples/postmortem-api', '--no-color']);
  const line =
    'nginx proxy_read_timeout 2 min > Node server.keepAliveTimeout 5 s (idle) > PostgreSQL statement_timeout 0 (none)';
  assert.ok(text.stdout.includes(`Request paths (1)\n  1. ${line}\n`), text.stdout);
  assert.ok(!text.stdout.includes('timeouts: '), 'the hops only with --explain-path');
  const explained = faultline(['audit', 'examples/postmortem-api', '--explain-path']);
  assert.match(
    explained.stdout,
    /PostgreSQL {2}postgres {2}etc\/postgresql\/14\/main\/postgresql\.conf:6\n\s+timeouts: statement_timeout 0 \(none\) \(default\).*\n\s+limits: {3}max_connections 100 \(etc\/postgresql\/14\/main\/postgresql\.conf:6\)/,
  );
  const j = JSON.parse(faultline(['audit', 'examples/postmortem-api', '--format', 'json']).stdout);
  assert.equal(j.paths.length, 1);
  assert.equal(j.paths[0].summary, line);
  assert.deepEqual(
    j.paths[0].hops.map((h: { component: string; path: string; line: number }) => [h.component, h.path, h.line]),
    [
      ['nginx', 'etc/nginx/sites-enabled/api', 14],
      ['Node', 'var/lib/jenkins/workspace/dev_backend/app/server.js', 1],
      ['PostgreSQL', 'etc/postgresql/14/main/postgresql.conf', 6],
    ],
  );
  assert.deepEqual(j.paths[0].hops[0].timeouts[0], {
    name: 'proxy_read_timeout',
    ms: 120000,
    default: false,
    path: 'etc/nginx/sites-enabled/api',
    line: 20,
  });
  assert.deepEqual(j.paths[0].hops[2].limits[0], {
    name: 'max_connections',
    value: 100,
    default: false,
    path: 'etc/postgresql/14/main/postgresql.conf',
    line: 6,
  });
  const html = faultline(['audit', 'examples/postmortem-api', '--format', 'html']).stdout;
  assert.ok(html.includes('<h2>Request paths (1)</h2>'), 'the HTML report has the ladder');
  assert.ok(html.includes('statement_timeout'));
});
