// SARIF 2.1.0 for GitHub code scanning: one run, tool rules from rule metadata, one result per finding.
// Severity info → level "note" (SARIF has none, warning, error, note).
import type { AuditResult } from '../audit.js';
import { RULES } from '../rules/index.js';
import type { Rule, Severity } from '../rules/types.js';
import { VERSION } from '../version.js';
import { forReport } from './redact.js';
import type { AuditReporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function auditSarif(result: AuditResult, rules: readonly Rule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'faultline',
            version,
            informationUri: 'https://github.com/faultline/faultline',
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id
                .split('-')
                .map((w) => w[0].toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: r.meta.title },
              fullDescription: { text: r.meta.summary },
              help: {
                text: `${r.meta.explanation}\n\nFix: ${r.meta.fix}`,
                markdown: `${r.meta.explanation}\n\n**Fix:** ${r.meta.fix}`,
              },
              helpUri: r.meta.references[0],
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: { tags: ['reliability'] },
            })),
          },
        },
        results: result.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? -1,
          level: LEVEL[f.severity],
          message: { text: `${f.message}\nFix: ${f.fix}` },
          locations: f.locations.slice(0, 1).map((l) => physical(l.path, l.line)),
          relatedLocations: f.locations.slice(1).map((l, i) => ({ id: i + 1, ...physical(l.path, l.line) })),
        })),
        artifacts: result.inputs.filter((i) => i.format).map((i) => ({ location: { uri: uri(i.path) } })),
      },
    ],
  };
  return `${JSON.stringify(forReport(sarif, false), null, 2)}\n`;
}

function uri(path: string): string {
  // encodeURIComponent throws on a lone surrogate (a name that was not valid UTF-16): such a unit becomes U+FFFD.
  const wellFormed = path.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return wellFormed.split('/').map(encodeURIComponent).join('/');
}

function physical(path: string, line: number) {
  return { physicalLocation: { artifactLocation: { uri: uri(path) }, region: { startLine: Math.max(1, line) } } };
}

export const auditSarifReporter: AuditReporter = {
  format: 'sarif',
  render: (result) => auditSarif(result, RULES, VERSION),
};
