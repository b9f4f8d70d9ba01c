// proxy-idle-timeout: a proxy between the app and a backend cut sessions that sat idle longer than its
// timeout (seed 001: HAProxy `timeout client/server 50s` in front of MariaDB, whose wait_timeout of
// 28800 s would have kept them). The client sees MySQL 2013 "Lost connection to MySQL server during
// query" then 2006 "MySQL server has gone away" (Node: PROTOCOL_CONNECTION_LOST); HAProxy logs the TCP
// session ending `cD`/`sD` (idle timeout on the client/server side); MariaDB logs "Aborted connection …
// (Got an error reading communication packets)". The `haproxy-timeout-kills-db-sessions` finding names it.
import type { LogEvent } from '../../model/event.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  deathTimes,
  distinct,
  files,
  hasIncident,
  hasNear,
  hypothesis,
  type Kind,
  ofTypes,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  typeOf,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = ['haproxy-timeout-kills-db-sessions', 'haproxy-timeout-unit', 'django-conn-max-age-outlives-proxy'];

/** A TCP-mode session (no HTTP request) that HAProxy ended on an idle timeout. */
function idleCut(e: LogEvent): boolean {
  const term = String(e.request?.termination ?? e.fields?.termination ?? '');
  return /^[cs]D$/.test(term) && !e.request?.method && typeOf(e) !== 'session-cut';
}

const KINDS: Kind[] = [
  {
    types: ['db-connection-lost'],
    base: 0.62,
    max: 0.78,
    say: (ev, n) =>
      `The app lost its DB connection in the middle of a query ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['db-gone-away'],
    base: 0.55,
    max: 0.72,
    say: (ev, n) =>
      `It then found the server "gone away" ${plural(n, 'time')} ${when(ev)}: the session had been closed under it.`,
  },
  {
    types: ['session-cut'],
    base: 0.55,
    max: 0.75,
    say: (ev, n) => `HAProxy cut ${plural(n, 'idle session')} ${when(ev)} (${files(ev)}).`,
  },
  {
    types: [],
    base: 0.55,
    max: 0.75,
    filter: idleCut,
    say: (ev, n) =>
      `HAProxy ended ${plural(n, 'TCP session')} on an idle timeout (termination ${distinct(ev.map((e) => e.request?.termination ?? e.fields?.termination)).join('/')}) ${when(ev)}${backends(ev)}.`,
  },
  {
    types: ['db-aborted-connection'],
    base: 0.5,
    max: 0.7,
    say: (ev, n) =>
      `The database logged ${plural(n, 'aborted connection')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\` — the peer vanished without closing.`,
  },
];
KINDS.push(
  otherHints('proxy-idle-timeout', KINDS, (ev) => `Other lost-session errors ${when(ev)}: \`${quote(ev[0])}\`.`),
);

function backends(ev: LogEvent[]): string {
  const names = distinct(ev.map((e) => e.request?.backend ?? e.fields?.backend));
  return names.length ? ` on backend ${names.join(', ')}` : '';
}

export function detectProxyIdleTimeout(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  const support = supportingFindings(ctx, FINDINGS);
  const sentences = [...w.sentences];
  let confidence = w.confidence;
  const cuts = (ctx.haproxyTerminations.cD ?? 0) + (ctx.haproxyTerminations.sD ?? 0);
  if (cuts && !w.found.some((f) => f.kind.filter === idleCut)) {
    confidence += (1 - confidence) * 0.15;
    sentences.push(`HAProxy's session log counts ${plural(cuts, 'session')} ended cD/sD (idle timeout).`);
  }
  // The same errors follow a database restart: then the server, not a proxy, closed the sessions.
  const lost = ofTypes(ctx, ['db-connection-lost', 'db-gone-away']);
  const dbDeaths = deathTimes(ctx).length
    ? ofTypes(ctx, ['process-exit', 'process-start', 'oom-kill', 'process-restart'])
        .filter((e) => /mysql|maria|postgres/i.test(`${e.program ?? ''} ${e.format} ${e.text}`))
        .map((e) => e.time)
        .sort((a, b) => a - b)
    : [];
  const afterRestart = lost.filter((e) => hasNear(dbDeaths, e.time, 120_000, 5_000)).length;
  if (lost.length && afterRestart / lost.length > 0.5) {
    confidence *= 0.5;
    sentences.push(
      `But ${afterRestart} of these came right after the database itself restarted, which closes every session too.`,
    );
  }
  // Aborted connections are the database's side only: a client killed without closing (pm2 kill, a crash, a
  // deploy) leaves the same line. Without a lost-connection error in the app or a cD/sD cut in HAProxy's log,
  // they do not show a proxy cutting sessions.
  const aborted = ofTypes(ctx, ['db-aborted-connection']);
  const onlyAborted = w.found.every((f) => f.events.every((e) => typeOf(e) === 'db-aborted-connection'));
  if (!lost.length && !cuts && aborted.length && onlyAborted) {
    const clientDeaths = deathTimes(ctx);
    const atDeath = aborted.filter((e) => hasNear(clientDeaths, e.time, 15_000, 15_000)).length;
    confidence *= 0.5;
    sentences.push(
      `But only the database saw it: neither the app's errors nor HAProxy's log shows a session cut${atDeath ? `, and ${atDeath} came within 15 s of an app crash or restart` : ''} — a client that dies without closing leaves the same line.`,
    );
  }
  // The "idle" in the name: a proxy timeout explains sessions lost after a pause, typically of the same length.
  if (support.rules.includes('haproxy-timeout-kills-db-sessions')) confidence += 0.06;
  if (support.rules.length)
    sentences.push(`The configs among the inputs show the mechanism: ${support.rules.join(', ')}.`);
  return hypothesis(
    {
      cause: 'proxy-idle-timeout',
      confidence: confidence + support.boost,
      title: 'A proxy cut idle DB sessions (proxy timeout shorter than the DB wait_timeout)',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'stop-gap',
          text: 'make the app survive a dropped session — reconnect and retry the query with exponential back-off (tenacity in Python, a pool with validation/`pool_pre_ping`, Django `CONN_MAX_AGE` below the proxy timeout).',
        },
        {
          kind: 'fix',
          text: 'Align the timeouts: set HAProxy `timeout client` and `timeout server` of the DB listener to the same value, at most MySQL `wait_timeout`, and write the unit (`timeout client 8h`): a bare `28800` is read as milliseconds (28.8 s).',
        },
        {
          kind: 'long-term',
          text: 'keep DB connections short-lived (open per task, close after) for long Celery/batch jobs instead of holding one idle across long work.',
        },
      ],
      confirm: [
        "grep -nE 'timeout (client|server|tunnel)' /etc/haproxy/haproxy.cfg",
        "mysql -e \"SHOW VARIABLES LIKE 'wait_timeout'; SHOW VARIABLES LIKE 'interactive_timeout'\"",
        "grep -cE ' cD | sD ' /var/log/haproxy.log",
        "grep -c 'Aborted connection' /var/log/mysql/error.log",
      ],
    },
    support.rules,
  );
}

export const proxyIdleTimeout: HypothesisDetector = {
  cause: 'proxy-idle-timeout',
  detect: detectProxyIdleTimeout,
  predicts: {
    must: [
      "the app's lost database connections (MySQL 2013/2006, PROTOCOL_CONNECTION_LOST) or the proxy's session cuts (HAProxy `cD`/`sD`) with the database's aborted connections",
    ],
    mustNot: [
      "only the database's aborted connections, with neither the app's errors nor the proxy's cuts (a client that dies leaves the same line)",
    ],
    order: ["the idle session cut at the proxy's timeout, then the app's next query failing on it"],
  },
};
