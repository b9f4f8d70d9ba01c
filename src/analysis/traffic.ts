// Each request source's traffic on its own history. A run of minutes without a request is a silence only when it
// is improbable at the rate that source usually has at that hour of the day (and day of the week, once the logs
// span two weeks): nights of a quiet API, a crawler's lull or the years between unrelated access logs are not.
//
// The model, per bucket (hour of day, or weekday × hour): a two-state chain over minutes, "a minute with no
// request is followed by another" with probability q. q is estimated from the source's own empty minutes in
// that bucket, leaving the tested run itself out, and shrunk towards the bucket's marginal chance of an empty
// minute: the larger of the observed share and the negative-binomial P(0) at the bucket's mean and variance (so
// clustered traffic — a page and its assets in one second — is not taken for a steady Poisson stream).
// A run of g empty minutes has probability q^(g-1) after its first; below 10⁻⁶ it is a silence.
import type { LogSource } from '../read/sources.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_MINUTES = 1440;
/** The probability below which a run of empty minutes is a silence (the 10⁻⁶). */
export const SILENCE_P = 1e-6;
/** Fewer empty minutes than this is a pause, whatever the rate. */
const MIN_EMPTY_MINUTES = 3;
/** A source covering fewer minutes has no history to judge a silence by. */
const MIN_COVERED_MINUTES = 10;
/** Weight of the marginal estimate against the observed empty → empty transitions. */
const PRIOR_WEIGHT = 2;

export interface Silence {
  source: LogSource;
  /** The first and the last minute without a request (epoch ms of the minute's start; end is exclusive). */
  start: number;
  end: number;
  /** Probability of so long a run at the source's usual rate for those hours. */
  p: number;
  /** Requests the source usually sends in that many minutes at those hours. */
  expected: number;
}

interface Bucket {
  minutes: number;
  requests: number;
  squares: number;
  empty: number;
  /** Empty minutes whose next minute is covered, and those whose next minute is empty too. */
  leaving: number;
  staying: number;
}

const newBucket = (): Bucket => ({ minutes: 0, requests: 0, squares: 0, empty: 0, leaving: 0, staying: 0 });

type BucketOf = (t: number) => number;

function bucketFunction(coveredMinutes: number): BucketOf {
  if (coveredMinutes >= 14 * DAY_MINUTES) {
    return (t) => {
      const d = new Date(t);
      return d.getUTCDay() * 24 + d.getUTCHours();
    };
  }
  return (t) => new Date(t).getUTCHours();
}

/** Minutes of [from, to) (minute starts) per bucket, stepping by hour so that years of coverage stay cheap. */
function perBucket(from: number, to: number, bucketOf: BucketOf, add: (bucket: number, minutes: number) => void): void {
  let t = from;
  while (t < to) {
    const hourEnd = Math.min(to, t - (t % HOUR) + HOUR);
    add(bucketOf(t), (hourEnd - t) / MINUTE);
    t = hourEnd;
  }
}

interface Run {
  start: number;
  /** Exclusive. */
  end: number;
  /** The run reaches the end of the coverage: its last minute leaves to nothing. */
  atEnd: boolean;
}

function emptyRuns(active: number[], first: number, last: number): Run[] {
  const runs: Run[] = [];
  let prev = first - MINUTE;
  for (const t of active) {
    if (t - prev > MINUTE) runs.push({ start: prev + MINUTE, end: t, atEnd: false });
    prev = t;
  }
  if (last > prev) runs.push({ start: prev + MINUTE, end: last + MINUTE, atEnd: true });
  return runs;
}

/** A run's share of each bucket's empty-minute counts (what leaving it out subtracts). */
function runCounts(run: Run, bucketOf: BucketOf): Map<number, Bucket> {
  const own = new Map<number, Bucket>();
  perBucket(run.start, run.end, bucketOf, (b, n) => {
    const c = own.get(b) ?? newBucket();
    c.minutes += n;
    c.empty += n;
    c.leaving += n;
    c.staying += n;
    own.set(b, c);
  });
  const lastBucket = own.get(bucketOf(run.end - MINUTE)) as Bucket;
  lastBucket.staying -= 1;
  if (run.atEnd) lastBucket.leaving -= 1;
  return own;
}

function addInto(into: Map<number, Bucket>, from: Map<number, Bucket>): void {
  for (const [b, c] of from) {
    const have = into.get(b) ?? newBucket();
    have.minutes += c.minutes;
    have.empty += c.empty;
    have.leaving += c.leaving;
    have.staying += c.staying;
    into.set(b, have);
  }
}

/**
 * The chance that an empty minute of this bucket is followed by another, and the bucket's mean rate; null when
 * the bucket's history without the run is shorter than the run's part of it (a few copied lines years apart
 * are no history to call years of quiet improbable).
 */
function stayChance(all: Bucket, own: Bucket): { q: number; mean: number } | null {
  const minutes = all.minutes - own.minutes;
  if (minutes < Math.max(1, own.minutes)) return null;
  const mean = all.requests / minutes;
  const variance = Math.max(0, all.squares / minutes - mean * mean);
  // Negative binomial P(0) by the method of moments; Poisson when the counts are not over-dispersed.
  const p0 =
    variance > mean && mean > 0
      ? (1 + (variance - mean) / mean) ** -((mean * mean) / (variance - mean))
      : Math.exp(-mean);
  const marginal = Math.max(p0, (all.empty - own.empty + 0.5) / (minutes + 1));
  const leaving = all.leaving - own.leaving;
  const staying = all.staying - own.staying;
  const q = (staying + PRIOR_WEIGHT * marginal) / (leaving + PRIOR_WEIGHT);
  return { q: Math.min(1, Math.max(1e-300, q)), mean };
}

/** The silences of one request source: runs of empty minutes improbable at its own usual rate. */
export function silencesOf(source: LogSource): Silence[] {
  if (source.requests.size === 0) return [];
  const first = source.first - (source.first % MINUTE);
  const last = source.last - (source.last % MINUTE);
  const covered = (last - first) / MINUTE + 1;
  if (covered < MIN_COVERED_MINUTES) return [];
  const bucketOf = bucketFunction(covered);
  const buckets = new Map<number, Bucket>();
  perBucket(first, last + MINUTE, bucketOf, (b, n) => {
    const c = buckets.get(b) ?? newBucket();
    c.minutes += n;
    buckets.set(b, c);
  });
  const active: number[] = [];
  for (const [t, [n]] of source.requests) {
    if (t < first || t > last || n === 0) continue;
    active.push(t);
    const c = buckets.get(bucketOf(t)) as Bucket;
    c.requests += n;
    c.squares += n * n;
  }
  active.sort((a, b) => a - b);
  const runs = emptyRuns(active, first, last).map((run) => ({ run, own: runCounts(run, bucketOf) }));
  for (const { own } of runs) {
    // Empty minutes are counted by the runs; `minutes` was counted over the whole coverage already.
    const counts = new Map([...own].map(([b, c]) => [b, { ...c, minutes: 0 }]));
    addInto(buckets, counts);
  }
  const out: Silence[] = [];
  for (const { run, own } of runs) {
    const silence = judge(run, own, buckets, bucketOf, source);
    if (silence) out.push(silence);
  }
  return out;
}

function judge(
  run: Run,
  own: Map<number, Bucket>,
  buckets: Map<number, Bucket>,
  bucketOf: BucketOf,
  source: LogSource,
): Silence | null {
  // A run that reaches the end of the source is where the source stopped, not a silence inside it.
  if (run.atEnd || (run.end - run.start) / MINUTE < MIN_EMPTY_MINUTES) return null;
  let logP = 0;
  let expected = 0;
  let judged = 0;
  const firstBucket = bucketOf(run.start);
  for (const [b, c] of own) {
    const chance = stayChance(buckets.get(b) as Bucket, c);
    if (!chance) continue;
    judged += c.minutes;
    // The run's first empty minute is free: only its staying empty is improbable.
    const staying = b === firstBucket ? c.minutes - 1 : c.minutes;
    logP += staying * Math.log(chance.q);
    expected += c.minutes * chance.mean;
  }
  // Most of the run must have a history to be judged by.
  if (judged * 2 < (run.end - run.start) / MINUTE || logP >= Math.log(SILENCE_P)) return null;
  return { source, start: run.start, end: run.end, p: Math.exp(logP), expected };
}
