// Baselines (as Checkov's and detekt's): `--write-baseline FILE` records the fingerprints of today's findings;
// `--baseline FILE` reports only the findings not in it ("new"). Those in it are "unchanged" (SARIF
// `baselineState`, not reported as new, counting for no --fail-on) and the baseline's entries no finding matched
// any more are "absent". Fingerprints are matched with their counts: two equal findings need two entries.
import type { Finding } from '../rules/types.js';

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  severity: string;
  message: string;
  path: string;
  line: number;
}

export interface BaselineFile {
  version: 1;
  tool: 'faultline';
  findings: BaselineEntry[];
}

/** The baseline of these findings: every one not suppressed (a suppressed finding needs no baseline). */
export function baselineOf(findings: readonly Finding[]): BaselineFile {
  const entries = findings
    .filter((f) => !f.suppressed && f.fingerprint)
    .map((f) => ({
      fingerprint: f.fingerprint as string,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      path: f.locations[0]?.path ?? '',
      line: f.locations[0]?.line ?? 0,
    }));
  return { version: 1, tool: 'faultline', findings: entries };
}

/** The entries of a baseline file's text; a problem is one line naming the file. */
export function parseBaseline(text: string, shown: string): BaselineEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${shown}: not a faultline baseline (not JSON)`);
  }
  const v = value as Partial<BaselineFile> | null;
  if (v?.version !== 1 || v.tool !== 'faultline' || !Array.isArray(v.findings))
    throw new Error(`${shown}: not a faultline baseline (written by --write-baseline: version 1, tool, findings)`);
  v.findings.forEach((e, i) => {
    if (typeof e?.fingerprint !== 'string' || typeof e.rule !== 'string')
      throw new Error(`${shown}: findings[${i}]: needs a fingerprint and a rule`);
  });
  return v.findings;
}

/** Sets each finding's baselineState; returns the baseline's entries that no finding matched. */
export function applyBaseline(findings: Finding[], entries: readonly BaselineEntry[]): BaselineEntry[] {
  const left = new Map<string, BaselineEntry[]>();
  for (const e of entries) left.set(e.fingerprint, [...(left.get(e.fingerprint) ?? []), e]);
  for (const f of findings) {
    if (f.suppressed) continue;
    const pool = f.fingerprint ? left.get(f.fingerprint) : undefined;
    f.baselineState = pool?.length ? 'unchanged' : 'new';
    pool?.shift();
  }
  return [...left.values()].flat();
}
