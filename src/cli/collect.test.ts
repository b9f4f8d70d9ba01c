// `faultline collect` as a process: usage errors are one line naming the flag or file and exit 2, with nothing
// written; a root with nothing to collect is exit 2 too; a good run prints one line on stdout, nothing on stderr when
// stderr is not a terminal, and leaves the bundle (and no temporary file) beside the target.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const repo = new URL('../../', import.meta.url).pathname;
const SCENARIO = `${repo}test/corpus/proxy-idle-timeout`;
const dir = mkdtempSync(join(tmpdir(), 'faultline-collect-cli-'));

after(() => rmSync(dir, { recursive: true, force: true }));

function faultline(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', `${repo}node_modules/tsx/dist/esm/index.mjs`, `${repo}src/cli/run.ts`, ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('usage errors: exit 2, one line naming the flag or file, nothing written', () => {
  const cases: [string[], RegExp][] = [
    [['out.tar.gz', '--root', SCENARIO, '--since', '04:00'], /^faultline: --since 04:00: a time of day without a date/],
    [['out.tar.gz', '--root', SCENARIO, '--until', 'soon'], /^faultline: --until soon: not a time; /],
    [['out.tar.gz', '--root', SCENARIO, '--max-size', 'lots'], /^faultline: --max-size lots: expected a size/],
    [['out.zip', '--root', SCENARIO], /^faultline: out\.zip: expected a \.tar\.gz or \.tgz name/],
    [['out.tar.gz', '--root', join(dir, 'absent')], /^faultline: --root .*absent: not a folder/],
    [
      ['out.tar.gz', '--root', SCENARIO, '--since', '2h', '--until', '3h'],
      /^faultline: --since 2h is not before --until 3h/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = faultline(['collect', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('a root with nothing to collect: exit 2, no bundle left', () => {
  mkdirSync(join(dir, 'empty'));
  const r = faultline(['collect', 'empty.tar.gz', '--root', join(dir, 'empty')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no log, config or host fact found/);
  assert.deepEqual(readdirSync(dir), ['empty']);
  rmSync(join(dir, 'empty'), { recursive: true });
});

test('a good run: one summary line, the bundle beside, no temporary file, then audit reads it', () => {
  const r = faultline(['collect', 'idle.tar.gz', '--root', SCENARIO]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress when stderr is not a terminal');
  assert.match(r.stdout, /^wrote idle\.tar\.gz: \d+ files \(.+\), \d+ skipped\n$/);
  assert.deepEqual(readdirSync(dir), ['idle.tar.gz']);
  const a = faultline(['audit', 'idle.tar.gz', '--format', 'json']);
  assert.equal(a.code, 1, 'the capture has an error finding');
  const rules = (JSON.parse(a.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
  assert.ok(rules.includes('haproxy-timeout-kills-db-sessions'), rules.join(', '));
});

test('on a terminal, progress goes to stderr and is cleared before the summary', () => {
  // util-linux script(1) gives the process a pseudo-terminal; what it prints comes back on stdout.
  const line = [process.execPath, '--import', `${repo}node_modules/tsx/dist/esm/index.mjs`, `${repo}src/cli/run.ts`];
  const r = spawnSync(
    'script',
    ['-qec', [...line, 'collect', 'tty.tar.gz', '--root', SCENARIO].join(' '), '/dev/null'],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\r\x1b\[Kcollect: \d+ files, .+\/etc\/haproxy\/haproxy\.cfg/);
  assert.match(r.stdout, /\r\x1b\[Kwrote tty\.tar\.gz: \d+ files/);
  rmSync(join(dir, 'tty.tar.gz'));
});

test("probe's snapshot of the same root is bundled as probe-snapshot.json, and audit reads it as the host's facts", () => {
  const root = `${repo}test/fixtures/probe-root`;
  const r = faultline(['collect', 'probed.tar.gz', '--root', root]);
  assert.equal(r.code, 0, r.stderr);
  const a = faultline(['audit', 'probed.tar.gz', '--format', 'json']);
  const inputs = (JSON.parse(a.stdout) as { inputs: { path: string; format: string | null }[] }).inputs;
  const snap = inputs.find((i) => i.path.endsWith('probe-snapshot.json'));
  assert.equal(snap?.format, 'probe-snapshot', JSON.stringify(inputs.map((i) => [i.path, i.format])));
  rmSync(join(dir, 'probed.tar.gz'));
});
