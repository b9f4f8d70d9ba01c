// What the team decided about the findings, applied after the rules ran: which rules run (--rule, --ignore-rule,
// `rules: { id: off }`), the severity of each (`rules: { id: warning }`), the fingerprints, then the suppressions.
import type { IgnoreEntry, RuleLevel } from '../config/project-config.js';
import { compareFindings } from '../rules/engine.js';
import { RULES } from '../rules/index.js';
import type { Finding, Rule } from '../rules/types.js';
import { fingerprint, type LineText } from './fingerprint.js';
import { applySuppressions } from './suppressions.js';

export interface FindingPolicy {
  /** --rule: only these run (empty or absent: all). */
  only?: readonly string[];
  /** --ignore-rule */
  skip?: readonly string[];
  /** The project file's sections for findings. */
  config?: { path: string; ignore: IgnoreEntry[]; rules: Record<string, { level: RuleLevel; line: number }> } | null;
  /** YYYY-MM-DD (UTC) for `expires`; default today. */
  today?: string;
  /** A finding path as relative to the working directory, for `ignore[].paths`. */
  altPath?: (path: string) => string | undefined;
}

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

/** One line per rule id the policy names that is no rule ("--rule foo: no such rule"), config ones with file:line. */
export function unknownRuleIds(policy: FindingPolicy): string[] {
  const out: string[] = [];
  for (const [flag, ids] of [
    ['--rule', policy.only ?? []],
    ['--ignore-rule', policy.skip ?? []],
  ] as const)
    for (const id of ids) if (!RULE_IDS.has(id)) out.push(`${flag} ${id}: no such rule (faultline rules lists them)`);
  const c = policy.config;
  if (c) {
    for (const [id, { line }] of Object.entries(c.rules))
      if (!RULE_IDS.has(id)) out.push(`${c.path}:${line}: rules.${id}: no such rule (faultline rules lists them)`);
    c.ignore.forEach((e, i) => {
      if (!RULE_IDS.has(e.rule))
        out.push(`${c.path}:${e.line}: ignore[${i}].rule: ${e.rule}: no such rule (faultline rules lists them)`);
    });
  }
  return out;
}

/** The rules that run under the policy. */
export function activeRules(policy: FindingPolicy = {}): Rule[] {
  const only = new Set(policy.only ?? []);
  const skip = new Set(policy.skip ?? []);
  const levels = policy.config?.rules ?? {};
  return RULES.filter(
    (r) => (only.size === 0 || only.has(r.meta.id)) && !skip.has(r.meta.id) && levels[r.meta.id]?.level !== 'off',
  );
}

export interface PolicyInput {
  files: { path: string; text: string; format: string }[];
  /** Rules that ran (selected, and not skipped for lack of inputs). */
  ran: ReadonlySet<string>;
  selected: readonly Rule[];
}

/** Severities, fingerprints and suppressions applied; findings of rules not selected dropped; report order. */
export function applyPolicy(findings: Finding[], input: PolicyInput, policy: FindingPolicy = {}): Finding[] {
  const levels = policy.config?.rules ?? {};
  const texts = new Map(input.files.map((f) => [f.path, f.text]));
  const split = new Map<string, string[]>();
  const lineText: LineText = (path, line) => {
    let lines = split.get(path);
    if (!lines) {
      lines = (texts.get(path) ?? '').split('\n');
      split.set(path, lines);
    }
    return lines[line - 1];
  };
  const paths = [...texts.keys()];
  const withSuppressions = applySuppressions(findings, {
    files: input.files,
    ignore: policy.config?.ignore,
    configPath: policy.config?.path,
    ran: input.ran,
    known: RULE_IDS,
    today: policy.today ?? new Date().toISOString().slice(0, 10),
    altPath: policy.altPath,
  });
  const selected = new Set(input.selected.map((r) => r.meta.id));
  const out = withSuppressions.filter((f) => selected.has(f.rule));
  for (const f of out) {
    const level = levels[f.rule]?.level;
    if (level && level !== 'off') f.severity = level;
    f.fingerprint = fingerprint(f, lineText, paths);
  }
  return out.sort(compareFindings);
}
