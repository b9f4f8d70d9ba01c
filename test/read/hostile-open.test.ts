// Files are opened once, with checks, and every read uses that descriptor: a file swapped between the walk and
// the open (for a link to a file outside the input, a FIFO, another file) is reported and skipped, and nothing of
// the swapped-in file is read. Broken compressed files are a one-line problem each, never a crash.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { walkInputs } from '../../src/evidence/walk.js';
import { investigate } from '../../src/investigate.js';
import { investigateJson } from '../../src/report/investigate-json.js';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-open-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const NGINX_ERROR =
  '2024/07/11 03:12:07 [error] 1184#1184: *88231 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.7, server: api, request: "GET /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:3000/v1/orders", host: "api"\n';
const SECRET = 'TOP-SECRET-LINE-OUTSIDE-THE-INPUT';

function hasMkfifo(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v mkfifo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function readAfterSwap(name: string, swap: (path: string) => void): Promise<{ error?: string; text: string }> {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'error.log');
  writeFileSync(file, NGINX_ERROR);
  for await (const entry of walkInputs([dir])) {
    if (entry.kind !== 'file') continue;
    swap(file);
    const chunks: Buffer[] = [];
    try {
      for await (const c of entry.open()) chunks.push(c as Buffer);
    } catch (err) {
      return { error: String((err as Error).message), text: Buffer.concat(chunks).toString() };
    }
    return { text: Buffer.concat(chunks).toString() };
  }
  throw new Error('no entry');
}

describe('a file swapped between the walk and the read', () => {
  const outside = join(tmp, 'outside.txt');
  writeFileSync(outside, `${SECRET}\n`);

  it('for a link to a file outside the input: refused, nothing of it read', async () => {
    const got = await readAfterSwap('link', (p) => {
      rmSync(p);
      symlinkSync(outside, p);
    });
    assert.match(got.error ?? '', /error\.log: it became a symbolic link \(not followed\)/);
    assert.ok(!got.text.includes(SECRET));
  });

  it('for a FIFO: refused at once, no hang', { skip: hasMkfifo() ? false : 'no mkfifo' }, async () => {
    const got = await readAfterSwap('fifo', (p) => {
      rmSync(p);
      execFileSync('mkfifo', [p]);
    });
    assert.match(got.error ?? '', /error\.log: changed during the run \(now a FIFO\); skipped/);
  });

  it('for another file: refused', async () => {
    const got = await readAfterSwap('other', (p) => {
      const other = `${p}.new`;
      writeFileSync(other, `${SECRET}\n`);
      renameSync(other, p);
    });
    assert.match(got.error ?? '', /error\.log: changed during the run \(now another file\); skipped/);
    assert.ok(!got.text.includes(SECRET));
  });
});

describe('broken compressed files', () => {
  it('empty, 1-byte, not-gzip and corrupt .gz files, alone, in a folder and in a bundle: one problem each, the run goes on', async () => {
    const dir = join(tmp, 'gz');
    mkdirSync(join(dir, 'var/log/nginx'), { recursive: true });
    const good = gzipSync(NGINX_ERROR);
    const corrupt = Buffer.from(good);
    corrupt[3] = 0xff; // reserved flag bits set: not a valid gzip header
    const broken: Record<string, Buffer> = {
      'empty.log.gz': Buffer.alloc(0),
      'one.log.gz': Buffer.from([0x1f]),
      'plain.log.gz': Buffer.from(NGINX_ERROR),
      'corrupt.log.gz': corrupt,
    };
    for (const [n, b] of Object.entries(broken)) writeFileSync(join(dir, 'var/log/nginx', n), b);
    writeFileSync(join(dir, 'var/log/nginx/error.log'), NGINX_ERROR);
    const bundle = join(tmp, 'gz.tar');
    await create({ file: bundle, cwd: dir }, ['var']);

    for (const given of [dir, bundle, join(dir, 'var/log/nginx/corrupt.log.gz')]) {
      const r = await investigate({ paths: [given], workers: 0 });
      const json = JSON.parse(investigateJson(r));
      if (given.endsWith('.gz')) {
        assert.equal(json.problems.length, 1, `${given}: ${json.problems}`);
        continue;
      }
      for (const n of Object.keys(broken)) {
        const mentions = (json.problems as string[]).filter((p) => p.includes(n));
        assert.ok(mentions.length >= 1 && mentions.length <= 2, `${given}: ${n} → ${JSON.stringify(json.problems)}`);
        for (const p of mentions) assert.ok(!p.includes('\n'));
      }
      const log = json.inputs.find((i: { path: string }) => i.path.endsWith('nginx/error.log'));
      assert.equal(log.format, 'nginx-error');
      assert.equal(log.lines, 1, 'the good file is read');
    }
  });
});
