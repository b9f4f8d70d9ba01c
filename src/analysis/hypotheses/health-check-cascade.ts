// health-check-cascade: health checks removed instances one after another and the rest overloaded in
// turn, until the proxy had "no server available" (seed 000: HAProxy's local-gear DOWN by Layer7
// timeout, then `proxy 'express' has no server available!`; App Engine removing instances that failed
// health checks during GC pauses, the remaining one overloaded). It is the mechanism of the outage; the
// reason each instance failed its checks is another hypothesis.
import type { LogEvent } from '../../model/event.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  distinct,
  files,
  hasIncident,
  hypothesis,
  incidentTraffic,
  type Kind,
  ofTypes,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = ['haproxy-single-server', 'app-engine-single-instance'];

function serverName(e: LogEvent): string {
  const f = e.fields;
  if (f?.backend && f?.server) return `${f.backend}/${f.server}`;
  return (
    /Server (\S+\/\S+)/.exec(e.text)?.[1] ??
    /upstream: "\w+:\/\/([^/"]+)/.exec(e.text)?.[1] ??
    `${e.host ?? ''}${e.path}`
  );
}

const KINDS: Kind[] = [
  {
    types: ['no-server-available', 'no-live-upstream'],
    base: 0.5,
    max: 0.6,
    say: (ev, n) =>
      `The proxy was left with no server to send requests to ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['server-down'],
    base: 0.42,
    max: 0.52,
    say: (ev) => {
      const order = distinct(ev.map(serverName));
      return `Health checks took ${plural(order.length, 'server')} out of rotation ${when(ev)}, in this order: ${order.join(' → ')}.`;
    },
  },
  {
    types: ['health-check-failed'],
    base: 0.4,
    max: 0.5,
    supporting: true,
    say: (ev, n) => `Health checks failed ${plural(n, 'time')} ${when(ev)}.`,
  },
];
KINDS.push(
  otherHints('health-check-cascade', KINDS, (ev) => `Other instance removals ${when(ev)}: \`${quote(ev[0])}\`.`),
);

export function detectHealthCheckCascade(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  const downs = ofTypes(ctx, ['server-down']);
  const servers = distinct(downs.map(serverName));
  const empty = ofTypes(ctx, ['no-server-available', 'no-live-upstream']);
  // A cascade needs several instances failing in turn, or the last one failing and leaving none.
  if (servers.length < 2 && !empty.length) return null;
  const sentences = [...w.sentences];
  let confidence = w.confidence;
  if (servers.length >= 2 && downs.length && downs[downs.length - 1].time > downs[0].time) {
    confidence += 0.05;
    const spread = Math.round((downs[downs.length - 1].time - downs[0].time) / 1000);
    sentences.push(`The removals came one after another over ${spread} s: each removal put the load on the survivors.`);
  }
  const traffic = incidentTraffic(ctx);
  if (traffic.s503) sentences.push(`${plural(traffic.s503, '503 response')} were served in the incident window.`);
  const support = supportingFindings(ctx, FINDINGS);
  if (support.rules.length) sentences.push(`The configs leave no spare capacity: ${support.rules.join(', ')}.`);
  sentences.push('Why the first instance failed its checks is the root cause; see the other hypotheses.');
  return hypothesis(
    {
      // The mechanism, not the root: kept below the hypothesis that explains the failing checks.
      cause: 'health-check-cascade',
      confidence: Math.min(0.66, confidence + support.boost),
      title: 'Health checks removed instances in turn until none was left',
      explanation: sentences.join(' '),
      evidence: pickEvidence([empty, downs, ...w.groups]),
      remedies: [
        {
          kind: 'stop-gap',
          text: 'run more instances than the load needs (App Engine `automatic_scaling: min_num_instances: 4`, more HAProxy servers) so one removal does not overload the rest.',
        },
        {
          kind: 'fix',
          text: 'Make health checks tolerant and cheap: a dedicated endpoint that does no I/O, `inter 2s fall 3 rise 2` in HAProxy, a check timeout above normal p99 latency — a check that fails under load turns load into an outage.',
        },
        {
          kind: 'fix',
          text: 'Add a `backup` server or a maintenance page for "no server available", and fix what made the first instance fail its checks.',
        },
      ],
      confirm: [
        "grep -nE 'is DOWN|is UP|no server available' /var/log/haproxy.log",
        "echo 'show servers state' | socat stdio /run/haproxy/admin.sock",
        "grep -nE 'check|inter|fall|rise' /etc/haproxy/haproxy.cfg",
      ],
    },
    support.rules,
  );
}

export const healthCheckCascade: HypothesisDetector = {
  cause: 'health-check-cascade',
  detect: detectHealthCheckCascade,
  predicts: {
    must: [
      'backends marked DOWN one after another, then the proxy with none left ("no server available", "no live upstreams")',
    ],
    mustNot: ['a single backend failing alone (no cascade)'],
    order: ['DOWN marks before the proxy has no server left'],
  },
};
