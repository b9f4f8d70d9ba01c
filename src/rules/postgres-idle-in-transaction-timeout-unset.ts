import { componentsOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'postgres-idle-in-transaction-timeout-unset',
    severity: 'warning',
    title: 'PostgreSQL never ends sessions left idle in a transaction',
    summary: 'With idle_in_transaction_session_timeout 0, a leaked transaction holds its connection and locks forever.',
    explanation:
      '`idle_in_transaction_session_timeout` is 0 (disabled) by default. An application that opens a transaction and never commits — an exception between BEGIN and COMMIT, a pool connection never released — keeps that connection "idle in transaction" forever: it holds row locks, blocks VACUUM, and takes a slot of the pool and of max_connections. Leak enough and the pool runs dry: the seed postmortem’s database showed its connections stuck at 20 while the API hung.',
    fix: "Set `idle_in_transaction_session_timeout = '5min'` (or per role: `ALTER ROLE app SET idle_in_transaction_session_timeout = '5min'`), give the app's pool an acquire timeout, and release connections in `finally`.",
    references: [
      'https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-IDLE-IN-TRANSACTION-SESSION-TIMEOUT',
    ],
    messages: {
      unset:
        '{{path}} leaves idle_in_transaction_session_timeout at {{value}}: a transaction the application never finishes holds its connection and locks until someone kills it.',
    },
    requires: [['postgres']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'postgres')) {
      const s = comp.data.idleInTransactionSessionTimeout;
      if (s.value > 0) continue;
      out.push({
        messageId: 'unset',
        data: {
          path: comp.path,
          value: s.isDefault ? '0 (the default, disabled)' : `0 (${s.loc?.path}:${s.loc?.line})`,
        },
        locations: [s.loc ?? { path: comp.path, line: 1 }],
      });
    }
    return out;
  },
};

export default rule;
