// What every audit report shows the same way: the findings reported as such (neither suppressed nor unchanged
// from the baseline), and the counts of the others.
import type { AuditResult } from '../audit.js';
import type { Finding } from '../rules/types.js';

/** Findings shown as findings: not suppressed, not in the baseline. */
export function reportedFindings(result: AuditResult): Finding[] {
  return result.findings.filter((f) => !f.suppressed && f.baselineState !== 'unchanged');
}

/** "2 suppressed, 3 unchanged from baseline.json" (empty when there are none). */
export function quietCounts(result: AuditResult): string {
  const suppressed = result.findings.filter((f) => f.suppressed).length;
  const unchanged = result.findings.filter((f) => !f.suppressed && f.baselineState === 'unchanged').length;
  const parts: string[] = [];
  if (suppressed) parts.push(`${suppressed} suppressed`);
  if (result.baseline) parts.push(`${unchanged} unchanged from ${result.baseline.path}`);
  return parts.join(', ');
}

/** A finding's place seen from the working directory (compact format), else as the report shows it. */
export function originPath(result: AuditResult, path: string): string {
  return result.origins?.[path]?.path ?? path;
}

/**
 * A skipped file that is simply no config (a link, a binary, a large file, a device): counted, never named as a
 * problem. Anything else (EACCES, a corrupt .gz) is a problem reading the input.
 */
export function isPlainSkip(reason: string | null | undefined): boolean {
  if (!reason) return true;
  return (
    reason.startsWith('symbolic link to ') ||
    reason === 'binary file skipped' ||
    reason === 'not a known config format' ||
    reason.startsWith('larger than ') ||
    reason.endsWith(' entry (not read)')
  );
}
