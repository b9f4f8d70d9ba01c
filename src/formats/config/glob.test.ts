// Include globs are matched without a RegExp (glob.ts), by tail through an index (vfs.ts). The adversarial
// inputs are the ones issue 8 measured, appended to real fixture configs and scaled so each test is quick.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { MemoryFS, type VfsFile } from '../../evidence/vfs.js';
import { GlobError, globMatcher } from './glob.js';
import { mysqlParser } from './mysql.js';
import { nginxParser } from './nginx.js';
import { postgresParser } from './postgres.js';
import { redisParser } from './redis.js';

/** A fixture tree as one host's input root, with extra members (path → text) and some texts replaced. */
function treeFS(root: string, extra: Record<string, string> = {}): { fs: MemoryFS; text: (p: string) => string } {
  const files: VfsFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const rel = relative(root, abs).split('\\').join('/');
        files.push({ path: rel, hostPath: `/${rel}`, rootPath: '', text: extra[rel] ?? readFileSync(abs, 'utf8') });
      }
    }
  };
  walk(root);
  for (const [path, text] of Object.entries(extra)) {
    if (!files.some((f) => f.path === path)) files.push({ path, hostPath: `/${path}`, rootPath: '', text });
  }
  const fs = new MemoryFS(files);
  return { fs, text: (p) => fs.read(p) ?? '' };
}

test('glob semantics: components, leading dots, classes, ranges, literal brackets', () => {
  assert.equal(globMatcher('conf.d/*.conf').test('conf.d/a.conf'), true);
  assert.equal(globMatcher('conf.d/*.conf').test('conf.d/a/b.conf'), false);
  assert.equal(globMatcher('conf.d/*.conf').test('conf.d/.hidden.conf'), false);
  assert.equal(globMatcher('conf.d/.*.conf').test('conf.d/.hidden.conf'), true);
  assert.equal(globMatcher('sho?.conf').test('shop.conf'), true);
  assert.equal(globMatcher('[su]*.conf').test('upstream.conf'), true);
  assert.equal(globMatcher('[!su]*.conf').test('upstream.conf'), false);
  assert.equal(globMatcher('[a-c]x').test('bx'), true);
  assert.equal(globMatcher('[]]x').test(']x'), true);
  assert.equal(globMatcher('a[b').test('a[b'), true);
  assert.equal(globMatcher('*.conf', true).test('etc/nginx/conf.d/a.conf'), true);
  assert.equal(globMatcher('conf.d/*.conf', true).test('etc/nginx/conf.d/a.conf'), true);
  assert.equal(globMatcher('conf.d/*.conf', true).test('a.conf'), false);
  assert.throws(() => globMatcher('conf.d/[z-a].conf'), GlobError);
});

test('nginx: include conf.d/*a*a*a*a*a*a*a*a*a*a*b against a 40-character name finishes and matches nothing', () => {
  const root = 'test/fixtures/config/nginx/node-proxy';
  const nginxConf = 'etc/nginx/nginx.conf';
  const base = readFileSync(join(root, nginxConf), 'utf8');
  const text = base.replace(/^http \{$/m, 'http {\n    include conf.d/*a*a*a*a*a*a*a*a*a*a*b;');
  assert.notEqual(text, base, 'the fixture has an http block');
  const { fs } = treeFS(root, { [nginxConf]: text, [`etc/nginx/conf.d/${'a'.repeat(40)}`]: 'server {}\n' });
  const out = nginxParser.parse({ path: nginxConf, text, fs });
  // A mask that matches nothing is fine for nginx; the existing include of conf.d/*.conf still resolves.
  assert.ok(!out.issues.some((i) => i.message.includes('*a*a')));
  assert.ok(fs.glob('conf.d/*a*a*a*a*a*a*a*a*a*a*a', nginxConf).length === 1, 'the same shape does match a*…a');
});

test('an invalid class [z-a] is a one-line issue naming the file and line (nginx, MySQL, PostgreSQL, Redis)', () => {
  const nginxRoot = 'test/fixtures/config/nginx/node-proxy';
  const nginxConf = 'etc/nginx/nginx.conf';
  const nginxText = readFileSync(join(nginxRoot, nginxConf), 'utf8').replace(
    /^http \{$/m,
    'http {\n    include conf.d/[z-a].conf;',
  );
  const nginx = nginxParser.parse({ path: nginxConf, text: nginxText, fs: treeFS(nginxRoot).fs });
  const line = nginxText.split('\n').findIndex((l) => l.includes('[z-a]')) + 1;
  assert.deepEqual(
    nginx.issues.filter((i) => i.message.includes('[z-a]')).map((i) => ({ path: i.path, line: i.line })),
    [{ path: nginxConf, line }],
  );

  const redisConf = 'etc/redis/redis.conf';
  const redisRoot = 'test/fixtures/config/redis/tuned';
  const redisText = `${readFileSync(join(redisRoot, redisConf), 'utf8')}include /etc/redis/local.d/[z-a].conf\n`;
  const redis = redisParser.parse({ path: redisConf, text: redisText, fs: treeFS(redisRoot).fs });
  const redisIssue = redis.issues.find((i) => i.message.includes('[z-a]'));
  assert.ok(redisIssue, 'redis reports the pattern');
  assert.equal(redisIssue.path, redisConf);
  assert.equal(redisIssue.line, redisText.split('\n').length - 1);
  assert.ok(!redisIssue.message.includes('\n'));

  const myRoot = 'test/fixtures/config/mysql/debian-mariadb';
  const myConf = 'etc/mysql/my.cnf';
  const myText = `${readFileSync(join(myRoot, myConf), 'utf8')}\n!include /etc/mysql/conf.d/[z-a].cnf\n`;
  const my = mysqlParser.parse({ path: myConf, text: myText, fs: treeFS(myRoot).fs });
  assert.ok(
    my.issues.some((i) => i.path === myConf && i.message.includes('[z-a]')),
    JSON.stringify(my.issues),
  );

  const pgRoot = 'test/fixtures/config/postgres/tuned';
  const pgConf = 'etc/postgresql/14/main/postgresql.conf';
  const pgText = `${readFileSync(join(pgRoot, pgConf), 'utf8')}\ninclude_dir 'conf.[z-a]'\n`;
  const pg = postgresParser.parse({ path: pgConf, text: pgText, fs: treeFS(pgRoot).fs });
  assert.ok(
    pg.issues.some((i) => i.path === pgConf && i.message.includes('[z-a]')),
    JSON.stringify(pg.issues),
  );
});

test("postgres: data_directory='/var/lib/po*****…' (the known hang) finishes; the real auto.conf is still read", () => {
  const pgRoot = 'test/fixtures/config/postgres/tuned';
  const pgConf = 'etc/postgresql/14/main/postgresql.conf';
  const real = postgresParser.parse({
    path: pgConf,
    text: readFileSync(join(pgRoot, pgConf), 'utf8'),
    fs: treeFS(pgRoot).fs,
  });
  const text = `${readFileSync(join(pgRoot, pgConf), 'utf8')}\ndata_directory = '/var/lib/po${'*'.repeat(4000)}x'\n`;
  const out = postgresParser.parse({ path: pgConf, text, fs: treeFS(pgRoot).fs });
  // The stars match no directory; postgresql.auto.conf is then looked up next to the file, as before.
  assert.deepEqual(out.consumed, real.consumed);
  assert.ok(real.consumed.some((p) => p.endsWith('postgresql.auto.conf')));
});

test('postgres: an include of a path of 20,000 components is looked up by tail in one pass', () => {
  const pgRoot = 'test/fixtures/config/postgres/tuned';
  const pgConf = 'etc/postgresql/14/main/postgresql.conf';
  const deep = `/${'d/'.repeat(20_000)}postgresql.conf`;
  const text = `${readFileSync(join(pgRoot, pgConf), 'utf8')}\ninclude '${deep}'\n`;
  const out = postgresParser.parse({ path: pgConf, text, fs: treeFS(pgRoot).fs });
  // Its tail is "postgresql.conf", which is the including file itself: a loop, reported, not followed.
  assert.ok(
    out.issues.some((i) => i.message.includes('loops back')),
    JSON.stringify(out.issues.slice(0, 3)),
  );
});

test('by tail: the longest shared tail wins, and a wildcard last component needs its directory', () => {
  const { fs } = treeFS('test/fixtures/config/postgres/tuned');
  const from = 'etc/postgresql/14/main/postgresql.conf';
  assert.deepEqual(fs.glob('/srv/pg/14/main/conf.d/10-timeouts.conf', from), [
    'etc/postgresql/14/main/conf.d/10-timeouts.conf',
  ]);
  assert.deepEqual(fs.glob('/srv/conf.d/*.conf', from), ['etc/postgresql/14/main/conf.d/10-timeouts.conf']);
  assert.deepEqual(fs.glob('/srv/nowhere/*.conf', from), []);
});
