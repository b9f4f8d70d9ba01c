import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';
import { healthyResult, seed002Result } from '../../test/helpers/investigate-fixture.js';
import { chartData, investigateHtml } from './investigate-html.js';

const CHROMIUM = '/usr/bin/chromium';

function scripts(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1], body: m[2] }));
}

test('html: self-contained — no network resource in any src/href, uPlot inlined', () => {
  const html = investigateHtml(seed002Result());
  const loads = [...html.matchAll(/<(script|link|img|iframe|source)\b[^>]*\b(src|href)\s*=\s*["']?([^"' >]+)/gi)].map(
    (m) => m[3],
  );
  assert.deepEqual(
    loads.filter((u) => /^(https?:)?\/\//i.test(u)),
    [],
  );
  assert.doesNotMatch(html, /@import|url\(\s*["']?https?:/i);
  assert.match(html, /var uPlot=function\(\)/);
  assert.match(html, /\.uplot/);
  assert.equal(scripts(html).length, 3);
});

test('html: every inline script compiles; the chart script draws both charts with the incident windows', () => {
  const html = investigateHtml(seed002Result());
  const [data, lib, chart] = scripts(html);
  assert.match(data.attrs, /application\/json/);
  new vm.Script(lib.body);
  const made: { opts: { title: string; series: unknown[]; hooks: unknown }; cols: unknown[][]; target: unknown }[] = [];
  const targets: Record<string, { id: string }> = {
    'chart-traffic': { id: 'chart-traffic' },
    'chart-errors': { id: 'chart-errors' },
  };
  function FakeUPlot(this: unknown, opts: never, cols: never, target: never) {
    made.push({ opts, cols, target });
  }
  (FakeUPlot as unknown as { tzDate: unknown }).tzDate = (d: Date) => d;
  const sandbox = {
    uPlot: FakeUPlot,
    window: { addEventListener() {} },
    document: {
      documentElement: { clientWidth: 1280 },
      getElementById: (id: string) => (id === 'faultline-data' ? { textContent: data.body } : targets[id]),
    },
  };
  vm.runInNewContext(chart.body, sandbox);
  assert.equal(made.length, 2);
  assert.match(made[0].opts.title, /Requests, 5xx and restarts/);
  assert.equal(made[0].cols.length, 4);
  assert.equal(made[0].cols[0].length, 60);
  assert.equal(made[0].target, targets['chart-traffic']);
  assert.deepEqual(made[1].opts.series.length, 3, 'x + two error sources');
  const d = JSON.parse(data.body);
  assert.deepEqual(d.incidents, [
    [Date.parse('2022-07-11T14:01:27Z') / 1000, Date.parse('2022-07-11T14:19:19Z') / 1000],
  ]);
  assert.deepEqual(d.sources, ['nginx-error', 'pm2:ob_api_server']);
});

test('html: hypotheses with evidence, timeline, restarts, endpoints; escaped and redacted', () => {
  const html = investigateHtml(seed002Result());
  assert.match(
    html,
    /<h3>1\. A response too large to build \(RangeError: Invalid string length\) <span class="conf">9\d%<\/span>/,
  );
  assert.match(html, /var\/lib\/jenkins\/\.pm2\/logs\/ob-api-server-error\.log:1400/);
  assert.match(html, /<section id="timeline">/);
  assert.match(html, /<section id="restarts">/);
  assert.match(html, /GET \/v1\/customer\/customers<\/td><td class="num">5<\/td>/);
  assert.match(html, /snapd\.service: Watchdog timeout/);
  assert.doesNotMatch(html, /s3cretpw|eyJhbGciOiJIUzI1NiJ9|hunter2/);
  assert.match(html, /&#39;\/kernel\/slab/, 'quotes in log lines are escaped');
  assert.match(html, /10:01:27 EDT/);
});

test('html: healthy input renders without charts or hypotheses', () => {
  const html = investigateHtml(healthyResult());
  assert.match(html, /No incident found/);
  assert.doesNotMatch(html, /id="chart-traffic"/);
  assert.deepEqual(chartData(healthyResult()).x, []);
});

test('html: loads in Chromium without console errors and draws the chart canvas', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} not found: browser check skipped`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
    });
    await page.setContent(investigateHtml(seed002Result()), { waitUntil: 'load' });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
    assert.ok((await page.locator('#chart-traffic canvas').count()) >= 1);
    assert.ok((await page.locator('#chart-errors canvas').count()) >= 1);
  } finally {
    await browser.close();
  }
});

test('html: a "What changed" section of the changes in or just before each incident (gunicorn lab capture)', async () => {
  const { investigate } = await import('../investigate.js');
  const root = new URL('../../', import.meta.url).pathname;
  const result = await investigate({ paths: [`${root}test/corpus/gunicorn-worker-timeout`], workers: 0 });
  const html = investigateHtml(result);
  assert.match(
    html,
    /<section id="changes"><h2>What changed<\/h2>[\s\S]*<td class="mono">2026-12-03 13:05:58<\/td><td>restart<\/td><td class="mono">gunicorn<\/td><td class="mono">var\/log\/gunicorn\/error\.log:4<\/td>/,
  );
  assert.doesNotMatch(investigateHtml({ ...result, changes: [] }), /id="changes"/);
});
