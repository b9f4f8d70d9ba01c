// db-pool-exhaustion: the application's own DB pool ran dry — Knex/tarn "Timeout acquiring a
// connection. The pool is probably full.", generic pool acquire timeouts — or connections leaked and sat
// open in a transaction until PostgreSQL's idle_in_transaction_session_timeout ended them.
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  files,
  hasIncident,
  hypothesis,
  type Kind,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  typeOf,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = ['postgres-idle-in-transaction-timeout-unset', 'db-connections-exceed-max'];

const KINDS: Kind[] = [
  {
    types: ['pool-acquire-timeout'],
    base: 0.86,
    max: 0.94,
    say: (ev, n) =>
      `The app timed out waiting for a free pooled DB connection ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['db-idle-in-transaction-terminated'],
    base: 0.72,
    max: 0.85,
    say: (ev, n) =>
      `The database ended ${plural(n, 'session')} left idle inside an open transaction ${when(ev)} (${files(ev)}): a pooled connection was checked out and never released.`,
  },
];
KINDS.push(otherHints('db-pool-exhaustion', KINDS, (ev) => `Other pool errors ${when(ev)}: \`${quote(ev[0])}\`.`));

export function detectDbPoolExhaustion(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  const support = supportingFindings(ctx, FINDINGS);
  const sentences = [...w.sentences];
  // Requests that hang until the pool gives up show as slow responses and upstream timeouts.
  const timeouts = w.found.length ? (ctx.eventTypeCounts['upstream-timeout'] ?? 0) : 0;
  if (timeouts) sentences.push(`Meanwhile the proxy timed out ${plural(timeouts, 'request')} waiting for the app.`);
  if (support.rules.length) sentences.push(`The configs among the inputs allow it: ${support.rules.join(', ')}.`);
  const types = new Set(w.found.flatMap((f) => f.events.map(typeOf)));
  return hypothesis(
    {
      cause: 'db-pool-exhaustion',
      confidence: w.confidence + support.boost,
      title: 'The application DB pool ran dry (connections held or leaked)',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'stop-gap',
          text: "restart the app to return the held connections, and end the stuck sessions on the server (`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction'`).",
        },
        {
          kind: 'fix',
          text: 'Release every connection on every path: use `knex.transaction(async trx => …)` (it commits or rolls back), never a bare `trx` left open on an exception; always `await` queries inside transactions.',
        },
        {
          kind: 'fix',
          text: "Bound the damage: set `idle_in_transaction_session_timeout` (e.g. 60s) on PostgreSQL, a statement timeout, and Knex `acquireConnectionTimeout`; size `pool.max` × processes below the server's `max_connections`.",
        },
        {
          kind: 'long-term',
          text: 'log pool usage (`knex.client.pool.numUsed()`, `numPendingAcquires()`) and alert when it stays at the maximum.',
        },
      ],
      confirm: [
        'psql -c "SELECT state, count(*), max(now() - xact_start) FROM pg_stat_activity WHERE datname = current_database() GROUP BY state"',
        "ss -tan state established '( dport = :5432 or dport = :3306 )' | wc -l",
        ...(types.has('db-idle-in-transaction-terminated')
          ? ["psql -c 'SHOW idle_in_transaction_session_timeout'"]
          : []),
        "grep -c 'Timeout acquiring a connection' <app log>",
      ],
    },
    support.rules,
  );
}

export const dbPoolExhaustion: HypothesisDetector = {
  cause: 'db-pool-exhaustion',
  detect: detectDbPoolExhaustion,
  predicts: {
    must: [
      'the app\'s pool timing out when acquiring a connection (Knex/tarn "Timeout acquiring a connection", generic acquire timeouts), or PostgreSQL ending sessions idle in a transaction',
    ],
    mustNot: [
      'the database refusing connections itself ("Too many connections": connection-limit)',
      'the database down (refused connects: dependency-down)',
    ],
    order: ['pool waits within the incident window'],
  },
};
