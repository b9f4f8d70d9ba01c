// Containers made with the system's own tools (bzip2, xz, zstd, zip, tar) from real fixture logs, read through the
// walk; broken ones of each kind are a one-line problem; scaled-down bombs and floods end with their summary lines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { InputProblem, WalkOptions } from './types.js';
import { walkInputs } from './walk.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/log');
const ACCESS = readFileSync(join(FIXTURES, 'nginx/access.log'), 'utf8');
const ERROR = readFileSync(join(FIXTURES, 'nginx/error.log'), 'utf8');

let tmp: string;
const sh = (cmd: string, args: string[], cwd = tmp) => execFileSync(cmd, args, { cwd, stdio: 'pipe' });

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-containers-'));
  const logs = join(tmp, 'h/var/log/nginx');
  mkdirSync(logs, { recursive: true });
  copyFileSync(join(FIXTURES, 'nginx/access.log'), join(logs, 'access.log'));
  copyFileSync(join(FIXTURES, 'nginx/error.log'), join(logs, 'error.log'));
  sh('bzip2', ['-k', 'access.log'], logs);
  sh('xz', ['-k', 'error.log'], logs);
  sh('zstd', ['-q', 'access.log', '-o', 'access.log.2.zst'], logs);
  sh('gzip', ['-k', 'access.log'], logs);
  copyFileSync(join(logs, 'access.log'), join(logs, 'access.log.1'));
  sh('zip', ['-qr', 'h.zip', 'h']);
  sh('tar', ['cjf', 'h.tar.bz2', 'h']);
  sh('tar', ['cJf', 'h.tar.xz', 'h']);
  sh('tar', ['--zstd', '-cf', 'h.tar.zst', 'h']);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

async function walkAll(paths: string[], opts: WalkOptions = {}) {
  const problems: InputProblem[] = [];
  const seen: { path: string; kind: string; text: string; error?: string; host?: string }[] = [];
  for await (const e of walkInputs(paths, { ...opts, onProblem: (p) => problems.push(p) })) {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    if (e.kind === 'file') {
      try {
        for await (const c of e.open()) chunks.push(c as Buffer);
      } catch (err) {
        error = (err as Error).message;
      }
    }
    seen.push({ path: e.path, kind: e.kind, text: Buffer.concat(chunks).toString('utf8'), error, host: e.host });
  }
  return { seen, problems: problems.map((p) => p.message) };
}

describe('containers: bzip2, xz, zstd, zip and tarballs', () => {
  it('reads every compressed file of a folder as its log, the rotated series oldest first', async () => {
    const { seen, problems } = await walkAll([join(tmp, 'h')]);
    assert.deepEqual(problems, []);
    const text = new Map(seen.map((s) => [s.path, s.text]));
    for (const name of ['access.log', 'access.log.1', 'access.log.2.zst', 'access.log.bz2', 'access.log.gz'])
      assert.equal(text.get(`var/log/nginx/${name}`), ACCESS, name);
    assert.equal(text.get('var/log/nginx/error.log.xz'), ERROR);
    const order = seen.map((s) => s.path.replace('var/log/nginx/', ''));
    // logrotate's numbered pieces: the highest number is the oldest; the live file comes last.
    assert.ok(order.indexOf('access.log.2.zst') < order.indexOf('access.log.1'), order.join(' '));
    assert.ok(order.indexOf('access.log.1') < order.indexOf('access.log'), order.join(' '));
  });

  for (const archive of ['h.zip', 'h.tar.bz2', 'h.tar.xz', 'h.tar.zst']) {
    it(`reads the members of ${archive}, named and found in a folder`, async () => {
      const named = await walkAll([join(tmp, archive)]);
      assert.deepEqual(named.problems, []);
      const bz = named.seen.find((s) => s.path === 'h/var/log/nginx/access.log.bz2');
      assert.equal(bz?.text, ACCESS);
      assert.equal(named.seen.find((s) => s.path === 'h/var/log/nginx/error.log.xz')?.text, ERROR);
      const folder = join(tmp, `in-folder-${archive}`);
      mkdirSync(folder, { recursive: true });
      copyFileSync(join(tmp, archive), join(folder, archive));
      const found = await walkAll([folder]);
      const member = found.seen.find((s) => s.path === `${archive}/h/var/log/nginx/access.log.2.zst`);
      assert.equal(member?.text, ACCESS, found.seen.map((s) => s.path).join(', '));
    });
  }

  it('refuses zip members outside the root, lists links unread, reports encrypted members', async () => {
    const dir = join(tmp, 'zips');
    mkdirSync(join(dir, 'x/etc'), { recursive: true });
    writeFileSync(join(dir, 'x/etc/passwd-copy'), 'root:x:0:0\n');
    copyFileSync(join(FIXTURES, 'nginx/error.log'), join(dir, 'x/error.log'));
    symlinkSync('/etc/shadow', join(dir, 'x/shadow'));
    sh('zip', ['-qy', '../links.zip', 'shadow', 'error.log'], join(dir, 'x'));
    sh('zip', ['-q', '-P', 'pw', '../enc.zip', 'error.log'], join(dir, 'x'));
    // `zip` stores what it is given: a name with `..` reaches the archive as is.
    sh('zip', ['-q', '../../zips/evil.zip', '../x/etc/passwd-copy', 'error.log'], join(dir, 'x'));
    const { seen, problems } = await walkAll([join(dir, 'links.zip'), join(dir, 'enc.zip'), join(dir, 'evil.zip')]);
    const link = seen.find((s) => s.path === 'links/shadow');
    assert.equal(link?.kind, 'symlink');
    assert.equal(link?.text, '');
    assert.equal(seen.find((s) => s.path === 'links/error.log')?.text, ERROR);
    assert.ok(
      problems.some((p) => /enc\.zip: entry error\.log is encrypted \(not read\)/.test(p)),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => /evil\.zip: entry \.\.\/x\/etc\/passwd-copy refused: path leaves/.test(p)));
    assert.ok(!seen.some((s) => s.text.includes('root:x')));
    assert.equal(seen.find((s) => s.path === 'evil/error.log')?.text, ERROR);
  });

  it('reports a broken, empty or cut archive of each kind on one line, and goes on', async () => {
    const dir = join(tmp, 'broken');
    mkdirSync(dir, { recursive: true });
    const whole = (name: string) => readFileSync(join(tmp, name));
    const files: Record<string, Buffer> = {
      'empty.bz2': Buffer.alloc(0),
      'empty.xz': Buffer.alloc(0),
      'empty.zst': Buffer.alloc(0),
      'empty.zip': Buffer.alloc(0),
      'not-xz.xz': Buffer.from(ACCESS),
      'cut.log.bz2': whole('h/var/log/nginx/access.log.bz2').subarray(0, 60),
      'cut.log.xz': whole('h/var/log/nginx/error.log.xz').subarray(0, 80),
      'cut.log.zst': whole('h/var/log/nginx/access.log.2.zst').subarray(0, 40),
      'cut.zip': whole('h.zip').subarray(0, 300),
      'cut.tar.xz': whole('h.tar.xz').subarray(0, 200),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, 'zz-after.log'), ERROR);
    const { seen, problems } = await walkAll([dir]);
    assert.equal(seen.find((s) => s.path === 'zz-after.log')?.text, ERROR);
    for (const name of Object.keys(files)) {
      const mine = problems.filter((p) => p.includes(name));
      assert.ok(mine.length >= 1, `no problem for ${name}: ${problems.join('\n')}`);
      for (const p of mine) assert.ok(!p.includes('\n') && p.length < 300, p);
    }
    assert.ok(problems.some((p) => /cut\.log\.bz2: bzip2 stream truncated/.test(p)));
    assert.ok(problems.some((p) => /cut\.log\.xz: xz stream truncated/.test(p)));
    assert.ok(problems.some((p) => /cut\.log\.zst: zstd stream truncated/.test(p)));
    assert.ok(problems.some((p) => /not-xz\.xz: xz data corrupt .*not xz data/.test(p)));
    assert.ok(problems.some((p) => /empty\.zip: not a valid zip archive/.test(p)));
  });
});

describe('bombs and floods, scaled down', () => {
  it('stops a gzip bomb of valid nginx lines at the expansion ratio', async () => {
    const line = `${ACCESS.split('\n')[0]}\n`;
    const bomb = gzipSync(Buffer.from(line.repeat(Math.ceil((80 * 1024 * 1024) / line.length))), { level: 9 });
    const file = join(tmp, 'bomb-access.log.gz');
    writeFileSync(file, bomb);
    const { seen, problems } = await walkAll([file]);
    assert.ok(seen[0].text.length <= 65 * 1024 * 1024, `${seen[0].text.length} bytes read`);
    assert.deepEqual(problems, [
      `${file}: expands more than 100 times its compressed size (a decompression bomb?); the rest was skipped (--max-ratio)`,
    ]);
  });

  it('counts a flood of refused members after the first five, and stops at the entry cap', async () => {
    const dir = join(tmp, 'flood');
    // Paths of 300 bytes and more (a folder of 200, files of 100 each): long names cost memory at every step.
    const deep = 'd'.repeat(200);
    mkdirSync(join(dir, deep), { recursive: true });
    const names = Array.from({ length: 40 }, (_, i) => `${deep}/${'n'.repeat(100)}${i}.log`);
    for (const n of names) writeFileSync(join(dir, n), '');
    sh('tar', ['czf', '../flood.tgz', ...names], dir);
    const long = await walkAll([join(tmp, 'flood.tgz')], { maxNameBytes: 256 });
    assert.equal(long.problems.length, 6, long.problems.join('\n'));
    assert.equal(long.problems[5], `${join(tmp, 'flood.tgz')}: 35 more entries refused: name longer than 256 bytes`);
    const capped = await walkAll([join(tmp, 'flood.tgz')], { maxEntries: 10 });
    assert.equal(capped.seen.length, 10);
    assert.deepEqual(capped.problems, [
      `${join(tmp, 'flood.tgz')}: entry cap of 10 per run reached; the rest of the input was skipped (--max-entries)`,
    ]);
  });

  it('counts a folder of cut compressed files after the first five', async () => {
    const dir = join(tmp, 'cut-flood');
    mkdirSync(dir, { recursive: true });
    const cut = readFileSync(join(tmp, 'h/var/log/nginx/access.log.bz2')).subarray(0, 60);
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `access.log.${i + 1}.bz2`), cut);
    const { problems } = await walkAll([dir]);
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems[0], /access\.log\.30\.bz2: bzip2 stream truncated after 0 bytes$/);
    assert.equal(problems[5], '25 more files: bzip2 stream truncated');
  });
});
