// What "well-typed" means for the values the fuzzed functions return. Each check throws an AssertionError naming
// the first field that is wrong, so a failing case says what broke, not only that something did.
import assert from 'node:assert/strict';
import type { LocalTime, ParsedLine } from '../../src/model/event.js';
import type { ParseIssue } from '../../src/model/setting.js';

const LEVELS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical']);

function int(v: unknown, min: number, max: number, what: string): void {
  assert.ok(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max, `${what} = ${String(v)}`);
}

function optionalString(v: unknown, what: string): void {
  if (v !== undefined) assert.equal(typeof v, 'string', what);
}

/**
 * Wall-clock parts as the read path turns them into UTC (Date.UTC silently rolls hour 99 into later days): each an
 * integer in its range. A second of 60 is a leap second; an offset is what `±hhmm` can spell.
 */
export function checkLocalTime(ts: LocalTime, what = 'ts'): void {
  assert.equal(typeof ts, 'object', what);
  if (ts.year !== undefined) int(ts.year, 0, 9999, `${what}.year`);
  int(ts.month, 1, 12, `${what}.month`);
  int(ts.day, 1, 31, `${what}.day`);
  int(ts.hour, 0, 23, `${what}.hour`);
  int(ts.minute, 0, 59, `${what}.minute`);
  int(ts.second, 0, 60, `${what}.second`);
  if (ts.ms !== undefined) int(ts.ms, 0, 999, `${what}.ms`);
  if (ts.offsetMinutes !== undefined) int(ts.offsetMinutes, -(99 * 60 + 99), 99 * 60 + 99, `${what}.offsetMinutes`);
}

/** A parser's result: null, or a ParsedLine whose every present field has its declared type and range. */
export function checkParsedLine(p: ParsedLine | null, what = 'parsed'): void {
  if (p === null) return;
  assert.ok(p !== undefined && typeof p === 'object', `${what} is ${String(p)}, expected null or an object`);
  assert.equal(typeof p.message, 'string', `${what}.message`);
  if (p.ts !== undefined) checkLocalTime(p.ts, `${what}.ts`);
  if (p.uptime !== undefined) {
    assert.ok(typeof p.uptime === 'number' && Number.isFinite(p.uptime) && p.uptime >= 0, `${what}.uptime`);
  }
  if (p.level !== undefined) assert.ok(LEVELS.has(p.level), `${what}.level = ${String(p.level)}`);
  optionalString(p.program, `${what}.program`);
  if (p.pid !== undefined) int(p.pid, 0, Number.MAX_SAFE_INTEGER, `${what}.pid`);
  if (p.continuation !== undefined) assert.equal(typeof p.continuation, 'boolean', `${what}.continuation`);
  if (p.request !== undefined) {
    const r = p.request;
    assert.equal(typeof r, 'object', `${what}.request`);
    for (const k of ['method', 'path', 'upstreamStatus', 'client', 'backend', 'server', 'termination'] as const) {
      optionalString(r[k], `${what}.request.${k}`);
    }
    // HAProxy logs -1 when no response was received (client abort, connection refused).
    if (r.status !== undefined) int(r.status, -1, 999, `${what}.request.status`);
    if (r.bytes !== undefined) int(r.bytes, 0, Number.MAX_SAFE_INTEGER, `${what}.request.bytes`);
    if (r.duration !== undefined) {
      assert.ok(typeof r.duration === 'number' && Number.isFinite(r.duration), `${what}.request.duration`);
    }
  }
  if (p.fields !== undefined) {
    assert.equal(typeof p.fields, 'object', `${what}.fields`);
    for (const [k, v] of Object.entries(p.fields)) {
      assert.ok(
        typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
        `${what}.fields.${k} = ${String(v)}`,
      );
    }
  }
}

/** A detector's confidence: a number in [0, 1]. */
export function checkConfidence(c: number, what: string): void {
  assert.ok(typeof c === 'number' && Number.isFinite(c) && c >= 0 && c <= 1, `${what} returned ${String(c)}`);
}

/**
 * A config parser's problem: a path, a line number and a message — of one line once audit has collected it
 * (`oneLine`; a parser may quote a line break it read, audit shows it escaped).
 */
export function checkIssue(i: ParseIssue, what: string, oneLine: boolean): void {
  assert.equal(typeof i.path, 'string', `${what}.path`);
  int(i.line, 0, Number.MAX_SAFE_INTEGER, `${what}.line`);
  assert.equal(typeof i.message, 'string', `${what}.message`);
  if (oneLine)
    assert.ok(!/[\r\n\u2028\u2029]/.test(i.message), `${what}.message is not one line: ${JSON.stringify(i.message)}`);
}
