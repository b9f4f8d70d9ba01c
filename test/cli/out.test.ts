// Issue 8, item 7: `--out` into a path that cannot be written fails at once — one plain line, exit 2, before any
// work — instead of spinning forever (Node 20's recursive mkdirSync loops under /proc) or printing Node's raw
// message (`EEXIST: file already exists, mkdir …`) after the whole run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { prepareOut } from '../../src/cli/output.js';

const root = new URL('../../', import.meta.url).pathname;

function faultline(args: string[]) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    // The hang measured was forever: a bound well above a normal start (tsx compiles on start, ~2 s here).
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - started) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'fl-out-'));
writeFileSync(join(dir, 'plain-file'), 'not a folder\n');

const unwritable: [string, RegExp][] = [
  ['/proc/nope/x.txt', /cannot create \/proc\/nope/],
  ['/proc/x.txt', /--out \/proc\/x\.txt: /],
  ['/sys/faultline-x.txt', /--out \/sys\/faultline-x\.txt: /],
  [join(dir, 'plain-file', 'report.txt'), /plain-file is not a folder/],
  [join(dir, 'plain-file', 'a', 'b', 'report.txt'), /plain-file is not a folder/],
  [dir, /is a folder, not a file/],
];

// Every path with investigate (the command whose work takes longest); the measured hang with audit and rules too.
const runs: [string[], string, RegExp][] = [
  ...unwritable.map(([out, message]): [string[], string, RegExp] => [
    ['investigate', 'examples/incident-api.tar.gz'],
    out,
    message,
  ]),
  [['audit', 'test/fixtures/config/redis/debian'], '/proc/nope/x.txt', /cannot create \/proc\/nope/],
  [['rules'], '/proc/nope/x.txt', /cannot create \/proc\/nope/],
];

for (const [command, out, message] of runs) {
  test(`${command[0]} --out ${out}: one line, exit 2, at once`, () => {
    const r = faultline([...command, '--out', out]);
    assert.equal(r.code, 2, `${r.stderr} (status ${r.code}: null is the timeout)`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^faultline: --out /);
    assert.match(r.stderr, message);
    // Node's raw message names the syscall (`EEXIST: file already exists, mkdir '/x'`).
    assert.doesNotMatch(r.stderr, /, (mkdir|open) '|^\s+at /m, r.stderr);
    assert.equal(r.stdout, '');
  });
}

test('prepareOut creates missing folders one level at a time and leaves no file behind', () => {
  const out = join(dir, 'a', 'b', 'c', 'report.json');
  assert.equal(prepareOut(out), null);
  assert.ok(existsSync(join(dir, 'a', 'b', 'c')));
  assert.ok(!existsSync(out), 'the probe file is removed again');
  const r = faultline(['rules', '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, 1);
  // An existing report is writable, and checking it does not empty it.
  assert.equal(prepareOut(out), null);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, 1);
});
