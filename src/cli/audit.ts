// `faultline audit`: flags → audit() → report; exit 1 when a finding is at or above --fail-on (suppressed findings
// and those unchanged from the baseline do not count).
import { readFileSync } from 'node:fs';
import { applyBaseline, baselineOf, parseBaseline } from '../audit/baseline.js';
import { type FindingPolicy, unknownRuleIds } from '../audit/policy.js';
import { audit } from '../audit.js';
import type { AuditFormat } from '../model/ids.generated.js';
import { cliSize } from '../model/units.js';
import { isPlainSkip, reportedFindings } from '../report/audit-parts.js';
import { skipReason } from '../report/audit-text.js';
import { AUDIT_REPORTERS } from '../report/index.js';
import { SEVERITY_RANK } from '../rules/engine.js';
import type { Severity } from '../rules/types.js';
import { outWritable, useColor, warn, writeReport } from './output.js';
import { projectConfigOr2 } from './project-config.js';

export interface AuditFlags {
  format: AuditFormat;
  out?: string;
  quiet?: boolean;
  color?: boolean;
  failOn: Severity;
  ram?: string;
  cpus?: string;
  config?: string;
  rule?: string[];
  ignoreRule?: string[];
  baseline?: string;
  writeBaseline?: string;
  verbose?: boolean;
  explainPath?: boolean;
}

export async function runAudit(paths: string[], flags: AuditFlags): Promise<number> {
  if (!outWritable(flags.out) || (flags.writeBaseline !== undefined && !outWritable(flags.writeBaseline))) return 2;
  const host = hostFlags(flags);
  if (host === 2) return 2;
  const config = await projectConfigOr2(flags.config);
  if (config === 2) return 2;
  const policy: FindingPolicy = { only: flags.rule, skip: flags.ignoreRule, config };
  const unknown = unknownRuleIds(policy);
  if (unknown.length) {
    warn(unknown[0] as string);
    return 2;
  }
  const baseline = flags.baseline === undefined ? undefined : readBaseline(flags.baseline);
  if (baseline === 2) return 2;
  const result = await audit({ paths, ...host, policy });
  const readable = result.inputs.filter((i) => i.format !== null);
  if (readable.length === 0) {
    noConfigFound(paths, result.inputs, flags.verbose === true);
    return 2;
  }
  if (!flags.quiet) problemLines(result, flags.verbose === true);
  if (baseline) result.baseline = { path: flags.baseline as string, absent: applyBaseline(result.findings, baseline) };
  if (flags.writeBaseline !== undefined) {
    const file = baselineOf(result.findings);
    writeReport(`${JSON.stringify(file, null, 2)}\n`, flags.writeBaseline);
    if (!flags.quiet) warn(`wrote ${file.findings.length} findings to the baseline ${flags.writeBaseline}`);
  }
  const text = AUDIT_REPORTERS[flags.format].render(result, {
    color: useColor(flags),
    verbose: flags.verbose,
    explainPath: flags.explainPath,
  });
  writeReport(text, flags.out);
  // Findings just written to a baseline are baselined: they do not fail this run either.
  if (flags.writeBaseline !== undefined) return 0;
  const threshold = SEVERITY_RANK[flags.failOn];
  return reportedFindings(result).some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** Problems reading the input on stderr: all with --verbose, else at most 3 lines (the report lists them all). */
function problemLines(result: Awaited<ReturnType<typeof audit>>, verbose: boolean): void {
  const lines = [
    ...result.inputs
      .filter((i) => i.format === null && !isPlainSkip(skipReason(i.path, i.error ?? i.note)))
      .map((i) => named(i.path, skipReason(i.path, i.error))),
    ...result.issues.map((i) => `${i.path}:${i.line}: ${i.message}`),
  ];
  const shown = verbose || lines.length <= 3 ? lines : lines.slice(0, 2);
  for (const l of shown) warn(l);
  if (shown.length < lines.length)
    warn(
      `… ${lines.length - shown.length} more problems reading the input (in the report; --verbose prints them here)`,
    );
}

/** "path: why"; a problem of the whole input (a count the walk kept for the folder named) has no path. */
function named(path: string, why: string): string {
  return path ? `${path}: ${why}` : why;
}

function hostFlags(flags: AuditFlags): { ram?: number; cpus?: number } | 2 {
  const out: { ram?: number; cpus?: number } = {};
  if (flags.ram !== undefined) {
    const v = cliSize(flags.ram);
    if (v === null) {
      warn(`--ram ${flags.ram}: expected a size such as 4G or 512M`);
      return 2;
    }
    out.ram = v;
  }
  if (flags.cpus !== undefined) {
    const v = Number(flags.cpus);
    if (!Number.isInteger(v) || v < 1) {
      warn(`--cpus ${flags.cpus}: expected a whole number of CPUs`);
      return 2;
    }
    out.cpus = v;
  }
  return out;
}

/** A --baseline file, or 2 after its one-line problem (probe reads baselines the same way). */
export function readBaseline(path: string): ReturnType<typeof parseBaseline> | 2 {
  try {
    return parseBaseline(readFileSync(path, 'utf8'), path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    warn(e.code ? `--baseline ${path}: cannot read (${e.code})` : e.message);
    return 2;
  }
}

/**
 * Nothing to audit: each path named that is unreadable or no config is one line (its path once); the files found
 * inside folders and bundles are counted (listed with --verbose).
 */
function noConfigFound(
  paths: string[],
  inputs: { path: string; error: string | null; note?: string }[],
  verbose: boolean,
): void {
  const found = inputs.filter((i) => !paths.includes(i.path));
  for (const i of inputs) if (verbose || !found.includes(i)) warn(named(i.path, skipReason(i.path, i.error ?? i.note)));
  if (found.length > 0 || inputs.length === 0) {
    const n = `${found.length} file${found.length === 1 ? '' : 's'}`;
    warn(
      `no config file recognised among the ${n} in ${paths.join(', ')}${verbose || !found.length ? '' : ' (--verbose lists them)'}`,
    );
  }
}
