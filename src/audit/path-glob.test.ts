import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathGlob } from './path-glob.js';

test('ignore: globs — * within a folder, ** across folders, a bare name at any depth', () => {
  const cases: [string, string, boolean][] = [
    ['etc/nginx/*.conf', 'etc/nginx/nginx.conf', true],
    ['etc/nginx/*.conf', 'etc/nginx/conf.d/a.conf', false],
    ['etc/nginx/**', 'etc/nginx/conf.d/a.conf', true],
    ['etc/nginx/**', 'etc/nginx', true],
    ['**/redis/*.conf', 'app1/etc/redis/redis.conf', true],
    ['**/redis/*.conf', 'etc/redis.conf', false],
    ['redis.conf', 'app1/etc/redis/redis.conf', true],
    ['./etc/*/main/postgresql.conf', 'etc/15/main/postgresql.conf', true],
    ['a/**/b/**/c', 'a/x/b/y/z/c', true],
    ['a/**/b/**/c', 'a/x/y/z/c', false],
    ['[a-c]*.cfg', 'etc/haproxy/b1.cfg', true],
  ];
  for (const [glob, path, want] of cases) assert.equal(pathGlob(glob).test(path), want, `${glob} ~ ${path}`);
});

test('a chain of ** against a long path stays a table, not a search', () => {
  const glob = pathGlob(`${'**/'.repeat(40)}x`);
  const path = `${'d/'.repeat(2000)}y`;
  assert.equal(glob.test(path), false);
  assert.equal(glob.test(`${path}/x`), true);
});
