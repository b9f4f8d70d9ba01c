// Forecasts end to end: a .tar.gz bundle of two hosts — php1, the real PHP-FPM 8.2 capture cut while its pool climbs
// (test/fixtures/forecast); shop1, the lab's healthy shop logs with a probe snapshot of 10 MiB free on "/" — through
// the CLI's JSON (valid against the schema) and text. Both forecasts come out, soonest first, each with what would show
// it wrong and how to check it; the text report shows them before everything else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { snapshotText } from '../helpers/probe-snapshot.js';

const root = new URL('../../', import.meta.url).pathname;
const Ajv = createRequire(import.meta.url)('ajv').default;
const schema = JSON.parse(readFileSync(join(root, 'schemas/investigate.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

function faultline(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/run.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a bundle through the CLI: the pool and the disk forecasts, soonest first, in JSON and text', () => {
  const work = mkdtempSync(join(tmpdir(), 'faultline-forecast-cli-'));
  try {
    const php = join(work, 'php1');
    const shop = join(work, 'shop1');
    cpSync(join(root, 'test/fixtures/forecast/php-fpm-busy'), php, { recursive: true });
    cpSync(join(root, 'test/corpus/healthy-shop'), shop, { recursive: true });
    const lines = readFileSync(join(php, 'var/log/php8.2-fpm.log'), 'utf8').split('\n');
    const cut = lines.findIndex((l) => l.startsWith('[04-Dec-2026 21:50:00]'));
    writeFileSync(join(php, 'var/log/php8.2-fpm.log'), `${lines.slice(0, cut + 1).join('\n')}\n`);
    // Taken when the shop's logs end (the last line of its access log, 2026-11-15 00:05:23 UTC).
    writeFileSync(
      join(shop, 'probe-snapshot.json'),
      snapshotText((s) => {
        s.time = '2026-11-15T00:05:23.843Z';
        s.host.name = 'shop1';
        s.mounts[0].available = 10 * 2 ** 20;
      }),
    );
    const bundle = join(work, 'bundle.tar.gz');
    const tar = spawnSync('tar', ['-czf', bundle, '-C', work, 'php1', 'shop1']);
    assert.equal(tar.status, 0, String(tar.stderr));

    const json = faultline(['investigate', bundle, '--format', 'json']);
    assert.ok(json.code === 0 || json.code === 1, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const forecasts = report.forecasts as {
      resource: string;
      subject: string;
      eta: string;
      wrongIf: string;
      confirm: string[];
      evidence: { path: string; line: number }[];
    }[];
    assert.deepEqual(
      forecasts.map((f) => [f.resource, f.subject]),
      [
        ['workers', 'PHP-FPM pool www on php1'],
        ['disk', '/ on shop1'],
      ],
    );
    assert.ok(Date.parse(forecasts[0].eta) < Date.parse(forecasts[1].eta), 'soonest first');
    assert.equal(forecasts[0].eta, '2026-12-04T21:50:15.000Z');
    assert.equal(forecasts[0].evidence[0].path, 'php1/var/log/php8.2-fpm.log');
    assert.equal(forecasts[1].evidence[0].path, 'shop1/probe-snapshot.json');
    for (const f of forecasts) assert.ok(f.wrongIf.length > 0 && f.confirm.length > 0, f.subject);

    const text = faultline(['investigate', bundle]);
    const out = text.stdout;
    assert.ok(out.indexOf('What runs out next') >= 0, out.slice(0, 2000));
    assert.ok(out.indexOf('What runs out next') < Math.max(out.indexOf('incident'), out.indexOf('Timeline')));
    assert.match(out, /workers of PHP-FPM pool www on php1 \(limit 40\): around 2026-12-04 21:50:15/);
    assert.match(
      out,
      /disk of \/ on shop1 \(limit 23\.5 GiB\): around 2026-12-06 05:39:58 \(2026-11-30 01:50:00–2026-12-20 21:49:56\)/,
    );
    assert.match(out, /Wrong if the pool stays below 40 children/);
    assert.match(out, /Check: df -h \//);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
