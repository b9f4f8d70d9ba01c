// event-loop-blocked: CPU-bound or synchronous work starved the process. Health checks time out
// (HAProxy "Layer7 timeout", App Engine health checks), the proxy times out waiting for responses
// (nginx "110: Connection timed out", Heroku H12), requests get slow — while nothing says memory, file
// descriptors or connections ran out and the process did not crash. A blocked process comes back by
// itself once the work is done, which a crashed one does not.

import type { CauseId } from '../../model/causes.js';
import type { LogEvent } from '../../model/event.js';
import { typesWith } from '../../signatures/traits.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  deathTimes,
  distinct,
  files,
  hasIncident,
  hasNear,
  hypothesis,
  type Kind,
  latency,
  ofTypes,
  otherHints,
  pickEvidence,
  plural,
  quote,
  weigh,
  when,
} from './weigh.js';

function serverName(e: LogEvent): string | undefined {
  const f = e.fields;
  if (f?.backend && f?.server) return `${f.backend}/${f.server}`;
  return /Server (\S+\/\S+)/.exec(e.text)?.[1];
}

function isTimeoutCheck(e: LogEvent): boolean {
  return /Layer[47] timeout|timed? ?out/i.test(String(e.fields?.reason ?? e.text));
}

const KINDS: Kind[] = [
  {
    types: ['server-down'],
    base: 0.62,
    max: 0.72,
    filter: isTimeoutCheck,
    say: (ev, n) =>
      `Health checks of ${distinct(ev.map(serverName)).join(', ') || 'the app'} timed out ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\` — the process accepted the connection but did not answer in time.`,
  },
  {
    types: ['health-check-failed'],
    base: 0.55,
    max: 0.68,
    say: (ev, n) => `Health checks failed ${plural(n, 'time')} ${when(ev)} (${files(ev)}).`,
  },
  {
    types: ['upstream-timeout', 'request-timeout'],
    base: 0.5,
    max: 0.64,
    say: (ev, n) =>
      `Requests timed out waiting for the app ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['slow-request'],
    base: 0.45,
    max: 0.6,
    say: (ev, n) => `${plural(n, 'slow request')} were logged ${when(ev)}.`,
  },
];
KINDS.push(
  otherHints('event-loop-blocked', KINDS, (ev) => `Other signs of a stalled process ${when(ev)}: \`${quote(ev[0])}\`.`),
);

/** Evidence that a resource ran out: then that resource, not blocking code, explains the stall. */
const RESOURCE_TYPES = typesWith('exhaustion');
const RESOURCE_CAUSES: CauseId[] = [
  'memory-exhaustion',
  'fd-exhaustion',
  'db-pool-exhaustion',
  'connection-limit',
  'disk-full',
];

export function detectEventLoopBlocked(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  const sentences = [...w.sentences];
  const lat = latency(ctx);
  const slow = lat && lat.inside >= 1 && lat.inside >= 5 * Math.max(lat.outside, 0.01);
  if (!w.primary && !slow) return null;
  let confidence = w.confidence;
  if (slow && lat) {
    confidence = Math.max(confidence, 0.45) + (1 - Math.max(confidence, 0.45)) * 0.12;
    sentences.push(
      `Mean response time rose to ${lat.inside.toFixed(2)} s in the incident, against ${lat.outside.toFixed(2)} s outside it.`,
    );
  }
  const resources = [
    ...ofTypes(ctx, RESOURCE_TYPES),
    ...ctx.events.filter((e) => e.cause && RESOURCE_CAUSES.includes(e.cause)),
  ];
  const stalls = w.groups.flat();
  const deaths = deathTimes(ctx);
  const atDeath = stalls.filter((e) => hasNear(deaths, e.time, 60_000, 60_000)).length;
  if (resources.length) {
    confidence *= 0.4;
    sentences.push(`But resources did run out (${quote(resources[0], 80)}), which explains the stall better.`);
  } else if (stalls.length && atDeath / stalls.length > 0.5) {
    confidence *= 0.55;
    sentences.push(`But the app crashed or restarted around ${atDeath} of these moments: it was down, not blocked.`);
  } else {
    confidence += 0.05;
    sentences.push(
      'Nothing in the logs says memory, file descriptors or connections ran out, and the app did not crash: its own work kept it from answering.',
    );
  }
  // A check refused at Layer 4 means nothing listened any more: that server had died, not stalled.
  const refused = ofTypes(ctx, ['server-down']).filter((e) =>
    /Layer4 connection problem|Connection refused/i.test(String(e.fields?.reason ?? e.text)),
  );
  if (refused.length) {
    confidence *= 0.75;
    sentences.push(
      `${plural(refused.length, 'server')} failed their checks with the connection refused, i.e. the process was gone, not blocked.`,
    );
  }
  const ups = ofTypes(ctx, ['server-up']);
  if (ups.length && w.primary && !resources.length)
    sentences.push(
      `The servers came back by themselves (${plural(ups.length, 'UP')} ${when(ups)}), as a blocked process does.`,
    );
  return hypothesis(
    {
      cause: 'event-loop-blocked',
      confidence,
      title: 'The app stalled on CPU-bound or synchronous work (event loop blocked)',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'stop-gap',
          text: 'run more instances (PM2 `instances: "max"`, more App Engine minimum instances) so one blocked process does not take the service down, and give health checks a dedicated cheap endpoint.',
        },
        {
          kind: 'fix',
          text: 'Find the blocking code: profile under load (`node --cpu-prof`, `0x`, clinic flame) and measure event-loop delay (`perf_hooks.monitorEventLoopDelay`); look for synchronous JSON of large payloads, `*Sync` fs calls, crypto, regexes on user input, big loops.',
        },
        {
          kind: 'long-term',
          text: 'move CPU-heavy work to worker threads or a job queue, paginate large responses, and alert on event-loop lag and p99 latency, which rise before the health checks fail.',
        },
      ],
      confirm: [
        'top -H -p $(pgrep -of node)   # one thread at 100% CPU',
        'node --cpu-prof app.js   # then open the .cpuprofile in Chrome DevTools',
        "awk '{print $NF}' /var/log/nginx/access.log | sort -n | tail   # slowest request times, if $request_time is logged",
        "grep -c 'Layer7 timeout' /var/log/haproxy.log",
      ],
    },
    [],
  );
}

export const eventLoopBlocked: HypothesisDetector = { cause: 'event-loop-blocked', detect: detectEventLoopBlocked };
