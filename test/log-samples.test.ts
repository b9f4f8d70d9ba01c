// Every log format's samples (test/fixtures/log-samples/<format-id>.json) parse as they say, as lnav's format files
// and VRL's examples run their examples: time, level, program, pid, message, request and fields, or "not claimed".
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { detectLogFormat, logFormatById } from '../src/formats/log/registry.js';
import { LOG_FORMAT_IDS } from '../src/model/ids.generated.js';
import {
  expectationOf,
  type LogSample,
  loadSampleFiles,
  type SampleExpectation,
  statedExpectation,
} from './helpers/log-samples.js';

const repo = new URL('../', import.meta.url).pathname;
const files = loadSampleFiles();

test('every log format has a samples file, and every samples file a format', () => {
  assert.deepEqual(
    files.map((f) => f.format),
    [...LOG_FORMAT_IDS],
  );
});

/** The kind of edge case a sample is, if it is one. */
function edgeOf(s: LogSample): string | null {
  if (s.claimed === false) return 'not claimed';
  if (s.continuation) return 'continuation';
  if (s.time === null) return 'untimed';
  if (s.time?.startsWith('--')) return 'year-less';
  if (s.time && !/(Z|[+-]\d\d:\d\d)$/.test(s.time)) return 'zone-less';
  return null;
}

/** The sample's line where its source says it is: a fixture file's line, or the format module's own samples. */
function sourceLine(s: LogSample, formatId: string): string | undefined {
  const at = /^(test\/fixtures\/[^:]+):(\d+)$/.exec(s.source);
  if (at) {
    assert.ok(existsSync(repo + at[1]), `${s.source}: no such file`);
    return readFileSync(repo + at[1], 'utf8').split('\n')[Number(at[2]) - 1];
  }
  if (s.source === `src/formats/log/${formatId}.ts (samples)`)
    return logFormatById(formatId)?.samples.find((l) => l === s.line);
  assert.match(s.source, /^https:\/\//, `${formatId}: a source is a fixture line, the module's samples or a URL`);
  return s.line;
}

for (const file of files) {
  const format = logFormatById(file.format);

  test(`${file.format}: at least 3 real samples, one of them an edge case`, () => {
    assert.ok(format, `no format ${file.format}`);
    assert.ok(file.samples.length >= 3, `${file.samples.length} samples`);
    assert.ok(
      file.samples.some((s) => edgeOf(s) !== null),
      'no edge case (not claimed, continuation, untimed, zone-less or year-less)',
    );
    for (const s of file.samples) assert.equal(sourceLine(s, file.format), s.line, `${s.source}: the line differs`);
  });

  test(`${file.format}: every sample parses to its expected time, level and fields`, () => {
    const failures: string[] = [];
    for (const s of file.samples) {
      const expected = statedExpectation(s);
      if (s.claimed !== false)
        assert.ok('time' in s && 'level' in s, `${s.source}: a sample states its time and level`);
      const actual = expectationOf(format!.parse(s.line));
      const got: SampleExpectation = Object.fromEntries(
        Object.keys(expected).map((k) => [k, actual[k as keyof SampleExpectation]]),
      );
      if (actual.claimed === false && s.claimed !== false) got.claimed = false;
      try {
        assert.deepEqual(got, expected);
      } catch {
        failures.push(
          `${s.source}\n  ${s.line}\n  expected ${JSON.stringify(expected)}\n  parsed   ${JSON.stringify(got)}`,
        );
      }
    }
    assert.deepEqual(failures, []);
  });

  test(`${file.format}: its claimed samples, read as one file, are detected as ${file.format}`, () => {
    const lines = file.samples.filter((s) => s.claimed !== false).map((s) => s.line);
    assert.equal(detectLogFormat(lines, 'collected.log')?.format.id, file.format);
  });
}
