// `faultline audit --format json`: exactly the contract's shape, plus fields that are welcome extras.
import type { AuditResult } from '../audit.js';
import { pathsJson, requestPaths } from './audit-paths.js';
import { forReport } from './redact.js';
import type { AuditReporter } from './types.js';

export function auditJson(result: AuditResult): string {
  const out = {
    version: 1,
    inputs: result.inputs.map((i) => ({
      path: i.path,
      format: i.format,
      error: i.error,
      ...(i.host ? { host: i.host } : {}),
      ...(i.note ? { note: i.note } : {}),
    })),
    // With a baseline, only the new findings (and the suppressed ones, marked): "unchanged" ones are counted below.
    findings: result.findings
      .filter((f) => f.baselineState !== 'unchanged')
      .map((f) => ({
        rule: f.rule,
        severity: f.severity,
        title: f.title,
        message: f.message,
        locations: f.locations.map((l) => ({ path: l.path, line: l.line })),
        fix: f.fix,
        references: f.references,
        docs: f.docs,
        fingerprint: f.fingerprint,
        ...(f.suppressed
          ? {
              suppressed: {
                reason: f.suppressed.reason,
                source: f.suppressed.source,
                ...(f.suppressed.expires ? { expires: f.suppressed.expires } : {}),
              },
            }
          : {}),
        ...(result.baseline && f.baselineState ? { baselineState: f.baselineState } : {}),
      })),
    ...(result.baseline
      ? {
          baseline: {
            path: result.baseline.path,
            unchanged: result.findings.filter((f) => f.baselineState === 'unchanged').length,
            absent: result.baseline.absent.length,
          },
        }
      : {}),
    links: result.stack.links.map((l) => ({
      from: l.from.name,
      location: { path: l.from.loc.path, line: l.from.loc.line },
      to: l.to ? `${l.to.role} (${l.to.component})` : (l.role ?? null),
      port: l.port ?? null,
      via: l.via,
      note: l.note,
    })),
    paths: pathsJson(requestPaths(result)),
    skippedRules: result.skippedRules,
  };
  return `${JSON.stringify(forReport(out, false), null, 2)}\n`;
}

export const auditJsonReporter: AuditReporter = { format: 'json', render: (result) => auditJson(result) };
