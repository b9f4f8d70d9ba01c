// The project config loader: where the file is found, and that every way it can be wrong is one line naming the
// file, the line and the key path. The configs are the real HDFS and Jenkins ones of test/fixtures/project-config,
// each broken in one place.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, findConfig, loadProjectConfig } from './project-config.js';

// Proved-linear verdicts go to a cache of this run, not the user's.
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'fl-cache-'));

const fixture = (p: string) => new URL(`../../test/fixtures/project-config/${p}`, import.meta.url).pathname;
const HDFS = readFileSync(fixture('hdfs/faultline.config.yaml'), 'utf8');
const JENKINS = readFileSync(fixture('jenkins/faultline.config.json'), 'utf8');

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'fl-config-'));
}

/** The one-line error of loading `text` as `name`, or null when it loads. */
async function errorOf(text: string, name = 'faultline.config.yaml'): Promise<string | null> {
  const d = dir();
  writeFileSync(join(d, name), text);
  try {
    await loadProjectConfig({ config: name, cwd: d });
    return null;
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
}

function replaced(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, () => to);
  assert.notEqual(out, text, `the fixture contains ${from}`);
  return out;
}

test('the HDFS (YAML) and Jenkins (JSON) configs load, with their formats named', async () => {
  const hdfs = await loadProjectConfig({ config: fixture('hdfs/faultline.config.yaml') });
  assert.deepEqual(
    hdfs?.formats.map((f) => f.name),
    ['hdfs'],
  );
  const jenkins = await loadProjectConfig({ config: fixture('jenkins/faultline.config.json') });
  assert.equal(jenkins?.formats[0]?.name, 'jenkins');
  assert.equal(typeof jenkins?.formats[0]?.multiline, 'object');
});

test('found upward from the working directory, up to the directory holding .git; two in one directory is an error', () => {
  const top = dir();
  mkdirSync(join(top, 'a', 'b', 'c'), { recursive: true });
  writeFileSync(join(top, 'a', 'faultline.config.yaml'), HDFS);
  assert.equal(findConfig(join(top, 'a', 'b', 'c')), join(top, 'a', 'faultline.config.yaml'));
  // A repository root below the config: the search stops there (the config above is another project's).
  mkdirSync(join(top, 'a', 'b', '.git'));
  assert.equal(findConfig(join(top, 'a', 'b', 'c')), null);
  // The root's own config is found.
  writeFileSync(join(top, 'a', 'b', 'faultline.config.json'), JENKINS);
  assert.equal(findConfig(join(top, 'a', 'b', 'c')), join(top, 'a', 'b', 'faultline.config.json'));
  writeFileSync(join(top, 'a', 'b', 'faultline.config.yaml'), HDFS);
  assert.throws(() => findConfig(join(top, 'a', 'b')), /two config files in one directory/);
});

test('no config anywhere: null, not an error; a named one that cannot be read is', async () => {
  const d = dir();
  mkdirSync(join(d, '.git'));
  assert.equal(await loadProjectConfig({ cwd: d }), null);
  await assert.rejects(loadProjectConfig({ config: 'missing.yaml', cwd: d }), {
    message: 'missing.yaml: cannot read the config file (ENOENT)',
  });
  await assert.rejects(loadProjectConfig({ config: '.', cwd: d }), {
    message: '.: cannot read the config file (EISDIR)',
  });
});

test('YAML and JSON syntax errors name the file and the line', async () => {
  const yaml = replaced(HDFS, "    time:\n      format: '%y%m%d %H%M%S'", "    time:\n   format: '%y%m%d %H%M%S'");
  assert.match((await errorOf(yaml)) ?? '', /^faultline\.config\.yaml:\d+: not valid YAML \(.+\)$/);
  const dup = replaced(HDFS, '    pid: pid\n', '    pid: pid\n    pid: pid\n');
  assert.match((await errorOf(dup)) ?? '', /^faultline\.config\.yaml:18: not valid YAML \(Map keys must be unique\)$/);
  const json = replaced(JENKINS, '"version": 1,', '"version": 1');
  assert.match(
    (await errorOf(json, 'faultline.config.json')) ?? '',
    /^faultline\.config\.json:3: not valid JSON \(.+\)$/,
  );
});

test('schema violations: the key path and its line', async () => {
  assert.equal(
    await errorOf(replaced(HDFS, '    pid: pid', '    pids: pid')),
    'faultline.config.yaml:17: formats.hdfs.pids: unknown key',
  );
  assert.equal(
    await errorOf(replaced(HDFS, 'version: 1', 'version: 1\nsuppress: []')),
    'faultline.config.yaml:4: suppress: unknown key',
  );
  assert.equal(
    await errorOf(replaced(HDFS, 'version: 1', 'version: 2')),
    'faultline.config.yaml:3: version: must be 1',
  );
  assert.equal(
    await errorOf(replaced(HDFS, 'level: warning', 'level: warn')),
    'faultline.config.yaml:28: formats.hdfs.samples[1].level: must be one of "debug", "info", "notice", "warning", "error", "critical"',
  );
  assert.equal(
    await errorOf(replaced(HDFS, / {4}samples:[\s\S]*$/, '')),
    'faultline.config.yaml:5: formats.hdfs: missing required key "samples"',
  );
  assert.equal(
    await errorOf(replaced(HDFS, '  hdfs:', '  HDFS:')),
    'faultline.config.yaml:5: formats.HDFS: a format name is 1–40 of a-z, 0-9, _ and -',
  );
  assert.equal(
    await errorOf(replaced(JENKINS, '"signatures": ["java-log"]', '"signatures": "java-log"'), 'faultline.config.json'),
    'faultline.config.json:10: formats.jenkins.signatures: must be array',
  );
});

test('a regex that is not linear-time is refused in one line, before any sample meets it', async () => {
  const nested = replaced(
    HDFS,
    / {4}regex: '.*'\n/,
    "    regex: '^(?<time>\\d{6} \\d{6}) (?<pid>\\d+) (?<level>[A-Z]+) (?<component>(a+)+)$'\n",
  );
  const message = (await errorOf(nested)) ?? '';
  assert.match(
    message,
    /^faultline\.config\.yaml:7: formats\.hdfs\.regex: the regex is not linear-time: exponential backtracking/,
  );
  const cont = replaced(JENKINS, /"continuation": ".*?" \}/, '"continuation": "^(\\\\s+)+$" }');
  assert.match(
    (await errorOf(cont, 'faultline.config.json')) ?? '',
    /^faultline\.config\.json:9: formats\.jenkins\.multiline\.continuation: the regex is not linear-time/,
  );
});

test('a sample whose result differs from the one it states is an error naming the sample', async () => {
  assert.equal(
    await errorOf(replaced(HDFS, "time: '2008-11-09T21:40:43'", "time: '2008-11-09T21:40:44'")),
    'faultline.config.yaml:26: formats.hdfs.samples[1]: time is "2008-11-09T21:40:43", expected "2008-11-09T21:40:44" (line: "081109 214043 2561 WARN dfs.DataNode$DataXceiver: 10.251.30.85:50010:Got excepti…")',
  );
  const rejected = replaced(
    HDFS,
    "'Nov  9 21:40:43 datanode1 hadoop: not an HDFS log4j line'",
    "'081109 214043 2561 WARN a.B: c'",
  );
  assert.match((await errorOf(rejected)) ?? '', /formats\.hdfs\.samples\[2\]: parses, but the sample says it must not/);
});

test('what the schema cannot say: regex syntax, the time group, named groups, time conversions, signature ids', async () => {
  const cases: [string, RegExp][] = [
    [replaced(HDFS, '(?<pid>\\d+) ', '(?<pid>\\d+ '), /:7: formats\.hdfs\.regex: not a valid regular expression \(/],
    [replaced(HDFS, '(?<time>', '(?<stamp>'), /:7: formats\.hdfs\.regex: has no \(\?<time>…\) group/],
    [replaced(HDFS, '    pid: pid', '    pid: thread'), /:17: formats\.hdfs\.pid: no regex has a group named thread$/],
    [replaced(HDFS, "'%y%m%d %H%M%S'", "'%y%m%d %H%M%S %q'"), /:9: formats\.hdfs\.time\.format: unknown conversion %q/],
    [
      replaced(HDFS, 'signatures: [java-log]', 'signatures: [log4j]'),
      /:19: formats\.hdfs\.signatures\[0\]: log4j is not a built-in/,
    ],
  ];
  for (const [text, want] of cases) assert.match((await errorOf(text)) ?? 'loaded', want);
});

test('ignore: and rules: load with the line of each entry; a wrong key, date or level is one line', async () => {
  const d = dir();
  const text = [
    'ignore:',
    '  - rule: redis-maxmemory-unset',
    '    paths: ["**/redis.conf"]',
    '    reason: a cache, the app evicts',
    '    expires: 2027-01-31',
    '  - rule: haproxy-single-server',
    'rules:',
    '  suppression-unused: off',
    '  haproxy-timeout-unit: error',
    '',
  ].join('\n');
  writeFileSync(join(d, 'faultline.config.yaml'), text);
  const c = await loadProjectConfig({ cwd: d });
  assert.deepEqual(c?.ignore, [
    {
      rule: 'redis-maxmemory-unset',
      paths: ['**/redis.conf'],
      reason: 'a cache, the app evicts',
      expires: '2027-01-31',
      line: 2,
    },
    { rule: 'haproxy-single-server', line: 6 },
  ]);
  assert.deepEqual(c?.rules, {
    'suppression-unused': { level: 'off', line: 8 },
    'haproxy-timeout-unit': { level: 'error', line: 9 },
  });
  assert.equal(
    await errorOf(text.replace('    reason:', '    reasons:')),
    'faultline.config.yaml:4: ignore[0].reasons: unknown key',
  );
  assert.equal(
    await errorOf(text.replace('2027-01-31', '2027-02-30')),
    'faultline.config.yaml:5: ignore[0].expires: not a real date',
  );
  assert.match(
    (await errorOf(text.replace('error\n', 'critical\n'))) ?? '',
    /^faultline\.config\.yaml:9: rules\.haproxy-timeout-unit: must be one of "off", "info", "warning", "error"$/,
  );
  assert.match(
    (await errorOf(text.replace('  haproxy-timeout-unit', '  Haproxy_Timeout'))) ?? '',
    /^faultline\.config\.yaml:9: rules\.Haproxy_Timeout: a rule id is kebab-case/,
  );
});
