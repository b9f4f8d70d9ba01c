// Whatever goes wrong, the CLI ends with one line on stderr and exit 2 — never a stack trace, and never exit 1,
// which tells a script "incident found" (issue 8: no crash, ever).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { errorLine } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const faultline = (args: string[]) => run(['--import', 'tsx', `${root}src/cli/run.ts`, ...args]);

/** Every stderr line is one of faultline's own, and none is a stack frame or Node's crash banner. */
function assertNoTrace(stderr: string) {
  assert.ok(stderr.length > 0, 'says what went wrong');
  for (const line of stderr.trimEnd().split('\n')) assert.match(line, /^faultline: \S/, stderr);
  assert.doesNotMatch(stderr, /^\s+at |node:internal|Node\.js v\d/m, stderr);
}

test('a command that throws (the report cannot be written under a regular file) ends as one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-fatal-'));
  writeFileSync(join(dir, 'plain-file'), 'not a folder\n');
  const r = faultline(['audit', 'test/fixtures/config/redis/debian', '--out', join(dir, 'plain-file', 'report.txt')]);
  assert.equal(r.code, 2, r.stderr);
  assertNoTrace(r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
});

test('an input whose stream errors (an empty .gz) ends with faultline lines and exit 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-fatal-'));
  writeFileSync(join(dir, 'empty.gz'), '');
  const r = faultline(['investigate', dir]);
  assert.equal(r.code, 2, r.stderr);
  assertNoTrace(r.stderr);
});

test('an uncaught exception thrown after a command has started is one line and exit 2', () => {
  const script = `import { runCli } from ${JSON.stringify(`${root}src/cli/main.ts`)};
setTimeout(() => { throw new Error('boom\\n    at nowhere'); }, 0);
runCli(['rules', '--format', 'json', '--out', ${JSON.stringify(join(mkdtempSync(join(tmpdir(), 'fl-fatal-')), 'rules.json'))}]);`;
  const r = run(['--import', 'tsx', '--input-type=module', '-e', script]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr, 'faultline: boom at nowhere\n');
});

test('errorLine: one line from any thrown value', () => {
  assert.equal(errorLine(new Error('first\r\n  second\u2028third')), 'faultline: first second third');
  assert.equal(errorLine('a string'), 'faultline: a string');
  assert.equal(errorLine(new RangeError('')), 'faultline: RangeError');
});
