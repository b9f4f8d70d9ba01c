// keepalive-race: the upstream closed an idle keep-alive connection just as the proxy reused it for a
// new request (Node's `server.keepAliveTimeout` defaults to 5 s, shorter than the proxy's idle keep-alive,
// e.g. nginx `keepalive_timeout 60s` in an upstream block or an AWS ALB's 60 s). nginx logs "upstream
// prematurely closed connection" or "recv() failed (104: Connection reset by peer)" and answers 502 —
// a few at a time, spread thinly, with the app alive and well at those moments. When the app crashed
// or restarted at the same moments, the crash closed the connection: that is another cause.
import { logFormatById } from '../../formats/log/registry.js';
import type { LogEvent } from '../../model/event.js';
import { typesWith } from '../../signatures/traits.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  deathTimes,
  files,
  hasIncident,
  hasNear,
  hypothesis,
  incidentTraffic,
  type Kind,
  ofTypes,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  upstreamSideRead,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = ['upstream-keepalive-outlives-app', 'node-headers-timeout-below-keepalive'];

/**
 * A close on a connection a proxy may have reused: not Heroku's router (H13; it opens a connection per
 * request) and not a close the catalog puts on something else (nginx "upstream sent too big header").
 */
function reusable(e: LogEvent): boolean {
  const perRequest = logFormatById(e.format)?.behaviour.connectionPerRequest === true;
  return !perRequest && (!e.cause || e.cause === 'keepalive-race' || e.cause === 'crash-loop');
}

const KINDS: Kind[] = [
  {
    types: ['upstream-closed'],
    base: 0.5,
    max: 0.64,
    filter: reusable,
    say: (ev, n) =>
      `nginx saw the upstream close the connection before answering ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['upstream-reset'],
    base: 0.5,
    max: 0.64,
    filter: reusable,
    say: (ev, n) =>
      `The upstream reset the connection (104: Connection reset by peer) ${plural(n, 'time')} ${when(ev)} (${files(ev)}).`,
  },
  {
    types: ['connection-reset'],
    base: 0.3,
    max: 0.4,
    supporting: true,
    say: (ev, n) => `Clients logged ECONNRESET/socket hang up ${plural(n, 'time')} ${when(ev)}.`,
  },
];
KINDS.push(
  otherHints('keepalive-race', KINDS, (ev) => `Other reused-connection errors ${when(ev)}: \`${quote(ev[0])}\`.`),
);

/**
 * What the configs say about the race's precondition. Only a finding that the proxy really reuses upstream
 * connections (nginx `keepalive N` with HTTP/1.1 and an empty Connection header: the rule's error severity; or
 * a cloud load balancer) with an app that closes them sooner shows the mismatch. A warning means the upstream
 * has no `keepalive` directive: nginx (before 1.29.7) opens a connection per request, and none is reused.
 */
function configEvidence(ctx: AnalysisContext): { shown: boolean; sentence: string } {
  const keepalive = ctx.findings.filter((f) => f.rule === 'upstream-keepalive-outlives-app');
  const shown = keepalive.filter((f) => f.severity === 'error');
  if (shown.length) {
    const at = shown[0].locations[0];
    return {
      shown: true,
      sentence: `The configs show the mismatch: the proxy keeps idle upstream connections longer than the app (upstream-keepalive-outlives-app${at ? `, ${at.path}:${at.line}` : ''}).`,
    };
  }
  if (keepalive.length)
    return {
      shown: false,
      sentence:
        'The configs do not show upstream keep-alive: no `keepalive` directive with HTTP/1.1 in the upstream block, so nginx (before 1.29.7) opens a new connection per request and reuses none.',
    };
  return {
    shown: false,
    sentence:
      "No config in the input shows the proxy keeping idle upstream connections longer than the app's keep-alive timeout.",
  };
}

/** A connection closed by a dying process is logged within seconds of the death or restart. */
const CRASH_WINDOW = 15_000;

export function detectKeepaliveRace(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  const closes = ofTypes(ctx, ['upstream-closed', 'upstream-reset']).filter(reusable);
  const support = supportingFindings(ctx, FINDINGS);
  const sentences = [...w.sentences];
  let confidence = w.confidence;

  const traffic = incidentTraffic(ctx);
  if (traffic.s502) sentences.push(`${plural(traffic.s502, '502 response')} were served in the incident window.`);

  // Thin spread: a race hits a request here and there, not a wall of errors in one minute.
  const minutes = new Set(closes.map((e) => Math.floor(e.time / 60_000)));
  const perMinute = closes.length / Math.max(1, minutes.size);
  if (closes.length >= 2 && perMinute <= 3) {
    confidence += 0.08;
    sentences.push(`They are spread thinly: ${closes.length} over ${plural(minutes.size, 'distinct minute')}.`);
  }

  // The look-alike: the app died at those moments (crash, OOM kill, restart), closing its connections.
  // A pre-fork server's worker timeout (gunicorn WORKER TIMEOUT, uWSGI HARAKIRI) kills the worker mid-request:
  // that close is the timeout's, whether or not the kill itself is logged.
  const timedOutWorkers = ofTypes(ctx, ['request-timeout']).filter((e) => e.fields?.workerPid !== undefined);
  const workerTimeouts = timedOutWorkers.map((e) => e.time);
  const deaths = [...deathTimes(ctx), ...workerTimeouts].sort((a, b) => a - b);
  const refused = ofTypes(ctx, ['upstream-refused']);
  const upstreamSide = upstreamSideRead(ctx);
  const atDeath = closes.filter((e) => hasNear(deaths, e.time, CRASH_WINDOW, CRASH_WINDOW)).length;
  const crashShare = closes.length ? atDeath / closes.length : 0;
  if (crashShare > 0) {
    confidence *= crashShare >= 0.5 ? 0.35 : 1 - crashShare;
    sentences.push(
      `However ${atDeath} of ${closes.length} closes came within ${CRASH_WINDOW / 1000} s of an app crash, restart or worker timeout — there the dying process closed the connection, not a keep-alive race.`,
    );
  } else if (!upstreamSide) {
    // Only the proxy's side was read: a dying app closes connections the same way, and nothing here could show it.
    confidence *= 0.5;
    sentences.push(
      "Only the proxy's logs are among the inputs: an app that crashed, restarted or was OOM-killed at those moments would close the connections the same way, and its logs would tell — read them before believing the race.",
    );
  } else if (deaths.length === 0) {
    sentences.push(
      'No crash, restart or OOM kill of the app is logged at those moments: the app was up and closed idle connections itself.',
    );
  }
  // Resets while memory or descriptors ran out are that exhaustion's symptom, not a race.
  const exhausted = ofTypes(ctx, typesWith('exhaustion'))
    .map((e) => e.time)
    .sort((a, b) => a - b);
  const duringExhaustion = closes.filter((e) => hasNear(exhausted, e.time, 60_000, 60_000)).length;
  if (duringExhaustion) {
    confidence *= 0.6;
    sentences.push(`${duringExhaustion} of them happened while a resource ran out (see the other hypotheses).`);
  }
  if (refused.length > closes.length) {
    confidence *= 0.6;
    sentences.push(
      `The upstream also refused ${plural(refused.length, 'connection')} (111), i.e. it was down, not racing.`,
    );
  }
  const configs = configEvidence(ctx);
  sentences.push(configs.sentence);
  // A race needs a connection the upstream closed while idle. A pre-fork server that kills workers mid-request
  // (gunicorn WORKER TIMEOUT, uWSGI HARAKIRI) closes connections too, wherever the kill's line falls against
  // nginx's clock, and gunicorn's sync workers keep no connection alive at all (they answer `Connection: close`).
  if (timedOutWorkers.length && !configs.shown) {
    confidence *= 0.3;
    sentences.push(
      `The app's server killed ${plural(workerTimeouts.length, 'worker')} in the middle of requests for a timeout (\`${quote(timedOutWorkers[0], 80)}\`): nothing shows an idle keep-alive connection closed, and a killed worker's closes look the same to nginx.`,
    );
  }
  confidence = configs.shown ? confidence + 0.08 + support.boost : confidence * 0.6;
  return hypothesis(
    {
      cause: 'keepalive-race',
      confidence,
      title: upstreamSide
        ? 'Keep-alive race: the app closed idle connections the proxy reused (502)'
        : "The upstream closed connections the proxy was using (502): a keep-alive race, or the app dying — the app's logs are not among the inputs",
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'fix',
          text: "Make the app keep idle connections longer than the proxy does: in Node, `server.keepAliveTimeout = 65000` and `server.headersTimeout = 66000` (above nginx's upstream `keepalive_timeout 60s` or the load balancer's 60 s idle timeout).",
        },
        {
          kind: 'fix',
          text: "Or make the proxy give up first: nginx upstream `keepalive_timeout` below the app's (e.g. `keepalive_timeout 4s;` against Node's default 5 s).",
        },
        {
          kind: 'stop-gap',
          text: 'let nginx retry idempotent requests on another connection (`proxy_next_upstream error timeout http_502;`, on by default for GET for `error`).',
        },
      ],
      confirm: [
        "grep -c 'prematurely closed' /var/log/nginx/error.log",
        "grep -c '104: Connection reset by peer' /var/log/nginx/error.log",
        "grep -rnE 'keepalive_timeout|keepalive ' /etc/nginx/",
        "grep -rnE 'keepAliveTimeout|headersTimeout' <app source>",
        "awk '$9 == 502' /var/log/nginx/access.log | wc -l",
        ...(upstreamSide
          ? []
          : [
              'pm2 logs --lines 200 --nostream   # or journalctl -u <app> --since -1h: did the app crash or restart then?',
              "journalctl -k --since -1h | grep -i 'killed process'   # an OOM kill closes its connections too",
            ]),
      ],
    },
    configs.shown ? support.rules : support.rules.filter((r) => r !== 'upstream-keepalive-outlives-app'),
  );
}

export const keepaliveRace: HypothesisDetector = {
  cause: 'keepalive-race',
  detect: detectKeepaliveRace,
  predicts: {
    must: [
      'the proxy\'s 502s on reused connections: "upstream prematurely closed connection" or "recv() failed (104: Connection reset by peer)", a few at a time',
    ],
    mustNot: [
      'the app crashing or restarting at those moments (the death closed the connection)',
      'a resource running out (memory, descriptors, worker connections)',
      'only proxy logs among the inputs: ×0.5 (a keep-alive race or the app dying cannot be told apart)',
    ],
    order: ['the app alive before and after each 502'],
  },
};
