// Per-format throughput of the read path (issue 7 item 7): every line of one file of each format through
// PieceReader, with the format's Buffer scanner and without it (every line through `parse`), from memory so
// disk and process start are excluded. One row for every log format of the registry (LOG_FORMATS, so a new format
// gets its row without editing this file), fed by real lines: bench/format-material.mjs (the format's files of
// test/real-logs, else its samples of test/fixtures/log-samples) repeated to the size. `--bundle <dir>` reads the
// formats that a generated mixed host bundle has (../shared/bench/gen-mixed-bundle.mjs) from it instead.
// Measures the built code (`npm run build` first): tsx's transform adds a helper call per closure that the shipped
// code does not have.
// Run: npm run build && node bench/formats.mjs [--bundle dir] [--mb N] [--only id,id] [--scan-only]
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectLogFormat, LOG_FORMATS } from '../dist/formats/log/registry.js';
import { kitFor } from '../dist/read/kits.js';
import { PieceReader } from '../dist/read/piece.js';
import { LineSplitter } from '../dist/read/split.js';
import { formatMaterial } from './format-material.mjs';

const args = process.argv.slice(2);
const bundleArg = args.indexOf('--bundle');
const dir = bundleArg >= 0 ? args[bundleArg + 1] : undefined;
const mbArg = args.indexOf('--mb');
const targetBytes = (mbArg >= 0 ? Number(args[mbArg + 1]) : 16) * 1e6;
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : undefined;

function filesUnder(d) {
  const out = [];
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() && e.name !== 'truth.json' && statSync(p).size > 100_000) out.push(p);
  }
  return out.sort();
}

/** The bundle's files by detected format (the largest per format), capped at the target size. */
function bundleFiles() {
  const byFormat = new Map();
  for (const path of filesUnder(dir)) {
    const head = Buffer.alloc(64 * 1024);
    const fd = openSync(path, 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const d = detectLogFormat(head.subarray(0, n).toString('utf8').split('\n').slice(0, 200), path);
    if (!d || (only && !only.has(d.format.id))) continue;
    const size = statSync(path).size;
    const have = byFormat.get(d.format.id);
    if (!have || have.size < size) byFormat.set(d.format.id, { path, size });
  }
  for (const f of byFormat.values()) f.buf = grow(readFileSync(f.path));
  return byFormat;
}

/** Repeats whole lines of `buf` until about targetBytes (so small files measure at the same size). */
function grow(buf) {
  if (buf.length >= targetBytes) return buf.subarray(0, buf.lastIndexOf(10, targetBytes) + 1);
  const parts = [];
  let n = 0;
  while (n < targetBytes) {
    parts.push(buf);
    n += buf.length;
  }
  return Buffer.concat(parts);
}

function run(kit, buf, path) {
  const reader = new PieceReader(kit, {
    path,
    clock: { zone: 'UTC', referenceMs: Date.UTC(2026, 0, 1), boots: [] },
    offset: 0,
    first: true,
    salt: 1,
    untimedFile: false,
  });
  const splitter = new LineSplitter((b, s, e, o) => reader.line(b, s, e, o));
  const CHUNK = 1024 * 1024;
  for (let i = 0; i < buf.length; i += CHUNK) splitter.push(buf.subarray(i, Math.min(buf.length, i + CHUNK)));
  splitter.end();
  return reader.close();
}

/**
 * MB per CPU second (user + system of the process, so GC threads count), best of 3 after a warm-up: on a machine
 * shared with other work the wall clock measures the neighbours too.
 */
function mbps(kit, buf, path) {
  run(kit, buf.subarray(0, Math.min(buf.length, 2e6)), path); // warm-up
  let best = Number.POSITIVE_INFINITY;
  let result;
  for (let i = 0; i < 3; i++) {
    const t = process.cpuUsage();
    result = run(kit, buf, path);
    const used = process.cpuUsage(t);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return { rate: buf.length / 1e6 / best, result };
}

/**
 * Files of the bundle rewritten into formats it lacks: MariaDB's lines with the hour zero-padded (the bundle pads
 * it with a space, which mysql-log does not read yet), and the PM2 error log without PM2's stamp prefix (Node's
 * own stderr, as node-log reads it).
 */
function derivedFiles(files) {
  const derive = (id, rel, rewrite) => {
    if (files.has(id) || (only && !only.has(id))) return;
    const path = join(dir, rel);
    try {
      const text = readFileSync(path, 'utf8');
      files.set(id, { path: `${rel} (rewritten)`, buf: grow(Buffer.from(text.replace(rewrite[0], rewrite[1]))) });
    } catch {
      // not in this bundle
    }
  };
  derive('mysql-log', 'host/var/log/mysql/error.log', [/^(\d{4}-\d\d-\d\d) {2}(\d):/gm, '$1 0$2:']);
  derive('node-log', 'host/home/app/.pm2/logs/api-error.log', [/^\d{4}-\d\d-\d\dT[\d:.]+Z: /gm, '']);
}

const files = dir ? bundleFiles() : new Map();
if (dir) derivedFiles(files);
for (const format of LOG_FORMATS) {
  if (files.has(format.id) || (only && !only.has(format.id))) continue;
  const m = formatMaterial(format.id);
  if (!m) continue;
  const buf = grow(Buffer.from(m.text));
  files.set(format.id, { path: m.source, buf, repeats: Math.round(buf.length / Buffer.byteLength(m.text)) });
}
console.log('| format | file | MB | without scanner, MB/s per core | with scanner, MB/s per core | lines | skipped |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const format of LOG_FORMATS) {
  if (only && !only.has(format.id)) continue;
  const f = files.get(format.id);
  if (!f) {
    console.log(`| ${format.id} | no material | | | | | |`);
    continue;
  }
  const kit = kitFor(format);
  const without = args.includes('--scan-only')
    ? { rate: 0, result: {} }
    : mbps({ ...kit, scan: undefined }, f.buf, f.path);
  const withScan = kit.scan ? mbps(kit, f.buf, f.path) : undefined;
  const name = f.repeats ? `${f.path} ×${f.repeats}` : f.path.startsWith(dir) ? f.path.slice(dir.length + 1) : f.path;
  console.log(
    `| ${format.id} | ${name} | ${(f.buf.length / 1e6).toFixed(0)} | ${without.rate.toFixed(0)} | ${withScan ? withScan.rate.toFixed(0) : '—'} | ${without.result.lines} | ${without.result.skipped}${withScan && withScan.result.skipped !== without.result.skipped ? ` (scan: ${withScan.result.skipped})` : ''} |`,
  );
}
