// A rule about the suppressions, not the stack: its findings are made by src/audit/suppressions.ts, which reads
// the directives and the project file's `ignore:`; check() has nothing to look at in the stack.
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'suppression-without-reason',
    severity: 'warning',
    title: 'A suppression gives no reason',
    summary:
      'A faultline-disable comment or an ignore: entry without a reason does not apply: say why the finding is accepted.',
    explanation:
      'A suppression is a decision a team keeps: whoever meets it later needs to know why the finding was accepted (a limit that is deliberate, a risk that is handled elsewhere). faultline therefore applies a suppression only with its reason — after ` -- ` in a comment, in `reason:` in the project file — and reports one without: the finding it would hide stays reported.',
    fix: 'Add the reason: `# faultline-disable-next-line <rule-id> -- <why this is fine here>`, or `reason:` in the ignore: entry.',
    references: ['https://eslint.org/docs/latest/use/configure/rules#comment-descriptions'],
    messages: {
      inline: '{{directive}} for {{rules}} gives no reason (nothing after " -- "): it does not apply.',
      config: 'ignore[{{index}}] for {{rule}} gives no reason: it does not apply.',
    },
    requires: [],
  },
  check: () => [],
};

export default rule;
