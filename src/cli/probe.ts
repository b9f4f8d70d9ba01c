// `faultline probe`: flags → probe() → report; exit 1 when a finding is at or above --fail-on, 2 on a usage error
// or when nothing of /proc could be read (not Linux, or /proc not mounted).
import { applyBaseline, baselineOf } from '../audit/baseline.js';
import { type FindingPolicy, unknownRuleIds } from '../audit/policy.js';
import { probe } from '../probe/probe.js';
import type { ProbeResult } from '../probe/types.js';
import { probeJson } from '../report/probe-json.js';
import { probeSarif } from '../report/probe-sarif.js';
import { probeText } from '../report/probe-text.js';
import { SEVERITY_RANK } from '../rules/engine.js';
import type { Severity } from '../rules/types.js';
import { readBaseline } from './audit.js';
import { DURATION_HINT, parseDuration } from './duration.js';
import { outWritable, useColor, warn, writeReport } from './output.js';
import { projectConfigOr2 } from './project-config.js';

export interface ProbeFlags {
  format: 'text' | 'json' | 'sarif';
  out?: string;
  quiet?: boolean;
  color?: boolean;
  failOn: Severity | 'none';
  duration?: string;
  interval?: string;
  pid?: string[];
  process?: string;
  root?: string;
  /** false with --no-configs */
  configs?: boolean;
  config?: string;
  rule?: string[];
  ignoreRule?: string[];
  baseline?: string;
  writeBaseline?: string;
}

const REPORTERS: Record<ProbeFlags['format'], (r: ProbeResult, color: boolean) => string> = {
  text: (r, color) => probeText(r, { color }),
  json: (r) => probeJson(r),
  sarif: (r) => probeSarif(r),
};

export async function runProbe(flags: ProbeFlags): Promise<number> {
  const window = windowOf(flags);
  if (typeof window === 'string') {
    warn(window);
    return 2;
  }
  const pids: number[] = [];
  for (const raw of flags.pid ?? []) {
    for (const part of raw.split(',')) {
      if (!/^\d{1,10}$/.test(part.trim()) || Number(part) < 1) {
        warn(`--pid ${raw}: expected a process id (a whole number)`);
        return 2;
      }
      pids.push(Number(part));
    }
  }
  if (!outWritable(flags.out) || (flags.writeBaseline !== undefined && !outWritable(flags.writeBaseline))) return 2;
  // The same policy as audit's: the project file's ignore: and rules:, --rule / --ignore-rule, a baseline.
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
  const tty = process.stderr.isTTY === true && !flags.quiet;
  const result = await probe({
    root: flags.root,
    pids: pids.length ? pids : undefined,
    process: flags.process,
    duration: window.duration,
    interval: window.interval,
    configs: flags.configs,
    policy,
    onSample: tty
      ? (n, total) => process.stderr.write(`\rfaultline: sample ${n} of ${total}${n === total ? '\n' : ''}`)
      : undefined,
  });
  if (result.processes.length === 0 && result.host.memTotal === 0) {
    warn(
      `nothing of ${flags.root ?? '/'}proc could be read: probe needs Linux's /proc (${result.unreadable[0]?.why ?? 'empty'})`,
    );
    return 2;
  }
  if ((pids.length || flags.process !== undefined) && result.processes.length === 0) {
    warn(`no running process matches ${pids.length ? `--pid ${pids.join(',')}` : `--process ${flags.process}`}`);
    return 2;
  }
  if (baseline) applyBaseline(result.findings, baseline);
  if (flags.writeBaseline !== undefined) {
    const file = baselineOf(result.findings);
    writeReport(`${JSON.stringify(file, null, 2)}\n`, flags.writeBaseline);
    if (!flags.quiet) warn(`wrote ${file.findings.length} findings to the baseline ${flags.writeBaseline}`);
  }
  writeReport(REPORTERS[flags.format](result, useColor(flags)), flags.out);
  if (flags.failOn === 'none' || flags.writeBaseline !== undefined) return 0;
  const threshold = SEVERITY_RANK[flags.failOn];
  // Suppressed findings and those unchanged from the baseline do not count, as for audit.
  return result.findings.some(
    (f) => !f.suppressed && f.baselineState !== 'unchanged' && SEVERITY_RANK[f.severity] >= threshold,
  )
    ? 1
    : 0;
}

/** --duration and --interval in seconds, or why they are not usable. */
function windowOf(flags: ProbeFlags): { duration: number; interval?: number } | string {
  const duration = flags.duration === undefined ? 0 : parseDuration(flags.duration);
  if (duration === null) return `--duration ${flags.duration}: ${DURATION_HINT}`;
  if (flags.interval === undefined) return { duration };
  const interval = parseDuration(flags.interval);
  if (interval === null) return `--interval ${flags.interval}: ${DURATION_HINT}`;
  if (duration === 0) return '--interval needs --duration: one snapshot has no interval';
  if (interval > duration) return `--interval ${flags.interval} is longer than --duration ${flags.duration}`;
  if (interval < 0.1) return `--interval ${flags.interval}: at least 0.1 s between samples`;
  return { duration, interval };
}
