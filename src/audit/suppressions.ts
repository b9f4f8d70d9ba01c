// Applies the suppressions to the findings: inline directives (src/audit/directives.ts) and the project file's
// `ignore:`. A suppression applies only with a reason and, for `ignore:`, until its `expires` day (UTC); a finding
// it applies to is kept, marked `suppressed` (JSON, SARIF `suppressions[]`), and counts for no --fail-on. What is
// wrong with a suppression is a finding of its own: suppression-without-reason, suppression-expired,
// suppression-unused (only for rules that ran: a rule that did not run has nothing to match).
import type { IgnoreEntry } from '../config/project-config.js';
import type { SourceLoc } from '../model/setting.js';
import { toFinding } from '../rules/engine.js';
import expiredRule from '../rules/suppression-expired.js';
import unusedRule from '../rules/suppression-unused.js';
import withoutReasonRule from '../rules/suppression-without-reason.js';
import type { Finding, FindingDraft, Rule, Suppressed } from '../rules/types.js';
import { type Directive, scanDirectives } from './directives.js';
import { type PathGlob, pathGlob } from './path-glob.js';

export const SUPPRESSION_RULES: readonly Rule[] = [expiredRule, unusedRule, withoutReasonRule];
const OWN = new Set(SUPPRESSION_RULES.map((r) => r.meta.id));

export interface SuppressionInput {
  /** The config files read, with their format. */
  files: { path: string; text: string; format: string }[];
  ignore?: IgnoreEntry[];
  /** The project file's path as shown (for the findings about its entries). */
  configPath?: string;
  /** Rules that ran on this input. */
  ran: ReadonlySet<string>;
  known: ReadonlySet<string>;
  /** YYYY-MM-DD (UTC). */
  today: string;
  /** The other spelling of a finding's path an `ignore:` glob may use (relative to the working directory). */
  altPath?: (path: string) => string | undefined;
}

interface Active {
  matches(f: Finding): boolean;
  suppressed: Suppressed;
  used: boolean;
  /** Reported as unused: the rule id, where, and how it is named. */
  unused: () => FindingDraft;
  rule: string;
}

/** The findings with `suppressed` set where a suppression applies, and the findings about the suppressions. */
export function applySuppressions(findings: Finding[], input: SuppressionInput): Finding[] {
  const byRule = new Map<string, FindingDraft[]>();
  const report = (rule: Rule, d: FindingDraft) => {
    const list = byRule.get(rule.meta.id) ?? [];
    list.push(d);
    byRule.set(rule.meta.id, list);
  };
  const active: Active[] = [];
  for (const file of input.files)
    for (const d of scanDirectives(file.path, file.text, file.format)) active.push(...fromDirective(d, input, report));
  (input.ignore ?? []).forEach((e, i) => {
    const a = fromEntry(e, i, input, report);
    if (a) active.push(a);
  });
  for (const f of findings) {
    if (OWN.has(f.rule)) continue;
    const hits = active.filter((a) => a.rule === f.rule && a.matches(f));
    for (const h of hits) h.used = true;
    if (hits[0]) f.suppressed = hits[0].suppressed;
  }
  for (const a of active) if (!a.used && input.ran.has(a.rule)) report(unusedRule, a.unused());
  const out = [...findings];
  for (const rule of SUPPRESSION_RULES) for (const d of byRule.get(rule.meta.id) ?? []) out.push(toFinding(rule, d));
  return out;
}

const at = (loc: SourceLoc) => `${loc.path}:${loc.line}`;

function fromDirective(d: Directive, input: SuppressionInput, report: (r: Rule, d: FindingDraft) => void): Active[] {
  const loc = { path: d.path, line: d.line };
  const directive = `faultline-disable-${d.kind}`;
  const unknown = d.rules.filter((r) => !input.known.has(r));
  for (const rule of unknown)
    report(unusedRule, { messageId: 'unknownRule', data: { directive, rule }, locations: [loc] });
  if (d.reason === undefined) {
    report(withoutReasonRule, {
      messageId: 'inline',
      data: { directive, rules: d.rules.join(', ') || '(no rule)' },
      locations: [loc],
    });
    return [];
  }
  const suppressed: Suppressed = { reason: d.reason, source: at(loc), kind: 'inSource' };
  return d.rules
    .filter((r) => input.known.has(r))
    .map((rule) => ({
      rule,
      suppressed,
      used: false,
      matches: (f: Finding) => f.locations.some((l) => l.path === d.path && (d.kind === 'file' || l.line === d.target)),
      unused: () => ({ messageId: 'inline', data: { directive, rule }, locations: [loc] }),
    }));
}

function fromEntry(
  e: IgnoreEntry,
  index: number,
  input: SuppressionInput,
  report: (r: Rule, d: FindingDraft) => void,
): Active | null {
  const loc = { path: input.configPath ?? 'faultline.config.yaml', line: e.line };
  const data = { index, rule: e.rule };
  if (!e.reason?.trim()) {
    report(withoutReasonRule, { messageId: 'config', data, locations: [loc] });
    return null;
  }
  if (e.expires !== undefined && e.expires < input.today) {
    report(expiredRule, { messageId: 'expired', data: { ...data, expires: e.expires }, locations: [loc] });
    return null;
  }
  const globs: PathGlob[] | null = e.paths ? e.paths.map(pathGlob) : null;
  const pathMatches = (p: string) => {
    if (!globs) return true;
    const alt = input.altPath?.(p);
    return globs.some((g) => g.test(p) || (alt !== undefined && g.test(alt)));
  };
  return {
    rule: e.rule,
    used: false,
    suppressed: { reason: e.reason.trim(), source: 'config', expires: e.expires, kind: 'external' },
    matches: (f) => f.locations.some((l) => pathMatches(l.path)),
    unused: () => ({ messageId: 'config', data, locations: [loc] }),
  };
}
