// Read-path benchmarks (issues 7 and 8), each measured in the same run as `cat <the same files> | grep -c` over
// the same bytes and reported as that ratio:
//   - the mixed host bundle of 13 formats (../shared/bench/gen-mixed-bundle.mjs), 1 GB (100 MB with --quick);
//   - with --big: the same bundle at 5 GB, and hostile files written one at a time (a PM2 error log without
//     timestamps, a year-less kern.log of OOM lines, a dmesg of uptime stamps, a file with a 1 GiB line and no
//     newline), each ~5 GB (0.5 GB with --quick), peak RSS against the 300 MiB target.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const TARGET_RSS_MIB = 300;

function filesUnder(dir) {
  const out = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...filesUnder(p));
    else if (d.isFile() && d.name !== 'truth.json') out.push(p);
  }
  return out.sort();
}

/** `cat files | grep -c pattern` through a shell, timed like faultline. */
function grepBaseline(measure, files, pattern) {
  const list = files.map((f) => `'${f.replaceAll("'", "'\\''")}'`).join(' ');
  return measure('sh', ['-c', `cat ${list} | grep -c '${pattern}'; true`]);
}

function row(out, name, r, mb, base) {
  const ratio = base ? `${(r.wall / base.wall).toFixed(1)}× cat|grep -c` : '—';
  out(`| ${name} | ${r.wall.toFixed(2)} s | ${(mb / r.wall).toFixed(0)} | ${r.rssMiB.toFixed(0)} MiB | ${ratio} |`);
}

export function mixedBundle({ root, data, bin, measure, out, quick, big }) {
  const gen = join(root, '../shared/bench/gen-mixed-bundle.mjs');
  if (!existsSync(gen)) {
    out('');
    out(`## mixed bundle: generator ${gen} not found; skipped`);
    return;
  }
  const sizes = [quick ? 100 : 1000, ...(big ? [quick ? 500 : 5000] : [])];
  for (const megabytes of sizes) {
    const dir = join(data, `mixed-${megabytes}`);
    if (!existsSync(join(dir, 'truth.json'))) {
      console.error(`generating the ${megabytes} MB mixed bundle into ${dir} …`);
      execFileSync(process.execPath, [gen, dir, String(megabytes)], { stdio: 'inherit' });
    }
    const files = filesUnder(dir);
    const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
    spawnSync('sh', ['-c', `cat ${files.map((f) => `'${f}'`).join(' ')} > /dev/null`]);
    const base = grepBaseline(measure, files, ' 50[24] ');
    const fl = measure(process.execPath, [
      bin,
      'investigate',
      dir,
      '--format',
      'json',
      '--out',
      join(data, 'mixed.json'),
    ]);
    out('');
    out(`## investigate on the mixed host bundle, ${mb.toFixed(0)} MB of 13 formats, warm cache`);
    out('| run | wall | MB/s | peak RSS | ratio |');
    out('| --- | --- | --- | --- | --- |');
    row(out, 'faultline investigate', fl, mb, base);
    row(out, "cat … | grep -c ' 50[24] '", base, mb);
    out(
      `targets: ≥ 400 MB/s (${mb / fl.wall >= 400 ? 'met' : 'NOT met'}), ≤ 2.5× cat|grep (${fl.wall / base.wall <= 2.5 ? 'met' : 'NOT met'}), peak RSS < ${TARGET_RSS_MIB} MiB (${fl.rssMiB < TARGET_RSS_MIB ? 'met' : 'NOT met'})`,
    );
  }
}

/** Writes `bytes` of `line(i)` lines to `path` in 8 MiB blocks. */
function writeLines(path, bytes, line) {
  const fd = openSync(path, 'w');
  let written = 0;
  let i = 0;
  try {
    while (written < bytes) {
      const parts = [];
      let n = 0;
      while (n < 8 * 1024 * 1024) {
        const l = line(i++);
        parts.push(l);
        n += l.length;
      }
      const buf = Buffer.from(parts.join(''));
      writeSync(fd, buf);
      written += buf.length;
    }
  } finally {
    closeSync(fd);
  }
}

const two = (n) => String(n).padStart(2, '0');
const HOSTILE = {
  'pm2 error log without timestamps': (i) =>
    `Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) #${i}\n`,
  'year-less kern.log of OOM kills': (i) =>
    `Nov ${two(1 + ((i >> 16) % 28))} ${two((i >> 12) % 24)}:${two((i >> 6) % 60)}:${two(i % 60)} web1 kernel: [${100000 + (i >> 4)}.${String(i % 1000000).padStart(6, '0')}] Out of memory: Killed process ${1000 + (i % 30000)} (node) total-vm:1234567kB, anon-rss:987654kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2048kB oom_score_adj:0\n`,
  dmesg: (i) =>
    `[${String(Math.floor(i / 100)).padStart(5, ' ')}.${String((i % 100) * 10000).padStart(6, '0')}] Out of memory: Killed process ${1000 + (i % 30000)} (node) total-vm:1234567kB, anon-rss:987654kB\n`,
};

export function hostileFiles({ data, bin, measure, out, quick }) {
  const dir = join(data, 'hostile');
  mkdirSync(dir, { recursive: true });
  const bytes = quick ? 5e8 : 5e9;
  out('');
  out(`## hostile files of ${(bytes / 1e9).toFixed(1)} GB each, written and read one at a time`);
  out('| file | wall | MB/s | peak RSS | ratio |');
  out('| --- | --- | --- | --- | --- |');
  const cases = Object.entries(HOSTILE).map(([name, line], k) => [
    name,
    (p) => writeLines(p, bytes, line),
    `h${k}.log`,
  ]);
  cases.push([
    'an nginx error log with a 1 GiB line without a newline in it',
    (p) => {
      const fd = openSync(p, 'w');
      const lines = (from) =>
        Buffer.from(
          Array.from(
            { length: 2000 },
            (_, i) =>
              `2024/07/11 03:${two(((from + i) >> 6) % 60)}:${two((from + i) % 60)} [error] 1184#1184: *${from + i} upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.0.7\n`,
          ).join(''),
        );
      writeSync(fd, lines(0));
      const block = Buffer.alloc(8 * 1024 * 1024, 0x61);
      for (let n = 0; n < 1024 ** 3; n += block.length) writeSync(fd, block);
      writeSync(fd, lines(2000));
      closeSync(fd);
    },
    'long-line.log',
  ]);
  for (const [name, write, file] of cases) {
    const p = join(dir, file);
    write(p);
    const mb = statSync(p).size / 1e6;
    // grep holds a whole line in memory and takes minutes on a 1 GiB one: `cat | wc -l` is that file's baseline.
    const base =
      file === 'long-line.log'
        ? measure('sh', ['-c', `cat '${p}' | wc -l`])
        : grepBaseline(measure, [p], 'Killed process');
    const fl = measure(process.execPath, [
      bin,
      'investigate',
      p,
      '--format',
      'json',
      '--out',
      join(data, 'hostile.json'),
    ]);
    row(out, `${name}${fl.status === 0 || fl.status === 1 ? '' : ` (exit ${fl.status})`}`, fl, mb, base);
    out(`| ↳ peak RSS < ${TARGET_RSS_MIB} MiB | ${fl.rssMiB < TARGET_RSS_MIB ? 'met' : 'NOT met'} | | | |`);
    rmSync(p, { force: true });
  }
}
