// One model from a detector's score to the confidence investigate reports: Platt scaling on the score's logit,
// p = σ(a·logit(score) + b), fitted on the labelled lab bundles by `npm run calibrate` (scripts/calibrate.ts,
// docs/calibration.md), which also writes the leave-one-scenario-out reliability table. The detectors' scores
// rank and weigh the evidence (each cause's page says how); the map makes "80 %" mean right about 4 times in 5.
// It is monotone, so it never changes the order of the hypotheses.
import { CALIBRATION } from './calibration.generated.js';

export interface PlattModel {
  a: number;
  b: number;
}

/** Scores are clamped here before the logit: 0 and 1 are never certain. */
const EDGE = 0.01;

export function logit(p: number): number {
  const q = Math.min(1 - EDGE, Math.max(EDGE, p));
  return Math.log(q / (1 - q));
}

export function calibrate(score: number, model: PlattModel = CALIBRATION): number {
  if (score <= 0) return 0;
  const p = 1 / (1 + Math.exp(-(model.a * logit(score) + model.b)));
  return Math.round(Math.min(0.99, p) * 100) / 100;
}

export interface Labelled {
  score: number;
  right: boolean;
}

/**
 * The ridge towards the identity map. The lab's captures are cleaner than users' hosts: fitted freely (ridge 1) the
 * map turns a score of 0.85 into 0.97 on their strength alone. Ridge 10 keeps it near the identity and costs little
 * on the lab (docs/calibration.md compares).
 */
export const RIDGE = 10;

/**
 * The Platt fit: Newton's method on the log-loss with a ridge pulling towards the identity map (a = 1, b = 0), so
 * that a few dozen bundles move the map only as far as they agree.
 */
export function fitPlatt(data: readonly Labelled[], ridge = RIDGE): PlattModel {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = ridge * (a - 1);
    let gb = ridge * b;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (const d of data) {
      const x = logit(d.score);
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const r = p - (d.right ? 1 : 0);
      const w = p * (1 - p);
      ga += r * x;
      gb += r;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Fraction of the hypotheses in the bin that named the bundle's cause. */
  right: number;
  meanConfidence: number;
  brier: number;
}

/** Bins of 0.2 with their count, fraction right, mean confidence and Brier score; the last row is all of them. */
export function reliability(points: readonly { confidence: number; right: boolean }[]): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let i = 0; i < 5; i++) {
    const from = i / 5;
    const to = (i + 1) / 5;
    const inBin = points.filter((p) => p.confidence >= from && (i === 4 ? p.confidence <= to : p.confidence < to));
    bins.push(summarise(from, to, inBin));
  }
  bins.push(summarise(0, 1, points));
  return bins;
}

function summarise(from: number, to: number, ps: readonly { confidence: number; right: boolean }[]): ReliabilityBin {
  const n = ps.length;
  const right = ps.filter((p) => p.right).length;
  const mean = n ? ps.reduce((s, p) => s + p.confidence, 0) / n : 0;
  const brier = n ? ps.reduce((s, p) => s + (p.confidence - (p.right ? 1 : 0)) ** 2, 0) / n : 0;
  return { from, to, count: n, right: n ? right / n : 0, meanConfidence: mean, brier };
}
