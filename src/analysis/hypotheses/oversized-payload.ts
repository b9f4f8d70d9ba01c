// oversized-payload: a response or body too large to build. V8 caps a string at about 512 MiB
// (2^29 - 24 characters on 64-bit), so `JSON.stringify` of a huge result throws `RangeError: Invalid
// string length` (seed 002: Express `res.json` of an inventory query, an unhandled rejection, then PM2
// restarts and nginx "upstream prematurely closed" 502s). Building such a string first exhausts memory.
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import { appFrame } from './crash-loop.js';
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
  weigh,
  when,
} from './weigh.js';

/** Errors logged this close together with no restart to tell them apart are one crash (its lines, its copies). */
const SAME_CRASH = 1_000;

/**
 * Distinct crashes among the logged errors: one error is often logged twice (pm2's out and error logs, the
 * bare error and its "unhandledRejection, exiting" line). Errors followed by the same restart are one crash;
 * errors without a restart after them are one crash per burst.
 */
export function distinctCrashes(errors: readonly { time: number }[], deaths: readonly number[]): number {
  const keys = new Set<string>();
  let burst = Number.NEGATIVE_INFINITY;
  let previous = Number.NEGATIVE_INFINITY;
  for (const t of errors.map((e) => e.time).sort((a, b) => a - b)) {
    // The restart that follows this error (a second's slack: pm2 logs whole seconds).
    const death = deaths.find((d) => d >= t - SAME_CRASH && d <= t + 60_000);
    if (death !== undefined) keys.add(`death ${death}`);
    else {
      if (t - previous > SAME_CRASH) burst = t;
      keys.add(`burst ${burst}`);
    }
    previous = t;
  }
  return keys.size;
}

function kinds(deaths: readonly number[]): Kind[] {
  const out: Kind[] = [
    {
      types: ['invalid-string-length'],
      base: 0.86,
      max: 0.94,
      say: (ev, n) => {
        const frames = distinct(ev.map((e) => appFrame(e.text)));
        // The bounded sample of events cannot be grouped into crashes: then the count of lines is said.
        const times = ev.length === n ? plural(distinctCrashes(ev, deaths), 'time') : plural(n, 'time');
        return `\`RangeError: Invalid string length\` was thrown ${times} ${when(ev)} (${files(ev)})${frames.length ? `, from ${frames.slice(0, 2).join(' and ')}` : ''}: a response too large to serialise into one string.`;
      },
    },
  ];
  out.push(otherHints('oversized-payload', out, (ev) => `Payloads too large ${when(ev)}: \`${quote(ev[0])}\`.`));
  return out;
}

export function detectOversizedPayload(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const deaths = deathTimes(ctx);
  const w = weigh(ctx, kinds(deaths));
  if (!w.primary) return null;
  const sentences = [...w.sentences];
  const errors = w.groups.flat();
  const errorTimes = errors.map((e) => e.time).sort((a, b) => a - b);
  // The consequences at the same moments: the request's connection dropped (502), the process restarted.
  const drops = ofTypes(ctx, ['upstream-closed', 'upstream-reset']).filter((e) =>
    hasNear(errorTimes, e.time, 120_000, 120_000),
  );
  if (drops.length)
    sentences.push(
      `At the same moments the proxy lost ${plural(drops.length, 'upstream connection')} (${files(drops)}).`,
    );
  const restarted = errors.filter((e) => hasNear(deaths, e.time, 5_000, 60_000));
  if (restarted.length) {
    const crashes = distinctCrashes(errors, deaths);
    sentences.push(
      `${distinctCrashes(restarted, deaths)} of ${plural(crashes, 'crash', 'crashes')} were followed within a minute by a restart of the process.`,
    );
  }
  const endpoints = ctx.endpoints
    .slice(0, 3)
    .map((e) => `${e.method ? `${e.method} ` : ''}${e.endpoint} (${e.beforeFailures})`);
  if (endpoints.length) sentences.push(`Requests in the 60 s before the failures: ${endpoints.join(', ')}.`);
  return hypothesis(
    {
      cause: 'oversized-payload',
      confidence: w.confidence + (drops.length || restarted.length ? 0.02 : 0),
      title: 'A response too large to build (RangeError: Invalid string length)',
      explanation: sentences.join(' '),
      evidence: pickEvidence([...w.groups, drops]),
      remedies: [
        {
          kind: 'fix',
          text: 'Bound the query behind the endpoint: paginate (`limit`/`offset` or keyset pagination, a maximum `page_size`), select only the columns needed.',
        },
        {
          kind: 'fix',
          text: 'Stream big results instead of `res.json()` of everything: a query stream piped through a JSON stream writer, or a file export job.',
        },
        {
          kind: 'fix',
          text: 'Catch the rejection so one request cannot take the process down (`try { … } catch (e) { next(e) }`), and return 413/400 for requests asking for too much.',
        },
      ],
      confirm: [
        "grep -n 'Invalid string length' ~/.pm2/logs/*-error*.log",
        "grep -B5 -A12 'Invalid string length' <app error log>   # the controller in the stack trace",
        "awk '{print $10, $7}' /var/log/nginx/access.log | sort -n | tail   # largest responses and their URLs",
      ],
    },
    [],
  );
}

export const oversizedPayload: HypothesisDetector = {
  cause: 'oversized-payload',
  detect: detectOversizedPayload,
  predicts: {
    must: [
      "RangeError: Invalid string length (a string past V8's ~512 MiB cap), with the proxy's 502s or the app's restarts",
    ],
    mustNot: ['memory running out before the error with no string error (memory-exhaustion)'],
    order: ["the endpoint's request, then the error, then the restart"],
  },
};
