// Issue 8, item 8: a config that could not be read is shown with why, in every audit format — not as "not a known
// config format" (the name audit gave the few bytes it had read of a corrupt .gz, or none of a file it may not
// read), and not as a silent absence.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const REDIS = join(root, 'test/fixtures/config/redis/debian/etc/redis/redis.conf');

function audit(dir: string, format: string, asUser?: string[]) {
  const argv = [process.execPath, '--import', 'tsx', `${root}src/cli/run.ts`, 'audit', dir, '--format', format];
  const [cmd, ...args] = asUser ? [...asUser, ...argv] : argv;
  const r = spawnSync(cmd as string, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a corrupt .gz config is listed with its read error in text, json and sarif', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-unreadable-'));
  mkdirSync(join(dir, 'etc/redis'), { recursive: true });
  copyFileSync(REDIS, join(dir, 'etc/redis/redis.conf'));
  writeFileSync(join(dir, 'etc/redis/redis-old.conf.gz'), 'port 6379\n');
  const text = audit(dir, 'text');
  assert.match(text.stdout, /redis-old\.conf\.gz {2}skipped: .*gzip data corrupt/);
  assert.doesNotMatch(text.stdout + text.stderr, /redis-old\.conf\.gz.*not a known config format/);
  const json = JSON.parse(audit(dir, 'json').stdout);
  const input = json.inputs.find((i: { path: string }) => i.path.endsWith('redis-old.conf.gz'));
  assert.match(input.error, /gzip data corrupt/);
  assert.equal(input.note, undefined);
});

// As root every file is readable: the EACCES case runs as `nobody` when this user can switch to it.
const setpriv = ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const canDrop = process.getuid?.() === 0 && existsSync(setpriv[0] as string);

test('a config the user may not read is named by its error (EACCES)', {
  skip: !canDrop && 'needs root and setpriv',
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-unreadable-'));
  chmodSync(dir, 0o755);
  copyFileSync(REDIS, join(dir, 'redis.conf'));
  copyFileSync(REDIS, join(dir, 'secret-redis.conf'));
  chmodSync(join(dir, 'secret-redis.conf'), 0o000);
  const r = audit(dir, 'text', setpriv);
  assert.match(r.stdout, /secret-redis\.conf {2}skipped: .*EACCES/, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /not a known config format/);
  assert.match(r.stderr, /^faultline: secret-redis\.conf: cannot read \(EACCES\)$/m, r.stderr);
});
