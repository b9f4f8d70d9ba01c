// Issue 11, item 2: what is unusual in each incident. Material: the lab's captures of real servers (test/corpus:
// one-minute outages judged against their lines before the first error), and the shared generator's two-day host
// bundle of 13 formats with three outage bursts in every layer (../shared/bench/gen-mixed-bundle.mjs, the same
// bytes for the same seed), where the baseline is the two days outside the bursts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Incident } from '../../src/analysis/types.js';
import { findUnusual, poissonUpper, templateBody } from '../../src/analysis/unusual.js';
import { investigate } from '../../src/investigate.js';
import { ingest } from '../../src/read/ingest.js';
import { INVESTIGATE_REPORTERS } from '../../src/report/index.js';

const ROOT = join(import.meta.dirname, '../..');
const CORPUS = join(ROOT, 'test/corpus');
const GENERATOR = join(ROOT, '../shared/bench/gen-mixed-bundle.mjs');
const MINUTE = 60_000;

/** Every evidence line is the line of the file it cites. */
function assertRealLines(dir: string, evidence: { path: string; line: number; text: string }[]): void {
  for (const e of evidence) {
    const file = join(dir, e.path);
    if (!existsSync(file)) continue; // a compressed or derived file
    const line = readFileSync(file, 'utf8').split('\n')[e.line - 1] ?? '';
    assert.ok(line.startsWith(e.text.slice(0, 60)), `${e.path}:${e.line} is «${line}», evidence «${e.text}»`);
  }
}

test('a capture: the EMFILE errors are new in the incident, with a p-value and the lines that show them', async () => {
  const dir = join(CORPUS, 'fd-exhaustion');
  const r = await investigate({ paths: [dir] });
  const emfile = r.unusual?.find((u) => u.template.includes('EMFILE: too many open files'));
  assert.ok(emfile, (r.unusual ?? []).map((u) => u.template).join('\n'));
  assert.equal(emfile.new, true);
  assert.ok(emfile.p < 1e-10, String(emfile.p));
  assert.ok(emfile.count >= 20);
  assert.match(emfile.baseline, /before the first error/);
  assertRealLines(dir, emfile.evidence);
  const fivexx = r.unusual?.find((u) => u.template === 'HTTP 5xx responses');
  assert.ok(fivexx && fivexx.explainedBy.some((x) => x.field === 'status' && x.value === '502'));
  // One lab client and one Host everywhere explain nothing.
  for (const u of r.unusual ?? []) assert.ok(!u.explainedBy.some((x) => x.field === 'client'), u.template);
});

test('an error nobody catalogued is found by its template alone', async () => {
  const dir = join(CORPUS, 'novel-error');
  const r = await investigate({ paths: [dir] });
  const parse = r.unusual?.find((u) => u.template.includes('SyntaxError: Unexpected end of JSON input'));
  assert.ok(parse, (r.unusual ?? []).map((u) => u.template).join('\n'));
  assert.equal(parse.known, false);
  assert.equal(parse.count, 84);
  assert.equal(
    templateBody(parse.template),
    'quote sku=<num> failed: price table <path> unreadable: SyntaxError: Unexpected end of JSON input',
  );
  assertRealLines(dir, parse.evidence);
});

test('healthy captures and healthy weeks have nothing unusual (no incident, no entry)', async () => {
  for (const name of ['healthy', 'healthy-shop']) {
    const r = await investigate({ paths: [join(CORPUS, name)] });
    assert.deepEqual(r.unusual, [], name);
  }
});

test('the Poisson tail is exact where it can be checked by hand', () => {
  assert.equal(poissonUpper(0, 3), 1);
  // P(X ≥ 1) = 1 − e^−λ
  assert.ok(Math.abs(poissonUpper(1, 2) - (1 - Math.exp(-2))) < 1e-12);
  // P(X ≥ 3 | λ = 1) = 1 − e^−1 (1 + 1 + 1/2)
  assert.ok(Math.abs(poissonUpper(3, 1) - (1 - Math.exp(-1) * 2.5)) < 1e-12);
  assert.ok(poissonUpper(500, 1) < 1e-300 || poissonUpper(500, 1) === 0);
});

let bundle = '';
let truth: { bursts: [string, string][] } = { bursts: [] };

before(() => {
  bundle = mkdtempSync(join(tmpdir(), 'faultline-unusual-'));
  const made = spawnSync(process.execPath, [GENERATOR, bundle, '8'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  truth = JSON.parse(readFileSync(join(bundle, 'truth.json'), 'utf8'));
});
after(() => rmSync(bundle, { recursive: true, force: true }));

test('two days of 13 formats: each burst lists the layers that broke, new against the days outside', async () => {
  const r = await investigate({ paths: [join(bundle, 'host')] });
  assert.ok(r.incidents.length >= 3, r.incidents.map((i) => i.summary).join('\n'));
  const bursts = truth.bursts.map(([a, b]) => [Date.parse(a), Date.parse(b)]);
  const sources = new Set<string>();
  for (const u of r.unusual ?? []) {
    const inc = r.incidents[u.incident];
    assert.ok(
      bursts.some(([a, b]) => inc.start <= b + 2 * MINUTE && inc.end >= a - 2 * MINUTE),
      `incident ${u.incident} outside the bursts`,
    );
    assert.ok(u.p < 0.01 || u.level >= 3, `${u.template}: p ${u.p}`);
    if (u.source !== 'requests') {
      sources.add(u.source);
      assert.match(u.baseline, /outside incidents/);
      assert.ok(u.evidence.length > 0, u.template);
      assertRealLines(join(bundle, 'host'), u.evidence);
    }
  }
  for (const s of ['nginx-error', 'gunicorn', 'postgres-log', 'celery'])
    assert.ok(sources.has(s), [...sources].join(', '));
});

test('an hour of the same bundle without an outage: no template is unusual', async () => {
  const data = await ingest({ paths: [join(bundle, 'host')] });
  const bursts = truth.bursts.map(([a, b]) => [Date.parse(a), Date.parse(b)]);
  // Hours of the first day that touch no burst, each taken as if it were an incident.
  const start = Date.parse('2026-01-12T00:00:00Z');
  let checked = 0;
  for (let h = 1; h < 24; h += 3) {
    const a = start + h * 60 * MINUTE;
    const b = a + 30 * MINUTE;
    if (bursts.some(([s, e]) => a <= e + 60 * MINUTE && b >= s - 60 * MINUTE)) continue;
    const quiet: Incident = { start: a, end: b, kinds: ['error-burst'], summary: '', events: [] };
    const found = findUnusual({
      templates: data.templates,
      incidents: [quiet],
      events: data.events,
      series: [...data.series.values()].sort((x, y) => x.t - y.t),
      endpointMinutes: data.endpointMinutes,
      coverage: data.coverage,
    }).filter((u) => u.source !== 'requests');
    assert.deepEqual(
      found.map((u) => `${u.source}: ${u.template} p=${u.p}`),
      [],
      new Date(a).toISOString(),
    );
    checked++;
  }
  assert.ok(checked >= 4);
});

test('every report shows what is unusual: text, Markdown, HTML with sparklines, JSON', async () => {
  const r = await investigate({ paths: [join(CORPUS, 'novel-error')] });
  const opts = { color: false };
  const text = INVESTIGATE_REPORTERS.text.render(r, opts);
  assert.match(text, /What is unusual in the incident window\n {2}new, 84 responses[\s\S]*new, 84 lines/);
  assert.match(text, /quote sku=<num> failed: price table <path> unreadable: SyntaxError/);
  const md = INVESTIGATE_REPORTERS.markdown.render(r, opts);
  assert.match(md, /## What is unusual in the incident window[\s\S]*\| 1 \| `quote sku=<num> failed/);
  const html = INVESTIGATE_REPORTERS.html.render(r, opts);
  assert.match(html, /<section id="unusual">[\s\S]*<svg class="spark"[^>]*><polyline/);
  const json = JSON.parse(INVESTIGATE_REPORTERS.json.render(r, opts));
  const entry = json.unusual.find((u: { template: string }) => u.template.includes('SyntaxError'));
  assert.ok(entry && entry.new === true && entry.evidence[0].path === 'home/app/.pm2/logs/pricing-error.log');
});
