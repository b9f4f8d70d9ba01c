#!/usr/bin/env node
// Runs the test suite with Node's own runner (TypeScript through tsx).
//   node scripts/test.mjs          unit tests, then the lab end-to-end tests
//   node scripts/test.mjs unit     unit tests only (test/**, src/**/*.test.ts)
//   node scripts/test.mjs lab      lab end-to-end tests only (test/lab/**)
// Node 20's --test takes no globs, so the files are found here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const which = process.argv[2] ?? 'all';
const root = new URL('..', import.meta.url).pathname;

function find(dir, out = []) {
  let names;
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (name === 'node_modules' || name === 'fixtures' || name === 'corpus') continue;
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) find(rel, out);
    else if (/\.test\.ts$/.test(name)) out.push(rel);
  }
  return out;
}

const all = [...find('src'), ...find('test')];
const isLab = (f) => f.startsWith('test/lab/');
const groups = [];
if (which === 'all' || which === 'unit') groups.push(['unit', all.filter((f) => !isLab(f))]);
if (which === 'all' || which === 'lab') groups.push(['lab', all.filter(isLab)]);

let failed = false;
for (const [name, files] of groups) {
  if (files.length === 0) continue;
  process.stdout.write(`\n# ${name} tests: ${files.length} files\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FAULTLINE_TEST: '1' },
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
