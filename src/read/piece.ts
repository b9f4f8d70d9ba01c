// Reads one piece of one log file (the whole file, or a byte range of a large one) line by line: the format's
// Buffer scanner and the prefilter decide which lines are parsed at all; the clock places them; records join
// continuation lines; notable records are counted and offered to the bounded sketches; requests feed the
// per-minute series; the application's lines are indexed for "what preceded each restart". No state outside
// this object: pieces run on any thread, in any order, and merge to the same result.
import {
  type FastScan,
  type LineFacts,
  NOT_MINE,
  newFacts,
  RECORD,
  resetFacts,
  UNSURE,
} from '../formats/log/scan-types.js';
import type { LogFormat, SegmentStarts } from '../formats/log/types.js';
import type { Level, LogFormatId, ParsedLine, TimeBasis } from '../model/event.js';
import type { Matcher, SignatureMatch } from '../signatures/match.js';
import type { Prefilter } from '../signatures/prefilter.js';
import { isRestartType, traitsOfType } from '../signatures/traits.js';
import type { Signature } from '../signatures/types.js';
import { countClientBytes, countClientString, newClientMinute } from './clients.js';
import { Clock, type ClockFlags, type ClockSpec } from './clock.js';
import { type EndpointNamer, newEndpointNamer, requestTarget } from './endpoints.js';
import { readLine } from './inner.js';
import { newRunIndex, PrecedingIndex, type RunIndex } from './preceding.js';
import {
  buildEvent,
  cutFirstLine,
  type EventContext,
  isWrapper,
  joinContinuation,
  maxLevel,
  type PendingRecord,
  RECORD_MAX_CHARS,
  SEVERITY_LEVEL,
} from './records.js';
import { offer, rankOf, SERVER_ERRORS } from './retention.js';
import { bootUptime } from './survey.js';
import {
  countRequest,
  countTarget,
  ERROR_RANK,
  LEVEL_RANK,
  newTally,
  rowAt,
  sketchFor,
  type TallyData,
} from './tally.js';
import { countKey, MaskCache, type MinedFacts } from './templates.js';

const LEVELS: Level[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical'];

export interface PieceSpec {
  path: string;
  host?: string;
  clock: ClockSpec;
  /** Byte offset of the piece's first line in its file (0 for streams). */
  offset: number;
  /** The piece starts the file: a leading continuation line is a record of its own. */
  first: boolean;
  from?: number;
  to?: number;
  /** Sample salt of the file. */
  salt: number;
  /** The survey found no stamp: untimed records are placed by lifetime (aligned with restarts later). */
  untimedFile: boolean;
  /** The format of the inner lines of a wrapper file (journal export, container log), as the survey found it. */
  innerFormat?: LogFormatId;
  /** Index the application's lines (text kept, for streams that cannot be read again). */
  index?: { keepText: boolean; maxRuns?: number };
  /** One in this many lines below warning level is mined for templates (undefined: a stream, see SAMPLE_STEP). */
  mineStride?: number;
}

/** The format's machinery, built once per format and thread. */
export interface FormatKit {
  format: LogFormat;
  matcher: Matcher;
  prefilter: Prefilter;
  signatures: ReadonlyMap<string, Signature>;
  scan?: FastScan;
  /**
   * Set when a line its scanner read needs no parse on the hot path, even when a needle hits it: the format wraps
   * no other program's lines and tallies nothing from a parse. A needle hit (PostgreSQL's every `duration:` line
   * for the slow-statement signature, cron's every run) then costs a match, not a parse. `hints`: the format's
   * own notable literals, whose lines are always parsed.
   */
  matchFirst?: { hints: Prefilter };
}

export interface RestartSeen {
  app: string;
  time: number;
}

/** Continuation lines at the start of a piece: joined to the previous piece's open record, if it has one. */
export interface Leading {
  lines: { text: string; match?: string }[];
  /** What they make when the previous piece has no open record: a record of their own. */
  record?: PendingRecord;
}

export interface PieceFlags extends ClockFlags {
  inferred: boolean;
  uptime: boolean;
}

export interface PieceResult {
  lines: number;
  skipped: number;
  /** Lines placed inside the --from/--to window (all placed lines without one). */
  inWindow: number;
  firstTime: number;
  lastTime: number;
  /** Time of the first and last line with a stamp, for placing the next piece's leading lines. */
  firstTimed: number;
  lastTimed: number;
  tally: TallyData;
  leading?: Leading;
  /** A line of the piece started a record of its own (its leading lines, if any, ended there). */
  ownRecords: boolean;
  open?: PendingRecord;
  restarts: RestartSeen[];
  /** Counts of records before the piece's first stamp, and the series source they count under. */
  pending: PendingCounts;
  source: string;
  /** Boot times (UTC ms) its kernel lines tell. */
  boots: number[];
  /** Formats of the wrapped lines read (journal exports, container logs). */
  inner: string[];
  runs: RunIndex;
  indexFull: boolean;
  flags: PieceFlags;
}

const MAX_RESTARTS = 10_000;
const MAX_LEADING = 1_000;
const MAX_BOOTS = 1_000;
const MAX_INNER = 64;
/**
 * Lines below warning level of a stream whose size is unknown (a .gz): the first SAMPLE_STEP are mined, then the
 * stride doubles every SAMPLE_STEP sampled lines, so a piece mines about SAMPLE_STEP × log2(lines / SAMPLE_STEP).
 * A file of known size is sampled at one stride throughout (PieceSpec.mineStride): a uniform sample.
 */
const SAMPLE_STEP = 20_000;
const WARNING_RANK = 3;

export class PieceReader {
  private readonly facts: LineFacts = newFacts();
  private readonly clock: Clock;
  private readonly tally: TallyData = newTally();
  private readonly ctx: EventContext;
  private readonly source: string;
  private readonly app: string | undefined;
  private readonly segments: SegmentStarts | undefined;
  private readonly index: PrecedingIndex | undefined;
  private readonly endpoints: EndpointNamer = newEndpointNamer();
  private readonly flags: PieceFlags;
  private readonly restarts: RestartSeen[] = [];
  private readonly boots: number[] = [];
  private readonly inner = new Set<string>();
  private readonly pending: PendingCounts = { errors: 0, restarts: 0 };
  private lineNo = 0;
  private skipped = 0;
  private placedInWindow = 0;
  private firstTime = Number.POSITIVE_INFINITY;
  private lastTime = Number.NEGATIVE_INFINITY;
  private firstTimed = Number.NaN;
  private lastTimed = Number.NaN;
  private prevUptime = Number.POSITIVE_INFINITY;
  private bootIndex = -1;
  private segment = -1;
  private record: PendingRecord | undefined;
  /** Until the piece's first record, continuation lines are leading (pieces after the first only). */
  private leading: Leading | undefined;
  /** The piece's first record has started: no line after it is leading. */
  private leadingDone = false;
  /** The line being read, and its text once decoded (no object or closure per line). */
  private readonly cur: { buf: Buffer; start: number; end: number; text: string | undefined } = {
    buf: Buffer.alloc(0),
    start: 0,
    end: 0,
    text: undefined,
  };
  private readonly textOfLine = () => this.lineText();
  private readonly placed: Placed = { time: Number.NaN, basis: 'inferred', slot: undefined };

  constructor(
    private readonly kit: FormatKit,
    private readonly spec: PieceSpec,
  ) {
    this.clock = new Clock(spec.clock);
    this.flags = { ...this.clock.flags, inferred: false, uptime: false };
    this.ctx = {
      format: kit.format,
      matcher: kit.matcher,
      signatures: kit.signatures,
      path: spec.path,
      host: spec.host,
      innerFormat: spec.innerFormat,
    };
    const who = kit.format.behaviour.process(spec.path);
    this.source = who.source;
    this.app = who.app;
    this.segments = spec.untimedFile ? kit.format.behaviour.segments?.(spec.path) : undefined;
    this.index =
      spec.index && who.app !== undefined ? new PrecedingIndex(spec.index.keepText, spec.index.maxRuns) : undefined;
    if (!spec.first) this.leading = { lines: [] };
    this.sampling = { left: 1, stride: spec.mineStride ?? 1, taken: 0 };
    this.mined = {
      time: 0,
      level: 0,
      known: false,
      weight: 1,
      path: spec.path,
      line: 0,
      source: this.source,
      format: kit.format.id,
    };
  }

  /** One line, buf[start, end) without its terminator, at byte `offset` of the file. */
  line(buf: Buffer, start: number, end: number, offset: number): void {
    this.lineNo++;
    if (end === start) return;
    const f = this.facts;
    resetFacts(f);
    const kit = this.kit;
    let verdict = kit.scan ? kit.scan(buf, start, end, f) : UNSURE;
    let parsed: ParsedLine | null = null;
    let match: SignatureMatch | null = null;
    const hit = kit.prefilter.any(buf, start, end);
    const cur = this.cur;
    cur.buf = buf;
    cur.start = start;
    cur.end = end;
    cur.text = undefined;
    if (
      hit &&
      kit.matchFirst &&
      verdict !== UNSURE &&
      verdict !== NOT_MINE &&
      !kit.matchFirst.hints.any(buf, start, end)
    ) {
      // The scanner's facts are the parse's (fast-scan.test.ts): only the signatures need the text. The line's
      // fields are parsed when its event is built, for the few lines retention keeps.
      cur.text = buf.toString('utf8', start, end);
      match = kit.matcher.match(kit.format.id, cur.text);
    } else if (verdict === UNSURE || hit) {
      cur.text = buf.toString('utf8', start, end);
      const read = readLine(kit.format, kit.matcher, cur.text, hit, this.spec.innerFormat);
      parsed = read.parsed;
      if (!parsed) {
        this.skipped++;
        return;
      }
      if (parsed.inner && this.inner.size < MAX_INNER) this.inner.add(read.formatId);
      factsOf(parsed, f);
      verdict = parsed.continuation ? 2 : RECORD;
      match = read.match;
    } else if (verdict === NOT_MINE) {
      this.skipped++;
      return;
    }
    if (this.segments?.(this.lineText())) this.segment++;
    const placed = this.place(f, parsed);
    const lineEnd = offset + end - start;
    if (verdict !== RECORD && this.record) {
      joinContinuation(this.record, this.lineText(), match?.signature);
      this.index?.add(placed.time, placed.slot, this.lineNo, offset, lineEnd, this.textOfLine);
      return;
    }
    if (verdict !== RECORD && this.leading && !this.leadingDone) {
      this.lead(this.lineText(), match, parsed, placed, offset);
      this.index?.add(placed.time, placed.slot, this.lineNo, offset, lineEnd, this.textOfLine);
      return;
    }
    this.flush();
    this.leadingDone = true;
    this.index?.add(placed.time, placed.slot, this.lineNo, offset, lineEnd, this.textOfLine);
    this.startRecord(buf, offset, placed, parsed, match);
  }

  /** The current line's text, decoded once and only when something needs it. */
  private lineText(): string {
    const cur = this.cur;
    cur.text ??= cur.buf.toString('utf8', cur.start, cur.end);
    return cur.text;
  }

  /** Where the line goes in time: its own stamp, its boot's uptime, or its neighbours (one object, reused). */
  private place(f: LineFacts, parsed: ParsedLine | null): Placed {
    const placed = this.placed;
    placed.time = Number.NaN;
    placed.basis = 'inferred';
    placed.slot = undefined;
    if (!Number.isNaN(f.month)) {
      const yday = parsed?.fields?.haproxyYday;
      placed.time =
        yday !== undefined && Number.isNaN(f.year) ? this.clock.placeYday(f, Number(yday)) : this.clock.place(f);
      placed.basis = this.clock.basis;
      this.timed(placed.time);
      if (parsed) this.bootOf(parsed, placed.time);
      return placed;
    }
    if (!Number.isNaN(f.uptime)) {
      if (f.uptime < this.prevUptime || parsed?.fields?.boot) this.bootIndex++;
      this.prevUptime = f.uptime;
      placed.time = this.clock.uptime(this.bootIndex, f.uptime);
      this.flags.uptime = true;
      if (Number.isFinite(placed.time)) this.span(placed.time);
      return placed;
    }
    this.flags.inferred = true;
    if (Number.isFinite(this.lastTimed)) placed.time = this.lastTimed;
    else placed.slot = this.segments ? Math.max(0, this.segment) : -1;
    return placed;
  }

  /** A kernel line with both a wall-clock time and its uptime stamp tells when the host booted. */
  private bootOf(p: ParsedLine, time: number): void {
    const up = bootUptime(p);
    if (up === undefined || !Number.isFinite(time)) return;
    if (this.boots.length < MAX_BOOTS) this.boots.push(time - up * 1000);
  }

  private timed(t: number): void {
    if (!Number.isFinite(t)) return;
    if (Number.isNaN(this.firstTimed)) this.firstTimed = t;
    this.lastTimed = t;
    this.span(t);
  }

  private span(t: number): void {
    if (this.inWindow(t)) this.placedInWindow++;
    if (t < this.firstTime) this.firstTime = t;
    if (t > this.lastTime) this.lastTime = t;
  }

  /** A continuation line before the piece's first record. */
  private lead(text: string, match: SignatureMatch | null, parsed: ParsedLine | null, placed: Placed, offset: number) {
    const leading = this.leading as Leading;
    if (leading.lines.length < MAX_LEADING) leading.lines.push({ text, match: match?.signature.id });
    if (leading.record) {
      joinContinuation(leading.record, text, match?.signature);
      return;
    }
    const level = this.levelOf(parsed, match);
    if (match || LEVEL_RANK[level] >= ERROR_RANK || parsed?.fields?.boot)
      leading.record = this.newRecord(text, offset, placed, level, match);
  }

  private levelOf(parsed: ParsedLine | null, match: SignatureMatch | null): Level {
    const f = this.facts;
    const status = parsed ? parsed.request?.status : f.status >= 0 ? f.status : undefined;
    let level: Level = parsed
      ? (parsed.level ?? (status && status >= 500 ? 'warning' : 'info'))
      : f.level >= 0
        ? LEVELS[f.level]
        : status && status >= 500
          ? 'warning'
          : 'info';
    if (match) level = maxLevel(level, SEVERITY_LEVEL[match.signature.severity]);
    return level;
  }

  private newRecord(
    text: string,
    offset: number,
    placed: Placed,
    level: Level,
    match: SignatureMatch | null,
  ): PendingRecord {
    const first = cutFirstLine(text);
    return {
      offset,
      line: this.lineNo,
      time: placed.time,
      basis: placed.basis,
      slot: placed.slot,
      level,
      signature: match?.signature.id,
      wrapper: match ? isWrapper(match.signature) : false,
      firstLine: first,
      text: first,
      lines: 1,
    };
  }

  private startRecord(
    buf: Buffer,
    offset: number,
    placed: Placed,
    parsed: ParsedLine | null,
    match: SignatureMatch | null,
  ): void {
    this.countRequestLine(buf, parsed, placed.time);
    const tally = parsed ? this.kit.format.behaviour.tally?.(parsed) : undefined;
    if (tally) this.tally.tallies[tally[0]][tally[1]] = (this.tally.tallies[tally[0]][tally[1]] ?? 0) + 1;
    const level = this.levelOf(parsed, match);
    this.mine(parsed, level, match, placed.time);
    // Below error level only boot lines and, in request formats, the requests answered 5xx (warning) make records.
    if (!match && LEVEL_RANK[level] < ERROR_RANK && !parsed?.fields?.boot) {
      if (level !== 'warning' || !this.kit.format.behaviour.requests) return;
    }
    this.record = this.newRecord(this.lineText(), offset, placed, level, match);
    this.recordParsed = parsed;
  }

  /** Sampling state of the lines below warning level (a countdown: no work on lines it skips). */
  private readonly sampling: { left: number; stride: number; taken: number };
  private readonly masks = new MaskCache();
  /** The facts of the line being mined (one object, reused) and its text, decoded only when needed. */
  private readonly mined: MinedFacts;
  private readonly minedText = () => cutFirstLine(this.lineText());

  /**
   * Offers a record's first line to the template miner: every line at warning level or above, and a bounded
   * uniform sample of the rest, each sampled line standing for `stride` lines. Requests are left out: the
   * per-minute status and endpoint counts describe them.
   */
  private mine(parsed: ParsedLine | null, level: Level, match: SignatureMatch | null, time: number): void {
    if (this.kit.format.behaviour.requests && (parsed ? parsed.request?.status !== undefined : this.facts.status >= 0))
      return;
    const rank = LEVEL_RANK[level];
    let weight = 1;
    if (rank < WARNING_RANK && match === null) {
      const s = this.sampling;
      if (--s.left > 0) return;
      weight = s.stride;
      if (this.spec.mineStride === undefined && ++s.taken % SAMPLE_STEP === 0) s.stride *= 2;
      s.left = s.stride;
    }
    // Only lines with a stamp of their own: a line placed by its neighbours has no minute a piece can know (the
    // stamp above it may lie in the piece before), and may be a continuation when a piece starts with it.
    if (Number.isNaN(this.facts.month) && Number.isNaN(this.facts.uptime)) return;
    if (!Number.isFinite(time) || !this.inWindow(time)) return;
    const m = this.mined;
    m.time = time;
    m.level = rank;
    m.known = match !== null;
    m.weight = weight;
    m.line = this.lineNo;
    countKey(this.tally.templates, this.keyOfLine(), m, this.minedText);
  }

  /** The mined line's template key: from the bytes when its skeleton is cached (no string is decoded). */
  private keyOfLine(): string {
    const cur = this.cur;
    // A line longer than RECORD_MAX_CHARS bytes may be cut (and redacted) before it is masked: the string path.
    if (cur.end - cur.start <= RECORD_MAX_CHARS) {
      const key = this.masks.keyOfBytes(cur.buf, cur.start, cur.end, this.minedText);
      if (key !== undefined) return key;
    }
    return this.masks.mask(this.minedText());
  }

  /** The first line's parse of the open record, when the hot path made one (saves parsing it again). */
  private recordParsed: ParsedLine | null = null;

  private inWindow(t: number): boolean {
    return !(this.spec.from !== undefined && t < this.spec.from) && !(this.spec.to !== undefined && t > this.spec.to);
  }

  /** Only access-style lines (with a status) are requests; an error line's `request:` is context. */
  private countRequestLine(buf: Buffer, parsed: ParsedLine | null, time: number): void {
    if (!this.kit.format.behaviour.requests || !Number.isFinite(time) || !this.inWindow(time)) return;
    const f = this.facts;
    if (parsed) {
      const req = parsed.request;
      if (req?.status === undefined) return;
      const ep = req.path ? this.endpoints.ofStrings(req.method ?? '-', req.path) : undefined;
      const row = countRequest(this.tally, time, req.status, req.duration ?? Number.NaN, ep);
      if (req.client) countClientString((row.clients ??= newClientMinute()), req.client);
      if (req.path && this.tally.targetSeconds)
        countTarget(this.tally, time, req.status, requestTarget(req.method ?? '-', req.path));
      if (req.termination) this.term(req.termination);
      return;
    }
    if (f.status < 0) return;
    const ep = f.pathEnd > f.pathStart ? this.endpoints.ofBytes(buf, f) : undefined;
    const row = countRequest(this.tally, time, f.status, f.duration, ep);
    if (f.clientEnd > f.clientStart)
      countClientBytes((row.clients ??= newClientMinute()), buf, f.clientStart, f.clientEnd);
    // Short captures only (targetSeconds turns null past 15 minutes of seconds): a string per request is affordable.
    if (ep !== undefined && this.tally.targetSeconds) {
      const method = buf.toString('utf8', f.methodStart, f.methodEnd) || '-';
      countTarget(this.tally, time, f.status, requestTarget(method, buf.toString('utf8', f.pathStart, f.pathEnd)));
    }
    if (f.termEnd > f.termStart) this.term(buf.toString('latin1', f.termStart, f.termEnd));
  }

  private term(state: string): void {
    const t = this.tally.tallies.haproxyTerminations;
    t[state] = (t[state] ?? 0) + 1;
  }

  private flush(): void {
    const r = this.record;
    if (!r) return;
    this.record = undefined;
    const parsed = this.recordParsed;
    this.recordParsed = null;
    keepRecord(this.tally, this.ctx, r, {
      source: this.source,
      salt: this.spec.salt,
      from: this.spec.from,
      to: this.spec.to,
      restarts: this.restarts,
      pending: this.pending,
      parsed,
    });
  }

  /** The result of a piece read alone (a whole file): its last record is complete. */
  close(): PieceResult {
    this.flush();
    return this.finish();
  }

  finish(): PieceResult {
    const open = this.record;
    this.record = undefined;
    // The piece's last record is complete only when the next piece's leading lines are known: the merger
    // flushes it.
    return {
      lines: this.lineNo,
      skipped: this.skipped,
      inWindow: this.placedInWindow,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      firstTimed: this.firstTimed,
      lastTimed: this.lastTimed,
      tally: this.tally,
      leading: this.leading,
      ownRecords: this.leadingDone,
      open,
      restarts: this.restarts,
      boots: this.boots,
      inner: [...this.inner],
      pending: this.pending,
      source: this.source,
      runs: this.index?.result() ?? newRunIndex(),
      indexFull: this.index?.full ?? false,
      flags: { ...this.flags, ...this.clock.flags },
    };
  }
}

interface Placed {
  time: number;
  basis: TimeBasis;
  slot: number | undefined;
}

export interface KeepOptions {
  source: string;
  salt: number;
  from?: number;
  to?: number;
  restarts: RestartSeen[];
  pending: PendingCounts;
  parsed?: ParsedLine | null;
}

/** Error lines and restarts before a piece's first stamp (placed there by the merge). */
export interface PendingCounts {
  errors: number;
  restarts: number;
}

/** Counts a finished record and offers it to its sketch (the record's kind: its signature, or its error level). */
export function keepRecord(tally: TallyData, ctx: EventContext, r: PendingRecord, o: KeepOptions): void {
  const time = r.time;
  if (o.from !== undefined && time < o.from) return;
  if (o.to !== undefined && time > o.to) return;
  const sig = r.signature ? ctx.signatures.get(r.signature) : undefined;
  const restart = sig !== undefined && isRestartType(sig.event);
  if (sig) {
    tally.signatureCounts[sig.id] = (tally.signatureCounts[sig.id] ?? 0) + 1;
    tally.eventTypeCounts[sig.event] = (tally.eventTypeCounts[sig.event] ?? 0) + 1;
  }
  if (!Number.isFinite(time) && r.slot === -1) {
    // Before the piece's first stamp: counted at the stamp that places it, once the merge knows it.
    if (LEVEL_RANK[r.level] >= ERROR_RANK) o.pending.errors++;
    if (restart) o.pending.restarts++;
  } else if (Number.isFinite(time)) {
    if (LEVEL_RANK[r.level] >= ERROR_RANK) {
      const row = rowAt(tally.series, time);
      row.errors[o.source] = (row.errors[o.source] ?? 0) + 1;
      if (restart) row.restarts++;
    } else if (restart) rowAt(tally.series, time).restarts++;
  }
  if (!sig && LEVEL_RANK[r.level] < ERROR_RANK) {
    // A request answered 5xx is a warning record of a request format: kept apart, bounded like the others, for the
    // durations at a configured timeout (analysis/timeout-durations.ts). Other warnings are only counted.
    if (r.level === 'warning' && ctx.format.behaviour.requests)
      offer(sketchFor(tally, SERVER_ERRORS), {
        offset: r.offset,
        hash: rankOf(r.offset, o.salt),
        event: () => buildEvent(ctx, r, o.parsed),
        record: r,
      });
    return;
  }
  let event: ReturnType<typeof buildEvent> | undefined;
  const build = () => (event ??= buildEvent(ctx, r, o.parsed));
  const key = sig ? sig.id : `level:${r.level}`;
  offer(sketchFor(tally, key), {
    offset: r.offset,
    hash: rankOf(r.offset, o.salt),
    event: build,
    record: r,
  });
  if (sig && traitsOfType(sig.event).restart && o.restarts.length < MAX_RESTARTS) {
    const app = build().fields?.app;
    o.restarts.push({ app: app === undefined ? '' : String(app), time });
  }
}

/** The facts a string parse gives, for the lines the hot path sent to `parse`. */
function factsOf(p: ParsedLine, f: LineFacts): void {
  const ts = p.ts;
  if (ts) {
    f.year = ts.year ?? Number.NaN;
    f.month = ts.month;
    f.day = ts.day;
    f.hour = ts.hour;
    f.minute = ts.minute;
    f.second = ts.second;
    f.ms = ts.ms ?? 0;
    f.offset = ts.offsetMinutes ?? Number.NaN;
  } else f.month = Number.NaN;
  f.uptime = p.uptime ?? Number.NaN;
  f.level = p.level ? LEVEL_RANK[p.level] : -1;
  f.status = p.request?.status ?? -1;
}
