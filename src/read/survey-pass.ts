// The survey pass: one walk over the inputs that opens each file once (a checked descriptor for files on disk,
// the stream for .gz files and bundle members), looks at its head and tail, and sorts it: the host's zone files,
// configs (kept whole for the audit, and nginx log_format learned), logs (their format and stamps), and the rest
// listed with why they are not read.
import { readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { linkOf, type TextFile } from '../evidence/collect.js';
import { InputOpenError } from '../evidence/gzip.js';
import { followLinks, type LinkEntry } from '../evidence/links.js';
import { closeFd, openChecked } from '../evidence/open.js';
import { isBinary, sampleLines, sniff } from '../evidence/sample.js';
import type { InputEntry, InputProblem, WalkLimits } from '../evidence/types.js';
import { walkInputs } from '../evidence/walk.js';
import { nginxParser } from '../formats/config/nginx.js';
import type { LogFormat } from '../formats/log/types.js';
import type { LogFormatId } from '../model/event.js';
import { redact } from '../report/redact.js';
import { compileCustom } from './format-ref.js';
import type { Hosts } from './hosts.js';
import { detectInner } from './inner.js';
import {
  type Classified,
  CONFIG_MAX_BYTES,
  classify,
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
  /** What the survey's walk saw of a file on disk (a .gz is streamed again: the new walk must see the same). */
  identity?: InputEntry['identity'];
}

export interface Surveyed {
  items: LogItem[];
  inputs: LogInputRecord[];
  configTexts: TextFile[];
  /** Some log is a stream (a .gz or a bundle member): the read walks the inputs again. */
  streamed: boolean;
}

export async function surveyInputs(
  paths: string[],
  hosts: Hosts,
  onProblem: (p: InputProblem) => void,
  onLogBytes?: (total: number) => void,
  limits: WalkLimits = {},
  userFormats: readonly LogFormat[] = [],
): Promise<Surveyed> {
  const out: Surveyed = { items: [], inputs: [], configTexts: [], streamed: false };
  const unread = new UnreadInputs(out.inputs);
  unreadOf.set(out, unread);
  const held = { n: 0 };
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
  followConfigLinks(out, links);
  unread.finish();
  return out;
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
  if (c.kind === 'config') {
    const text = await wholeText(opened);
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
    await release(opened);
    return; // listed by the audit
  }
  if (c.kind !== 'log') {
    await release(opened);
    listUnread(
      out,
      opened.head.length === 0 ? { ...listed(entry, c, hosts), note: 'empty file' } : listed(entry, c, hosts),
    );
    return;
  }
  await addLog(entry, opened, c.format, hosts, out, held);
}

async function addLog(
  entry: InputEntry,
  opened: Opened,
  format: LogFormat,
  hosts: Hosts,
  out: Surveyed,
  held: { n: number },
): Promise<void> {
  const tail = opened.fd !== undefined ? fdTail(opened.fd, opened.size ?? 0) : await streamTail(opened);
  const stamps = stampsOf(format, opened.head, tail);
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
    innerFormat: format.behaviour.wraps
      ? detectInner(format, sampleLines(opened.head, 200), entry.hostPath)
      : undefined,
  };
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

/** Drains a stream keeping only its last SURVEY_BYTES (bundle members can be read only once). */
async function streamTail(o: Opened): Promise<Buffer | undefined> {
  if (!o.stream) return undefined;
  const ring: Buffer[] = [];
  let have = 0;
  let total = 0;
  try {
    for await (const chunk of o.stream) {
      const b = chunk as Buffer;
      total += b.length;
      ring.push(b);
      have += b.length;
      while (ring.length > 1 && have - ring[0].length >= SURVEY_BYTES) have -= (ring.shift() as Buffer).length;
    }
  } catch {
    // Reported by the walk; the tail read so far still tells the stamps.
  }
  if (total <= o.head.length) return undefined;
  const all = Buffer.concat(ring);
  return all.subarray(Math.max(0, all.length - SURVEY_BYTES));
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
