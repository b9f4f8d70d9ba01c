// The "what preceded" index keeps the same lines whether a file is indexed whole or in pieces whose index is
// capped by what the pieces before them already hold (the cap disk-read.ts gives a piece: what the file's index
// still lacks, plus the piece's first run, which may continue the last).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  appendRuns,
  LINES_PER_RUN,
  MAX_RUNS,
  PrecedingIndex,
  type RunIndex,
  runLine,
  shiftRunLines,
} from '../../src/read/preceding.js';

interface Line {
  time: number;
  offset: number;
}

/** Lines of `seconds` distinct seconds, 1 to 2 × LINES_PER_RUN lines each (so some runs evict), 80 bytes a line. */
function linesOf(seconds: number, seed: number): Line[] {
  const out: Line[] = [];
  let z = seed;
  for (let s = 0; s < seconds; s++) {
    z = (Math.imul(z, 1103515245) + 12345) >>> 0;
    const n = 1 + (z % (2 * LINES_PER_RUN));
    for (let k = 0; k < n; k++) out.push({ time: 1_700_000_000_000 + s * 1000 + k, offset: out.length * 80 });
  }
  return out;
}

function indexOf(lines: Line[], from: number, to: number, maxRuns = MAX_RUNS): RunIndex {
  const ix = new PrecedingIndex(false, maxRuns);
  for (let i = from; i < to; i++)
    ix.add(lines[i].time, undefined, i - from + 1, lines[i].offset, lines[i].offset + 79, () => '');
  return ix.result();
}

function dump(ix: RunIndex): string[] {
  const out: string[] = [];
  for (let r = 0; r < ix.count; r++)
    for (let k = 0; k < ix.size[r]; k++) {
      const l = runLine(ix, r, k);
      out.push(`${ix.second[r]} ${l.time} ${l.line} ${l.offset} ${l.end}`);
    }
  return out;
}

describe('preceding index', () => {
  test('keeps the last LINES_PER_RUN lines of each second, oldest first', () => {
    const lines = linesOf(50, 7);
    const ix = indexOf(lines, 0, lines.length);
    assert.equal(ix.count, 50);
    for (let r = 0; r < ix.count; r++) {
      const inSecond = lines
        .map((l, i) => ({ ...l, line: i + 1 }))
        .filter((l) => Math.floor(l.time / 1000) === ix.second[r]);
      const want = inSecond.slice(-LINES_PER_RUN).map((l) => l.line);
      const got = Array.from({ length: ix.size[r] }, (_, k) => runLine(ix, r, k).line);
      assert.deepEqual(got, want);
    }
  });

  for (const [name, seconds] of [
    ['under the cap', 3000],
    ['over the cap (the file keeps its first MAX_RUNS seconds)', MAX_RUNS + 5000],
  ] as const) {
    test(`whole = pieces cut inside a second, later pieces capped: ${name}`, () => {
      const lines = linesOf(seconds, 11);
      const whole = indexOf(lines, 0, lines.length);
      // Cuts in the middle of a second, so the first run of a piece continues the last run before it.
      const cuts = [0, Math.floor(lines.length / 3) + 3, Math.floor((2 * lines.length) / 3) + 5, lines.length];
      const into = indexOf(lines, cuts[0], cuts[1]);
      for (let p = 1; p + 1 < cuts.length; p++) {
        const piece = indexOf(lines, cuts[p], cuts[p + 1], Math.min(MAX_RUNS, MAX_RUNS - into.count + 1));
        shiftRunLines(piece, cuts[p]);
        appendRuns(into, piece);
      }
      assert.equal(into.count, whole.count);
      assert.deepEqual(dump(into), dump(whole));
    });
  }
});
