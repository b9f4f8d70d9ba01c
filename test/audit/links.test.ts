// Debian's nginx layout, links included: `sites-enabled/<site>` is a link to `sites-available/<site>` (absolute as
// `ln -s /etc/nginx/sites-available/api` makes it, or relative), and nginx reads the site through it inside
// `http {}`. The audit reads it there too — so the site inherits `proxy_http_version 1.1` from http{} and the
// upstream-keepalive-outlives-app finding is the error it is, not a warning — in a folder and in a tarball; a link
// that leaves the walked root is skipped with one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { audit } from '../../src/audit.js';
import { investigate } from '../../src/investigate.js';
import { readServiceConfigs } from '../../src/probe/configs.js';

const root = new URL('../../', import.meta.url).pathname;

/** The Debian nginx fixture and the postmortem example's Node app, with the links made as Debian makes them. */
function debianHost(): string {
  const d = mkdtempSync(join(tmpdir(), 'fl-links-'));
  cpSync(join(root, 'test/fixtures/config/nginx/debian-links/etc'), join(d, 'etc'), { recursive: true });
  cpSync(join(root, 'examples/postmortem-api/var'), join(d, 'var'), { recursive: true });
  const enabled = join(d, 'etc/nginx/sites-enabled');
  mkdirSync(enabled);
  symlinkSync('/etc/nginx/sites-available/api', join(enabled, 'api'));
  symlinkSync('../sites-available/default', join(enabled, 'default'));
  // Out of the root: relative past the top, and an absolute one that the chroot keeps inside (not in the input).
  symlinkSync('../../../../../../etc/passwd', join(enabled, 'escape'));
  symlinkSync('/etc/nginx/sites-available/gone', join(enabled, 'gone'));
  return d;
}

const keepalive = (r: Awaited<ReturnType<typeof audit>>) =>
  r.findings.filter((f) => f.rule === 'upstream-keepalive-outlives-app');

test('a folder: the linked site is read inside http{} and the keep-alive finding is an error', async () => {
  const d = debianHost();
  const r = await audit({ paths: [d] });
  const [f, ...more] = keepalive(r);
  assert.equal(more.length, 0, 'one finding: the site is not audited a second time at sites-available/');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.locations.map((l) => `${l.path}:${l.line}`).slice(0, 3), [
    'etc/nginx/sites-enabled/api:4',
    'etc/nginx/conf.d/upstream-keepalive.conf:2',
    'etc/nginx/sites-enabled/api:15',
  ]);
  const byPath = new Map(r.inputs.map((i) => [i.path, i]));
  assert.equal(byPath.get('etc/nginx/sites-enabled/api')?.note, 'included by etc/nginx/nginx.conf');
  assert.equal(
    byPath.get('etc/nginx/sites-available/api')?.note,
    'included by etc/nginx/nginx.conf through the link etc/nginx/sites-enabled/api',
  );
  assert.equal(byPath.get('etc/nginx/sites-enabled/default')?.format, 'nginx');
  assert.equal(
    byPath.get('etc/nginx/sites-enabled/escape')?.error,
    'symbolic link to ../../../../../../etc/passwd not followed: it leaves the walked root',
  );
  assert.equal(
    byPath.get('etc/nginx/sites-enabled/gone')?.error,
    'symbolic link to /etc/nginx/sites-available/gone not followed: its target etc/nginx/sites-available/gone is not a text file of the input',
  );
});

test('the CLI gate: --fail-on error fails on the linked site, on the folder and on a tarball of it', () => {
  const d = debianHost();
  const tarball = join(mkdtempSync(join(tmpdir(), 'fl-links-tar-')), 'host.tar.gz');
  // GNU tar stores the links as links (it follows none without -h).
  const tar = spawnSync('tar', ['-czf', tarball, '-C', d, 'etc', 'var']);
  assert.equal(tar.status, 0, String(tar.stderr));
  const tsx = new URL('node_modules/tsx/dist/loader.mjs', `file://${root}`).href;
  for (const input of [d, tarball]) {
    const r = spawnSync(
      process.execPath,
      ['--import', tsx, `${root}src/cli/run.ts`, 'audit', input, '--format', 'json', '--fail-on', 'error'],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: { rule: string; severity: string }[] };
    const f = out.findings.filter((x) => x.rule === 'upstream-keepalive-outlives-app');
    assert.deepEqual(
      f.map((x) => x.severity),
      ['error'],
      input,
    );
  }
});

test('investigate reads the configs through the same links and lists the refused one once', async () => {
  const d = debianHost();
  const r = await investigate({ paths: [d] });
  const f = r.findings.filter((x) => x.rule === 'upstream-keepalive-outlives-app');
  assert.deepEqual(
    f.map((x) => x.severity),
    ['error'],
  );
  const refused = r.inputs.filter((i) => i.path === 'etc/nginx/sites-enabled/escape');
  assert.equal(refused.length, 1);
  assert.match(refused[0].note ?? '', /it leaves the walked root$/);
});

test("probe's configs under a root: an absolute link inside /etc/nginx is placed under that root, not this machine's", async () => {
  const d = debianHost();
  const r = await readServiceConfigs(d);
  const site = r.texts.find((t) => t.path === '/etc/nginx/sites-enabled/api');
  assert.equal(site?.linkOf, '/etc/nginx/sites-available/api');
  assert.match(site?.text ?? '', /upstream api_backend/);
  assert.deepEqual(
    r.skipped.filter((s) => s.path.startsWith('/etc/nginx/sites-enabled/')).map((s) => `${s.path}: ${s.why}`),
    [
      '/etc/nginx/sites-enabled/escape: symbolic link to ../../../../../../etc/passwd not followed: it leaves the walked root',
      '/etc/nginx/sites-enabled/gone: symbolic link to /etc/nginx/sites-available/gone not followed: its target sites-available/gone is not a text file of the input',
    ],
  );
});
