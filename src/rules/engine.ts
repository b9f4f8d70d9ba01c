// Runs the rules over a stack: skips a rule whose required formats are absent (and says why),
// renders message templates, and orders findings by severity, then location.
import type { Stack } from '../stack/stack.js';
import type { Finding, FindingDraft, Rule, Severity } from './types.js';

export interface SkippedRule {
  rule: string;
  reason: string;
}

export interface RuleRun {
  findings: Finding[];
  skipped: SkippedRule[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function docsUrl(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}

/** Why the engine skips a rule on this stack ("needs haproxy"), or undefined when its inputs are there. */
export function missingInputs(rule: Rule, stack: Stack): string | undefined {
  const missing = rule.meta.requires.filter((group) => !group.some((f) => stack.formats.has(f)));
  return missing.length > 0 ? `needs ${missing.map((g) => g.join(' or ')).join(' and ')}` : undefined;
}

/** A rule's draft as the contract shows it: the message rendered from its template, defaults from meta. */
export function toFinding(rule: Rule, draft: FindingDraft): Finding {
  const template = rule.meta.messages[draft.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id}: unknown messageId ${draft.messageId}`);
  return {
    rule: rule.meta.id,
    severity: draft.severity ?? rule.meta.severity,
    title: rule.meta.title,
    message: renderMessage(template, draft.data),
    locations: draft.locations,
    fix: draft.fix ?? rule.meta.fix,
    references: rule.meta.references,
    docs: docsUrl(rule.meta.id),
    messageId: draft.messageId,
    values: draft.data ?? {},
  };
}

/** Report order: severity, then primary location, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.locations[0]?.path ?? '').localeCompare(b.locations[0]?.path ?? '') ||
    (a.locations[0]?.line ?? 0) - (b.locations[0]?.line ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

export function runRules(rules: readonly Rule[], stack: Stack): RuleRun {
  const findings: Finding[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of rules) {
    const reason = missingInputs(rule, stack);
    if (reason) {
      skipped.push({ rule: rule.meta.id, reason });
      continue;
    }
    for (const draft of rule.check(stack)) findings.push(toFinding(rule, draft));
  }
  findings.sort(compareFindings);
  return { findings, skipped };
}
