// Terminal text for `faultline audit`: the findings first (by severity, each with file:line, message and fix), then
// what was read. Files that are no config, or not understood, are counted by reason (each file once; --verbose
// lists them), so that a whole /etc shows its findings on the first screen.
import pc from 'picocolors';
import type { AuditResult } from '../audit.js';
import type { Severity } from '../rules/types.js';
import { isPlainSkip, quietCounts, reportedFindings } from './audit-parts.js';
import { hopLines, ladderLine, requestPaths } from './audit-paths.js';
import { forReport, redact } from './redact.js';
import type { AuditReporter } from './types.js';

export interface TextOptions {
  color: boolean;
  /** List every file read and skipped, and every problem, instead of counts. */
  verbose?: boolean;
  /** Each request path hop by hop with every timeout and limit (--explain-path). */
  explainPath?: boolean;
}

const ORDER: Severity[] = ['error', 'warning', 'info'];
/** Problems reading the input shown before "… N more". */
const PROBLEMS_SHOWN = 10;
/** Count lines of skipped files, the last one "N other reasons". */
const REASON_LINES = 6;
/** Unreadable files named before the rest is counted. */
const UNREADABLE_NAMED = 3;

export function auditText(input: AuditResult, opts: TextOptions): string {
  const result = forReport(input, true);
  const c = pc.createColors(opts.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const findings = reportedFindings(result);
  const configs = result.inputs.filter((i) => i.format);
  const unknown = result.inputs.filter((i) => !i.format);
  const lines: string[] = [
    c.bold(`faultline audit: ${configs.length} config file${configs.length === 1 ? '' : 's'} read`) +
      (unknown.length ? c.dim(`, ${unknown.length} skipped`) : ''),
  ];
  for (const sev of ORDER) {
    const group = findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    lines.push('', paint[sev](c.bold(`${sev.toUpperCase()} (${group.length})`)));
    for (const f of group) {
      const where = f.locations.map((l) => `${l.path}:${l.line}`).join(', ');
      lines.push(`  ${paint[sev]('●')} ${c.bold(f.title)} ${c.dim(`[${f.rule}]`)}`);
      lines.push(`    ${c.underline(where)}`);
      lines.push(...wrap(f.message, 100).map((l) => `    ${l}`));
      lines.push(...wrap(`Fix: ${f.fix}`, 100).map((l) => `    ${c.green(l)}`));
    }
  }
  // A parser that failed is shown, never a silent "No findings" for that file (problems it met are listed below).
  const withIssues = new Set(result.issues.map((i) => i.path));
  const failedParsers = configs.filter((i) => i.error && !withIssues.has(i.path)).length;
  const counts = ORDER.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const quiet = quietCounts(result);
  lines.push(
    '',
    (findings.length
      ? c.bold(`${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts}`)
      : failedParsers
        ? c.yellow(`No findings in the files read; ${failedParsers} could not be parsed in full (below).`)
        : c.green('No findings.')) + (quiet ? c.dim(` (${quiet})`) : ''),
  );
  lines.push(...pathsPart(result, c, opts.explainPath === true));
  lines.push(...inputsPart(result, c, opts.verbose === true, withIssues));
  return `${redact(lines.join('\n'))}\n`;
}

type Colors = ReturnType<typeof pc.createColors>;

/** The ladder: a line per request path; hop by hop with --explain-path. */
function pathsPart(result: AuditResult, c: Colors, explain: boolean): string[] {
  const paths = requestPaths(result);
  if (!paths.length) return explain ? ['', c.dim('No request path of two layers or more found in the input.')] : [];
  const lines = ['', c.bold(`Request paths (${paths.length})`)];
  paths.forEach((p, i) => {
    lines.push(`  ${i + 1}. ${ladderLine(p)}`);
    if (explain) for (const h of p.hops) lines.push(...hopLines(h).map((l) => c.dim(`       ${l}`)));
  });
  if (!explain) lines.push(c.dim('  (--explain-path lists every timeout and limit on each hop)'));
  return lines;
}

/** Problems, the stack, the configs read, and the skipped files counted by reason (listed with --verbose). */
function inputsPart(result: AuditResult, c: Colors, verbose: boolean, withIssues: Set<string>): string[] {
  const lines: string[] = [];
  if (result.issues.length) {
    lines.push('', c.bold(`Problems reading the input (${result.issues.length})`));
    const shown = verbose ? result.issues : result.issues.slice(0, PROBLEMS_SHOWN);
    for (const i of shown) lines.push(`  ${i.path}:${i.line}: ${i.message}`);
    if (shown.length < result.issues.length)
      lines.push(c.dim(`  … ${result.issues.length - shown.length} more (--verbose lists them)`));
  }
  const links = result.stack.links;
  if (links.length) {
    lines.push('', c.bold('Stack'));
    for (const l of links) {
      const target = l.to ? `${l.to.role} (${l.to.component.replace(/^[a-z0-9-]+:/, '')})` : (l.role ?? '?');
      lines.push(
        `  ${l.from.name} → ${target}${l.port ? ` :${l.port}` : ''}  ${c.dim(`${l.from.loc.path}:${l.from.loc.line}; ${l.note}`)}`,
      );
    }
  }
  const configs = result.inputs.filter((i) => i.format);
  if (configs.length) lines.push('', c.bold(`Read (${configs.length})`));
  for (const i of configs) {
    const failed = i.error && !withIssues.has(i.path) ? c.yellow(`  failed: ${i.error}`) : '';
    lines.push(`${c.dim(`  ${i.path}  ${i.format}${i.note ? `  (${i.note})` : ''}`)}${failed}`);
  }
  const unknown = result.inputs.filter((i) => !i.format);
  if (!unknown.length) return lines;
  lines.push('', c.bold(`Skipped (${unknown.length})`));
  if (verbose) {
    for (const i of unknown) lines.push(c.dim(`  ${shown(i.path)}${skipReason(i.path, i.error ?? i.note)}`));
    return lines;
  }
  // Files that could not be read are problems: named (a few), the files that are no config only counted.
  const unreadable = unknown.filter((i) => !isPlainSkip(skipReason(i.path, i.error ?? i.note)));
  const named = unreadable.slice(0, UNREADABLE_NAMED);
  for (const i of named) lines.push(c.dim(`  ${shown(i.path)}skipped: ${skipReason(i.path, i.error)}`));
  const byReason = new Map<string, number>();
  for (const i of unknown) {
    if (named.includes(i)) continue;
    const r = skipCategory(skipReason(i.path, i.error ?? i.note));
    byReason.set(r, (byReason.get(r) ?? 0) + 1);
  }
  const sorted = [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const head = sorted.length > REASON_LINES ? sorted.slice(0, REASON_LINES - 1) : sorted;
  for (const [reason, n] of head) lines.push(c.dim(`  ${String(n).padStart(6)}  ${reason}`));
  const rest = sorted.slice(head.length).reduce((s, [, n]) => s + n, 0);
  if (rest) lines.push(c.dim(`  ${String(rest).padStart(6)}  for ${sorted.length - head.length} other reasons`));
  lines.push(c.dim('  (--verbose lists them)'));
  return lines;
}

/** A path and the two spaces after it; nothing for a problem of the whole input (the walk's "5 more files"). */
const shown = (path: string) => (path ? `${path}  ` : '');

/** The reason without the path it may start with ("etc/x: cannot read (EACCES)"). */
export function skipReason(path: string, why: string | null | undefined): string {
  const r = why ?? 'not a known config format';
  return r.startsWith(`${path}: `) ? r.slice(path.length + 2) : r;
}

/** Reasons that name a file's own detail (a link's target) counted as one. */
function skipCategory(reason: string): string {
  if (reason.startsWith('symbolic link to ')) return 'symbolic links (not followed)';
  return reason;
}

export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

export const auditTextReporter: AuditReporter = { format: 'text', render: auditText };
