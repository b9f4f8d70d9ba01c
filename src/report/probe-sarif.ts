// `faultline probe --format sarif`: the findings as audit's SARIF gives them, located at the /proc files read.
import type { AuditResult } from '../audit.js';
import type { ProbeResult } from '../probe/types.js';
import { RULES } from '../rules/index.js';
import { buildStack } from '../stack/build-stack.js';
import { VERSION } from '../version.js';
import { auditSarif } from './audit-sarif.js';

export function probeSarif(result: ProbeResult): string {
  const asAudit: AuditResult = {
    version: 1,
    inputs: [],
    findings: result.findings,
    issues: [],
    skippedRules: [],
    stack: buildStack([]),
  };
  return auditSarif(asAudit, RULES, VERSION);
}
