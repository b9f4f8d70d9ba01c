// `faultline audit --format markdown`: for a pull-request comment or a wiki page — the counts, each finding with
// where, what and the fix, then what was read. Input text is shown as code or escaped prose (never HTML or links).
import type { AuditResult } from '../audit.js';
import type { Severity } from '../rules/types.js';
import { quietCounts, reportedFindings } from './audit-parts.js';
import { describeValue, ladderLine, requestPaths } from './audit-paths.js';
import { skipReason } from './audit-text.js';
import { code, prose } from './investigate-markdown.js';
import { forReport, redact } from './redact.js';
import type { AuditReporter } from './types.js';

const ORDER: Severity[] = ['error', 'warning', 'info'];

export function auditMarkdown(input: AuditResult): string {
  const result = forReport(input, true);
  const findings = reportedFindings(result);
  const configs = result.inputs.filter((i) => i.format);
  const skipped = result.inputs.filter((i) => !i.format);
  const counts = ORDER.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const quiet = quietCounts(result);
  const out = [
    '# faultline audit',
    '',
    `${configs.length} config file${configs.length === 1 ? '' : 's'} read${skipped.length ? `, ${skipped.length} skipped` : ''}. ` +
      (findings.length ? `**${findings.length} findings**: ${counts}` : 'No findings.') +
      (quiet ? ` (${quiet})` : ''),
  ];
  for (const sev of ORDER) {
    const group = findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    out.push('', `## ${sev[0]?.toUpperCase()}${sev.slice(1)} (${group.length})`);
    for (const f of group) {
      out.push(
        '',
        `### ${prose(f.title)} (${code(f.rule)})`,
        '',
        f.locations.map((l) => code(`${l.path}:${l.line}`)).join(', '),
        '',
        prose(f.message),
        '',
        `**Fix:** ${prose(f.fix)}`,
      );
      if (f.docs) out.push('', `Docs: ${code(f.docs)}`);
    }
  }
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length) {
    out.push('', `## Suppressed (${suppressed.length})`, '');
    for (const f of suppressed)
      out.push(
        `- ${code(f.rule)} at ${code(`${f.locations[0]?.path}:${f.locations[0]?.line}`)}: ${prose(f.suppressed?.reason ?? '')} (${code(f.suppressed?.source ?? '')})`,
      );
  }
  const paths = requestPaths(result);
  if (paths.length) out.push('', `## Request paths (${paths.length})`, '');
  for (const p of paths) {
    out.push(`- ${code(ladderLine(p))}`);
    for (const h of p.hops)
      out.push(
        `  - ${prose(h.component)} ${code(`${h.path}:${h.line}`)}: ${prose([...h.timeouts, ...h.limits].map(describeValue).join(', '))}`,
      );
  }
  out.push('', `## Read (${configs.length})`, '');
  for (const i of configs) out.push(`- ${code(i.path)} ${i.format}${i.note ? ` (${prose(i.note)})` : ''}`);
  if (skipped.length) {
    const byReason = new Map<string, number>();
    for (const i of skipped) {
      const r = skipReason(i.path, i.error ?? i.note);
      byReason.set(r, (byReason.get(r) ?? 0) + 1);
    }
    out.push('', `## Skipped (${skipped.length})`, '');
    for (const [r, n] of [...byReason].sort((a, b) => b[1] - a[1])) out.push(`- ${n} × ${prose(r)}`);
  }
  return `${redact(out.join('\n'))}\n`;
}

export const auditMarkdownReporter: AuditReporter = { format: 'markdown', render: (result) => auditMarkdown(result) };
