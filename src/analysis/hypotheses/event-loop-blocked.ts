// event-loop-blocked: CPU-bound or synchronous work starved the process. Health checks time out
// (HAProxy "Layer7 timeout", App Engine health checks), the proxy times out waiting for responses
// (nginx "110: Connection timed out", Heroku H12), requests get slow — while nothing says memory, file
// descriptors or connections ran out and the process did not crash. A blocked process comes back by
// itself once the work is done, which a crashed one does not.

import type { CauseId } from '../../model/causes.js';
import type { LogEvent } from '../../model/event.js';
import { typesWith } from '../../signatures/traits.js';
import { timeoutKills } from '../timeout-kills.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import { requestSurge } from './traffic-surge.js';
import { backendExplainsTimeouts, backendSlowness } from './upstream-timeout.js';
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
  upstreamSideRead,
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

/** The pre-fork servers whose worker-timeout lines the catalog knows, by signature. */
type Prefork = 'gunicorn' | 'uwsgi';
const PREFORK: Record<Prefork, { signature: string; who: string; limit: string; title: string }> = {
  gunicorn: {
    signature: 'gunicorn-worker-timeout',
    who: "gunicorn's arbiter",
    limit: '`--timeout` (WORKER TIMEOUT)',
    title: 'gunicorn worker blocked past --timeout: a request held the sync worker until the arbiter killed it',
  },
  uwsgi: {
    signature: 'uwsgi-harakiri',
    who: "uWSGI's master",
    limit: '`harakiri` (HARAKIRI ON WORKER)',
    title: 'uWSGI worker blocked past harakiri: a request held the worker until uWSGI killed it',
  },
};

function preforkOf(e: LogEvent): Prefork | undefined {
  if (e.fields?.workerPid === undefined) return undefined;
  return (Object.keys(PREFORK) as Prefork[]).find((k) => PREFORK[k].signature === e.signature);
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
    // gunicorn's arbiter and uWSGI's master kill a worker that stayed in one request past its limit: the worker
    // (a sync worker serves one request at a time) was blocked, and the line names the stack.
    types: ['request-timeout'],
    base: 0.55,
    max: 0.7,
    filter: (e) => preforkOf(e) !== undefined,
    say: (ev, n) => {
      const server = PREFORK[preforkOf(ev[0]) as Prefork];
      return `${server.who} killed ${plural(n, 'worker')} that stayed in one request past ${server.limit} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`;
    },
  },
  {
    types: ['upstream-timeout', 'request-timeout'],
    base: 0.5,
    max: 0.64,
    filter: (e) => preforkOf(e) === undefined,
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
  // gunicorn's and uWSGI's kill of a worker they timed out is the stall's consequence, not a resource running out
  // or a crash: the timeout names the worker, then the supervisor kills and replaces it.
  const kills = timeoutKills(ctx.events);
  // The proxy's timeouts are a symptom: with no log from behind the proxy they cannot say the app's code stalled.
  const blindBehindProxy =
    w.found.every((f) => f.kind.types.includes('upstream-timeout') || f.kind.supporting) && !upstreamSideRead(ctx);
  const resources = [
    ...ofTypes(ctx, RESOURCE_TYPES),
    ...ctx.events.filter((e) => e.cause && RESOURCE_CAUSES.includes(e.cause)),
  ].filter((e) => !kills.has(e));
  const stalls = w.groups.flat().filter((e) => e.fields?.workerPid === undefined);
  const prefork = distinct(w.groups.flat().map(preforkOf)) as Prefork[];
  // The kills that follow the timeouts are the stall's end, not a crash that explains it.
  const deaths = deathsBesides(ctx, kills);
  const atDeath = stalls.filter((e) => hasNear(deaths, e.time, 60_000, 60_000)).length;
  if (resources.length) {
    confidence *= 0.4;
    sentences.push(`But resources did run out (${quote(resources[0], 80)}), which explains the stall better.`);
  } else if (stalls.length && atDeath / stalls.length > 0.5) {
    confidence *= 0.55;
    sentences.push(`But the app crashed or restarted around ${atDeath} of these moments: it was down, not blocked.`);
  } else if (!blindBehindProxy) {
    confidence += 0.05;
    sentences.push(
      prefork.length
        ? 'Nothing in the logs says memory, file descriptors or connections ran out, and no worker died on its own: the request it was serving (or what that request waited on) held it.'
        : 'Nothing in the logs says memory, file descriptors or connections ran out, and the app did not crash: its own work kept it from answering.',
    );
  }
  // The database slow at the moments of the timeouts: the app was waiting on it, not computing (upstream-timeout).
  const backend = backendSlowness(ctx);
  if (backendExplainsTimeouts(backend)) {
    confidence *= 0.5;
    const n = backend.slow.length + backend.locks.length + backend.cancelled.length;
    sentences.push(
      `But the database logged ${plural(n, 'slow statement or lock wait', 'slow statements or lock waits')} at the same moments (${files([...backend.locks, ...backend.slow, ...backend.cancelled])}): the app was waiting on it, not computing.`,
    );
  }
  // Requests far above the baseline at the same time: the process was busy with the load (traffic-surge).
  const surge = requestSurge(ctx);
  if (surge) {
    confidence *= 0.6;
    sentences.push(
      `But requests rose to ${surge.ratio.toFixed(1)}× the usual rate at the same time: the process was busy with the load, not held by one piece of code.`,
    );
  }
  if (blindBehindProxy) {
    confidence *= 0.5;
    sentences.push(
      "But only the proxy's timeouts say so, and no log from behind the proxy is among the inputs: they show where the waiting ended, not that the app's own code held it.",
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
  const remedies = prefork.length ? preforkRemedies(prefork[0], w.groups.flat()) : NODE_REMEDIES;
  return hypothesis(
    {
      cause: 'event-loop-blocked',
      confidence,
      title: prefork.length
        ? PREFORK[prefork[0]].title
        : 'The app stalled on CPU-bound or synchronous work (event loop blocked)',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      ...remedies,
    },
    [],
  );
}

/** Death times without the supervisor's kills of workers it timed out (their restarts included). */
function deathsBesides(ctx: AnalysisContext, kills: ReadonlySet<LogEvent>): number[] {
  if (!kills.size) return deathTimes(ctx);
  const killedAt = new Set([...kills].map((e) => `${e.path}\0${e.line}`));
  const restarts = ctx.restarts.filter((r) => !killedAt.has(`${r.evidence.path}\0${r.evidence.line}`));
  return deathTimes({ ...ctx, restarts, events: ctx.events.filter((e) => !kills.has(e)) });
}

/** A Node process whose event loop stalled. */
const NODE_REMEDIES: Pick<Hypothesis, 'remedies' | 'confirm'> = {
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
};

/**
 * A pre-fork server (gunicorn sync workers, uWSGI) whose worker sat in one request past its timeout: each worker
 * serves one request at a time, so a slow endpoint holds a worker and the supervisor kills it at the limit.
 * The commands read the log the timeouts came from.
 */
function preforkRemedies(server: Prefork, events: readonly LogEvent[]): Pick<Hypothesis, 'remedies' | 'confirm'> {
  const at = events.find((e) => preforkOf(e) === server);
  const log = at
    ? `/${at.path.replace(/^\/+/, '')}`
    : server === 'gunicorn'
      ? '/var/log/gunicorn/error.log'
      : '/var/log/uwsgi/app/*.log';
  const gunicorn = server === 'gunicorn';
  return {
    remedies: [
      {
        kind: 'stop-gap',
        text: gunicorn
          ? "raise gunicorn's `--timeout` (default 30 s) only to the slowest legitimate request, keep nginx's `proxy_read_timeout` above it, and add workers (`--workers 2×CPUs+1`, or `--threads`/`-k gthread`) so one slow request does not hold the others."
          : "raise uWSGI's `harakiri` only to the slowest legitimate request, keep nginx's `uwsgi_read_timeout` above it, and add `processes`/`threads` so one slow request does not hold the others.",
      },
      {
        kind: 'fix',
        text: "Take the slow work out of the request: run it as a background task (Celery, RQ) or precompute it, and fix the query behind it (an index, pagination); the timed-out URLs are in the proxy's access log with status 502/504 at the moments of the timeouts.",
      },
      {
        kind: 'long-term',
        text: 'alert on worker timeouts and p99 latency per endpoint, and set a per-query limit in the database (`statement_timeout`, `max_execution_time`) below the worker timeout.',
      },
    ],
    confirm: [
      gunicorn
        ? `grep -nE 'WORKER TIMEOUT|terminated due to signal' ${log}   # which workers, when`
        : `grep -nE 'HARAKIRI|DAMN ! worker' ${log}   # which workers, when`,
      gunicorn
        ? "systemctl cat gunicorn | grep -oE -- '--(timeout|workers|threads)[= ][0-9]+'   # the limits it ran with"
        : "grep -rnE '^(harakiri|processes|threads) *=' /etc/uwsgi/   # the limits it ran with",
      "awk '$9 == 502 || $9 == 504 {print $4, $7}' /var/log/nginx/access.log | tail   # the requests they were serving",
      'py-spy dump --pid <worker pid>   # where a busy worker is stuck, while it happens',
    ],
  };
}

export const eventLoopBlocked: HypothesisDetector = {
  cause: 'event-loop-blocked',
  detect: detectEventLoopBlocked,
  predicts: {
    must: [
      'health checks timing out (HAProxy Layer7 timeout), the proxy timing out waiting for the app, a pre-fork server killing a worker past its timeout (gunicorn WORKER TIMEOUT, uWSGI HARAKIRI), or mean latency 5× above the rest',
    ],
    mustNot: [
      'a resource running out (memory, descriptors, connections, pool, disk): ×0.4',
      'the app crashing or restarting at most of these moments: ×0.55',
      'the database slow at the same moments (slow queries, lock waits): ×0.5, upstream-timeout',
      'requests far above the baseline at the same time: ×0.6, traffic-surge',
      "only the proxy's timeouts with no log from behind the proxy: ×0.5",
      'health checks refused at Layer 4 (the process was gone): ×0.75',
    ],
    order: ['the stall, then the servers coming back by themselves'],
  },
};
