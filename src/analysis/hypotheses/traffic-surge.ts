// traffic-surge: requests far above the baseline overloaded the service. The access logs' per-minute series gives
// the baseline (the median of the minutes away from the incidents) and the surge (the busiest minutes in and just
// before an incident); the per-minute client tallies (read/clients.ts) say whether many clients came or a few
// drove it. It predicts: the surge starts before or with the failures (a surge that starts after them is clients
// retrying, a consequence); the service answered while overloaded (a crash makes the load the crash's trigger at
// most); signs of saturation (latency up, connection limits, rate limiting) strengthen it.
import type { ClientsSeen } from '../../read/clients.js';
import { clientsSeen } from '../../read/clients.js';
import { typesWith } from '../../signatures/traits.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector, MinuteRow } from '../types.js';
import { deathTimes, hasIncident, hypothesis, latency, median, ofTypes, pickEvidence, plural, quote } from './weigh.js';

const MINUTE = 60_000;
/** Minutes of baseline needed, away from every incident, to call anything a surge. */
const MIN_BASELINE_MINUTES = 5;
/** Baseline minutes are at least this far from an incident. */
const MARGIN = 5 * MINUTE;
/** The surge: this many times the baseline, and this many requests a minute above it. */
const MIN_RATIO = 4;
const MIN_EXTRA = 60;
/** A client holding this share of the surge's requests drove it. */
const FEW_SHARE = 0.5;

/** Minutes with requests at least MARGIN away from every incident: the baseline's minutes. */
export function quietMinutes(ctx: AnalysisContext): MinuteRow[] {
  return ctx.series.filter(
    (r) => r.requests > 0 && !ctx.incidents.some((i) => r.t + MINUTE > i.start - MARGIN && r.t <= i.end + MARGIN),
  );
}

export interface Surge {
  baseline: number;
  rows: MinuteRow[];
  peak: MinuteRow;
  ratio: number;
  /** The quiet minutes the baseline is the median of. */
  quiet: MinuteRow[];
}

/** The busiest minutes in or just before an incident when they are far above the quiet minutes' median. */
export function requestSurge(ctx: AnalysisContext): Surge | null {
  const withRequests = ctx.series.filter((r) => r.requests > 0);
  const away = quietMinutes(ctx);
  if (away.length < MIN_BASELINE_MINUTES) return null;
  const baseline = Math.max(1, median(away.map((r) => r.requests)));
  const threshold = Math.max(baseline * MIN_RATIO, baseline + MIN_EXTRA);
  // The surge's minutes: in an incident or up to five minutes before it.
  const near = withRequests.filter((r) => ctx.incidents.some((i) => r.t + MINUTE > i.start - MARGIN && r.t <= i.end));
  const rows = near.filter((r) => r.requests >= threshold);
  if (!rows.length) return null;
  const peak = rows.reduce((a, b) => (b.requests > a.requests ? b : a));
  return { baseline, rows, peak, ratio: peak.requests / baseline, quiet: away };
}

/** The first minute with 5xx responses or error lines in an incident, for the order of surge and failure. */
function firstFailureMinute(ctx: AnalysisContext): number | undefined {
  const rows = ctx.series.filter(
    (r) =>
      (r.s5xx > 0 || Object.values(r.errors).some((n) => n > 0)) &&
      ctx.incidents.some((i) => r.t + MINUTE > i.start && r.t <= i.end),
  );
  return rows.length ? rows[0].t : undefined;
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 16);
}

function whoSentIt(surge: ClientsSeen | null, base: ClientsSeen | null): { few: boolean; sentence: string } {
  if (!surge)
    return {
      few: false,
      sentence: 'The logs do not name the clients, so whether many came or a few drove it is open.',
    };
  if (surge.top && surge.topShare >= FEW_SHARE)
    return {
      few: true,
      sentence: `One client, ${surge.top}, sent about ${Math.round(surge.topShare * 100)}% of the surge's requests (${surge.saturated ? `among at least ${surge.distinct}` : `among about ${surge.distinct}`} clients): a scraper, a bot or one integration in a loop, not more customers.`,
    };
  const before = base ? ` against about ${base.distinct} in the quiet minutes` : '';
  return {
    few: false,
    sentence: `The requests came from many clients (${surge.saturated ? 'at least' : 'about'} ${surge.distinct}${before}), none with most of them: more users (a campaign, a mention, a peak hour) or a distributed flood.`,
  };
}

const SATURATION_TYPES = typesWith('exhaustion');

export function detectTrafficSurge(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const surge = requestSurge(ctx);
  if (!surge) return null;
  const { baseline, rows, peak, ratio, quiet: away } = surge;
  const first = rows[0].t;
  const last = rows[rows.length - 1].t + MINUTE;
  const seenSurge = clientsSeen(rows.flatMap((r) => (r.clients ? [r.clients] : [])));
  const seenBase = clientsSeen(away.flatMap((r) => (r.clients ? [r.clients] : [])));
  const who = whoSentIt(seenSurge, seenBase);
  let confidence = Math.min(0.78, 0.55 + 0.08 * Math.log2(ratio / MIN_RATIO + 1));
  const sentences = [
    `Requests rose to ${peak.requests} a minute at ${clock(peak.t)} UTC, ${ratio.toFixed(1)}× the usual ${Math.round(baseline)} a minute (the median of ${away.length} quiet minutes), for ${plural(rows.length, 'minute')} from ${clock(first)} UTC.`,
    who.sentence,
  ];
  const lat = latency(ctx);
  if (lat && lat.inside >= 2 * Math.max(lat.outside, 0.01)) {
    confidence += 0.05;
    sentences.push(
      `Answers slowed meanwhile: ${lat.inside.toFixed(2)} s on average against ${lat.outside.toFixed(2)} s outside.`,
    );
  }
  const saturation = ofTypes(ctx, SATURATION_TYPES).filter((e) => e.time >= first - MINUTE && e.time <= last + MINUTE);
  const limited = ofTypes(ctx, ['upstream-timeout', 'no-server-available', 'queue-full']).filter(
    (e) => e.time >= first - MINUTE && e.time <= last + MINUTE,
  );
  if (saturation.length) {
    confidence += 0.05;
    sentences.push(
      `A limit was reached under that load: \`${quote(saturation[0], 100)}\` (${saturation[0].path}:${saturation[0].line}).`,
    );
  } else if (limited.length)
    sentences.push(
      `The proxy gave up or queued meanwhile: \`${quote(limited[0], 100)}\` (${limited[0].path}:${limited[0].line}).`,
    );
  const failure = firstFailureMinute(ctx);
  if (failure !== undefined && failure < first) {
    confidence *= 0.5;
    sentences.push(
      `But the failures began at ${clock(failure)} UTC, before the surge: clients retrying a failing service make such a surge, so it is more likely a consequence.`,
    );
  }
  const deaths = deathTimes(ctx).filter((t) => t >= first && t <= last).length;
  if (deaths) {
    confidence *= 0.7;
    sentences.push(
      `The app died or restarted ${plural(deaths, 'time')} during it: see what killed it; the load may only be its trigger.`,
    );
  } else sentences.push('The app stayed up: it was overloaded, not broken.');
  const subject = who.few && seenSurge?.top ? seenSurge.top : undefined;
  return hypothesis(
    {
      cause: 'traffic-surge',
      confidence,
      title: subject
        ? `A surge of requests from one client (${subject}), ${ratio.toFixed(0)}× the usual rate, overloaded the service`
        : `A surge of requests, ${ratio.toFixed(0)}× the usual rate, overloaded the service`,
      explanation: sentences.join(' '),
      evidence: pickEvidence(
        [
          saturation,
          limited,
          ctx.events.filter((e) => e.time >= first && e.time < last && e.request?.status !== undefined),
        ],
        8,
        3,
      ),
      remedies: [
        {
          kind: 'stop-gap',
          text: subject
            ? `limit or block ${subject} at the edge (nginx \`deny ${subject};\` or \`limit_req_zone $binary_remote_addr zone=perip:10m rate=10r/s;\` with \`limit_req zone=perip burst=20;\`), then check that the 5xx stop.`
            : 'add capacity now (more app instances or workers, a bigger plan) and turn on rate limiting per client at the edge (nginx `limit_req`), so the surplus is refused fast instead of queueing.',
        },
        {
          kind: 'fix',
          text: 'cache what the surge asked for (the busiest endpoints: `proxy_cache` or a CDN for anonymous pages), make the expensive endpoints cheaper, and set per-client rate limits that answer 429 with Retry-After.',
        },
        {
          kind: 'long-term',
          text: 'scale on request rate (autoscaling or spare instances), load-test to the rate that broke it, and alert on requests per minute against the baseline and on the top client share.',
        },
      ],
      confirm: [
        "awk '{print $4}' /var/log/nginx/access.log | cut -d: -f1-3 | uniq -c | tail -30   # requests per minute",
        "awk '{print $1}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head   # top clients",
        "awk -F'\"' '{print $6}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head   # top user agents",
        "awk '{print $7}' /var/log/nginx/access.log | cut -d'?' -f1 | sort | uniq -c | sort -rn | head   # busiest endpoints",
      ],
    },
    [],
  );
}

export const trafficSurge: HypothesisDetector = {
  cause: 'traffic-surge',
  detect: detectTrafficSurge,
  predicts: {
    must: [
      "requests per minute in or up to 5 minutes before an incident at least 4× the quiet minutes' median and 60 a minute above it, with at least 5 quiet minutes",
    ],
    mustNot: [
      'the failures starting before the surge (clients retrying a failing service): ×0.5',
      'the app dying during the surge (the load may only be its trigger): ×0.7',
    ],
    order: ['the surge first, then the failures'],
  },
};
