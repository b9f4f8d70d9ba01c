// The survey pass: one walk over the inputs that opens each file once (a checked descriptor for files on disk,
// the stream for .gz files and bundle members), looks at its head and tail, and sorts it: the host's zone files,
// configs (kept whole for the audit, and nginx log_format learned), logs (their format and stamps), and the rest
// listed with why they are not read.

import { readSync } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { configBudgetReason, linkOf, MAX_CONFIG_TOTAL_BYTES, type TextFile } from '../evidence/collect.js';
import { InputOpenError } from '../evidence/gzip.js';
import { followLinks, type LinkEntry } from '../evidence/links.js';
import { closeFd, openChecked } from '../evidence/open.js';
import { isBinary, sampleLines, sniff } from '../evidence/sample.js';
import type { InputEntry, InputProblem, WalkLimits } from '../evidence/types.js';
import { walkInputs } from '../evidence/walk.js';
import { nginxParser } from '../formats/config/nginx.js';
import { pm2Parser } from '../formats/config/pm2.js';
import { appName, isOutputIn } from '../formats/log/app-name.js';
import { pm2ConfigPlaces } from '../formats/log/pm2-log.js';
import { logFormatById, parsesEnough } from '../formats/log/registry.js';
import type { Framing } from '../formats/log/syslog-frames.js';
import type { LogFormat, OutputPlaces } from '../formats/log/types.js';
import type { LogFormatId } from '../model/event.js';
import { redact } from '../report/redact.js';
import { compileCustom, wrapUser } from './format-ref.js';
import type { Hosts } from './hosts.js';
import { detectInner } from './inner.js';
import { type Drained, type Kept, KeptStreams } from './kept.js';
import {
  type Classified,
  CONFIG_MAX_BYTES,
  classify,
  headLines,
  type Stamps,
  SURVEY_BYTES,
  stampsOf,
  unknownNote,
} from './survey.js';
import { zoneFromLocaltimeLink } from './time.js';
import type { LogInputRecord } from './types.js';

/** Descriptors held open from the survey to the read; past this a file is re-opened with the same checks. */
const MAX_HELD_FDS = 256;
/** Unread inputs listed per reason; past this they are counted (a bundle of two million empty members). */
const MAX_UNREAD_PER_REASON = 1000;
const unreadOf = new WeakMap<Surveyed, UnreadInputs>();

/** Lists an input that is not read (its reason in `error` or `note`), bounded per reason. */
function listUnread(out: Surveyed, r: LogInputRecord): void {
  const unread = unreadOf.get(out);
  if (unread) unread.add(r);
  else out.inputs.push(r);
}

/** A log file to read, as the survey found it. */
export interface LogItem {
  path: string;
  host: string;
  hostPath: string;
  mtime?: Date;
  format: LogFormat;
  stamps: Stamps;
  input: LogInputRecord;
  /** A plain file on disk, with its checked descriptor while held. */
  disk?: { abs: string; identity: NonNullable<InputEntry['identity']>; followLink: boolean; size: number; fd?: number };
  /** Read in the second read pass: uptime-only lines wait for the boot times the other files tell. */
  late: boolean;
  /** For a wrapper format: the format of its inner lines where entries do not name it. */
  innerFormat?: LogFormatId;
  /** Its records are not one a line (rsyslog's ForwardFormat, octet counting): cut apart by read/frames.ts. */
  framing?: Framing;
  /** What the survey's walk saw of a file on disk (a .gz is streamed again: the new walk must see the same). */
  identity?: InputEntry['identity'];
  /** A stream's content from the survey's one pass (kept.ts): the read replays it instead of streaming again. */
  kept?: Kept;
}

export interface Surveyed {
  items: LogItem[];
  inputs: LogInputRecord[];
  configTexts: TextFile[];
  /**
   * Small text files no format claims (`uwsgi_params`, `fastcgi.conf`): not configs of their own, but a config may
   * include them, as nginx does.
   */
  includeTexts: TextFile[];
  /** Some log is a stream (a .gz or a bundle member): the read walks the inputs again unless each was kept. */
  streamed: boolean;
  /** The streams' content kept from the survey, within the run's budget. */
  keeper: KeptStreams;
  /** Characters of config text held (bounded by MAX_CONFIG_TOTAL_BYTES). */
  configBytes: number;
}

export async function surveyInputs(
  paths: string[],
  hosts: Hosts,
  onProblem: (p: InputProblem) => void,
  onLogBytes?: (total: number) => void,
  limits: WalkLimits = {},
  userFormats: readonly LogFormat[] = [],
): Promise<Surveyed> {
  const out: Surveyed = {
    items: [],
    inputs: [],
    configTexts: [],
    includeTexts: [],
    streamed: false,
    keeper: new KeptStreams(),
    configBytes: 0,
  };
  const unread = new UnreadInputs(out.inputs);
  unreadOf.set(out, unread);
  const held = { n: 0 };
  const outputs = new ManagedOutputs();
  outputsOf.set(out, outputs);
  const links: (LinkEntry & { host: string })[] = [];
  for await (const entry of walkInputs(paths, { ...limits, onProblem })) {
    if (entry.kind === 'symlink') links.push(linkZone(entry, hosts));
    else if (entry.kind !== 'file')
      listUnread(out, { path: entry.path, format: null, error: `${entry.kind} entry (not read)`, host: entry.host });
    else {
      const before = out.items.length;
      await surveyFile(entry, hosts, out, held, onProblem, userFormats);
      if (out.items.length > before) onLogBytes?.(out.items.reduce((n, i) => n + (i.disk?.size ?? 0), 0));
    }
  }
  await settleOutputs(outputs, hosts, out, held);
  followConfigLinks(out, links);
  unread.finish();
  return out;
}

/** Files held back past the walk, while the process managers' own lines may still say they are their output. */
const MAX_DEFERRED = 64;

interface Deferred {
  entry: InputEntry;
  opened: Opened;
  drained: Drained;
  /** How it is listed when no manager claims it. */
  unread: LogInputRecord;
  /** Where the walk would have listed it (inputs and items so far): results keep the walk's order. */
  at: { inputs: number; items: number };
}

/**
 * Untimed app text that no format claims by content, and what the process managers' daemon logs (PM2's) say of
 * where they write their apps' output (FormatBehaviour.outputPlaces), per host: decided after the walk, as a
 * daemon log may come after the files it names.
 */
class ManagedOutputs {
  readonly deferred: Deferred[] = [];
  readonly places = new Map<string, { format: LogFormat; places: OutputPlaces }[]>();

  /** A file that no format claims may be a manager's output if it is named as one (e.g. `<app>-out.log`). */
  mayDefer(entry: InputEntry): boolean {
    return this.deferred.length < MAX_DEFERRED && appName(entry.hostPath) !== undefined;
  }

  note(host: string, format: LogFormat, head: readonly string[], path: string): void {
    this.add(host, format, format.behaviour.outputPlaces?.(head, path));
  }

  /**
   * A PM2 ecosystem file names the apps PM2 runs: their output is in PM2's default log folder, or where its
   * `out_file`/`error_file` say (relative to the app's `cwd` when it is written out, else to the file's folder).
   */
  noteEcosystem(host: string, file: TextFile): void {
    const pm2 = logFormatById('pm2-log');
    if (!pm2) return;
    try {
      const fs = { glob: () => [], read: () => undefined };
      const parsed = pm2Parser.parse({ path: file.path, text: file.text, fs }).data.apps;
      const here = posix.dirname(file.hostPath);
      const dirs = parsed.flatMap((a) =>
        // `~/…` is the PM2 user's home, which the file does not say.
        (a.logFiles ?? [])
          .filter((f) => !f.startsWith('~'))
          .map((f) => posix.dirname(posix.resolve(a.cwd?.startsWith('/') ? a.cwd : here, f))),
      );
      this.add(
        host,
        pm2,
        pm2ConfigPlaces(
          parsed.map((a) => a.name),
          dirs,
        ),
      );
    } catch {
      // A config the audit reports as unreadable says nothing here.
    }
  }

  private add(host: string, format: LogFormat, places: OutputPlaces | undefined): void {
    if (!places) return;
    const list = this.places.get(host) ?? [];
    list.push({ format, places });
    this.places.set(host, list);
  }

  /** The manager's format whose own lines say this file is its output. */
  formatOf(entry: InputEntry): LogFormat | undefined {
    return this.places.get(entry.host ?? '')?.find((p) => isOutputIn(entry.hostPath, p.places))?.format;
  }
}

const outputsOf = new WeakMap<Surveyed, ManagedOutputs>();

async function settleOutputs(outputs: ManagedOutputs, hosts: Hosts, out: Surveyed, held: { n: number }) {
  // Last first, so that the places recorded for the earlier ones are still where they were.
  for (const d of [...outputs.deferred].reverse()) {
    const before = { inputs: out.inputs.length, items: out.items.length };
    const format = outputs.formatOf(d.entry);
    if (format && parsesEnough(format, headLines(d.opened.head))) {
      await addLogWithTail(d.entry, d.opened, d.drained, format, hosts, out, held);
    } else {
      await release(d.opened);
      listUnread(out, d.unread);
    }
    moveAdded(out.inputs, before.inputs, d.at.inputs);
    moveAdded(out.items, before.items, d.at.items);
  }
}

/** Moves what was appended to `list` since `from` back to `to`. */
function moveAdded<T>(list: T[], from: number, to: number): void {
  if (list.length > from) list.splice(to, 0, ...list.splice(from));
}

/** Links to configs inside the walked root are read as those configs (the audit lists them); the rest, with why. */
function followConfigLinks(out: Surveyed, links: (LinkEntry & { host: string })[]): void {
  const logs = new Set(out.items.map((i) => i.path));
  const { aliases, refused } = followLinks(out.configTexts, links, logs);
  out.configTexts.push(...aliases);
  for (const r of refused)
    listUnread(out, { path: r.path, format: null, error: null, host: r.host || undefined, note: r.reason });
}

/** "x.gz: gzip stream truncated after 0 bytes" → "gzip stream truncated": the kind, without path or offset. */
function errorKind(error: string): string {
  const start = error.indexOf(': ');
  const rest = start < 0 ? error : error.slice(start + 2);
  const after = rest.indexOf(' after ');
  return after < 0 ? rest : rest.slice(0, after);
}

/**
 * The unread inputs (format null) of a survey: each reason is listed MAX_UNREAD_PER_REASON times, then counted in
 * one closing record per reason ("1,999,000 more inputs: empty file"). The readable inputs are all listed.
 */
class UnreadInputs {
  private readonly counts = new Map<string, number>();
  constructor(private readonly inputs: LogInputRecord[]) {}

  add(r: LogInputRecord): void {
    const why = r.error
      ? errorKind(r.error)
      : ((r.note?.startsWith('symbolic link to') ? 'symbolic link (not followed)' : r.note) ?? '');
    const n = (this.counts.get(why) ?? 0) + 1;
    this.counts.set(why, n);
    if (n <= MAX_UNREAD_PER_REASON) this.inputs.push(r);
  }

  finish(): void {
    for (const [why, n] of this.counts) {
      if (n <= MAX_UNREAD_PER_REASON) continue;
      const more = `${(n - MAX_UNREAD_PER_REASON).toLocaleString('en-US')} more inputs`;
      this.inputs.push({ path: `(${more})`, format: null, error: null, note: `${more}: ${why}` });
    }
  }
}

/** A link, listed once the walk is done; `etc/localtime`'s target names the host's zone. */
function linkZone(entry: InputEntry, hosts: Hosts): LinkEntry & { host: string } {
  if (/\/etc\/localtime$/.test(entry.hostPath) && entry.linkTarget) {
    const z = zoneFromLocaltimeLink(entry.linkTarget);
    if (z) hosts.setZone(entry.host ?? '', z, `${entry.path} → ${entry.linkTarget}`);
  }
  return { ...linkOf(entry), host: entry.host ?? '' };
}

/** An unclaimed file up to this size is kept for the includes of the configs (nginx's `uwsgi_params` is 0.7 KB). */
const MAX_INCLUDE_BYTES = 64 * 1024;

interface Opened {
  head: Buffer;
  /** The rest of a stream (after the head), still to be drained. */
  stream?: Readable;
  fd?: number;
  size?: number;
}

async function openEntry(entry: InputEntry): Promise<Opened> {
  if (entry.realPath && entry.identity && !entry.compressed) {
    const { fd, size } = await openChecked(entry.realPath, entry.path, entry.identity, entry.followLink);
    return { head: preadAt(fd, 0, Math.min(size, SURVEY_BYTES)), fd, size };
  }
  const sniffed = await sniff(entry.open(), { bytes: SURVEY_BYTES });
  if (sniffed.error && sniffed.sample.length === 0) {
    // Reported by the walk already; the replay would only raise it again.
    sniffed.stream.on('error', () => {});
    sniffed.stream.destroy();
    throw new Error(sniffed.error);
  }
  return { head: sniffed.sample, stream: sniffed.stream, size: entry.size };
}

async function surveyFile(
  entry: InputEntry,
  hosts: Hosts,
  out: Surveyed,
  held: { n: number },
  onProblem: (p: InputProblem) => void,
  userFormats: readonly LogFormat[],
): Promise<void> {
  if (entry.size === 0 && !entry.compressed) {
    // Nothing to read: no descriptor, no stream (a flood of empty members costs a record each, nothing more).
    listUnread(out, { path: entry.path, format: null, error: null, host: entry.host, note: 'empty file' });
    return;
  }
  let opened: Opened;
  try {
    opened = await openEntry(entry);
  } catch (err) {
    const message = String((err as Error).message ?? err);
    // A descriptor refused here is news; a stream's error was reported by the walk already.
    if (err instanceof InputOpenError) onProblem({ path: entry.path, message });
    listUnread(out, { path: entry.path, format: null, error: message, host: entry.host });
    return;
  }
  const hostName = entry.host ?? '';
  const size = opened.size ?? entry.size;
  const c = classify(
    {
      hostPath: entry.hostPath,
      head: opened.head,
      mayBeConfig: (size === undefined || size <= CONFIG_MAX_BYTES) && !entry.compressed,
      custom: hosts.get(hostName).custom,
      user: userFormats,
    },
    isBinary,
  );
  if (c.kind === 'config' && out.configBytes >= MAX_CONFIG_TOTAL_BYTES) {
    await release(opened);
    listUnread(out, {
      path: entry.path,
      format: null,
      error: configBudgetReason(MAX_CONFIG_TOTAL_BYTES),
      host: entry.host,
    });
    return;
  }
  if (c.kind === 'config') {
    const text = await wholeText(opened);
    out.configBytes += text.length;
    const file: TextFile = {
      path: entry.path,
      host: hostName,
      hostPath: entry.hostPath,
      rootPath: entry.rootPath,
      text,
      mtime: entry.mtime,
    };
    out.configTexts.push(file);
    if (c.parserId === 'nginx') learnLogFormats(file, hosts.get(hostName).custom);
    if (c.parserId === 'pm2') outputsOf.get(out)?.noteEcosystem(hostName, file);
    await release(opened);
    return; // listed by the audit
  }
  if (c.kind !== 'log') {
    const size = opened.size ?? entry.size;
    if (c.kind === 'unknown' && !c.empty && size === opened.head.length && size <= MAX_INCLUDE_BYTES) {
      out.configBytes += size;
      out.includeTexts.push({
        path: entry.path,
        host: hostName,
        hostPath: entry.hostPath,
        rootPath: entry.rootPath,
        text: opened.head.toString('utf8'),
        mtime: entry.mtime,
      });
    }
    const outputs = outputsOf.get(out);
    if (c.kind === 'unknown' && !c.empty && outputs?.mayDefer(entry)) {
      // The rest of a stream is drained now (a bundle's next member waits for it); a descriptor stays open.
      const drained = await drainTail(opened, out);
      const at = { inputs: out.inputs.length, items: out.items.length };
      outputs.deferred.push({ entry, opened, drained, unread: listed(entry, c, hosts), at });
      return;
    }
    await release(opened);
    listUnread(
      out,
      opened.head.length === 0 ? { ...listed(entry, c, hosts), note: 'empty file' } : listed(entry, c, hosts),
    );
    return;
  }
  // A wrapper's inner lines may be in the project config's formats, as the file itself may be.
  const format = c.format.behaviour.wraps ? wrapUser(c.format, userFormats) : c.format;
  await addLog(entry, opened, format, hosts, out, held, c.framing);
}

async function addLog(
  entry: InputEntry,
  opened: Opened,
  format: LogFormat,
  hosts: Hosts,
  out: Surveyed,
  held: { n: number },
  framing?: Framing,
): Promise<void> {
  await addLogWithTail(entry, opened, await drainTail(opened, out), format, hosts, out, held, framing);
}

/** The survey's tail of an opened log: by position on a descriptor, else drained (and kept, within the budget). */
async function drainTail(opened: Opened, out: Surveyed): Promise<Drained> {
  if (opened.fd !== undefined) return { tail: fdTail(opened.fd, opened.size ?? 0) };
  return opened.stream ? await out.keeper.drain(opened.stream, opened.head.length) : {};
}

async function addLogWithTail(
  entry: InputEntry,
  opened: Opened,
  drained: Drained,
  format: LogFormat,
  hosts: Hosts,
  out: Surveyed,
  held: { n: number },
  framing?: Framing,
): Promise<void> {
  const tail = drained.tail;
  if (drained.kept) drained.kept.size = entry.size;
  const stamps = stampsOf(format, opened.head, tail, framing);
  const hostName = entry.host ?? '';
  hosts.addStamps(hostName, stamps, entry.path, entry.mtime);
  const input: LogInputRecord = {
    path: entry.path,
    format: format.id,
    error: null,
    host: entry.host,
    lines: 0,
    skipped: 0,
  };
  out.inputs.push(input);
  const item: LogItem = {
    path: entry.path,
    host: hostName,
    hostPath: entry.hostPath,
    mtime: entry.mtime,
    format,
    stamps,
    input,
    late: stamps.uptime && !stamps.wall,
    identity: entry.identity,
    kept: drained.kept,
    innerFormat: format.behaviour.wraps
      ? detectInner(format, sampleLines(opened.head, 200), entry.hostPath)
      : undefined,
  };
  if (framing) item.framing = framing;
  if (format.behaviour.outputPlaces) outputsOf.get(out)?.note(hostName, format, headLines(opened.head), entry.hostPath);
  if (opened.fd !== undefined && entry.realPath && entry.identity) {
    const keep = held.n < MAX_HELD_FDS;
    if (keep) held.n++;
    else await closeFd(opened.fd).catch(() => {});
    item.disk = {
      abs: entry.realPath,
      identity: entry.identity,
      followLink: entry.followLink ?? false,
      size: opened.size ?? 0,
      fd: keep ? opened.fd : undefined,
    };
  } else out.streamed = true;
  out.items.push(item);
}

function listed(entry: InputEntry, c: Classified, hosts: Hosts): LogInputRecord {
  const base = { path: entry.path, format: null, host: entry.host };
  if (c.kind === 'binary') return { ...base, error: 'binary file skipped' };

  if (c.kind === 'zone') {
    hosts.setZone(entry.host ?? '', c.zone, entry.path);
    return { ...base, error: null, note: `time zone ${c.zone}` };
  }
  return {
    ...base,
    error: null,
    note: c.kind === 'unknown' ? unknownNote(entry.path, c, redact) : 'format not recognised',
  };
}

export function preadAt(fd: number, pos: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n <= 0) break;
    got += n;
  }
  return got === len ? buf : buf.subarray(0, got);
}

function fdTail(fd: number, size: number): Buffer | undefined {
  return size > SURVEY_BYTES ? preadAt(fd, size - SURVEY_BYTES, SURVEY_BYTES) : undefined;
}

async function wholeText(o: Opened): Promise<string> {
  if (o.fd !== undefined) return preadAt(o.fd, 0, Math.min(o.size ?? 0, CONFIG_MAX_BYTES)).toString('utf8');
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const c of o.stream as Readable) {
      const b = c as Buffer;
      total += b.length;
      if (total > CONFIG_MAX_BYTES) break;
      chunks.push(b);
    }
  } catch {
    // Reported by the walk.
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function release(o: Opened): Promise<void> {
  if (o.fd !== undefined) await closeFd(o.fd).catch(() => {});
  // The rest is not wanted; an error it would still raise (a corrupt .gz) was reported by the walk.
  o.stream?.on('error', () => {});
  o.stream?.destroy();
}

function learnLogFormats(file: TextFile, into: LogFormat[]): void {
  try {
    const parsed = nginxParser.parse({
      path: file.path,
      text: file.text,
      fs: { read: () => undefined, glob: () => [] },
    });
    for (const lf of parsed.data.logFormats) {
      if (lf.name === 'combined') continue;
      const compiled = compileCustom(lf.format, lf.escape as 'default' | 'json' | 'none' | undefined);
      if (compiled) into.push(compiled);
    }
  } catch {
    // A config that does not parse teaches no format; the audit reports it.
  }
}
