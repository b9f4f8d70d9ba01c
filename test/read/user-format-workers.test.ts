// A user format is read on worker threads as on the main thread: the piece task carries its spec
// (src/read/format-ref.ts) and the worker compiles it. The file is the real HDFS sample repeated past the size at
// which the read pool starts (16 MiB), read in 4 MiB pieces.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProjectConfig } from '../../src/config/project-config.js';
import { ingest } from '../../src/read/ingest.js';

process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'fl-cache-'));
const fixture = (p: string) => new URL(`../fixtures/project-config/hdfs/${p}`, import.meta.url).pathname;

test('user:hdfs on 0 and 2 workers: the same inputs, counts and events', { timeout: 120_000 }, async () => {
  const config = await loadProjectConfig({ config: fixture('faultline.config.yaml') });
  assert.ok(config);
  const sample = readFileSync(fixture('HDFS.log'));
  const copies = Math.ceil((17 * 1024 * 1024) / sample.length);
  const dir = mkdtempSync(join(tmpdir(), 'fl-hdfs-'));
  const path = join(dir, 'HDFS.log');
  writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => sample)));
  const run = async (workers: number) => {
    const r = await ingest({ paths: [path], workers, pieceBytes: 4 * 1024 * 1024, userFormats: config.formats });
    return JSON.stringify({ inputs: r.inputs, series: [...r.series], events: r.events.length, sig: r.signatureCounts });
  };
  const main = await run(0);
  assert.equal(JSON.parse(main).inputs[0].format, 'user:hdfs');
  assert.equal(JSON.parse(main).inputs[0].lines, 87 * copies);
  assert.equal(await run(2), main);
});
