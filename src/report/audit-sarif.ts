// SARIF 2.1.0 for GitHub code scanning: one run, tool rules from rule metadata, one result per finding.
// Severity info → level "note" (SARIF has none, warning, error, note). Artifact URIs are relative to the working
// directory under the base id %SRCROOT% (originalUriBaseIds), so that a result of a run from the repository root
// lands on its file; a bundle member is `<bundle>!/<member>`. Suppressed findings carry `suppressions[]` with their
// justification, and with a baseline each result its `baselineState` (the baseline's vanished entries as "absent").

import type { BaselineEntry } from '../audit/baseline.js';
import { FINGERPRINT_KEY } from '../audit/fingerprint.js';
import type { AuditResult } from '../audit.js';
import { RULES } from '../rules/index.js';
import type { Finding, Rule, Severity } from '../rules/types.js';
import { HOMEPAGE, VERSION } from '../version.js';
import { forReport } from './redact.js';
import type { AuditReporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const ROOT = '%SRCROOT%';

export function auditSarif(
  result: AuditResult,
  rules: readonly Rule[],
  version: string,
  homepage: string | undefined = HOMEPAGE,
  cwd: string = process.cwd(),
): string {
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const base = homepage === undefined ? undefined : siteOf(homepage);
  const place = (path: string, line: number) => physical(result, path, line);
  const results: object[] = result.findings.map((f) => resultOf(f, index, place, result.baseline !== undefined));
  for (const e of result.baseline?.absent ?? []) results.push(absentResult(e, index, place));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'faultline',
            version,
            ...(base ? { informationUri: base } : {}),
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
              ...(base ? { helpUri: `${base}/blob/main/docs/rules/${r.meta.id}.md` } : {}),
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: { tags: ['reliability'] },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: `${fileUri(cwd)}/` } },
        results,
        artifacts: result.inputs.filter((i) => i.format).map((i) => ({ location: artifact(result, i.path) })),
      },
    ],
  };
  return `${JSON.stringify(forReport(sarif, false), null, 2)}\n`;
}

/** The homepage without its fragment and trailing slashes (`…/faultline#readme` → `…/faultline`). */
function siteOf(homepage: string): string {
  const hash = homepage.indexOf('#');
  let s = hash < 0 ? homepage : homepage.slice(0, hash);
  while (s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

type Place = (path: string, line: number) => ReturnType<typeof physical>;

function resultOf(f: Finding, index: Map<string, number>, place: Place, withBaseline: boolean) {
  return {
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? -1,
    level: LEVEL[f.severity],
    message: { text: `${f.message}\nFix: ${f.fix}` },
    locations: f.locations.slice(0, 1).map((l) => place(l.path, l.line)),
    relatedLocations: f.locations.slice(1).map((l, i) => ({ id: i + 1, ...place(l.path, l.line) })),
    ...(f.fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint } } : {}),
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: f.suppressed.kind,
              justification: f.suppressed.expires
                ? `${f.suppressed.reason} (until ${f.suppressed.expires})`
                : f.suppressed.reason,
              ...(f.suppressed.kind === 'inSource' ? { location: place(...sourceOf(f.suppressed.source)) } : {}),
            },
          ],
        }
      : {}),
    ...(withBaseline && f.baselineState ? { baselineState: f.baselineState } : {}),
  };
}

function absentResult(e: BaselineEntry, index: Map<string, number>, place: Place) {
  return {
    ruleId: e.rule,
    ruleIndex: index.get(e.rule) ?? -1,
    level: LEVEL[e.severity as Severity] ?? 'warning',
    message: { text: e.message },
    locations: e.path ? [place(e.path, e.line)] : [],
    partialFingerprints: { [FINGERPRINT_KEY]: e.fingerprint },
    baselineState: 'absent' as const,
  };
}

/** "etc/nginx/nginx.conf:12" → [path, line] */
function sourceOf(source: string): [string, number] {
  const colon = source.lastIndexOf(':');
  return [source.slice(0, colon), Number(source.slice(colon + 1)) || 1];
}

function encode(path: string): string {
  // encodeURIComponent throws on a lone surrogate (a name that was not valid UTF-16): such a unit becomes U+FFFD.
  const wellFormed = path.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return wellFormed
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%21/g, '!'))
    .join('/');
}

function fileUri(abs: string): string {
  return `file://${encode(abs.split('\\').join('/'))}`;
}

/** An artifactLocation: relative to %SRCROOT% when under the working directory, else an absolute file: URI. */
function artifact(result: AuditResult, path: string): { uri: string; uriBaseId?: string } {
  const o = result.origins?.[path];
  if (!o) return { uri: encode(path) };
  return o.underRoot ? { uri: encode(o.path), uriBaseId: ROOT } : { uri: fileUri(o.path) };
}

function physical(result: AuditResult, path: string, line: number) {
  return { physicalLocation: { artifactLocation: artifact(result, path), region: { startLine: Math.max(1, line) } } };
}

export const auditSarifReporter: AuditReporter = {
  format: 'sarif',
  render: (result) => auditSarif(result, RULES, VERSION),
};
