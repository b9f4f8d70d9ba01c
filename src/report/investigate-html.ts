// `faultline investigate --format html`: one self-contained file that works offline — CSS inline, uPlot's
// JS and CSS inlined from node_modules at render time, the data as inline JSON. Charts of the per-minute
// series (requests, 5xx, restarts as markers; errors per source) with the incident windows shaded, then
// the hypotheses with their evidence, the timeline, restarts, endpoints, assumptions and inputs. Redacted.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { changesNear } from '../analysis/changes.js';
import { REMEDY_LABEL } from '../analysis/remedies.js';
import type { InvestigateResult } from '../analysis/types.js';
import {
  type CauseRemedy,
  duration,
  firstLine,
  forecastLines,
  inputRows,
  inputsHeadline,
  localClock,
  localZone,
  percent,
  piecesText,
  remedies,
  ruledOutLines,
  unusualRows,
  utc,
  utcClock,
  where,
} from './investigate-parts.js';
import { forReport } from './redact.js';
import type { InvestigateReporter } from './types.js';

export interface InvestigateHtmlOptions {
  /** Timeline rows at most. */
  maxTimeline?: number;
}

const uplotAssets: { loaded?: { js: string; css: string } } = {};

/** uPlot's IIFE build and stylesheet, read once from the installed package. */
function uplot(): { js: string; css: string } {
  if (!uplotAssets.loaded) {
    const require = createRequire(import.meta.url);
    uplotAssets.loaded = {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return uplotAssets.loaded;
}

export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text that goes inside a <script> element: no "</script" or "<!--" can close or confuse it. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The chart data: per-minute columns in epoch seconds, as uPlot takes them, and the incident windows. */
export interface ChartData {
  /** 'second' for captures shorter than 15 minutes, else 'minute': the traffic chart's resolution. */
  unit: 'second' | 'minute';
  x: number[];
  requests: number[];
  s5xx: number[];
  restarts: (number | null)[];
  sources: string[];
  /** The errors chart stays per minute: its own time column. */
  ex: number[];
  errors: number[][];
  incidents: [number, number][];
}

export function chartData(result: InvestigateResult): ChartData {
  const rows = [...result.series].sort((a, b) => a.t - b.t);
  const sources = [...new Set(rows.flatMap((r) => Object.keys(r.errors)))].sort();
  const errors = {
    sources,
    ex: rows.map((r) => r.t / 1000),
    errors: sources.map((s) => rows.map((r) => r.errors[s] ?? 0)),
  };
  const incidents = result.incidents.map((i): [number, number] => [i.start / 1000, i.end / 1000]);
  const seconds = result.perSecond;
  if (seconds?.length) {
    // A short capture per second: a one-minute lab run is 60 points, not 3.
    const restarts = new Map<number, number>();
    for (const r of result.restarts)
      restarts.set(Math.floor(r.time / 1000), (restarts.get(Math.floor(r.time / 1000)) ?? 0) + 1);
    return {
      unit: 'second',
      x: seconds.map((r) => r.t / 1000),
      requests: seconds.map((r) => r.requests),
      s5xx: seconds.map((r) => r.s5xx),
      restarts: seconds.map((r) => restarts.get(r.t / 1000) ?? null),
      ...errors,
      incidents,
    };
  }
  return {
    unit: 'minute',
    x: rows.map((r) => r.t / 1000),
    requests: rows.map((r) => r.requests),
    s5xx: rows.map((r) => r.s5xx),
    restarts: rows.map((r) => (r.restarts ? r.restarts : null)),
    ...errors,
    incidents,
  };
}

// Runs in the page: draws two charts with uPlot and shades the incident windows behind the series.
const CHART_SCRIPT = `(function () {
  var d = JSON.parse(document.getElementById('faultline-data').textContent);
  if (!d.x.length) return;
  var palette = ['#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0891b2', '#7c3aed', '#db2777', '#475569'];
  function shade(u) {
    var ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = 'rgba(220, 38, 38, 0.12)';
    d.incidents.forEach(function (w) {
      var x0 = u.valToPos(w[0], 'x', true);
      var x1 = u.valToPos(w[1], 'x', true);
      ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
    });
    ctx.restore();
  }
  function width() { return Math.max(320, Math.min(1100, document.documentElement.clientWidth - 48)); }
  var noLine = function () { return null; };
  // A short capture (one or two minutes) must not let uPlot auto-range the time axis over years.
  var xmin = Math.min(d.x[0], d.ex.length ? d.ex[0] : d.x[0]), xmax = Math.max(d.x[d.x.length - 1], d.ex.length ? d.ex[d.ex.length - 1] : 0);
  var pad = Math.max(d.unit === 'second' ? 5 : 120, (xmax - xmin) * 0.03);
  var xScale = { time: true, range: [xmin - pad, xmax + pad] };
  var charts = [];
  charts.push(new uPlot({
    title: 'Requests, 5xx and restarts per ' + d.unit + ' (UTC)',
    width: width(), height: 260, tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
    hooks: { drawClear: [shade] },
    scales: { x: xScale, restarts: { range: [0, Math.max.apply(null, d.restarts.map(function (v) { return v || 0; }).concat([1])) + 1] } },
    series: [
      {},
      { label: 'requests', stroke: '#2563eb', width: 1.5 },
      { label: '5xx', stroke: '#dc2626', width: 1.5 },
      { label: 'restarts', scale: 'restarts', stroke: '#7c3aed', paths: noLine, points: { show: true, size: 9, fill: '#7c3aed' } }
    ],
    // Restarts are counted on an axis of their own (right), so 3 restarts never read as 70 requests.
    axes: [{}, { label: 'requests per ' + d.unit }, { scale: 'restarts', side: 1, label: 'restarts', grid: { show: false }, incrs: [1, 2, 5, 10, 20, 50, 100], values: function (u, ticks) { return ticks.map(function (v) { return Number.isInteger(v) ? String(v) : ''; }); } }]
  }, [d.x, d.requests, d.s5xx, d.restarts], document.getElementById('chart-traffic')));
  if (d.sources.length) {
    charts.push(new uPlot({
      title: 'Errors per source per minute (UTC)',
      width: width(), height: 220, tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      hooks: { drawClear: [shade] },
      scales: { x: xScale },
      series: [{}].concat(d.sources.map(function (s, i) { return { label: s, stroke: palette[i % palette.length], width: 1.5 }; })),
      axes: [{}, { label: 'errors' }]
    }, [d.ex].concat(d.errors), document.getElementById('chart-errors')));
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.setSize({ width: width(), height: c.height }); }); });
})();`;

const CSS = `
:root { --fg: #111827; --dim: #6b7280; --line: #e5e7eb; --bad: #dc2626; --ok: #16a34a; --accent: #2563eb; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1160px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
.dim { color: var(--dim); } .bad { color: var(--bad); } .ok { color: var(--ok); }
code, .mono { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { font-weight: 600; background: #f9fafb; } td.num { text-align: right; }
td.line { word-break: break-all; }
.incident { border-left: 4px solid var(--bad); padding: 4px 12px; margin: 8px 0; background: #fef2f2; }
.hyp { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
.conf { display: inline-block; min-width: 44px; text-align: center; border-radius: 10px; padding: 0 8px; color: #fff; background: var(--accent); font-weight: 600; }
.cause { color: var(--dim); font-family: ui-monospace, monospace; }
pre { background: #f3f4f6; padding: 8px 10px; border-radius: 4px; overflow-x: auto; }
.chart { margin: 8px 0 16px; }
`;

export function investigateHtml(input: InvestigateResult, opts: InvestigateHtmlOptions = {}): string {
  // Redact the data, not the page: escaping first would hide quoted secrets (`&quot;`) from the patterns.
  const result = forReport(input, true);
  const title = result.incidents.length
    ? `faultline: ${result.hypotheses[0]?.title ?? 'incident'} (${utc(result.incidents[0].start).slice(0, 10)})`
    : 'faultline: no incident found';
  const body = [
    ...header(result, title),
    ...forecastsHtml(result),
    ...incidents(result),
    ...charts(result),
    ...hypotheses(result),
    ...unusual(result),
    ...whatChanged(result),
    ...timeline(result, opts.maxTimeline ?? 200),
    ...restarts(result),
    ...endpoints(result),
    ...remedySection(result),
    ...ruledOut(result),
    ...findings(result),
    ...assumptions(result),
    ...inputs(result),
  ].join('\n');
  return page(title, body, result);
}

/** The self-contained page: styles, the body, the chart data as inline JSON, uPlot and the chart script. */
function page(title: string, body: string, result: InvestigateResult): string {
  const { js, css } = uplot();
  const data = scriptSafe(JSON.stringify(chartData(result)).replace(/</g, '\\u003c'));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    body,
    `<script type="application/json" id="faultline-data">${data}</script>`,
    `<script>${scriptSafe(js)}</script>`,
    `<script>${CHART_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function header(result: InvestigateResult, title: string): string[] {
  return [
    `<header><h1>${esc(title)}</h1>`,
    `<p class="dim">${esc(inputsHeadline(result))}${result.span.start && result.span.end ? `, ${esc(utc(result.span.start))} → ${esc(utc(result.span.end))} UTC` : ''}</p></header>`,
  ];
}

function incidents(result: InvestigateResult): string[] {
  const zone = localZone(result);
  const b = ['<section id="incidents"><h2>Incidents</h2>'];
  if (!result.incidents.length)
    b.push(
      '<p class="ok"><strong>No incident found.</strong> No error or 5xx bursts, silences, crashes, restarts or reboots.</p>',
    );
  for (const inc of result.incidents) {
    const local = zone
      ? ` <span class="dim">(${esc(localClock(inc.start, zone))} – ${esc(localClock(inc.end, zone))}, ${esc(zone)})</span>`
      : '';
    b.push(
      `<div class="incident"><strong>${esc(utc(inc.start))} → ${esc(utcClock(inc.end))} UTC</strong>, ${esc(duration(inc.end - inc.start))}${local} <span class="dim">[${esc(inc.kinds.join(', '))}]</span><br>${esc(inc.summary)}</div>`,
    );
  }
  b.push('</section>');
  return b;
}

function charts(result: InvestigateResult): string[] {
  if (!result.series.length) return [];
  const b = [
    '<section id="charts"><h2>Per minute</h2><div id="chart-traffic" class="chart"></div><div id="chart-errors" class="chart"></div>',
  ];
  if (result.incidents.length) b.push('<p class="dim">Shaded: incident windows.</p>');
  b.push('</section>');
  return b;
}

/** Each hypothesis: explanation, evidence table, its remedies labelled by kind, confirm commands, findings. */
function hypotheses(result: InvestigateResult): string[] {
  if (!result.hypotheses.length) return [];
  const b = ['<section id="hypotheses"><h2>Hypotheses</h2>'];
  result.hypotheses.forEach((h, n) => {
    b.push(
      `<div class="hyp" id="cause-${esc(h.cause)}"><h3>${n + 1}. ${esc(h.title)} <span class="conf">${percent(h.confidence)}</span> <span class="cause">${esc(h.cause)}</span></h3>`,
    );
    b.push(`<p>${esc(h.explanation)}</p>`);
    if (h.evidence.length) {
      b.push('<table><thead><tr><th>time (UTC)</th><th>source</th><th>line</th></tr></thead><tbody>');
      for (const e of h.evidence)
        b.push(
          `<tr><td class="mono">${esc(utc(e.time))}</td><td class="mono">${esc(where(e))}</td><td class="mono line">${esc(firstLine(e.text, 400))}</td></tr>`,
        );
      b.push('</tbody></table>');
    }
    if (h.remedies.length) {
      b.push('<ul>');
      for (const r of h.remedies) b.push(`<li><strong>${esc(REMEDY_LABEL[r.kind])}:</strong> ${esc(r.text)}</li>`);
      b.push('</ul>');
    }
    if (h.confirm.length) b.push(`<p class="dim">To confirm:</p><pre>${esc(h.confirm.join('\n'))}</pre>`);
    if (h.findings?.length) b.push(`<p class="dim">Supporting config findings: ${esc(h.findings.join(', '))}</p>`);
    b.push('</div>');
  });
  b.push('</section>');
  return b;
}

function timeline(result: InvestigateResult, maxTimeline: number): string[] {
  if (!result.timeline.length) return [];
  const b = [
    '<section id="timeline"><h2>Timeline (UTC)</h2><table><thead><tr><th>time</th><th>source</th><th>event</th></tr></thead><tbody>',
  ];
  for (const e of result.timeline.slice(0, maxTimeline)) {
    const approx = e.approximate || e.timeBasis === 'inferred' ? '~' : '';
    const cls = e.level === 'critical' || e.level === 'error' ? ' bad' : '';
    b.push(
      `<tr><td class="mono">${approx}${esc(utc(e.time))}</td><td class="mono">${esc(where(e))}</td><td class="mono line${cls}">${esc(firstLine(e.text, 400))}</td></tr>`,
    );
  }
  b.push('</tbody></table>');
  if (result.timeline.length > maxTimeline)
    b.push(`<p class="dim">${result.timeline.length - maxTimeline} more events not shown.</p>`);
  b.push('</section>');
  return b;
}

/** What changed in each incident or in the 30 minutes before it (the JSON lists every change). */
function whatChanged(result: InvestigateResult): string[] {
  const rows = result.incidents.flatMap((inc, n) =>
    changesNear(result.changes, inc)
      .slice(0, 20)
      .map(
        (ch) =>
          `<tr><td>#${n + 1}</td><td class="mono">${esc(utc(ch.time))}</td><td>${esc(ch.kind)}</td><td class="mono">${esc(firstLine(ch.subject, 160))}</td><td class="mono">${ch.evidence[0] ? esc(where(ch.evidence[0])) : '—'}</td></tr>`,
      ),
  );
  if (!rows.length) return [];
  return [
    '<section id="changes"><h2>What changed</h2><p class="dim">Deploys, restarts, reloads, upgrades, cron jobs and renewals in each incident or in the 30 minutes before it.</p>',
    '<table><thead><tr><th>incident</th><th>time (UTC)</th><th>kind</th><th>what</th><th>evidence</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></section>',
  ];
}

function restarts(result: InvestigateResult): string[] {
  if (!result.restarts.length) return [];
  const b = [
    '<section id="restarts"><h2>Restarts and what preceded them</h2><table><thead><tr><th>time (UTC)</th><th>process</th><th>reason</th><th>just before</th></tr></thead><tbody>',
  ];
  for (const r of result.restarts) {
    const before = r.preceding
      .slice(-3)
      .map((p) => `${esc(utcClock(p.time))} ${esc(firstLine(p.text, 160))}`)
      .join('<br>');
    b.push(
      `<tr><td class="mono">${esc(utc(r.time))}</td><td class="mono">${esc(r.process)}</td><td>${esc(r.reason)}</td><td class="mono line">${before || '—'}</td></tr>`,
    );
  }
  b.push('</tbody></table></section>');
  return b;
}

/** An inline SVG sparkline of per-minute counts (no script needed). */
export function sparkSvg(points: readonly number[], width = 120, height = 22): string {
  const max = Math.max(0, ...points);
  if (points.length === 0 || max === 0) return '';
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const xy = points.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`);
  const line = points.length > 1 ? xy.join(' ') : `0,${xy[0].split(',')[1]} ${width},${xy[0].split(',')[1]}`;
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="lines per minute, peak ${max}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${line}"/></svg>`;
}

/** What runs out next, from the logs over time. */
function forecastsHtml(result: InvestigateResult): string[] {
  const rows = forecastLines(result);
  if (!rows.length) return [];
  const b = [
    '<section id="forecasts"><h2>What runs out next</h2><table><thead><tr><th>what</th><th>when</th><th>why</th><th>wrong if</th><th>check</th><th>line</th></tr></thead><tbody>',
  ];
  for (const r of rows)
    b.push(
      `<tr><td>${esc(r.what)}</td><td>${esc(r.when)}</td><td>${esc(r.basis)}</td><td>${esc(r.wrongIf)}</td><td class="mono">${r.confirm.map(esc).join('<br>')}</td><td class="mono">${r.where ? esc(r.where) : '—'}</td></tr>`,
    );
  b.push('</tbody></table></section>');
  return b;
}

/** The causes examined without a hypothesis, each with the evidence against it. */
function ruledOut(result: InvestigateResult): string[] {
  const rows = ruledOutLines(result);
  if (!rows.length) return [];
  const b = [
    '<section id="ruled-out"><h2>Ruled out</h2><table><thead><tr><th>cause</th><th>why</th><th>line</th></tr></thead><tbody>',
  ];
  for (const r of rows)
    b.push(
      `<tr><td class="mono">${esc(r.cause)}</td><td>${esc(r.why)}</td><td class="mono">${r.where ? esc(r.where) : '—'}</td></tr>`,
    );
  b.push('</tbody></table></section>');
  return b;
}

/** What is unusual in each incident window: templates, change, p, what explains them, a sparkline. */
function unusual(result: InvestigateResult): string[] {
  const rows = unusualRows(result);
  if (!rows.length) return [];
  const b = [
    '<section id="unusual"><h2>What is unusual in the incident window</h2><p class="dim">Line templates new in each incident or far above their rate outside incidents (one-sided Poisson p), and the field values most of their lines share. Sparklines: lines per minute up to the window\'s end.</p><table><thead><tr><th>#</th><th>template</th><th>change</th><th>p</th><th>explained by</th><th>per minute</th><th>first line</th></tr></thead><tbody>',
  ];
  for (const r of rows)
    b.push(
      `<tr><td class="num">${r.incident + 1}</td><td class="mono">${esc(r.what)}</td><td>${esc(r.change)}</td><td class="num">${esc(r.p)}</td><td>${esc(r.explained || '—')}</td><td>${sparkSvg(r.spark)}</td><td class="mono">${r.where ? esc(r.where) : '—'}</td></tr>`,
    );
  b.push('</tbody></table></section>');
  return b;
}

function endpoints(result: InvestigateResult): string[] {
  if (!result.endpoints.length) return [];
  const b = [
    '<section id="endpoints"><h2>Endpoints before failures</h2><table><thead><tr><th>endpoint</th><th>requests before failures</th><th>share of all traffic</th><th>5xx</th></tr></thead><tbody>',
  ];
  for (const e of result.endpoints.slice(0, 30)) {
    b.push(
      `<tr><td class="mono">${esc(`${e.method ? `${e.method} ` : ''}${e.endpoint}`)}</td><td class="num">${e.beforeFailures}</td><td class="num">${percent(e.overall)}</td><td class="num">${e.errors}</td></tr>`,
    );
  }
  b.push('</tbody></table></section>');
  return b;
}

function remedySection(result: InvestigateResult): string[] {
  const { stopGap, longTerm } = remedies(result.hypotheses);
  if (!stopGap.length && !longTerm.length) return [];
  const list = (items: CauseRemedy[]) =>
    `<ul>${items.map((r) => `<li>${esc(r.text)} <span class="dim">(${esc(r.cause)})</span></li>`).join('')}</ul>`;
  const b = ['<section id="remedies"><h2>Remedies</h2>'];
  if (stopGap.length) b.push(`<h3>Stop-gap</h3>${list(stopGap)}`);
  if (longTerm.length) b.push(`<h3>Long-term</h3>${list(longTerm)}`);
  b.push('</section>');
  return b;
}

function findings(result: InvestigateResult): string[] {
  if (!result.findings.length) return [];
  const b = ['<section id="findings"><h2>Config findings</h2><ul>'];
  for (const f of result.findings) {
    b.push(
      `<li><strong>${esc(f.title)}</strong> <span class="cause">${esc(f.rule)}</span> <span class="dim">${esc(f.locations.map((l) => `${l.path}:${l.line}`).join(', '))}</span><br>${esc(f.message)}${firing(f)}</li>`,
    );
  }
  b.push('</ul></section>');
  return b;
}

/** The lines that show a finding firing during the incident. */
function firing(f: InvestigateResult['findings'][number]): string {
  if (!f.evidence?.length) return '';
  const rows = f.evidence.map(
    (e) => `<li><code>${esc(`${e.path}:${e.line}`)}</code> <code>${esc(e.text.split('\n')[0] ?? '')}</code></li>`,
  );
  const at = f.atTimeout
    ? `<br><span class="dim">${f.atTimeout.requests} 5xx request(s) ended at ${esc(f.atTimeout.setting)} (within 2 %)</span>`
    : '';
  return `<br><span class="dim">fired during the incident: ${f.firing} lines</span><ul>${rows.join('')}</ul>${at}`;
}

function assumptions(result: InvestigateResult): string[] {
  const zone = localZone(result);
  const notes = [...result.assumptions];
  if (zone) notes.push(`Local times are given in ${zone}, the zone of the logs.`);
  return [
    '<section id="assumptions"><h2>Time assumptions</h2>',
    notes.length
      ? `<ul>${notes.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`
      : '<p>Every timestamp carried its zone; nothing was assumed.</p>',
    '</section>',
  ];
}

function inputs(result: InvestigateResult): string[] {
  const b = [
    '<section id="inputs"><h2>Inputs</h2><table><thead><tr><th>file</th><th>format</th><th>lines</th><th>zone</th><th>time basis</th></tr></thead><tbody>',
  ];
  for (const { input: i, pieces } of inputRows(result.inputs)) {
    const name = i.host && !i.path.startsWith(`${i.host}/`) ? `${i.host}:${i.path}` : i.path;
    b.push(
      `<tr><td class="mono">${esc(name)}${pieces ? `<div class="dim">${esc(piecesText(pieces))}</div>` : ''}</td><td>${esc(i.format ? `${i.format}${i.error ? ` (failed: ${i.error})` : ''}` : `skipped: ${i.error ?? i.note ?? 'unknown format'}`)}</td><td class="num">${i.lines ?? ''}</td><td>${esc(i.timezone ?? '')}</td><td>${esc(i.timeBasis ?? '')}</td></tr>`,
    );
  }
  b.push('</tbody></table>');
  if (result.problems.length)
    b.push(`<ul>${result.problems.map((p) => `<li class="dim">${esc(p)}</li>`).join('')}</ul>`);
  b.push('</section>');
  return b;
}

export const investigateHtmlReporter: InvestigateReporter = {
  format: 'html',
  render: (result) => investigateHtml(result),
};
