// Every format's Buffer scanner against its string parser. The hot path believes a scanner whenever it does not
// say UNSURE and no prefilter needle occurs, so on every line where it answers, its verdict and facts must be what
// `parse` gives: the verdict (skipped, record, continuation), the wall-clock parts with year, offset and ms, the
// uptime, the level, and for request lines the status, duration, method, path and termination. Lines that parse
// to error level or to a boot line must contain one of the format's notable hints unless the facts carry that
// level. The lines: each format's samples (in its module and in test/fixtures/log-samples), every line of the
// fixture, corpus and real-log files it detects, and mutations of them (truncations, changed digits, spaces,
// `\r`, non-ASCII, splices of two lines), each set in a buffer between bytes that would fool a scanner reading
// past its range.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../lab/lib/prng.js';
import { compileNginxLogFormat } from '../../src/formats/log/log-format-compiler.js';
import { nginxAccess } from '../../src/formats/log/nginx-access.js';
import { detectLogFormat, LOG_FORMATS } from '../../src/formats/log/registry.js';
import {
  CONTINUATION,
  type FastScan,
  type LineFacts,
  NOT_MINE,
  newFacts,
  RECORD,
  resetFacts,
  UNSURE,
} from '../../src/formats/log/scan-types.js';
import type { LogFormat } from '../../src/formats/log/types.js';
import type { ParsedLine } from '../../src/model/event.js';
import { LEVEL_RANK } from '../../src/read/tally.js';

const ROOTS = ['test/fixtures', 'test/corpus', 'test/real-logs'];
/** Mutations per line of real material (samples get more). */
const MUTATIONS = 12;
const SAMPLE_MUTATIONS = 1000;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() && !p.endsWith('.gz') && statSync(p).size < 8 * 1024 * 1024) out.push(p);
  }
  return out.sort();
}

/** Lines of the fixture and corpus files, by the format their head is detected as. */
function realLines(): Map<string, string[]> {
  const byFormat = new Map<string, string[]>();
  for (const path of ROOTS.flatMap(filesUnder)) {
    const raw = readFileSync(path);
    if (raw.includes(0)) continue;
    const lines = raw.toString('utf8').split('\n');
    const detected = detectLogFormat(lines.slice(0, 200), path);
    if (!detected) continue;
    const list = byFormat.get(detected.format.id) ?? [];
    for (const l of lines) if (l.length > 0) list.push(l.endsWith('\r') ? l.slice(0, -1) : l);
    byFormat.set(detected.format.id, list);
  }
  return byFormat;
}

/** The lines of the format's samples file (test/fixtures/log-samples/<id>.json), claimed or not. */
function sampleFileLines(id: string): string[] {
  const path = `test/fixtures/log-samples/${id}.json`;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { samples: { line: string }[] };
    return data.samples.map((s) => s.line);
  } catch {
    return [];
  }
}

/** A small deterministic PRNG, so a failure names a reproducible variant. */
const prng = mulberry32;

const INSERTS = [' ', '  ', '\r', '\t', 'é', '\u00a0', '\u2028', '\ufeff', '"', '\\', '0', '9', ':', '-', '[', ']'];

function mutate(line: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (line.length + 1));
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return line.slice(0, at);
    case 1: {
      // a digit changed (to any digit, often 9 so ranges overflow)
      const digits = [...line.matchAll(/\d/g)].map((m) => m.index ?? 0);
      if (digits.length === 0) return line.slice(0, at);
      const i = digits[Math.floor(rnd() * digits.length)];
      const d = rnd() < 0.5 ? '9' : String(Math.floor(rnd() * 10));
      return line.slice(0, i) + d + line.slice(i + 1);
    }
    case 2:
      return line.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + line.slice(at);
    case 3:
      return line.slice(0, at) + line.slice(at + 1 + Math.floor(rnd() * 3));
    case 4: {
      // a run of digits grown (status of 4 digits, a byte count or pid beyond 2^53, a field beyond 1e308)
      const runs = [...line.matchAll(/\d+/g)];
      if (runs.length === 0) return line;
      const r = runs[Math.floor(rnd() * runs.length)];
      const i = (r.index ?? 0) + r[0].length;
      // one more digit, past 2^53, past Number.MAX_VALUE
      const grown = '9'.repeat([1, 20, 400][Math.floor(rnd() * 3)]);
      return line.slice(0, i) + grown + line.slice(i);
    }
    case 5:
      return (
        line.slice(0, at) +
        line.slice(at).replace(/[A-Za-z]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))
      );
    default:
      return `${line} ${line.slice(0, at)}`;
  }
}

/** Bytes before and after the line that a scanner reading outside [start, end) would take for more stamp. */
const BEFORE = Buffer.from('1999-09-09T09:09:09Z 9');
const AFTER = Buffer.from('9:99.999+09:00 "x" 9\n');

interface Case {
  format: LogFormat;
  scan: FastScan;
  line: string;
}

const LEVELS = LEVEL_RANK as Record<string, number>;

function same(a: number, b: number | undefined): boolean {
  return b === undefined ? Number.isNaN(a) : a === b;
}

function checkFacts(f: LineFacts, p: ParsedLine, hinted: boolean, buf: Buffer): string | undefined {
  const ts = p.ts;
  if (!ts) {
    if (!Number.isNaN(f.month)) return `facts have a time, parse none`;
  } else {
    const got = [f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms, f.offset];
    const want = [ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ts.ms ?? 0, ts.offsetMinutes];
    for (let i = 0; i < got.length; i++)
      if (!same(got[i], want[i])) return `time part ${i}: facts ${got.join(',')} parse ${want.join(',')}`;
  }
  if (!same(f.uptime, p.uptime)) return `uptime ${f.uptime} vs ${p.uptime}`;
  if (!hinted && f.level !== (p.level ? LEVELS[p.level] : -1)) return `level ${f.level} vs ${p.level}`;
  const req = p.request;
  if (f.status !== (req?.status ?? -1)) return `status ${f.status} vs ${req?.status}`;
  if (f.status >= 0 && req) {
    if (!same(f.duration, req.duration)) return `duration ${f.duration} vs ${req.duration}`;
    const method = buf.toString('utf8', f.methodStart, f.methodEnd);
    if (method !== (req.method ?? '')) return `method ${JSON.stringify(method)} vs ${req.method}`;
    const path = buf.toString('utf8', f.pathStart, f.pathEnd);
    if (path !== (req.path ?? '')) return `path ${JSON.stringify(path)} vs ${req.path}`;
    const term = buf.toString('utf8', f.termStart, f.termEnd);
    if (term !== (req.termination ?? '')) return `termination ${JSON.stringify(term)} vs ${req.termination}`;
  }
  return undefined;
}

/** What the facts cannot carry and the read path takes from parse only: such lines must be parsed. */
function parseOnly(p: ParsedLine): string | undefined {
  if (p.fields?.haproxyYday !== undefined) return 'a day-of-year stamp';
  if (p.ts && p.uptime !== undefined && p.uptime < 600) return 'a boot time (wall clock and early uptime)';
  // HAProxy's -1 (no response) is a request to parse; facts.status -1 means "not a request".
  if (p.request?.status === -1) return 'a request of status -1';
  return undefined;
}

/** The failure of one line, or undefined when the scanner and the parser agree on it. */
function verify(c: Case): string | undefined {
  const body = Buffer.from(c.line, 'utf8');
  const buf = Buffer.concat([BEFORE, body, AFTER]);
  const start = BEFORE.length;
  const end = start + body.length;
  const f = newFacts();
  resetFacts(f);
  const verdict = c.scan(buf, start, end, f);
  const text = buf.toString('utf8', start, end);
  const parsed = c.format.parse(text);
  const hints = c.format.behaviour.notableHints;
  const hinted = hints.some((h) => text.includes(h));
  if (verdict === UNSURE) return undefined;
  if (verdict === NOT_MINE) return parsed ? 'NOT_MINE but parse gives a line' : undefined;
  if (!parsed) return `verdict ${verdict} but parse gives null`;
  if (verdict !== RECORD && verdict !== CONTINUATION) return `verdict ${verdict}`;
  if ((verdict === CONTINUATION) !== (parsed.continuation === true)) return `continuation flag: verdict ${verdict}`;
  const only = parseOnly(parsed);
  if (only && !hinted) return `${only} without a notable hint`;
  const notable = (parsed.level !== undefined && LEVELS[parsed.level] >= 4) || parsed.fields?.boot;
  if (notable && !hinted && (parsed.fields?.boot || f.level !== LEVELS[parsed.level ?? 'info']))
    return `notable line (${parsed.level}${parsed.fields?.boot ? ', boot' : ''}) without a hint or its level`;
  return checkFacts(f, parsed, hinted, buf);
}

const real = realLines();

describe('fast scan: formats compiled from a log_format', () => {
  it('have no scanner (the built-in one reads combined and common only)', () => {
    const compiled = compileNginxLogFormat('$remote_addr [$time_local] "$request" $status $request_time');
    assert.ok(compiled);
    assert.equal(compiled.behaviour.scan, undefined);
    assert.ok(nginxAccess.behaviour.scan);
  });
});

for (const format of LOG_FORMATS) {
  const scan = format.behaviour.scan;
  if (!scan) continue;
  describe(`fast scan: ${format.id}`, () => {
    const lines = [...sampleFileLines(format.id), ...(real.get(format.id) ?? [])];
    it('agrees with parse on every sample and every fixture/corpus line it detects', () => {
      const failures: string[] = [];
      let answered = 0;
      for (const line of [...format.samples, ...lines]) {
        const why = verify({ format, scan, line });
        if (why) failures.push(`${why}\n    ${JSON.stringify(line)}`);
        if (scan(Buffer.from(line), 0, Buffer.byteLength(line), newFacts()) !== UNSURE) answered++;
      }
      assert.deepEqual(failures.slice(0, 10), []);
      // The scanner is of use: it answers for real lines (the samples are mostly the special ones it leaves).
      assert.ok(answered > 0, 'the scanner answers for no line');
    });
    it('agrees with parse on mutated lines (truncated, digits changed, spaces, \\r, non-ASCII)', () => {
      const rnd = prng(0x5ca9 + format.id.length);
      const failures: string[] = [];
      const seeds = [
        ...format.samples.flatMap((s) => Array(SAMPLE_MUTATIONS).fill(s)),
        ...lines.flatMap((s) => Array(MUTATIONS).fill(s)),
      ];
      const pool = [...format.samples, ...lines];
      for (const seed of seeds) {
        let line = mutate(seed, rnd);
        if (rnd() < 0.3) line = mutate(line, rnd);
        if (rnd() < 0.15) {
          // spliced: the start of one real line, the end of another (one shape's prefix, another's message)
          const other = pool[Math.floor(rnd() * pool.length)];
          line = seed.slice(0, Math.floor(rnd() * seed.length)) + other.slice(Math.floor(rnd() * other.length));
        }
        const why = verify({ format, scan, line });
        if (why) failures.push(`${why}\n    ${JSON.stringify(line)}`);
      }
      assert.deepEqual(failures.slice(0, 10), []);
    });
  });
}
