// A rule about the suppressions, not the stack: its findings are made by src/audit/suppressions.ts.
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'suppression-expired',
    severity: 'warning',
    title: 'A suppression has expired',
    summary: 'An ignore: entry past its expires date no longer applies: the findings it hid are reported again.',
    explanation:
      'An `expires:` date turns "we accept this for now" into a reminder: through that day (UTC) the entry applies; from the next day on it stops applying, the findings it hid are reported again (and count for `--fail-on`), and this finding says which entry ran out.',
    fix: 'Fix what the entry hid, or, if it is still accepted, move `expires:` forward with a reason that says why.',
    references: [
      'https://docs.github.com/en/code-security/code-scanning/managing-code-scanning-alerts/resolving-code-scanning-alerts',
    ],
    messages: {
      expired: 'ignore[{{index}}] for {{rule}} expired on {{expires}}: it no longer applies.',
    },
    requires: [],
  },
  check: () => [],
};

export default rule;
