// `faultline audit --format compact`: one line per finding, as ESLint's compact and unix formatters and every
// editor's problem matcher read them: `path:line:col: severity rule-id message`. Paths are relative to the working
// directory (a bundle member `<bundle>!/<member>`); the column is 1 (a finding is about a line). Suppressed and
// baselined findings are not listed.
import type { AuditResult } from '../audit.js';
import { originPath, reportedFindings } from './audit-parts.js';
import { forReport, redact, safeLine } from './redact.js';
import type { AuditReporter } from './types.js';

export function auditCompact(input: AuditResult): string {
  const result = forReport(input, true);
  const lines = reportedFindings(result).map((f) => {
    const l = f.locations[0];
    const where = l ? `${originPath(result, l.path)}:${Math.max(1, l.line)}:1` : '-:1:1';
    return safeLine(`${where}: ${f.severity} ${f.rule} ${oneLine(f.message)}`);
  });
  return lines.length ? `${redact(lines.join('\n'))}\n` : '';
}

/** A message's lines joined by one space (split, not a regex around the break: that one backtracks). */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

export const auditCompactReporter: AuditReporter = { format: 'compact', render: (result) => auditCompact(result) };
