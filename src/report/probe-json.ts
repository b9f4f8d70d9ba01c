// `faultline probe --format json`: the contract's probe shape (docs/contract.md, "// probe") with its extras
// (time, mounts, hostSamples, duration). Written to a file, it is a `probe-snapshot` that `audit` reads.
import type { ProbeResult } from '../probe/types.js';
import { forReport } from './redact.js';

export function probeJson(result: ProbeResult): string {
  const { findings, forecasts, ...snapshot } = result;
  const out = {
    ...snapshot,
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      title: f.title,
      message: f.message,
      locations: f.locations.map((l) => ({ path: l.path, line: l.line })),
      fix: f.fix,
      references: f.references,
      docs: f.docs,
      ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
      ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    })),
    forecasts,
  };
  return `${JSON.stringify(forReport(out, false), null, 2)}\n`;
}
