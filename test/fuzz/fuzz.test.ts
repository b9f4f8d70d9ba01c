// The fuzz targets (test/fuzz/targets.ts), bounded for the unit suite: a fixed seed and a few hundred cases each,
// all of them in well under 30 s. A failure prints the seed, the counterexample's path and the replay command;
// `npm run fuzz` runs the same targets long, with a random seed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTarget, UNIT_SEED } from './harness.js';
import { TARGETS } from './targets.js';

for (const target of TARGETS) {
  test(`fuzz: ${target.name}`, async () => {
    const outcome = await runTarget(target, { seed: UNIT_SEED, numRuns: target.unitRuns });
    assert.ok(outcome.ok, outcome.report);
  });
}
