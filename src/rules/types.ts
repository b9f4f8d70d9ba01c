// An audit rule is one small, self-describing module: metadata (id, severity, title, docs, references,
// message templates) plus `check(stack)`. Rules read only the stack model, never files or raw text.

import type { ConfigFormatId } from '../formats/config/types.js';
import type { SourceLoc } from '../model/setting.js';
import type { Stack } from '../stack/stack.js';

export type Severity = 'error' | 'warning' | 'info';

export interface RuleMeta {
  /** kebab-case, stable, equal to the file name. */
  id: string;
  severity: Severity;
  /** One line, shown as the finding's title. */
  title: string;
  /** One sentence for `faultline rules`. */
  summary: string;
  /** A short paragraph: the mechanism, with the defaults and where they are documented. */
  explanation: string;
  /** The usual remedy; a finding may give a more specific one. */
  fix: string;
  /** Upstream documentation. */
  references: string[];
  /** Message templates keyed by id, with {{placeholders}}. */
  messages: Record<string, string>;
  /**
   * Formats the rule needs: every group must have at least one present (an inner array is any-of).
   * The engine skips the rule, and records why, when they are absent.
   */
  requires: ConfigFormatId[][];
}

export interface FindingDraft {
  messageId: string;
  data?: Record<string, string | number>;
  /** First location is the primary one (where SARIF puts the result). */
  locations: SourceLoc[];
  /** Specific fix for this case; defaults to meta.fix. */
  fix?: string;
  /** Override of meta.severity for this case (e.g. a warning when a value is only assumed). */
  severity?: Severity;
}

export interface Rule {
  meta: RuleMeta;
  check(stack: Stack): FindingDraft[];
}

/** A finding as the contract shows it. */
export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  message: string;
  locations: SourceLoc[];
  fix: string;
  references: string[];
  docs?: string;
  /** The message template's id and the values it was rendered from: the values involved, for the fingerprint. */
  messageId?: string;
  values?: Record<string, string | number>;
  /** Stable across moved lines and reformatting; changes with the values involved (src/audit/fingerprint.ts). */
  fingerprint?: string;
  /** Set when a suppression applies: such a finding is reported as suppressed and counts for no --fail-on. */
  suppressed?: Suppressed;
  /** With --baseline: whether the baseline holds it ("unchanged": not reported as new, counts for no --fail-on). */
  baselineState?: 'new' | 'unchanged';
  /** In `investigate`: log lines of an incident that show this finding firing (src/analysis/finding-evidence.ts). */
  evidence?: { path: string; line: number; time: string; text: string; host?: string }[];
  /** How many such lines there were (evidence shows a few). */
  firing?: number;
  /** In `investigate`: the 5xx requests whose duration sits at a timeout this finding cites (src/analysis/timeout-durations.ts). */
  atTimeout?: { setting: string; ms: number; requests: number };
}

export interface Suppressed {
  reason: string;
  /** "path:line" of an inline directive, or "config" for the project file's `ignore:`. */
  source: string;
  expires?: string;
  /** SARIF's suppression kind. */
  kind: 'inSource' | 'external';
}
