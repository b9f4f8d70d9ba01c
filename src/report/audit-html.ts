// `faultline audit --format html`: one self-contained page (inline styles, no script, nothing fetched) with the
// findings by severity, the suppressed ones, the stack's links, and what was read and skipped.
import type { AuditResult } from '../audit.js';
import type { Severity } from '../rules/types.js';
import { quietCounts, reportedFindings } from './audit-parts.js';
import { describeValue, ladderLine, requestPaths } from './audit-paths.js';
import { skipReason } from './audit-text.js';
import { esc } from './investigate-html.js';
import { forReport } from './redact.js';
import type { AuditReporter } from './types.js';

const ORDER: Severity[] = ['error', 'warning', 'info'];

const CSS = `
:root { --fg: #111827; --dim: #6b7280; --line: #e5e7eb; --error: #dc2626; --warning: #b45309; --info: #2563eb; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.dim { color: var(--dim); } code { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.finding { border-left: 4px solid var(--line); padding: 4px 12px; margin: 10px 0; }
.finding.error { border-color: var(--error); } .finding.warning { border-color: var(--warning); } .finding.info { border-color: var(--info); }
.sev { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.error .sev { color: var(--error); } .warning .sev { color: var(--warning); } .info .sev { color: var(--info); }
.fix { color: #166534; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); }
`;

export function auditHtml(input: AuditResult): string {
  // Redact the data, not the page: escaping first would hide quoted secrets from the patterns.
  const result = forReport(input, true);
  const findings = reportedFindings(result);
  const configs = result.inputs.filter((i) => i.format);
  const skipped = result.inputs.filter((i) => !i.format);
  const counts = ORDER.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const quiet = quietCounts(result);
  const b: string[] = [
    '<header><h1>faultline audit</h1>',
    `<p>${configs.length} config files read${skipped.length ? `, ${skipped.length} skipped` : ''}. ${findings.length ? `<strong>${findings.length} findings</strong>: ${esc(counts)}` : 'No findings.'}${quiet ? ` <span class="dim">(${esc(quiet)})</span>` : ''}</p></header>`,
  ];
  for (const sev of ORDER) {
    const group = findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    b.push(`<section><h2>${sev[0]?.toUpperCase()}${sev.slice(1)} (${group.length})</h2>`);
    for (const f of group)
      b.push(
        `<div class="finding ${sev}"><span class="sev">${sev}</span> <strong>${esc(f.title)}</strong> <code class="dim">${esc(f.rule)}</code>`,
        `<div><code>${esc(f.locations.map((l) => `${l.path}:${l.line}`).join(', '))}</code></div>`,
        `<p>${esc(f.message)}</p><p class="fix"><strong>Fix:</strong> ${esc(f.fix)}</p></div>`,
      );
    b.push('</section>');
  }
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    b.push(
      `<section><h2>Suppressed (${suppressed.length})</h2><table><tr><th>rule</th><th>where</th><th>reason</th><th>by</th></tr>`,
    );
    for (const f of suppressed)
      b.push(
        `<tr><td><code>${esc(f.rule)}</code></td><td><code>${esc(`${f.locations[0]?.path}:${f.locations[0]?.line}`)}</code></td><td>${esc(f.suppressed?.reason ?? '')}</td><td><code>${esc(f.suppressed?.source ?? '')}</code></td></tr>`,
      );
    b.push('</table></section>');
  }
  b.push(...pathsSection(result));
  if (result.stack.links.length) {
    b.push('<section><h2>Stack</h2><ul>');
    for (const l of result.stack.links)
      b.push(
        `<li>${esc(l.from.name)} → ${esc(l.to ? l.to.role : (l.role ?? '?'))} <span class="dim">${esc(`${l.from.loc.path}:${l.from.loc.line}; ${l.note}`)}</span></li>`,
      );
    b.push('</ul></section>');
  }
  b.push(`<section><h2>Read (${configs.length})</h2><table>`);
  for (const i of configs)
    b.push(
      `<tr><td><code>${esc(i.path)}</code></td><td>${esc(i.format ?? '')}</td><td class="dim">${esc(i.note ?? i.error ?? '')}</td></tr>`,
    );
  b.push('</table></section>');
  if (skipped.length) {
    const byReason = new Map<string, number>();
    for (const i of skipped) {
      const r = skipReason(i.path, i.error ?? i.note);
      byReason.set(r, (byReason.get(r) ?? 0) + 1);
    }
    b.push(`<section><h2>Skipped (${skipped.length})</h2><table>`);
    for (const [r, n] of [...byReason].sort((x, y) => y[1] - x[1])) b.push(`<tr><td>${n}</td><td>${esc(r)}</td></tr>`);
    b.push('</table></section>');
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>faultline audit</title>',
    `<style>${CSS}</style>`,
    '</head><body>',
    ...b,
    '</body></html>',
    '',
  ].join('\n');
}

/** The ladder: each request path as its line, then a row per hop with its timeouts and limits. */
function pathsSection(result: AuditResult): string[] {
  const paths = requestPaths(result);
  if (!paths.length) return [];
  const b = [`<section><h2>Request paths (${paths.length})</h2>`];
  for (const p of paths) {
    b.push(
      `<p><code>${esc(ladderLine(p))}</code></p><table><tr><th>layer</th><th>where</th><th>timeouts</th><th>limits</th></tr>`,
    );
    for (const h of p.hops)
      b.push(
        `<tr><td>${esc(h.component)} <span class="dim">${esc(h.name)}</span></td><td><code>${esc(`${h.path}:${h.line}`)}</code></td><td>${esc(h.timeouts.map(describeValue).join(', '))}</td><td>${esc(h.limits.map(describeValue).join(', '))}</td></tr>`,
      );
    b.push('</table>');
  }
  b.push('</section>');
  return b;
}

export const auditHtmlReporter: AuditReporter = { format: 'html', render: (result) => auditHtml(result) };
