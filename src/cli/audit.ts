// `faultline audit`: flags → audit() → report; exit 1 when a finding is at or above --fail-on.
import { audit } from '../audit.js';
import type { AuditFormat } from '../model/ids.generated.js';
import { cliSize } from '../model/units.js';
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
}

export async function runAudit(paths: string[], flags: AuditFlags): Promise<number> {
  if (!outWritable(flags.out)) return 2;
  let ram: number | undefined;
  let cpus: number | undefined;
  if (flags.ram !== undefined) {
    const v = cliSize(flags.ram);
    if (v === null) {
      warn(`--ram ${flags.ram}: expected a size such as 4G or 512M`);
      return 2;
    }
    ram = v;
  }
  if (flags.cpus !== undefined) {
    const v = Number(flags.cpus);
    if (!Number.isInteger(v) || v < 1) {
      warn(`--cpus ${flags.cpus}: expected a whole number of CPUs`);
      return 2;
    }
    cpus = v;
  }
  // Loaded and checked here too: one config for both commands (its audit sections come with the audit-in-CI issue).
  if ((await projectConfigOr2(flags.config)) === 2) return 2;
  const result = await audit({ paths, ram, cpus });
  const readable = result.inputs.filter((i) => i.format !== null);
  if (readable.length === 0) {
    for (const i of result.inputs) warn(named(i.path, i.error ?? i.note ?? 'not a known config format'));
    warn(`no config file recognised in ${paths.join(', ')}`);
    return 2;
  }
  if (!flags.quiet) {
    for (const i of result.inputs) if (i.error && i.format === null) warn(named(i.path, i.error));
    for (const i of result.issues) warn(`${i.path}:${i.line}: ${i.message}`);
  }
  const text = AUDIT_REPORTERS[flags.format].render(result, { color: useColor(flags) });
  writeReport(text, flags.out);
  const threshold = SEVERITY_RANK[flags.failOn];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** "path: why", without the path twice when the reason already starts with it. */
function named(path: string, why: string): string {
  return why.startsWith(`${path}:`) ? why : `${path}: ${why}`;
}
