// The read path's promise: the same input gives byte-identical JSON however it is read — whole or split into
// pieces (cuts falling inside multi-line records: stack traces, Tomcat's two-line records), on 0, 1, 2 or 4
// worker threads, and with two runs at once in one process.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { investigate } from '../../src/investigate.js';
import { investigateJson } from '../../src/report/investigate-json.js';

const CORPUS = join(import.meta.dirname, '../corpus');
const scenarios = readdirSync(CORPUS).filter((n) => !n.startsWith('.'));

async function json(paths: string[], o: { workers?: number; pieceBytes?: number } = {}): Promise<string> {
  return investigateJson(await investigate({ paths, ...o }));
}

describe('one result however the files are read', () => {
  for (const name of ['crash-loop', 'memory-exhaustion', 'fd-exhaustion', 'db-pool-exhaustion']) {
    test(`${name}: whole, and in 2 KiB pieces on 0, 1, 2 and 4 workers`, async () => {
      assert.ok(scenarios.includes(name), `corpus scenario ${name}`);
      const paths = [join(CORPUS, name)];
      const whole = await json(paths, { workers: 0 });
      for (const workers of [0, 1, 2, 4]) {
        const split = await json(paths, { workers, pieceBytes: 2048 });
        assert.equal(split, whole, `${name} with ${workers} workers and 2 KiB pieces`);
      }
    });
  }

  test('two runs at once in one process give what each gives alone', async () => {
    const a = [join(CORPUS, 'crash-loop')];
    const b = [join(CORPUS, 'keepalive-race')];
    const [aloneA, aloneB] = [await json(a), await json(b)];
    const [both1, both2] = await Promise.all([json(a, { pieceBytes: 4096 }), json(b, { pieceBytes: 4096 })]);
    assert.equal(both1, aloneA);
    assert.equal(both2, aloneB);
  });
});
