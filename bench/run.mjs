#!/usr/bin/env node
// Benchmarks, measured side by side in one run and printed as ratios (never as timed tests):
//   1. CLI start-up time;  2. `audit` of a 300-file configuration tree;
//   3. `investigate` on the nginx log set of ../shared/bench (≈ 1.1 GB) against grep -c, wc -l, lnav and
//      GoAccess (installed from Debian when missing and running as root), with peak RSS; and whether the
//      incident windows found match the generator's bursts;
//   4. with --big: peak RSS of `investigate` on a ≈ 5 GB input (the same files repeated);
//   5. the mixed host bundle of 13 formats against `cat … | grep -c`, and with --big its 5 GB version and hostile
//      5 GB files (bench/read-path.mjs). --only-read runs section 5 alone;
//   6. with --probe: `faultline probe` on about 500 processes and 20,000 sockets (bench/probe.mjs), target ≤ 2 s.
// Usage: npm run bench [-- --quick] [-- --big] [-- --no-peers] [-- --probe]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateConfigTree } from './config-tree.mjs';
import { hostileFiles, mixedBundle } from './read-path.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/faultline.js');
const data = join(root, '.bench-data');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
mkdirSync(data, { recursive: true });

if (!existsSync(join(root, 'dist/cli/main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

/** Runs a command under GNU time; returns wall seconds and peak RSS in MiB. */
function measure(cmd, argv, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...opts,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  return { wall, rssMiB: kb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function timeIt(fn, n) {
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    xs.push((performance.now() - t) / 1000);
  }
  return median(xs);
}

const report = [];
const out = (line) => {
  console.log(line);
  report.push(line);
};

// ---------------------------------------------------------------- 1. start-up
if (!args.has('--only-read')) {
  {
    const node = timeIt(() => spawnSync(process.execPath, ['-e', '0']), 10);
    const version = timeIt(() => spawnSync(process.execPath, [bin, '--version']), 10);
    const rules = timeIt(() => spawnSync(process.execPath, [bin, 'rules', '--format', 'json']), 10);
    out('## CLI start-up (median of 10)');
    out(
      `node -e 0: ${fmt(node)} · faultline --version: ${fmt(version)} · faultline rules --format json: ${fmt(rules)}`,
    );
    out(
      `faultline's own start-up above bare node: ${fmt(version - node)} (target < 150 ms in total: ${version < 0.15 ? 'met' : 'NOT met'})`,
    );
  }

  // ---------------------------------------------------------------- 2. audit of a 300-file tree
  {
    const dir = join(data, 'config-tree');
    rmSync(dir, { recursive: true, force: true });
    const files = generateConfigTree(dir, 300);
    const r = [];
    for (let i = 0; i < 5; i++) r.push(measure(process.execPath, [bin, 'audit', dir, '--format', 'json']));
    const wall = median(r.map((x) => x.wall));
    const j = JSON.parse(r[0].stdout);
    out('');
    out('## audit of a 300-file configuration tree (median of 5)');
    out(
      `${files} files, ${j.inputs.filter((i) => i.format).length} recognised, ${j.findings.length} findings: ${fmt(wall)}, peak RSS ${median(r.map((x) => x.rssMiB)).toFixed(0)} MiB (target well under 1 s: ${wall < 1 ? 'met' : 'NOT met'})`,
    );
  }

  // ---------------------------------------------------------------- 3. investigate vs peers
  const logs = join(data, 'nginx');
  const gen = join(root, '../shared/bench/gen-nginx-logs.mjs');
  const canInvestigate = spawnSync(process.execPath, [bin, 'investigate', '--help']).status === 0;
  if (!canInvestigate) {
    out('');
    out('## investigate: not available in this build; skipped');
  } else if (!existsSync(gen) && !existsSync(join(logs, 'access.log'))) {
    out('');
    out(`## investigate: generator ${gen} not found; skipped`);
  } else {
    const [nAccess, nError] = quick ? [500000, 50000] : [5000000, 500000];
    const truthFile = join(logs, 'truth.json');
    const stale = !existsSync(truthFile) || JSON.parse(readFileSync(truthFile, 'utf8')).access.lines !== nAccess;
    if (stale) {
      mkdirSync(logs, { recursive: true });
      console.error(`generating ${nAccess} access + ${nError} error lines into ${logs} …`);
      execFileSync(process.execPath, [gen, logs, String(nAccess), String(nError)], { stdio: 'inherit' });
    }
    const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
    const access = join(logs, 'access.log');
    const error = join(logs, 'error.log');
    const bytes = statSync(access).size + statSync(error).size;
    const mb = bytes / 1e6;
    // Warm the page cache so every tool reads from memory.
    spawnSync('cat', [access, error], { stdio: ['ignore', 'ignore', 'ignore'] });

    if (!args.has('--no-peers') && process.getuid?.() === 0) {
      const missing = ['lnav', 'goaccess'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
      if (missing.length) {
        console.error(`installing ${missing.join(', ')} from Debian …`);
        spawnSync(
          'sh',
          ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`],
          {
            stdio: 'inherit',
          },
        );
      }
    }
    const have = (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;

    const runs = [];
    const accessMb = statSync(access).size / 1e6;
    const fl = measure(process.execPath, [
      bin,
      'investigate',
      access,
      error,
      '--format',
      'json',
      '--out',
      join(data, 'investigate.json'),
    ]);
    if (fl.status !== 0 && fl.status !== 1) {
      out('');
      out(`## investigate failed (exit ${fl.status}): ${fl.stderr.trim().split('\n').slice(-3).join(' / ')}`);
      writeFileSync(join(data, 'last-run.md'), `${report.join('\n')}\n`);
      process.exit(1);
    }
    runs.push(['faultline investigate (parse, signatures, series, incidents, hypotheses, report)', fl]);
    runs.push(["grep -c ' 502 ' access.log error.log", measure('grep', ['-c', ' 502 ', access, error])]);
    runs.push(['wc -l access.log error.log', measure('wc', ['-l', access, error])]);
    if (have('lnav') && !args.has('--no-peers')) {
      runs.push([
        'lnav SQL: count by status (access.log only)',
        measure('lnav', ['-n', '-c', ';SELECT sc_status, count(*) FROM access_log GROUP BY sc_status', access]),
      ]);
    }
    if (have('goaccess') && !args.has('--no-peers') && !quick) {
      runs.push([
        'GoAccess (access.log only)',
        measure('goaccess', [access, '--log-format=COMBINED', '-o', join(data, 'goaccess.json')]),
      ]);
    }
    out('');
    out(
      `## investigate on ${mb.toFixed(0)} MB (${truth.access.lines} access + ${truth.error.lines} error lines), warm cache`,
    );
    out('| tool | wall | MB/s | peak RSS | faultline is … |');
    out('| --- | --- | --- | --- | --- |');
    // Ratios compare throughput (MB/s): some peers read only access.log.
    const flRate = mb / fl.wall;
    for (const [name, r] of runs) {
      const rate = (name.includes('access.log only') ? accessMb : mb) / r.wall;
      const ratio =
        r === fl
          ? '—'
          : rate < flRate
            ? `${(flRate / rate).toFixed(1)}× faster`
            : `${(rate / flRate).toFixed(1)}× slower`;
      out(`| ${name} | ${fmt(r.wall)} | ${rate.toFixed(0)} | ${r.rssMiB.toFixed(0)} MiB | ${ratio} |`);
    }
    // Do the incident windows match the generator's bursts?
    const j = JSON.parse(readFileSync(join(data, 'investigate.json'), 'utf8'));
    const start = Date.UTC(2022, 6, 10) / 1000;
    const bursts = truth.bursts.map((b) => ({ s: (start + b.s) * 1000, e: (start + b.e) * 1000 }));
    const inc = j.incidents.map((i) => ({ s: Date.parse(i.start), e: Date.parse(i.end) }));
    const overlaps = (a, b) => a.s <= b.e + 60000 && b.s <= a.e + 60000;
    const found = bursts.filter((b) => inc.some((i) => overlaps(i, b))).length;
    const spurious = inc.filter((i) => !bursts.some((b) => overlaps(i, b))).length;
    out(`incident windows: ${found}/${bursts.length} generator bursts found, ${spurious} windows outside any burst`);
    writeFileSync(join(data, 'last-run.md'), `${report.join('\n')}\n`);

    if (args.has('--big')) {
      const big = join(data, 'big');
      mkdirSync(big, { recursive: true });
      const parts = [];
      let total = 0;
      for (let i = 0; total < 5e9; i++) {
        const p = join(big, `access-${i}.log`);
        // Hard links: faultline lists symbolic links but never follows them.
        if (!existsSync(p)) linkSync(access, p);
        parts.push(p);
        total += statSync(access).size;
      }
      const r = measure(process.execPath, [
        bin,
        'investigate',
        ...parts,
        '--format',
        'json',
        '--out',
        join(data, 'big.json'),
      ]);
      out('');
      out(
        `## investigate on ${(total / 1e9).toFixed(1)} GB: ${fmt(r.wall)} (${(total / 1e6 / r.wall).toFixed(0)} MB/s), peak RSS ${r.rssMiB.toFixed(0)} MiB (target < 300 MiB: ${r.rssMiB < 300 ? 'met' : 'NOT met'})`,
      );
    }
  }
}

// ---------------------------------------------------------------- 5. the read path on every format
mixedBundle({ root, data, bin, measure, out, quick, big: args.has('--big') });
if (args.has('--big')) hostileFiles({ data, bin, measure, out, quick });
// ---------------------------------------------------------------- 6. probe on 500 processes and 20,000 sockets
if (args.has('--probe')) {
  const r = spawnSync(process.execPath, [join(root, 'bench/probe.mjs'), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
  });
  out('');
  for (const line of r.stdout.trim().split('\n')) out(line);
}
writeFileSync(join(data, 'last-run.md'), `${report.join('\n')}\n`);
