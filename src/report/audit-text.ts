// Terminal text for `faultline audit`: findings grouped by severity, each with file:line, message and fix.
import pc from 'picocolors';
import type { AuditResult } from '../audit.js';
import type { Severity } from '../rules/types.js';
import { forReport, redact } from './redact.js';
import type { AuditReporter } from './types.js';

export interface TextOptions {
  color: boolean;
}

const ORDER: Severity[] = ['error', 'warning', 'info'];

export function auditText(input: AuditResult, opts: TextOptions): string {
  const result = forReport(input, true);
  const c = pc.createColors(opts.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const lines: string[] = [];
  const configs = result.inputs.filter((i) => i.format);
  const unknown = result.inputs.filter((i) => !i.format);
  lines.push(
    c.bold(`faultline audit: ${configs.length} config file${configs.length === 1 ? '' : 's'} read`) +
      (unknown.length ? c.dim(`, ${unknown.length} skipped`) : ''),
  );
  // A parser that failed is shown, never a silent "No findings" for that file (problems it met are listed below).
  const withIssues = new Set(result.issues.map((i) => i.path));
  const failedParsers = configs.filter((i) => i.error && !withIssues.has(i.path)).length;
  for (const i of configs) {
    const failed = i.error && !withIssues.has(i.path) ? c.yellow(`  failed: ${i.error}`) : '';
    lines.push(`${c.dim(`  ${i.path}  ${i.format}${i.note ? `  (${i.note})` : ''}`)}${failed}`);
  }
  for (const i of unknown) lines.push(c.dim(`  ${i.path}  skipped: ${i.error ?? i.note ?? 'unknown format'}`));
  if (result.issues.length) {
    lines.push('', c.bold('Problems reading the input'));
    for (const i of result.issues) lines.push(`  ${i.path}:${i.line}: ${i.message}`);
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
  for (const sev of ORDER) {
    const group = result.findings.filter((f) => f.severity === sev);
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
  const counts = ORDER.map((s) => `${result.findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  lines.push(
    '',
    result.findings.length
      ? c.bold(`${result.findings.length} findings: ${counts}`)
      : failedParsers
        ? c.yellow(`No findings in the files read; ${failedParsers} could not be parsed in full (above).`)
        : c.green('No findings.'),
  );
  return `${redact(lines.join('\n'))}\n`;
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
