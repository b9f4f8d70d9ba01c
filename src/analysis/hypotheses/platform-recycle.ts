// platform-recycle: the platform stopped, idled or replaced the instance — Heroku "Idling" and "Stopping
// all processes with SIGTERM" on a free dyno after an hour without traffic, H99 platform errors, App
// Engine shutting instances down on scale-down — and requests in flight were dropped because the app
// did not drain on SIGTERM (seed 000: Node under `forever` on Heroku).
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  files,
  hasIncident,
  hypothesis,
  incidentTraffic,
  type Kind,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = ['paas-process-manager-in-dyno', 'app-engine-single-instance'];

const KINDS: Kind[] = [
  {
    types: ['platform-idling'],
    base: 0.62,
    max: 0.72,
    say: (ev, n) =>
      `The platform idled the instance ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['platform-sigterm'],
    base: 0.58,
    max: 0.7,
    say: (ev, n) => `The platform stopped the processes with SIGTERM ${plural(n, 'time')} ${when(ev)} (${files(ev)}).`,
  },
  {
    types: ['platform-error'],
    base: 0.5,
    max: 0.62,
    say: (ev, n) =>
      `The platform router reported platform errors ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['scale-down'],
    base: 0.35,
    max: 0.45,
    supporting: true,
    say: (ev, n) => `The platform scaled down ${plural(n, 'time')} ${when(ev)}.`,
  },
  {
    types: ['process-exit'],
    base: 0.4,
    max: 0.5,
    supporting: true,
    filter: (e) => e.cause === 'platform-recycle' || /SIGTERM|status 143|code 143/i.test(e.text),
    say: (ev, n) => `Processes were stopped or went down ${plural(n, 'time')} ${when(ev)}: \`${quote(ev[0])}\`.`,
  },
];
KINDS.push(
  otherHints(
    'platform-recycle',
    KINDS,
    (ev, n) => `Platform errors ${plural(n, 'time')} ${when(ev)}: \`${quote(ev[0])}\`.`,
  ),
);

export function detectPlatformRecycle(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  const sentences = [...w.sentences];
  const traffic = incidentTraffic(ctx);
  if (traffic.s5xx) sentences.push(`${plural(traffic.s5xx, '5xx response')} were served in the incident window.`);
  const support = supportingFindings(ctx, FINDINGS);
  if (support.rules.length) sentences.push(`The configs among the inputs: ${support.rules.join(', ')}.`);
  return hypothesis(
    {
      cause: 'platform-recycle',
      confidence: w.confidence + support.boost,
      title: 'The platform stopped or replaced the instance',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'fix',
          text: "Drain on SIGTERM: `process.on('SIGTERM', () => server.close(() => process.exit(0)))`, stop accepting new work and finish in-flight requests within the platform's grace period (Heroku: 30 s).",
        },
        {
          kind: 'fix',
          text: 'Keep instances from idling or disappearing under traffic: a paid/always-on dyno, App Engine `min_instances`/`min_idle_instances`, at least two instances.',
        },
        {
          kind: 'fix',
          text: 'Let the platform supervise: run `node` directly (Procfile `web: node server.js`) instead of `forever`/PM2 inside the dyno, and use the cluster module for several workers; keep sessions in Redis so any instance can serve them.',
        },
      ],
      confirm: [
        "heroku logs --tail | grep -E 'Idling|SIGTERM|State changed|H99|H10|H13'",
        'heroku ps',
        'gcloud app instances list   # App Engine: instances and their start times',
      ],
    },
    support.rules,
  );
}

export const platformRecycle: HypothesisDetector = {
  cause: 'platform-recycle',
  detect: detectPlatformRecycle,
  predicts: {
    must: [
      'the platform idling, stopping (SIGTERM) or replacing the instance (Heroku idling, H99, App Engine shutdowns)',
    ],
    mustNot: ["the app crashing on its own before the platform's stop (crash-loop)"],
    order: ["the platform's stop, then requests failing until an instance is back"],
  },
};
