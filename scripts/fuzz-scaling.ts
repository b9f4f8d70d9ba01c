// `npm run fuzz:scaling`: a scaling check for super-linear time (issue 8, "Linear time"). Every log format's
// parse, every config parser (detect and parse), the signature matcher and redact() get adversarial inputs — long
// runs of `a`, `a.`, `a-`, spaces, newlines, `\r`, nested brackets, `a={` — at 64 KB and 256 KB, alone and after a
// real line or file of that format (so the parser gets past its first check). Each is timed as the median of 5;
// a case fails when t(256 KB) > 6 × t(64 KB), a linear 4× with room for noise, unless t(256 KB) is under a small
// absolute floor, so sub-millisecond jitter cannot fail. Kept out of the unit suite: it takes a minute or two.
//
//   npm run fuzz:scaling                      every case; prints the worst ratios; exit 1 if one failed
//   npm run fuzz:scaling -- --only redis      cases whose name contains "redis"
//   npm run fuzz:scaling -- --top 30          how many of the worst ratios to print (default 15)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { detectConfigFormat } from '../src/formats/config/registry.js';
import type { ConfigFS } from '../src/formats/config/types.js';
import { LOG_FORMATS } from '../src/formats/log/registry.js';
import { redact } from '../src/report/redact.js';
import { SIGNATURES } from '../src/signatures/catalog.js';
import { createMatcher } from '../src/signatures/match.js';

const SMALL = 64 * 1024;
const LARGE = 256 * 1024;
const RUNS = 5;
const MAX_RATIO = 6;
/** Below this t(256 KB) in ms, a ratio is noise. */
const FLOOR_MS = 20;

const UNITS: Record<string, string> = {
  a: 'a',
  'a.': 'a.',
  'a-': 'a-',
  spaces: ' ',
  newlines: '\n',
  cr: '\r',
  tabs: '\t',
  brackets: '([{<',
  'a={': 'a={',
  'x:': 'x:',
  '/': '/',
  '=': 'a=',
  quotes: '"\'',
};

interface Case {
  name: string;
  run: (input: string) => unknown;
  /** Real text the adversarial run is appended to ('' for the run alone). */
  prefix: string;
  /** Lines are fed one at a time: a newline unit would split into empty lines, so it is kept in one line. */
  unit: string;
}

const root = new URL('..', import.meta.url).pathname;

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

/** For each log format, the first fixture line it parses: the real prefix of its cases. */
function logSamples(): Map<string, string> {
  const out = new Map<string, string>();
  const lines = files(join(root, 'test/fixtures/log')).flatMap((f) =>
    readFileSync(f, 'utf8').split('\n').slice(0, 200).filter(Boolean),
  );
  for (const format of LOG_FORMATS) {
    const line = lines.find((l) => {
      try {
        return format.parse(l) !== null;
      } catch {
        return false;
      }
    });
    if (line) out.set(format.id, line);
  }
  return out;
}

/** For each config parser, the first fixture file it detects: path and text. */
function configSamples(): Map<string, { path: string; text: string }> {
  const out = new Map<string, { path: string; text: string }>();
  for (const f of files(join(root, 'test/fixtures/config'))) {
    const text = readFileSync(f, 'utf8');
    const path = relative(root, f);
    const found = detectConfigFormat(path, text);
    if (found && !out.has(found.parser.id)) out.set(found.parser.id, { path, text });
  }
  return out;
}

const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function cases(): Case[] {
  const out: Case[] = [];
  const samples = logSamples();
  const matcher = createMatcher(SIGNATURES);
  for (const format of LOG_FORMATS) {
    const sample = samples.get(format.id) ?? '';
    for (const [unitName, unit] of Object.entries(UNITS)) {
      for (const prefix of sample ? ['', `${sample} `] : ['']) {
        const tag = prefix ? 'after a real line' : 'alone';
        out.push({ name: `log ${format.id} parse: ${unitName} ${tag}`, run: (s) => format.parse(s), prefix, unit });
        out.push({
          name: `signatures ${format.id}: ${unitName} ${tag}`,
          run: (s) => matcher.match(format.id, s),
          prefix,
          unit,
        });
      }
    }
  }
  // Signature needles followed by a run: the catalog's literal prefixes repeated.
  for (const s of SIGNATURES) {
    const needle = s.needle ?? '';
    if (!needle) continue;
    for (const format of s.formats) {
      out.push({
        name: `signature ${s.id}: repeated needle (${format})`,
        run: (line) => matcher.match(format, line),
        prefix: '',
        unit: `${needle}a `,
      });
    }
  }
  for (const [id, sample] of configSamples()) {
    const parser = detectConfigFormat(sample.path, sample.text)!.parser;
    for (const [unitName, unit] of Object.entries(UNITS)) {
      for (const prefix of ['', `${sample.text}\n`]) {
        const tag = prefix ? `after ${sample.path.split('/').pop()}` : 'alone';
        out.push({
          name: `config ${id} detect: ${unitName} ${tag}`,
          run: (t) => parser.detect(sample.path, t),
          prefix,
          unit,
        });
        out.push({
          name: `config ${id} parse: ${unitName} ${tag}`,
          run: (t) => parser.parse({ path: sample.path, text: t, fs: noFS }),
          prefix,
          unit,
        });
      }
    }
  }
  for (const [unitName, unit] of Object.entries({ ...UNITS, 'password.': 'password.', 'x-token-': 'x-token-' })) {
    out.push({ name: `redact: ${unitName}`, run: (t) => redact(t), prefix: '', unit });
  }
  return out;
}

function build(c: Case, bytes: number): string {
  const n = Math.max(1, Math.ceil((bytes - c.prefix.length) / c.unit.length));
  return c.prefix + c.unit.repeat(n);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** With --expose-gc (the npm script sets it), garbage of the previous run is collected outside the timing. */
const collect = (globalThis as { gc?: () => void }).gc;

function time1(c: Case, input: string): number {
  collect?.();
  const t0 = performance.now();
  try {
    c.run(input);
  } catch {
    // A parser that throws (deep nesting) is the fuzz targets' concern (test/fuzz); its time still counts here.
  }
  return performance.now() - t0;
}

function time(c: Case, input: string): number {
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ts.push(time1(c, input));
    // One run of seconds says enough, and five would make a quadratic case take minutes.
    if (ts[ts.length - 1]! > 2000) return ts[ts.length - 1]!;
  }
  return median(ts);
}

function main(argv: string[]): number {
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 15;
  const selected = cases().filter((c) => !only || c.name.includes(only));
  const results: { name: string; small: number; large: number; ratio: number; failed: boolean }[] = [];
  const started = performance.now();
  for (const c of selected) {
    const small = build(c, SMALL);
    const large = build(c, LARGE);
    time1(c, small); // warm up (JIT, lazily built tables)
    const ts = time(c, small);
    const tl = time(c, large);
    const ratio = tl / Math.max(ts, 0.01);
    const failed = tl > FLOOR_MS && tl > MAX_RATIO * ts;
    results.push({ name: c.name, small: ts, large: tl, ratio, failed });
    if (failed)
      process.stdout.write(
        `FAIL ${c.name}: 64 KB ${ts.toFixed(1)} ms, 256 KB ${tl.toFixed(1)} ms (×${ratio.toFixed(1)})\n`,
      );
  }
  const worst = results.filter((r) => r.large > FLOOR_MS).sort((a, b) => b.ratio - a.ratio);
  process.stdout.write(
    `\nfuzz:scaling: ${results.length} cases in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `${worst.length} above the ${FLOOR_MS} ms floor at 256 KB; worst ratios t(256 KB)/t(64 KB):\n`,
  );
  for (const r of worst.slice(0, top)) {
    process.stdout.write(`  ×${r.ratio.toFixed(2)}  ${r.small.toFixed(1)} → ${r.large.toFixed(1)} ms  ${r.name}\n`);
  }
  const slowest = [...results].sort((a, b) => b.large - a.large).slice(0, 5);
  process.stdout.write('slowest at 256 KB:\n');
  for (const r of slowest) process.stdout.write(`  ${r.large.toFixed(1)} ms (×${r.ratio.toFixed(2)})  ${r.name}\n`);
  const failures = results.filter((r) => r.failed).length;
  process.stdout.write(`${results.length - failures} passed, ${failures} failed\n`);
  return failures > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
