// The score → confidence map: monotone (the order of hypotheses never changes), the identity when nothing pulls it,
// a fit that follows labelled points, and reliability bins that add up; the generated map and docs/calibration.md
// are what scripts/calibrate.ts computes from the lab captures today.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../scripts/calibrate.js';
import { calibrate, fitPlatt, reliability } from './calibration.js';

test('monotone, within [0, 0.99], and the identity map leaves scores as they are', () => {
  let last = -1;
  for (let s = 0; s <= 1.0001; s += 0.01) {
    const c = calibrate(s);
    assert.ok(c >= last && c >= 0 && c <= 0.99, `${s} → ${c}`);
    last = c;
  }
  for (const s of [0.12, 0.5, 0.73, 0.9]) assert.equal(calibrate(s, { a: 1, b: 0 }), s);
  assert.equal(calibrate(0), 0);
});

test('the fit follows the labels: scores above 0.6 right, below wrong, give a steeper map; no data, the identity', () => {
  assert.deepEqual(fitPlatt([]), { a: 1, b: 0 });
  const data = [0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.65, 0.7, 0.8, 0.9, 0.95].flatMap((score) =>
    Array.from({ length: 6 }, () => ({ score, right: score > 0.6 })),
  );
  const m = fitPlatt(data, 1);
  assert.ok(m.a > 1.5, JSON.stringify(m));
  assert.ok(calibrate(0.9, m) > 0.9 && calibrate(0.3, m) < 0.3);
  // A stronger ridge stays nearer the identity.
  assert.ok(fitPlatt(data, 50).a < m.a);
});

test('reliability: five bins of 0.2 and a total that add up, with fraction right and Brier score', () => {
  const pts = [
    { confidence: 0.05, right: false },
    { confidence: 0.9, right: true },
    { confidence: 0.95, right: true },
    { confidence: 0.85, right: false },
    { confidence: 1, right: true },
  ];
  const bins = reliability(pts);
  assert.equal(bins.length, 6);
  assert.equal(
    bins.slice(0, 5).reduce((s, b) => s + b.count, 0),
    pts.length,
  );
  assert.equal(bins[4].count, 4);
  assert.equal(bins[4].right, 0.75);
  assert.equal(bins[5].count, 5);
  const brier = pts.reduce((s, p) => s + (p.confidence - (p.right ? 1 : 0)) ** 2, 0) / pts.length;
  assert.ok(Math.abs(bins[5].brier - brier) < 1e-12);
});

test('the generated map and docs/calibration.md are up to date with the lab captures (npm run calibrate)', async () => {
  const r = await run(true);
  assert.ok(r.ok, 'calibration out of date: run `npm run calibrate`');
  assert.match(r.doc, /Fitted on (\d+) labelled bundles/);
  assert.ok(Number(/Fitted on (\d+) labelled bundles/.exec(r.doc)?.[1]) >= 40);
});
