// `--config` end to end, for both commands: a user format reads a real log faultline does not read natively
// (Loghub's HDFS sample), the config is found upward from the working directory without the flag, and a config
// that cannot be used is one line on stderr with exit 2 (a usage error, docs/contract.md) before any input is read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const cache = mkdtempSync(join(tmpdir(), 'fl-cache-'));
const HDFS_DIR = join(root, 'test/fixtures/project-config/hdfs');
const HDFS_CONFIG = readFileSync(join(HDFS_DIR, 'faultline.config.yaml'), 'utf8');

function faultline(args: string[], cwd = root) {
  // tsx by its path: the working directory may be outside the repository.
  const tsx = new URL('node_modules/tsx/dist/loader.mjs', `file://${root}`).href;
  const r = spawnSync(process.execPath, ['--import', tsx, `${root}src/cli/run.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cache },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('investigate --config reads the HDFS log as user:hdfs: every line, its span, its warnings', () => {
  const r = faultline([
    'investigate',
    '--config',
    'test/fixtures/project-config/hdfs/faultline.config.yaml',
    '--format',
    'json',
    'test/fixtures/project-config/hdfs/HDFS.log',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.inputs.map((i: { format: string; lines: number; skipped: number }) => [i.format, i.lines, i.skipped]),
    [['user:hdfs', 87, 0]],
  );
  assert.deepEqual(report.span, { start: '2008-11-09T20:36:15.000Z', end: '2008-11-09T21:57:34.000Z' });
  // Without the config the same file is not read at all.
  const bare = faultline(['investigate', '--format', 'json', 'test/fixtures/project-config/hdfs/HDFS.log']);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /HDFS\.log: format not recognised/);
});

test('without --config the file is found upward from the working directory (here: the fixture folder)', () => {
  const d = mkdtempSync(join(tmpdir(), 'fl-project-'));
  mkdirSync(join(d, '.git'));
  mkdirSync(join(d, 'logs', 'today'), { recursive: true });
  writeFileSync(join(d, 'faultline.config.yaml'), HDFS_CONFIG);
  copyFileSync(join(HDFS_DIR, 'HDFS.log'), join(d, 'logs', 'today', 'HDFS.log'));
  const r = faultline(['investigate', '--format', 'json', 'HDFS.log'], join(d, 'logs', 'today'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).inputs[0].format, 'user:hdfs');
});

test('audit --config loads the same file: a valid one changes nothing, a broken one is exit 2', () => {
  const configs = 'test/fixtures/config/redis/debian';
  const plain = faultline(['audit', '--format', 'json', configs]);
  const withConfig = faultline([
    'audit',
    '--config',
    join(HDFS_DIR, 'faultline.config.yaml'),
    '--format',
    'json',
    configs,
  ]);
  assert.equal(withConfig.code, plain.code, withConfig.stderr);
  assert.deepEqual(JSON.parse(withConfig.stdout).findings, JSON.parse(plain.stdout).findings);
  const d = mkdtempSync(join(tmpdir(), 'fl-bad-'));
  writeFileSync(join(d, 'bad.yaml'), HDFS_CONFIG.replace('    pid: pid', '    pids: pid'));
  const r = faultline(['audit', '--config', join(d, 'bad.yaml'), configs]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `faultline: ${join(d, 'bad.yaml')}:17: formats.hdfs.pids: unknown key\n`);
  assert.equal(r.stdout, '');
});

test('each unusable config is one line on stderr and exit 2, for investigate and audit alike', () => {
  const d = mkdtempSync(join(tmpdir(), 'fl-bad-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(d, name), text);
    return join(d, name);
  };
  const cases: [string, RegExp][] = [
    [join(d, 'missing.yaml'), /: cannot read the config file \(ENOENT\)$/],
    [write('syntax.yaml', 'formats:\n  hdfs: [\n'), /syntax\.yaml:\d+: not valid YAML \(/],
    [write('syntax.json', '{"formats": {}'), /syntax\.json:1: not valid JSON \(/],
    [
      write('schema.yaml', HDFS_CONFIG.replace('version: 1', 'version: 1\nsuppress: {}')),
      /schema\.yaml:4: suppress: unknown key$/,
    ],
    [
      write('redos.yaml', HDFS_CONFIG.replace('(?<component>[^\\s:]+)', '(?<component>(\\w+\\s?)+)')),
      /redos\.yaml:7: formats\.hdfs\.regex: the regex is not linear-time: /,
    ],
    [
      write('sample.yaml', HDFS_CONFIG.replace('        level: info\n', '        level: error\n')),
      /sample\.yaml:21: formats\.hdfs\.samples\[0\]: level is "info", expected "error"/,
    ],
  ];
  const investigate = ['investigate', 'test/fixtures/project-config/hdfs/HDFS.log'];
  const audit = ['audit', 'test/fixtures/config/redis/debian'];
  for (const [i, [config, want]] of cases.entries()) {
    // audit shares the loader: two of the cases are enough to show it (each run costs a second here).
    for (const command of i === 0 || i === 4 ? [investigate, audit] : [investigate]) {
      const r = faultline([command[0] as string, '--config', config, command[1] as string]);
      assert.equal(r.code, 2, `${command[0]} ${config}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0] as string, /^faultline: /);
      assert.match(lines[0] as string, want);
      assert.equal(r.stdout, '');
    }
  }
});
