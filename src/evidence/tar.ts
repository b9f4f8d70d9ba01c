// Streams the entries of a .tar / .tar.gz / .tgz bundle, in memory, one at a time, without extracting
// anything. A bundle is untrusted: escaping or absolute names and device entries are refused, links are
// listed and never resolved, expanded bytes are capped, and a corrupt or cut archive stops this bundle only.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { type Codec, codecOfMagic, codecOfName, decode } from './codecs.js';
import {
  boundedStream,
  CHUNK_BYTES,
  capMessage,
  describeReadError,
  type ExpansionBudget,
  InputStreamError,
  type MemberBudget,
  printable,
  RATIO_GRACE_BYTES,
  ratioMessage,
  runCapMessage,
} from './gzip.js';
import { Layout } from './layout.js';
import type { InputEntry, InputProblem } from './types.js';

export interface BundleOptions {
  /** Display path of the bundle file, for messages. */
  label: string;
  /** Display prefix of its entries ('' when it is the only input named). */
  prefix: string;
  /** Host name when several inputs are named and this bundle is one host's root. */
  namedHost?: string;
  /** Expanded bytes of the whole run (shared with the other inputs). */
  budget: ExpansionBudget;
  /** Entries of the whole run. */
  members: MemberBudget;
  maxEntryBytes: number;
  maxNameBytes: number;
  maxRatio: number;
  onProblem: (p: InputProblem) => void;
}

/** The suffixes of a tarball, compressed or not (`.tar.gz`, `.tgz`, `.tar.bz2`, `.tbz2`, `.tar.xz`, `.txz`, `.tar.zst`…). */
export const BUNDLE_SUFFIX = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/;

/** `.gz`, `.bz2`, `.xz`, `.zst` members are decompressed on read; nested tarballs stay opaque files. */
export function memberCodec(name: string): Codec | undefined {
  // Most members end in `.log`, `.conf`, `.1`: one look at the last suffix before any pattern.
  if (!COMPRESSED_LAST.has(name.slice(name.lastIndexOf('.')))) return undefined;
  return isBundleName(name) ? undefined : codecOfName(name);
}

const COMPRESSED_LAST: ReadonlySet<string> = new Set(['.gz', '.bz2', '.xz', '.zst']);

/** Kept for the callers of the gzip-only version. */
export function isGzipMember(name: string): boolean {
  return memberCodec(name) === 'gzip';
}

export function isBundleName(name: string): boolean {
  return BUNDLE_SUFFIX.test(name);
}

type SafeName = { ok: true; rel: string } | { ok: false; reason: string } | { ok: true; rel: '' };

/** A member name as a relative path inside the bundle, or why it is refused. */
export function safeMemberName(raw: string): SafeName {
  if (/^([/\\]|[A-Za-z]:)/.test(raw)) return { ok: false, reason: 'absolute path' };
  if (raw.split(/[/\\]/).includes('..')) return { ok: false, reason: 'path leaves the bundle (..)' };
  return {
    ok: true,
    rel: raw
      .split('/')
      .filter((p) => p !== '' && p !== '.')
      .join('/'),
  };
}

async function compressionOf(file: string): Promise<Codec | undefined> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await fh.read(head, 0, 6, 0);
    return codecOfMagic(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** The tar bytes of the bundle, decompressed by content (not name), and how many bytes of the file were read. */
function tarBytes(file: string, codec: Codec | undefined): { bytes: Readable; raw: () => number } {
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  let read = 0;
  raw.on('data', (c) => {
    read += c.length;
  });
  if (!codec) return { bytes: raw, raw: () => read };
  const out = decode(codec, raw);
  out.on('close', () => raw.destroy());
  return { bytes: out, raw: () => read };
}

function newParser(): Parser {
  // We gunzip ourselves (to cap expansion exactly); the parser must not sniff other compressions.
  return new Parser({ strict: false, zstd: false, brotli: false });
}

/** A corrupt archive stops the bundle; a single malformed header (e.g. a link without target) does not. */
function isFatalTarWarning(code: string, message: string): boolean {
  return code !== 'TAR_ENTRY_INVALID' || /checksum/.test(message);
}

/** Why a member name is refused before anything else: past the name cap (30,000 names of 100 KB were 3 GB). */
export function nameTooLong(raw: string, max: number): string | undefined {
  // A UTF-16 unit is at most 3 bytes of UTF-8: short names need no count.
  if (raw.length * 3 <= max) return undefined;
  return Buffer.byteLength(raw) > max ? `name longer than ${max} bytes` : undefined;
}

/**
 * First pass: the member names, to decide where the host roots are before the first entry is yielded. Only the
 * folder tree is kept; bodies are skipped; the pass stops quietly at the caps or at corruption (the second pass
 * reports them).
 */
async function planMembers(file: string, codec: Codec | undefined, o: BundleOptions): Promise<Layout> {
  const planner = Layout.planner();
  const parser = newParser();
  let stop = false;
  let members = o.members.used;
  parser.filter = (_path, entry) => {
    const e = entry as ReadEntry;
    if (++members > o.members.cap) stop = true;
    const safe = nameTooLong(e.path, o.maxNameBytes) ? undefined : safeMemberName(e.path);
    if (!stop && safe?.ok && safe.rel) planner.add(safe.rel, e.type === 'Directory' || e.type === 'GNUDumpDir');
    return false;
  };
  parser.on('warn', (code: string, message: string) => {
    if (isFatalTarWarning(code, message)) stop = true;
  });
  parser.on('error', () => {
    stop = true;
  });
  const { bytes, raw } = tarBytes(file, codec);
  let used = o.budget.used;
  try {
    for await (const chunk of bytes) {
      const fit = Math.min(chunk.length, o.budget.cap - used);
      used += fit;
      parser.write(fit < chunk.length ? chunk.subarray(0, fit) : chunk);
      if (stop || fit < chunk.length || overRatio(used - o.budget.used, raw(), codec, o.maxRatio)) break;
    }
  } catch {
    // Cut or corrupt: the names seen so far still place the entries before the cut.
  } finally {
    bytes.destroy();
  }
  return planner.done(o.prefix, o.namedHost);
}

function overRatio(out: number, input: number, codec: Codec | undefined, max: number): boolean {
  return codec !== undefined && out > RATIO_GRACE_BYTES && out > max * input;
}

/** The consumer's raw view of one member: backpressure through pause/resume, detachable by the walk. */
class MemberStream extends Readable {
  private attached = false;
  private released = false;
  private delivered = 0;

  constructor(
    private readonly entry: ReadEntry,
    private readonly label: string,
    private readonly cap: number,
    private readonly failure: () => InputStreamError | undefined,
    private readonly onProblem: (p: InputProblem) => void,
  ) {
    super({ highWaterMark: CHUNK_BYTES });
  }

  override _read(): void {
    if (this.released) return;
    if (this.entry.emittedEnd) {
      // An empty member has ended before anyone listened.
      this.onEnd();
      return;
    }
    if (!this.attached) {
      this.attached = true;
      this.entry.on('data', this.onData);
      this.entry.on('end', this.onEnd);
    }
    this.entry.resume();
  }

  private readonly onData = (chunk: Buffer): void => {
    const fit = Math.min(chunk.length, this.cap - this.delivered);
    this.delivered += fit;
    if (fit < chunk.length) {
      if (fit > 0) this.push(chunk.subarray(0, fit));
      const message = capMessage(this.cap, this.label);
      this.onProblem({ path: this.label, message });
      this.release(new InputStreamError(message));
      return;
    }
    if (!this.push(chunk)) this.entry.pause();
  };

  private readonly onEnd = (): void => {
    // The parser ends a member early when the bundle was cut or stopped: that member is incomplete.
    const cut = this.entry.remain > 0 ? this.failure() : undefined;
    this.detach();
    if (cut) this.destroy(cut);
    else this.push(null);
  };

  private detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.entry.off('data', this.onData);
    this.entry.off('end', this.onEnd);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.detach();
    callback(err);
  }

  /** Stops delivering; the walk drains what is left of the member. */
  release(err?: Error): void {
    if (this.released) return;
    this.released = true;
    this.detach();
    if (!this.destroyed) this.destroy(err);
  }
}

export async function* walkBundle(file: string, o: BundleOptions): AsyncGenerator<InputEntry> {
  let codec: Codec | undefined;
  try {
    codec = await compressionOf(file);
  } catch (err) {
    o.onProblem({ path: o.label, message: describeReadError(err, o.label, 0, false) });
    return;
  }
  const layout = await planMembers(file, codec, o);
  yield* new BundleWalk(file, codec, layout, o).entries();
}

/**
 * One pass over a bundle: a pump feeds the decompressed bytes to the tar parser (with backpressure: the parser
 * waits while the current member is not being read), and the walk hands out one member at a time.
 */
class BundleWalk {
  private failure: InputStreamError | undefined;
  private halted = false;
  private parserEnded = false;
  private readonly pending: (ReadEntry | { ignored: ReadEntry })[] = [];
  private wakeWalk: (() => void) | undefined;
  private wakePump: (() => void) | undefined;
  private readonly parser = newParser();
  /**
   * Members whose header comes after a failure are not listed; those before it (complete, or the one being cut)
   * are. The filter runs when a header is parsed, so it tells the two apart.
   */
  private readonly afterFailure = new WeakSet<ReadEntry>();
  private current: { entry: ReadEntry; streams: Readable[]; live: boolean } | undefined;

  constructor(
    private readonly file: string,
    private readonly codec: Codec | undefined,
    private readonly layout: Layout,
    private readonly o: BundleOptions,
  ) {
    this.listen();
  }

  private nudgeWalk(): void {
    const w = this.wakeWalk;
    this.wakeWalk = undefined;
    w?.();
  }

  private nudgePump(): void {
    const w = this.wakePump;
    this.wakePump = undefined;
    w?.();
  }

  private fail(message: string): void {
    if (this.failure) return;
    this.o.onProblem({ path: this.o.label, message });
    this.stop(message);
  }

  /** Stops the bundle with a message already reported. */
  private stop(message: string): void {
    if (this.failure) return;
    this.failure = new InputStreamError(message);
    this.halted = true;
    this.nudgePump();
  }

  private listen(): void {
    const { parser, o } = this;
    parser.filter = (_path, e) => {
      if (!this.failure) return true;
      this.afterFailure.add(e as ReadEntry);
      return false;
    };
    parser.on('entry', (e: ReadEntry) => {
      this.pending.push(e);
      this.nudgeWalk();
    });
    parser.on('ignoredEntry', (e: ReadEntry) => {
      if (!e.meta) this.pending.push({ ignored: e });
      this.nudgeWalk();
    });
    parser.on('warn', (code: string, message: string) => {
      if (this.failure) return;
      const what = code === 'TAR_BAD_ARCHIVE' ? 'not a valid tar archive' : 'corrupt tar archive';
      if (isFatalTarWarning(code, message))
        this.fail(`${printable(o.label)}: ${what} (${message}); the rest was skipped`);
      else o.onProblem({ path: o.label, message: `${printable(o.label)}: malformed tar entry skipped (${message})` });
    });
    parser.on('error', (err: Error) => this.fail(`${printable(o.label)}: corrupt tar archive (${err.message})`));
    parser.on('drain', () => this.nudgePump());
    parser.on('end', () => {
      this.parserEnded = true;
      this.nudgeWalk();
    });
  }

  private async pump(): Promise<void> {
    const { bytes, raw } = tarBytes(this.file, this.codec);
    const budget = this.o.budget;
    let read = 0;
    try {
      for await (const chunk of bytes) {
        if (this.halted) break;
        const fit = budget.take(chunk.length, this.o.label);
        read += fit;
        // The run's budget reports its own overflow once; this bundle stops with the same line.
        if (fit < chunk.length) this.stop(runCapMessage(budget.cap, this.o.label));
        else if (overRatio(read, raw(), this.codec, this.o.maxRatio))
          this.fail(ratioMessage(this.o.maxRatio, this.o.label));
        const ok = this.parser.write(fit < chunk.length ? chunk.subarray(0, fit) : chunk);
        if (this.halted) break;
        // Backpressure: the parser says false while the current member is not being read.
        if (!ok) await new Promise<void>((resolve) => (this.wakePump = resolve));
      }
    } catch (err) {
      if (!this.halted) this.fail(describeReadError(err, this.o.label, read, this.codec !== undefined));
    } finally {
      bytes.destroy();
      this.parser.end();
    }
  }

  async *entries(): AsyncGenerator<InputEntry> {
    const pump = this.pump();
    try {
      while (true) {
        const next = this.pending.shift();
        if (!next) {
          if (this.parserEnded) break;
          await new Promise<void>((resolve) => {
            this.wakeWalk = resolve;
            this.nudgePump();
          });
          continue;
        }
        if (!this.o.members.take(this.o.label)) {
          this.stop('entry cap reached');
          if ('ignored' in next) next.ignored.resume();
          else next.resume();
          break;
        }
        if ('ignored' in next) {
          const safe = nameTooLong(next.ignored.path, this.o.maxNameBytes)
            ? { ok: false as const }
            : safeMemberName(next.ignored.path);
          if (!this.afterFailure.has(next.ignored) && safe.ok && safe.rel)
            yield listed(this.layout.place(safe.rel), 'other', next.ignored);
          continue;
        }
        yield* this.member(next);
      }
    } finally {
      this.halted = true;
      for (const s of this.current?.streams ?? []) s.destroy();
      for (const p of this.pending) ('ignored' in p ? p.ignored : p).resume();
      this.nudgePump();
      await pump;
    }
  }

  private *member(entry: ReadEntry): Generator<InputEntry> {
    const produced = this.afterFailure.has(entry) ? undefined : this.toInputEntry(entry);
    if (produced) {
      const current = { entry, streams: [] as Readable[], live: true };
      this.current = current;
      yield produced;
      current.live = false;
      for (const s of current.streams) {
        if (s instanceof MemberStream) s.release();
        else s.destroy();
      }
      this.current = undefined;
    }
    // Whatever the consumer left unread is drained; the parser then emits the next member.
    entry.resume();
    this.nudgePump();
  }

  private toInputEntry(entry: ReadEntry): InputEntry | undefined {
    const long = nameTooLong(entry.path, this.o.maxNameBytes);
    if (long) {
      this.refuse(entry.path, long);
      return undefined;
    }
    const safe = safeMemberName(entry.path);
    if (!safe.ok) {
      this.refuse(entry.path, safe.reason);
      return undefined;
    }
    if (!safe.rel || entry.type === 'Directory' || entry.type === 'GNUDumpDir') return undefined;
    const where = this.layout.place(safe.rel);
    switch (entry.type) {
      case 'SymbolicLink':
        return { ...listed(where, 'symlink', entry), walkRoot: this.o.prefix };
      case 'Link':
        return listed(where, 'hardlink', entry);
      case 'CharacterDevice':
      case 'BlockDevice':
      case 'FIFO':
        this.refuse(entry.path, `${entry.type === 'FIFO' ? 'FIFO' : 'device'} entry (never read)`);
        return undefined;
      case 'File':
      case 'OldFile':
      case 'ContiguousFile':
        break;
      default:
        return listed(where, 'other', entry);
    }
    const codec = memberCodec(safe.rel);
    return {
      ...where,
      kind: 'file',
      size: codec ? undefined : entry.size,
      mtime: entry.mtime,
      compressed: codec,
      open: () => this.open(entry, where.path, codec),
    };
  }

  private open(entry: ReadEntry, label: string, codec: Codec | undefined): Readable {
    const current = this.current;
    const o = this.o;
    if (!current || current.entry !== entry || !current.live || current.streams.length > 0) {
      return errored(`${printable(label)}: a bundle member can be read once, during the walk`);
    }
    const raw = new MemberStream(
      entry,
      label,
      codec ? Number.POSITIVE_INFINITY : o.maxEntryBytes,
      () => this.failure,
      o.onProblem,
    );
    current.streams.push(raw);
    if (!codec) return raw;
    const out = boundedStream(raw, {
      label,
      codec,
      maxRatio: o.maxRatio,
      entryCap: o.maxEntryBytes,
      budget: o.budget,
      onProblem: o.onProblem,
      ownSource: false,
    });
    current.streams.push(out);
    return out;
  }

  private refuse(raw: string, reason: string): void {
    const o = this.o;
    const name = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
    o.onProblem({
      path: o.label,
      message: `${printable(o.label)}: entry ${printable(name)} refused: ${reason}`,
      kind: `entries refused: ${reason}`,
      group: o.label,
    });
  }
}

function listed(where: ReturnType<Layout['place']>, kind: InputEntry['kind'], entry: ReadEntry): InputEntry {
  return {
    ...where,
    kind,
    size: kind === 'other' ? entry.size : undefined,
    mtime: entry.mtime,
    linkTarget: kind === 'symlink' || kind === 'hardlink' ? entry.linkpath : undefined,
    open: () => Readable.from([]),
  };
}

function errored(message: string): Readable {
  return new Readable({
    read() {
      this.destroy(new Error(message));
    },
  });
}
