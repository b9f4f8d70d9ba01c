// The read path, stage by stage: survey (classify each file, its stamps, the host's zone and year) → clock per
// host → read every log through its format's piece reader (records, signatures, counters, bounded retention) →
// place what depended on later files → events, series and "what preceded" for the analysis. Memory is bounded
// whatever the input size; no state outlives a call, so concurrent runs in one process do not meet.

import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import type { TextFile } from '../evidence/collect.js';
import { closeFd, openChecked } from '../evidence/open.js';
import type { InputEntry, InputProblem } from '../evidence/types.js';
import { walkInputs } from '../evidence/walk.js';
import { attributeAccessServers, dropRequests, markServers, seenByProxy } from '../formats/log/access-server.js';
import type { LogEvent } from '../model/event.js';
import { traitsOf } from '../signatures/traits.js';
import type { EventType } from '../signatures/types.js';
import { dedupeEvents, subtractDropped } from './dedupe.js';
import { readDisk } from './disk-read.js';
import { compileUser } from './format-ref.js';
import { type ClockChoice, Hosts } from './hosts.js';
import type { KeptStreams } from './kept.js';
import { kitFor } from './kits.js';
import {
  appLogOf,
  assumptionsOf,
  fileEvents,
  fileServerErrors,
  placeUntimed,
  type ReadFile,
  restartTimesOf,
  settleFile,
} from './outcome.js';
import { PieceReader, type PieceResult, type PieceSpec } from './piece.js';
import { ReadPool } from './pool.js';
import { type ReadStats, readStream } from './read-file.js';
import type { EventContext } from './records.js';
import { saltOf } from './retention.js';
import { type SourceSkew, skewSources, sourceSkews, spreadSkews } from './skew.js';
import { type LogSource, SourceBook } from './sources.js';
import { type LogItem, preadAt, surveyInputs } from './survey-pass.js';
import { mergeTally, newTally } from './tally.js';
import type { TemplateTally } from './templates.js';
import type { AppLog, IngestOptions, LogInputRecord, MinuteRow } from './types.js';

export type { AppLog, IngestOptions };

export interface IngestResult {
  inputs: LogInputRecord[];
  events: LogEvent[];
  /** Each file's kept requests answered 5xx (bounded per file), for their durations; not in `events`. */
  serverErrors: LogEvent[];
  signatureCounts: Record<string, number>;
  eventTypeCounts: Partial<Record<EventType, number>>;
  series: Map<number, MinuteRow>;
  /** Epoch minute → endpoint → [requests, 5xx]. */
  endpointMinutes: Map<number, Map<string, [number, number]>>;
  /** Epoch second → request target with its query → [requests, 5xx]: short captures only (else null). */
  targetSeconds: Map<number, Map<string, [number, number]>> | null;
  appLogs: AppLog[];
  /** Each log as its writer sees it (a rotated series is one), with its own per-minute requests. */
  sources: LogSource[];
  haproxyTerminations: Record<string, number>;
  socketStates: Record<string, number>;
  /** Masked line keys of every file (templates.ts), for "what is unusual". */
  templates: TemplateTally;
  /** Per template source (the miner's), the first and last line time of its files: the time it covers. */
  coverage: Map<string, [number, number]>;
  configTexts: TextFile[];
  /** Unclaimed small texts a config may include (survey-pass.ts). */
  includeTexts: TextFile[];
  assumptions: string[];
  problems: string[];
}

/** Below this many bytes of files on disk, worker threads cost more than they save. */
const POOL_MIN_BYTES = 16 * 1024 * 1024;

export async function ingest(opts: IngestOptions): Promise<IngestResult> {
  const problems: string[] = [];
  const onProblem = (p: InputProblem) =>
    problems.push(p.message.startsWith(p.path) ? p.message : `${p.path}: ${p.message}`);
  const hosts = new Hosts();
  const threads = opts.workers ?? availableParallelism();
  // The workers start while the survey goes on, as soon as there is enough on disk to be worth them.
  const startPool = { pool: undefined as ReadPool | undefined };
  const userFormats = (opts.userFormats ?? []).map(compileUser);
  const surveyed = await surveyInputs(
    opts.paths,
    hosts,
    onProblem,
    (bytes) => {
      if (!startPool.pool && threads > 0 && bytes >= POOL_MIN_BYTES) startPool.pool = new ReadPool(threads);
    },
    opts.limits,
    userFormats,
  );
  problems.push(...hosts.settle(opts));
  const pool = startPool.pool;
  const zoneOf = (host: string) => opts.tz ?? hosts.get(host).zone ?? 'UTC';
  const skews = sourceSkews(skewSources(surveyed.items, zoneOf));
  spreadSkews(skews, surveyed.items);
  const run: Run = { opts, hosts, pool, problems, bytes: 0, keeper: surveyed.keeper, skews };
  const files: ReadFile[] = [];
  try {
    for (const late of [false, true]) {
      const items = surveyed.items.filter((i) => i.late === late);
      if (items.length === 0) continue;
      if (late) for (const f of files) hosts.get(f.item.host).readBoots.push(...f.result.boots);
      files.push(...(await readAll(items, run)));
    }
    // The threads' memory is released before the results are assembled, so the two peaks do not add up.
    await pool?.close();
    run.pool = undefined;
    return assemble(files, surveyed, hosts, problems);
  } finally {
    await pool?.close();
    for (const i of surveyed.items) if (i.disk?.fd !== undefined) await closeFd(i.disk.fd).catch(() => {});
  }
}

interface Run {
  opts: IngestOptions;
  hosts: Hosts;
  pool: ReadPool | undefined;
  problems: string[];
  bytes: number;
  keeper: KeptStreams;
  /** Clock offsets of the sources that disagree with the proxy about the same requests, by path. */
  skews: Map<string, SourceSkew>;
}

/** Files on disk go to the pool (or are read here) while this thread reads the streams; results in input order. */
async function readAll(items: LogItem[], run: Run): Promise<ReadFile[]> {
  const disk = Promise.all(items.filter((i) => i.disk).map((i) => readItem(i, undefined, run)));
  // A stream the survey kept is replayed; the inputs are walked again (and decompressed again) only for the others.
  const streamed = items.filter((i) => !i.disk && !i.kept);
  const kept: ReadFile[] = [];
  for (const i of items) if (!i.disk && i.kept) kept.push(await readItem(i, undefined, run));
  const streams = streamed.length > 0 ? readWalking(run.opts, streamed, (i, e) => readItem(i, e, run)) : [];
  const done = new Map<LogItem, ReadFile>();
  for (const f of [...(await disk), ...kept, ...(await streams)]) done.set(f.item, f);
  return items.map((i) => done.get(i)).filter((f): f is ReadFile => f !== undefined);
}

/** Bundle members and .gz files are streams: the inputs are walked again and the wanted ones read in order. */
async function readWalking(
  opts: IngestOptions,
  items: LogItem[],
  read: (item: LogItem, entry: InputEntry) => Promise<ReadFile>,
): Promise<ReadFile[]> {
  const wanted = new Map(items.map((i) => [i.path, i]));
  const out: ReadFile[] = [];
  // Problems were reported by the survey's walk; the same budgets stop this walk no earlier than that one.
  for await (const entry of walkInputs(opts.paths, { ...opts.limits, onProblem: () => {} })) {
    const item = entry.kind === 'file' ? wanted.get(entry.path) : undefined;
    if (!item) continue;
    wanted.delete(entry.path);
    out.push(await read(item, entry));
  }
  return out;
}

async function readItem(item: LogItem, entry: InputEntry | undefined, run: Run): Promise<ReadFile> {
  const { opts, problems } = run;
  const clock = run.hosts.clockFor(item.host, opts, item.mtime, item.stamps);
  const skew = run.skews.get(item.path);
  if (skew) {
    clock.spec.skewMs = skew.offsetMs;
    clock.skew = skew;
  }
  const kit = kitFor(item.format);
  const spec: PieceSpec = {
    path: item.path,
    host: item.host || undefined,
    clock: clock.spec,
    offset: 0,
    first: true,
    from: opts.from,
    to: opts.to,
    salt: saltOf(item.path),
    untimedFile: !item.stamps.wall && !item.stamps.uptime,
    index: { keepText: item.disk?.fd === undefined },
    innerFormat: item.innerFormat,
    mineStride: mineStrideOf(item.disk?.size ?? entry?.size ?? item.kept?.size),
  };
  const onBytes = (n: number) => {
    run.bytes += n;
    opts.onProgress?.(run.bytes);
  };
  const ctx: EventContext = {
    format: kit.format,
    matcher: kit.matcher,
    signatures: kit.signatures,
    path: item.path,
    host: spec.host,
  };
  let got: { result: PieceResult; stats: ReadStats };
  if (item.disk) {
    got = await readDisk(item, spec, ctx, run.pool, opts.pieceBytes);
    onBytes(got.stats.bytes);
  } else if (item.kept) {
    const reader = new PieceReader(kit, spec);
    const stats = await readStream(reader, run.keeper.replay(item.kept), onBytes);
    item.kept = undefined;
    got = { result: reader.close(), stats };
  } else {
    const reader = new PieceReader(kit, spec);
    const e = entry as InputEntry;
    const swapped = item.identity && (e.identity?.dev !== item.identity.dev || e.identity?.ino !== item.identity.ino);
    const stats: ReadStats = swapped
      ? { bytes: 0, truncated: 0, firstTruncated: 0, error: ': changed during the run (now another file); skipped' }
      : await readStream(reader, e.open(), onBytes, item.framing);
    got = { result: reader.close(), stats };
  }
  const { stats } = got;
  item.input.bytes = stats.bytes;
  if (stats.error) {
    item.input.error = `${item.path}${stats.error}`;
    problems.push(item.input.error);
  }
  if (stats.truncated > 0)
    problems.push(
      `${item.path}:${stats.firstTruncated}: line longer than 64 KiB truncated${stats.truncated > 1 ? ` (${stats.truncated} lines)` : ''}`,
    );
  return { item, kit, spec, clock, result: got.result };
}

const isRestart = (e: LogEvent) => traitsOf(e).restart;

/** Bytes per mined line below warning level: a file of any size gives the miner about 25,000 of them. */
const MINE_BYTES = 4 * 1024 * 1024;

function mineStrideOf(size: number | undefined): number | undefined {
  return size === undefined ? undefined : Math.max(1, Math.ceil(size / MINE_BYTES));
}

/** Everything read, placed and merged into what the analysis takes. */
function assemble(
  files: ReadFile[],
  s: { inputs: LogInputRecord[]; configTexts: TextFile[]; includeTexts: TextFile[] },
  hosts: Hosts,
  problems: string[],
): IngestResult {
  for (const f of files) settleFile(f);
  // Who wrote each access log; a request the proxy and the app both logged is counted once (access-server.ts).
  const servers = attributeAccessServers(s.inputs);
  const counted = seenByProxy(s.inputs);
  const restarts = restartTimesOf(files);
  for (const f of files) placeUntimed(f, restarts, files);
  const total = newTally();
  const events: LogEvent[] = [];
  const serverErrors: LogEvent[] = [];
  const sources = new SourceBook();
  const coverage = new Map<string, [number, number]>();
  for (const f of files) {
    if (counted.has(f.item.input.path)) {
      dropRequests(f.result.tally);
      f.result.tally.targetSeconds?.clear();
    }
    sources.add(f.item.input, f.result.tally.series);
    mergeTally(total, f.result.tally, false);
    coverOf(coverage, f);
    // Counted into the total: the file's own per-minute counters are not read again.
    f.result.tally.series.clear();
    f.result.tally.templates.clear();
    f.result.tally.endpoints.clear();
    f.result.tally.targetSeconds?.clear();
    events.push(...fileEvents(f));
    if (!counted.has(f.item.input.path)) serverErrors.push(...fileServerErrors(f));
  }
  markServers(events, servers);
  events.sort((a, b) => a.time - b.time || a.path.localeCompare(b.path) || a.line - b.line);
  const once = dedupeEvents(events);
  subtractDropped(once.dropped, total.signatureCounts, total.eventTypeCounts as Partial<Record<EventType, number>>);
  events.length = 0;
  events.push(...once.events);
  const appLogs: AppLog[] = [];
  for (const f of files) {
    const log = appLogOf(f, events, isRestart, (from, to) => readBack(f, from, to));
    if (log) appLogs.push(log);
  }
  for (const f of files) assumptionsOf(f, hosts);
  sources.markSeries(s.inputs);
  const inputs = s.inputs;
  return {
    inputs,
    events,
    serverErrors,
    signatureCounts: total.signatureCounts,
    eventTypeCounts: total.eventTypeCounts as Partial<Record<EventType, number>>,
    series: total.series,
    endpointMinutes: total.endpoints,
    targetSeconds: total.targetSeconds,
    appLogs,
    sources: sources.all(),
    haproxyTerminations: total.tallies.haproxyTerminations,
    socketStates: total.tallies.socketStates,
    templates: total.templates,
    coverage,
    configTexts: s.configTexts,
    includeTexts: s.includeTexts,
    assumptions: assumptionLines(inputs),
    problems,
  };
}

/** One line per input's time assumption; a rotated series whose pieces share it says it once, for the series. */
function assumptionLines(inputs: LogInputRecord[]): string[] {
  const out: string[] = [];
  const said = new Set<string>();
  const bySeries = new Map<string, LogInputRecord[]>();
  for (const i of inputs) {
    if (!i.series) continue;
    const have = bySeries.get(i.series);
    if (have) have.push(i);
    else bySeries.set(i.series, [i]);
  }
  for (const i of inputs) {
    if (!i.assumption) continue;
    const pieces = (i.series && bySeries.get(i.series)) || [];
    if (pieces.length > 1 && pieces.every((j) => j.assumption === i.assumption)) {
      const key = `${i.series}\n${i.assumption}`;
      if (!said.has(key)) out.push(`${i.series} (rotated series, ${pieces.length} files): ${i.assumption}`);
      said.add(key);
    } else out.push(`${i.path}: ${i.assumption}`);
  }
  return out;
}

/** Widens the coverage of the file's template source by the file's first and last line. */
function coverOf(coverage: Map<string, [number, number]>, f: ReadFile): void {
  const { firstTime, lastTime } = f.item.input;
  if (firstTime === undefined || lastTime === undefined) return;
  const source = f.kit.format.behaviour.process(f.item.path).source;
  const have = coverage.get(source);
  if (!have) coverage.set(source, [firstTime, lastTime]);
  else {
    have[0] = Math.min(have[0], firstTime);
    have[1] = Math.max(have[1], lastTime);
  }
}

/** A line of a file on disk, read back through its held descriptor. */
function readBack(f: ReadFile, from: number, to: number): string {
  const fd = f.item.disk?.fd;
  if (fd === undefined) return '';
  return preadAt(fd, from, Math.max(0, to - from)).toString('utf8');
}

export type { ClockChoice };
