// The log-format samples of test/fixtures/log-samples/<format-id>.json (in the way of lnav's format files and
// VRL's examples): real lines, each with where it comes from and the parse it must give. See the README there.
import { readdirSync, readFileSync } from 'node:fs';
import type { HttpRequestFields, Level, LocalTime, ParsedLine } from '../../src/model/event.js';

/** What a sample line must parse to; `claimed: false` when the format must not take the line at all. */
export interface SampleExpectation {
  claimed?: false;
  /** ISO 8601 as written: UTC with `Z` when the line states its offset, no zone when it does not, `--MM-DD…` without a year; null when untimed. */
  time?: string | null;
  /** Seconds since boot (dmesg). */
  uptime?: number;
  level?: Level | null;
  program?: string;
  pid?: number;
  message?: string;
  continuation?: true;
  request?: HttpRequestFields;
  fields?: Record<string, string | number>;
}

export interface LogSample extends SampleExpectation {
  /** The file and line, or the public page, the line was taken from. */
  source: string;
  line: string;
  /** Why this sample is here when it is an edge case (multi-line, zone-less, year-less, not claimed…). */
  note?: string;
}

export interface LogSampleFile {
  format: string;
  samples: LogSample[];
}

export const samplesDir = new URL('../fixtures/log-samples/', import.meta.url);

export function loadSampleFiles(): LogSampleFile[] {
  return readdirSync(samplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, samplesDir), 'utf8')) as LogSampleFile);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A parsed time in the samples' notation (see SampleExpectation.time). */
export function timeText(ts: LocalTime | undefined): string | null {
  if (ts === undefined) return null;
  const ms = ts.ms === undefined ? '' : `.${pad(ts.ms, 3)}`;
  if (ts.year !== undefined && ts.offsetMinutes !== undefined) {
    const utc = Date.UTC(ts.year, ts.month - 1, ts.day, ts.hour, ts.minute, ts.second, ts.ms ?? 0);
    const iso = new Date(utc - ts.offsetMinutes * 60_000).toISOString();
    return ts.ms === undefined ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
  }
  const date = `${ts.year === undefined ? '-' : pad(ts.year, 4)}-${pad(ts.month)}-${pad(ts.day)}`;
  const zone = ts.offsetMinutes === undefined ? '' : ts.offsetMinutes === 0 ? 'Z' : offsetText(ts.offsetMinutes);
  return `${date}T${pad(ts.hour)}:${pad(ts.minute)}:${pad(ts.second)}${ms}${zone}`;
}

function offsetText(minutes: number): string {
  const m = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** A parse in the samples' terms: the expectation this line meets. */
export function expectationOf(parsed: ParsedLine | null): SampleExpectation {
  if (parsed === null) return { claimed: false };
  const out: SampleExpectation = { time: timeText(parsed.ts), level: parsed.level ?? null };
  if (parsed.uptime !== undefined) out.uptime = parsed.uptime;
  if (parsed.program !== undefined) out.program = parsed.program;
  if (parsed.pid !== undefined) out.pid = parsed.pid;
  out.message = parsed.message;
  if (parsed.continuation) out.continuation = true;
  if (parsed.request !== undefined) out.request = parsed.request;
  if (parsed.fields !== undefined && Object.keys(parsed.fields).length > 0) out.fields = parsed.fields;
  return out;
}

/** The expectation a sample states: its own keys, without where it comes from. */
export function statedExpectation(sample: LogSample): SampleExpectation {
  const { source: _source, line: _line, note: _note, ...expected } = sample;
  return expected;
}
