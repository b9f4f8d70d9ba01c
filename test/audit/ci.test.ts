// `faultline audit` as a CI gate, end to end through the CLI on copies of the examples: the project file's ignore:
// and rules:, baselines, rule selection, compact output, SARIF that GitHub code scanning can place, and the
// command-line errors as one line and a hint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;
const Ajv = createRequire(import.meta.url)('ajv-draft-04').default;

function faultline(args: string[], cwd = root) {
  const tsx = new URL('node_modules/tsx/dist/loader.mjs', `file://${root}`).href;
  const r = spawnSync(process.execPath, ['--import', tsx, `${root}src/cli/run.ts`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project folder holding a copy of the postmortem example under app/, with a .git so the config search stops. */
function project(): string {
  const d = mkdtempSync(join(tmpdir(), 'fl-ci-'));
  cpSync(join(root, 'examples/postmortem-api'), join(d, 'app'), { recursive: true });
  mkdirSync(join(d, '.git'));
  return d;
}

test('ignore: in faultline.config.yaml (found from the working directory) suppresses with a reason; --fail-on ignores them', () => {
  const d = project();
  writeFileSync(
    join(d, 'faultline.config.yaml'),
    [
      'ignore:',
      '  - rule: upstream-keepalive-outlives-app',
      '    paths: ["app/etc/nginx/**"]',
      '    reason: the app sets keepAliveTimeout 65 s',
      '  - rule: memory-budget-exceeds-ram',
      '    reason: the host is being resized to 8 GB',
      '    expires: 2999-01-01',
      'rules:',
      '  pm2-memory-restart-exceeds-ram: warning',
      '',
    ].join('\n'),
  );
  const json = faultline(['audit', 'app', '--format', 'json'], d);
  assert.equal(json.code, 0, json.stderr);
  const j = JSON.parse(json.stdout);
  const keep = j.findings.find((f: { rule: string }) => f.rule === 'upstream-keepalive-outlives-app');
  assert.deepEqual(keep.suppressed, { reason: 'the app sets keepAliveTimeout 65 s', source: 'config' });
  assert.equal(keep.locations[0].path, 'etc/nginx/sites-enabled/api', 'JSON paths stay as the contract says');
  assert.equal(
    j.findings.find((f: { rule: string }) => f.rule === 'pm2-memory-restart-exceeds-ram').severity,
    'warning',
  );
  const text = faultline(['audit', 'app'], d);
  assert.match(text.stdout, /\(2 suppressed\)/);
  assert.doesNotMatch(text.stdout, /upstream-keepalive-outlives-app/);
  assert.equal(faultline(['audit', 'app', '--fail-on', 'warning'], d).code, 1);
  writeFileSync(join(d, 'faultline.config.yaml'), 'rules:\n  no-such-rule: off\n');
  const bad = faultline(['audit', 'app'], d);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'faultline: faultline.config.yaml:2: rules.no-such-rule: no such rule (faultline rules lists them)\n',
  );
});

test('--write-baseline, then --baseline: only new findings are reported and fail the run', () => {
  const d = project();
  const first = faultline(['audit', 'app', '--write-baseline', 'baseline.json'], d);
  assert.equal(first.code, 0, first.stderr);
  const baseline = JSON.parse(readFileSync(join(d, 'baseline.json'), 'utf8'));
  assert.ok(baseline.findings.length >= 8);
  // Lines inserted above the findings: nothing is new.
  const api = join(d, 'app/etc/nginx/sites-enabled/api');
  writeFileSync(api, `# managed by ansible\n\n${readFileSync(api, 'utf8')}`);
  const same = faultline(['audit', 'app', '--baseline', 'baseline.json', '--format', 'json', '--fail-on', 'info'], d);
  assert.equal(same.code, 0, same.stderr);
  const j = JSON.parse(same.stdout);
  assert.deepEqual(j.findings, []);
  assert.deepEqual(j.baseline, { path: 'baseline.json', unchanged: baseline.findings.length, absent: 0 });
  // A value involved changes: that finding is new (and the old one absent).
  const pg = join(d, 'app/etc/postgresql/14/main/postgresql.conf');
  writeFileSync(pg, readFileSync(pg, 'utf8').replace(/shared_buffers = \S+/, 'shared_buffers = 1536MB'));
  const changed = faultline(['audit', 'app', '--baseline', 'baseline.json', '--format', 'sarif'], d);
  assert.equal(changed.code, 1, changed.stderr);
  const states = JSON.parse(changed.stdout).runs[0].results.map((r: { ruleId: string; baselineState: string }) => [
    r.ruleId,
    r.baselineState,
  ]);
  assert.deepEqual(states.filter((s: string[]) => s[1] !== 'unchanged').sort(), [
    ['memory-budget-exceeds-ram', 'absent'],
    ['memory-budget-exceeds-ram', 'new'],
  ]);
});

test('--rule and --ignore-rule select; an id that is no rule is exit 2 in one line', () => {
  const only = faultline(['audit', 'examples/postmortem-api', '--rule', 'redis-maxmemory-unset', '--format', 'json']);
  assert.equal(only.code, 0, only.stderr);
  assert.deepEqual(
    JSON.parse(only.stdout).findings.map((f: { rule: string }) => f.rule),
    ['redis-maxmemory-unset'],
  );
  const ignored = faultline([
    'audit',
    'examples/postmortem-api',
    '--ignore-rule',
    'redis-maxmemory-unset',
    '--format',
    'json',
  ]);
  assert.ok(!JSON.parse(ignored.stdout).findings.some((f: { rule: string }) => f.rule === 'redis-maxmemory-unset'));
  const unknown = faultline(['audit', 'examples/postmortem-api', '--rule', 'redis-maxmemory']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'faultline: --rule redis-maxmemory: no such rule (faultline rules lists them)\n');
});

test('--format compact: path:line:col: severity rule-id message, paths from the working directory, tar members with !/', () => {
  const r = faultline(['audit', 'examples/postmortem-api', '--format', 'compact']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.length >= 8);
  for (const l of lines) assert.match(l, /^examples\/postmortem-api\/\S+:\d+:1: (error|warning|info) [a-z0-9-]+ \S/);
  for (const l of lines) assert.ok(existsSync(join(root, l.slice(0, l.indexOf(':')))), l);
  const tar = faultline(['audit', 'examples/incident-api.tar.gz', '--format', 'compact']);
  assert.match(tar.stdout, /^examples\/incident-api\.tar\.gz!\/incident-api\/etc\/nginx\/nginx\.conf:\d+:1: warning /m);
});

test('SARIF: valid 2.1.0, every artifact URI under %SRCROOT% resolves to a file from the working directory', () => {
  const r = faultline(['audit', 'examples/postmortem-api', 'examples/seed-talk-galera', '--format', 'sarif']);
  const sarif = JSON.parse(r.stdout);
  const schema = JSON.parse(readFileSync(`${root}schemas/sarif-2.1.0.json`, 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
    schema,
  );
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
  const run = sarif.runs[0];
  const base = new URL(run.originalUriBaseIds['%SRCROOT%'].uri);
  assert.equal(base.pathname, root);
  const uris = [
    ...run.artifacts.map((a: { location: { uri: string; uriBaseId: string } }) => a.location),
    ...run.results.flatMap((x: { locations: { physicalLocation: { artifactLocation: object } }[] }) =>
      x.locations.map((l) => l.physicalLocation.artifactLocation),
    ),
  ];
  assert.ok(uris.length > 10);
  for (const u of uris) {
    assert.equal(u.uriBaseId, '%SRCROOT%');
    assert.ok(existsSync(new URL(u.uri, base).pathname), u.uri);
  }
  assert.ok(
    run.results.every((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['faultline/v1']),
  );
  // package.json has no homepage: no placeholder URI.
  assert.equal(run.tool.driver.informationUri, undefined);
  assert.ok(run.tool.driver.rules.every((x: { helpUri?: string }) => x.helpUri === undefined));
});

test('inline suppressions reach SARIF as inSource with their justification, and text as a count', () => {
  const d = project();
  const redis = join(d, 'app/etc/redis/redis.conf');
  writeFileSync(
    redis,
    `# faultline-disable-file redis-maxmemory-unset -- a cache; the app evicts\n${readFileSync(redis, 'utf8')}`,
  );
  const sarif = JSON.parse(faultline(['audit', 'app', '--format', 'sarif'], d).stdout);
  const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'redis-maxmemory-unset');
  assert.equal(res.suppressions[0].kind, 'inSource');
  assert.equal(res.suppressions[0].justification, 'a cache; the app evicts');
  assert.match(faultline(['audit', 'app'], d).stdout, /\(1 suppressed\)/);
});

test('markdown and html: the findings, self-contained', () => {
  const md = faultline(['audit', 'examples/postmortem-api', '--format', 'markdown']).stdout;
  assert.match(md, /^# faultline audit\n/);
  assert.match(
    md,
    /### The proxy keeps idle upstream connections longer than the app does \(`upstream-keepalive-outlives-app`\)/,
  );
  const html = faultline(['audit', 'examples/postmortem-api', '--format', 'html']).stdout;
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /upstream-keepalive-outlives-app/);
  assert.doesNotMatch(html, /<script|<link|src="http/);
});

test('command-line errors: one line and a hint, exit 2, in both commands; a missing path named once', () => {
  const cases = [
    ['audit', 'examples', '--format', 'nonsense'],
    ['audit', 'examples', '--fail-on', 'critical'],
    ['audit', 'examples', '--bogus'],
    ['audit'],
    ['investigate', 'examples', '--format', 'nonsense'],
    ['investigate', 'examples', '--bogus'],
    ['investigate'],
  ];
  for (const args of cases) {
    const r = faultline(args);
    assert.equal(r.code, 2, args.join(' '));
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, `${args.join(' ')}:\n${r.stderr}`);
    assert.match(lines[0] as string, /^faultline: /);
    assert.equal(lines[1], `Run 'faultline ${args[0]} --help' for usage.`);
  }
  const missing = faultline(['audit', '/nonexistent']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'faultline: /nonexistent: cannot read (ENOENT)\n');
});

test('investigate loads the same ignore: and rules: — suppressed findings leave the report, not the analysis', () => {
  const d = mkdtempSync(join(tmpdir(), 'fl-ci-inv-'));
  mkdirSync(join(d, '.git'));
  cpSync(join(root, 'test/corpus/redis-maxmemory'), join(d, 'bundle'), { recursive: true });
  const before = JSON.parse(faultline(['investigate', 'bundle', '--format', 'json'], d).stdout);
  assert.ok(before.findings.some((f: { rule: string }) => f.rule === 'redis-overcommit-memory'));
  writeFileSync(
    join(d, 'faultline.config.yaml'),
    'ignore:\n  - rule: redis-overcommit-memory\n    reason: persistence is off on this cache\n',
  );
  const after = JSON.parse(faultline(['investigate', 'bundle', '--format', 'json'], d).stdout);
  assert.deepEqual(
    after.findings.map((f: { rule: string }) => f.rule),
    before.findings.map((f: { rule: string }) => f.rule).filter((r: string) => r !== 'redis-overcommit-memory'),
  );
  assert.deepEqual(
    after.hypotheses.map((h: { cause: string; confidence: number }) => [h.cause, h.confidence]),
    before.hypotheses.map((h: { cause: string; confidence: number }) => [h.cause, h.confidence]),
  );
  writeFileSync(join(d, 'faultline.config.yaml'), 'rules:\n  redis-overcommit: off\n');
  const bad = faultline(['investigate', 'bundle'], d);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'faultline: faultline.config.yaml:2: rules.redis-overcommit: no such rule (faultline rules lists them)\n',
  );
});
