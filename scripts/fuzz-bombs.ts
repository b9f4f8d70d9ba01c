// `npm run fuzz:bombs`: the decompression bombs and floods of the hostile-input issue, made in a temp dir (never
// committed), each run through `faultline investigate` with the default budgets in its own process: each must end
// within 60 s and 300 MiB (peak RSS), with its summary line on stderr.
//
//   gzip-nginx      10 GiB of valid nginx lines in a gzip (concatenated members, as `cat a.gz b.gz` makes)
//   gzip-binary     10 GiB of zeros in a gzip
//   gzip-unknown    10 GiB of text no format reads, in a gzip
//   tar-flood       a .tar.gz of 2,000,000 empty members
//   long-names      a .tar.gz of 30,000 members with 100 KB names (pax headers)
//   long-names-mixed   the same with names that do not compress (the name cap, not the ratio, stops them)
//
//   npm run fuzz:bombs -- --only tar      the bombs whose name contains "tar"
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';

const GiB = 1024 ** 3;
const LIMIT_SECONDS = 60;
const LIMIT_RSS = 300 * 1024 * 1024;
const root = new URL('..', import.meta.url).pathname;
const NGINX_LINE = `${readFileSync(join(root, 'test/fixtures/log/nginx/access.log'), 'utf8').split('\n')[0]}\n`;

/** A gzip of `total` bytes made of `piece` repeated: one member compressed once, written again and again. */
function repeatedGzip(file: string, piece: Buffer, total: number): void {
  const chunk = Buffer.concat(Array(Math.ceil((64 * 1024 * 1024) / piece.length)).fill(piece));
  const member = gzipSync(chunk, { level: 9 });
  const fd = openSync(file, 'w');
  for (let done = 0; done < total; done += chunk.length) writeSync(fd, member);
  closeSync(fd);
}

function tarHeader(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(
    `${Math.floor(Date.UTC(2024, 0, 1) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function pad(n: number): Buffer {
  return Buffer.alloc((512 - (n % 512)) % 512);
}

/** A .tar.gz written as a stream of blocks (the 2 GB of tar never held at once). */
async function tarGz(file: string, blocks: () => Generator<Buffer>): Promise<void> {
  const gz = createGzip({ level: 1 });
  const fd = openSync(file, 'w');
  gz.on('data', (c: Buffer) => writeSync(fd, c));
  const ended = new Promise((resolve) => gz.on('end', resolve));
  for (const b of blocks()) if (!gz.write(b)) await new Promise((r) => gz.once('drain', r));
  gz.end(Buffer.alloc(1024));
  await ended;
  closeSync(fd);
}

const BOMBS: { name: string; make: (file: string) => Promise<void> | void; file: string; expect: RegExp }[] = [
  {
    name: 'gzip-nginx',
    file: 'access.log.1.gz',
    make: (f) => repeatedGzip(f, Buffer.from(NGINX_LINE), 10 * GiB),
    expect: /decompression bomb/,
  },
  {
    name: 'gzip-binary',
    file: 'core.1.gz',
    make: (f) => repeatedGzip(f, Buffer.alloc(1024 * 1024), 10 * GiB),
    expect: /binary file skipped/,
  },
  {
    name: 'gzip-unknown',
    file: 'notes.1.gz',
    make: (f) => repeatedGzip(f, Buffer.from('nothing any format reads, again and again\n'), 10 * GiB),
    expect: /format not recognised/,
  },
  {
    name: 'tar-flood',
    file: 'flood.tar.gz',
    make: (f) =>
      tarGz(f, function* () {
        for (let i = 0; i < 2_000_000; i++) yield tarHeader(`var/log/f${i}.log`, 0);
      }),
    expect: /more inputs: empty file|entry cap of 1,000,000/,
  },
  {
    name: 'long-names',
    file: 'names.tar.gz',
    make: (f) =>
      tarGz(f, function* () {
        for (let i = 0; i < 30_000; i++) {
          // A pax record: "<length> <key>=<value>\n", the length counting its own digits.
          const record = (body: string) => {
            const base = Buffer.byteLength(body) + 2;
            let n = base + String(base).length;
            if (String(n).length > String(base).length) n++;
            return `${n} ${body}\n`;
          };
          const pax = record(`path=var/log/${'n'.repeat(100 * 1024)}${i}.log`);
          yield tarHeader('PaxHeader', Buffer.byteLength(pax), 'x');
          yield Buffer.from(pax);
          yield pad(Buffer.byteLength(pax));
          yield tarHeader(`short${i}.log`, 0);
        }
      }),
    // Names of one letter repeated also make the bundle a bomb by ratio: either line bounds it.
    expect: /more entries refused: name longer than 4096 bytes|decompression bomb/,
  },
  {
    name: 'long-names-mixed',
    file: 'mixed-names.tar.gz',
    make: (f) =>
      tarGz(f, function* () {
        // 3,000 names of 100 KB that compress about as much as text (a short random alphabet), then real members.
        let seed = 7;
        const letter = () => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return String.fromCharCode(97 + (seed % 26));
        };
        for (let i = 0; i < 3_000; i++) {
          const name = Array.from({ length: 100 * 1024 }, letter).join('');
          const body = `path=var/log/${name}.log`;
          const base = Buffer.byteLength(body) + 2;
          let n = base + String(base).length;
          if (String(n).length > String(base).length) n++;
          const pax = `${n} ${body}\n`;
          yield tarHeader('PaxHeader', Buffer.byteLength(pax), 'x');
          yield Buffer.from(pax);
          yield pad(Buffer.byteLength(pax));
          yield tarHeader(`short${i}.log`, 0);
        }
      }),
    expect: /more entries refused: name longer than 4096 bytes/,
  },
];

function run(file: string): { seconds: number; rss: number; stderr: string; status: number | null } {
  const child = `import { runCli } from ${JSON.stringify(join(root, 'src/cli/main.ts'))};
const code = await runCli(['investigate', '--format', 'json', '--out', '/dev/null', ${JSON.stringify(file)}]);
process.stderr.write('\\nfuzz-bombs-rss ' + process.resourceUsage().maxRSS * 1024 + '\\n');
process.exitCode = code;`;
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
    cwd: root,
    encoding: 'utf8',
    timeout: 3 * LIMIT_SECONDS * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const rss = Number(/fuzz-bombs-rss (\d+)/.exec(r.stderr ?? '')?.[1] ?? Number.NaN);
  return { seconds: (Date.now() - started) / 1000, rss, stderr: r.stderr ?? '', status: r.status };
}

async function main(): Promise<number> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bombs-'));
  let failed = 0;
  try {
    for (const b of BOMBS.filter((x) => !only || x.name.includes(only))) {
      const file = join(dir, b.file);
      await b.make(file);
      const size = statSync(file).size;
      const r = run(file);
      rmSync(file, { force: true });
      const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('fuzz-bombs-rss'));
      const ok = r.seconds <= LIMIT_SECONDS && r.rss <= LIMIT_RSS && b.expect.test(r.stderr);
      if (!ok) failed++;
      process.stdout.write(
        `${ok ? 'ok  ' : 'FAIL'} ${b.name}: ${(size / 1e6).toFixed(1)} MB, ${r.seconds.toFixed(1)} s, ` +
          `${(r.rss / 1024 / 1024).toFixed(0)} MiB peak, exit ${r.status}, ${lines.length} stderr lines\n`,
      );
      for (const l of lines.slice(-4)) process.stdout.write(`       ${l.slice(0, 200)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failed > 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
});
