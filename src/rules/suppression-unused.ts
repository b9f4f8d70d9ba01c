// A rule about the suppressions, not the stack: its findings are made by src/audit/suppressions.ts.
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'suppression-unused',
    severity: 'info',
    title: 'A suppression suppresses nothing',
    summary:
      "A faultline-disable comment or an ignore: entry matched no finding (as ESLint's --report-unused-disable-directives).",
    explanation:
      'A suppression that matches nothing is left over: the setting was fixed, moved, or the rule id is misspelled. Left in place it would silently hide a finding that appears there later. It is reported only when its rule ran (a rule turned off, not selected or lacking its inputs has no findings to match).',
    fix: 'Remove the comment or the ignore: entry, or correct its rule id or paths.',
    references: ['https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives'],
    messages: {
      inline: '{{directive}} for {{rule}} matched no finding.',
      config: 'ignore[{{index}}] for {{rule}} matched no finding.',
      unknownRule: '{{directive}} names {{rule}}, which is no rule (faultline rules lists them).',
    },
    requires: [],
  },
  check: () => [],
};

export default rule;
