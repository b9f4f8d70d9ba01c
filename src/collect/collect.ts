// `faultline collect`: the host's logs, configs and facts into one bundle that `investigate` and `audit` read on
// another machine as they read the host. The pipeline: list the sources under the root (walk.ts) → order them
// (facts, configs, command output, live logs, then rotated pieces newest first, so that the total cap drops the
// oldest first) → read each safely with its tail kept past the per-file cap (read.ts) → redact (scrub.ts) and
// optionally pseudonymise (pseudonym.ts) → add to the tarball (bundle.ts) → MANIFEST.json last, the map beside.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
import { chmod, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seriesName } from '../evidence/series.js';
import { zoneFromHostFile, zoneFromLocaltimeLink } from '../read/time.js';
import { BundleWriter } from './bundle.js';
import { type CommandRun, type CommandSpec, commandSpecs, findBinary, runCommand } from './commands.js';
import { hostIdentity } from './identity.js';
import { MANIFEST_NAME, type Manifest, type ManifestItem, SNAPSHOT_NAME } from './manifest.js';
import { Pseudonymiser } from './pseudonym.js';
import { readCandidate, refusedByName } from './read.js';
import { emptyReferences, findReferences, type References, referencedSources } from './referenced.js';
import { redactCounted } from './scrub.js';
import { ALL_SOURCES } from './sources.js';
import { type Candidate, RootWalker } from './walk.js';
import { LineWindow } from './window.js';

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024;
/** The journal's window when --since is not given. */
const DEFAULT_JOURNAL_HOURS = 24;
/** Kept free of the total for MANIFEST.json, written last: about 300 bytes an item. */
const manifestReserve = (total: number) => Math.min(1024 * 1024, Math.floor(total / 8));

export interface CollectOptions {
  /** The bundle to write (.tar.gz); the map goes to `<out>.map.json`. */
  out: string;
  /** Another root (a test's, a dead host's mounted disk): no live command runs. Default: the live host's `/`. */
  root?: string;
  since?: Date;
  until?: Date;
  pseudonymise?: boolean;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** The probe's snapshot of the host, bundled as probe-snapshot.json (wired to `faultline probe`). */
  snapshot?: (root: string) => Promise<unknown>;
  /** The commands to run on the live host (tests narrow the list); default: commandSpecs(). */
  commands?: CommandSpec[];
  now?: Date;
  onProgress?: (p: { files: number; bytes: number; current: string }) => void;
}

export interface CollectResult {
  out: string;
  map?: string;
  manifest: Manifest;
}

interface Run {
  o: CollectOptions;
  bundle: BundleWriter;
  manifest: Manifest;
  pseudo?: Pseudonymiser;
  /** What the configs bundled so far name: logs elsewhere, certificates. */
  refs: References;
  used: number;
  total: number;
  perFile: number;
  /** The host's zone, for zone-less stamps against --since/--until. */
  zone: string;
}

export async function collect(o: CollectOptions): Promise<CollectResult> {
  const target = resolve(o.out);
  const mapFile = `${target}.map.json`;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const tempFd = openSync(temp, 'wx', 0o600);
  const excluded = new Set([identity(fstatSync(tempFd))]);
  closeSync(tempFd);
  for (const f of [target, mapFile]) {
    const id = existingIdentity(f);
    if (id) excluded.add(id);
  }
  const bundle = new BundleWriter(temp, topFolder(target));
  try {
    const result = await collectInto(o, bundle, excluded);
    const map = result.pseudo ? await writeMap(mapFile, result.pseudo, basename(target)) : undefined;
    await bundle.finish(target);
    return { out: target, map, manifest: result.manifest };
  } catch (err) {
    await bundle.abort();
    throw err;
  }
}

async function collectInto(
  o: CollectOptions,
  bundle: BundleWriter,
  excluded: Set<string>,
): Promise<{ manifest: Manifest; pseudo?: Pseudonymiser }> {
  const live = o.root === undefined;
  const root = resolve(o.root ?? '/');
  const who = await hostIdentity(root, live);
  const pseudo = o.pseudonymise ? new Pseudonymiser({ hosts: who.hosts, users: who.users }) : undefined;
  const manifest: Manifest = {
    version: 1,
    created: (o.now ?? new Date()).toISOString(),
    host: who.name ? (pseudo?.apply(who.name).text ?? who.name) : '',
    items: [],
    skipped: [],
    commands: [],
    links: [],
  };
  if (o.since || o.until) manifest.window = { since: o.since?.toISOString(), until: o.until?.toISOString() };
  if (pseudo) manifest.pseudonymised = true;
  if (!live) {
    manifest.root = root;
    manifest.live = false;
  }
  const total = o.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const run: Run = {
    o,
    bundle,
    manifest,
    pseudo,
    refs: emptyReferences(),
    used: 0,
    total,
    perFile: o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    zone: hostZone(root, live),
  };
  const walker = new RootWalker(root, excluded);
  const logs = await addConfigsAndFacts(run, walker);
  if (live)
    await addCommands(run, o.commands ?? commandSpecs(o.since ?? hoursBefore(o.now, DEFAULT_JOURNAL_HOURS), o.until));
  if (o.snapshot) await addSnapshot(run, o.snapshot, root);
  let capped = false;
  for (const c of orderForBundle(scopeToWindow(logs, o, run))) {
    // Past the first rotated piece the total cannot hold, every older one is skipped too: the oldest go first.
    if (capped && c.rotated) skip(run, `/${c.rel}`, totalWhy(run));
    else if (!(await addCandidate(run, c)) && c.rotated)
      capped = run.used + c.st.size > run.total - manifestReserve(run.total);
  }
  const written = pseudo ? pseudonymiseManifest(manifest, pseudo) : manifest;
  await bundle.file(MANIFEST_NAME, Buffer.from(`${JSON.stringify(written, null, 2)}\n`, 'utf8'), o.now ?? new Date());
  return { manifest: written, pseudo };
}

/**
 * Lists the sources, bundles the facts and configs, then the certificates the configs name; returns the logs to
 * bundle: the standard ones and those the configs name (supervisord's, gunicorn's, a vhost's).
 */
async function addConfigsAndFacts(run: Run, walker: RootWalker): Promise<Candidate[]> {
  const listing = await walker.list(ALL_SOURCES);
  for (const s of listing.skipped) skip(run, s.source, s.why);
  const early = orderForBundle(listing.candidates.filter((c) => c.kind !== 'log'));
  for (const c of early) await addCandidate(run, c);
  const named = await walker.list(referencedSources(run.refs));
  for (const s of named.skipped) skip(run, s.source, s.why);
  for (const c of named.candidates) if (c.kind !== 'log') await addCandidate(run, c);
  return [...listing.candidates, ...named.candidates].filter((c) => c.kind === 'log');
}

function hoursBefore(now: Date | undefined, hours: number): Date {
  return new Date((now ?? new Date()).getTime() - hours * 3_600_000);
}

function identity(st: { dev: number; ino: number }): string {
  return `${st.dev}:${st.ino}`;
}

function existingIdentity(path: string): string | undefined {
  try {
    return identity(statSync(path));
  } catch {
    return undefined;
  }
}

/** `incident.tar.gz` → `incident`: the one folder the bundle holds. */
function topFolder(target: string): string {
  return basename(target).replace(/\.(?:tar\.gz|tgz|tar)$/i, '') || 'bundle';
}

function skip(run: Run, source: string, why: string): void {
  run.manifest.skipped.push({ source, why });
}

function totalWhy(run: Run): string {
  return `the bundle's total cap (--max-size ${run.total} bytes) is reached; older rotated logs go first`;
}

/**
 * --since drops rotated pieces last written before it; --until drops pieces that start after it (a piece starts
 * about when the next older one of its series was last written). Within a file, the lines stamped outside the window
 * are left out as it is read (window.ts).
 */
function scopeToWindow(candidates: Candidate[], o: CollectOptions, run: Run): Candidate[] {
  if (!o.since && !o.until) return candidates;
  const series = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.kind !== 'log' || c.link) continue;
    const key = `${dirname(c.rel)}/${seriesName(basename(c.rel)).base}`;
    series.set(key, [...(series.get(key) ?? []), c]);
  }
  const dropped = new Set<Candidate>();
  for (const pieces of series.values()) {
    pieces.sort((a, b) => a.st.mtimeMs - b.st.mtimeMs);
    pieces.forEach((c, i) => {
      const older = pieces[i - 1];
      if (o.since && c.rotated && c.st.mtime < o.since) {
        dropped.add(c);
        skip(run, `/${c.rel}`, `last written ${c.st.mtime.toISOString()}, before --since`);
      } else if (o.until && older && older.st.mtime > o.until) {
        dropped.add(c);
        skip(run, `/${c.rel}`, `starts after --until (the previous piece was written ${older.st.mtime.toISOString()})`);
      }
    });
  }
  return candidates.filter((c) => !dropped.has(c));
}

/** Facts, configs, live logs in walk order, then rotated pieces newest first. */
function orderForBundle(candidates: Candidate[]): Candidate[] {
  const rank = (c: Candidate) => (c.kind === 'fact' ? 0 : c.kind === 'config' ? 1 : c.rotated ? 3 : 2);
  const rotatedNewestFirst = (a: Candidate, b: Candidate) => b.st.mtimeMs - a.st.mtimeMs;
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((x, y) => rank(x.c) - rank(y.c) || (rank(x.c) === 3 ? rotatedNewestFirst(x.c, y.c) : 0) || x.i - y.i)
    .map((x) => x.c);
}

/** Adds one candidate; false when it was skipped. */
async function addCandidate(run: Run, c: Candidate): Promise<boolean> {
  const source = `/${c.rel}`;
  const rel = run.pseudo ? run.pseudo.apply(c.rel).text : c.rel;
  if (c.link !== undefined) {
    const target = run.pseudo ? run.pseudo.apply(c.link).text : c.link;
    const path = await run.bundle.link(rel, target, c.st.mtime);
    run.manifest.links.push({ path, source, target });
    return true;
  }
  const refused = refusedByName(c.rel);
  if (refused) {
    skip(run, source, refused);
    return false;
  }
  const left = run.total - manifestReserve(run.total) - run.used;
  if (left <= 0 || (c.rotated && c.st.size > left)) {
    skip(run, source, totalWhy(run));
    return false;
  }
  const o = run.o;
  const window =
    c.kind === 'log' && (o.since || o.until)
      ? new LineWindow(c.rel, c.st.mtime, { since: o.since, until: o.until, zone: run.zone })
      : undefined;
  const got = await readCandidate(c, Math.min(run.perFile, left), window);
  if (!got.ok) {
    skip(run, source, got.why);
    return false;
  }
  if (window && window.dropped > 0 && got.data.length === 0) {
    skip(run, source, `no line between --since and --until (${window.dropped} lines outside)`);
    return false;
  }
  if (c.kind === 'config') findReferences(got.data.toString('latin1'), run.refs);
  const clean = scrubText(run, got.data);
  // A rotated piece is gzip'd again (a .bz2, .xz or .zst one becomes .gz: the only encoder Node has built in).
  const stored = got.codec ? gzipSync(clean.data) : clean.data;
  const name = got.codec && got.codec !== 'gzip' ? `${rel.slice(0, rel.lastIndexOf('.'))}.gz` : rel;
  if (stored.length > left) {
    skip(run, source, totalWhy(run));
    return false;
  }
  const via = c.via === undefined ? {} : { link: run.pseudo ? run.pseudo.apply(c.via).text : c.via };
  const outside = window && window.dropped > 0 ? { outsideWindow: window.dropped } : {};
  await addItem(run, name, source, stored, c.st.mtime, { truncated: got.truncated, ...clean, ...via, ...outside });
  return true;
}

function scrubText(run: Run, data: Buffer): { data: Buffer; redacted: number; pseudonymised?: number } {
  // latin1 maps each byte to one character and back: bytes that are not UTF-8 survive unchanged.
  const redacted = redactCounted(data.toString('latin1'));
  if (!run.pseudo) return { data: Buffer.from(redacted.text, 'latin1'), redacted: redacted.count };
  const p = run.pseudo.apply(redacted.text);
  return { data: Buffer.from(p.text, 'latin1'), redacted: redacted.count, pseudonymised: p.count };
}

async function addItem(
  run: Run,
  rel: string,
  source: string,
  data: Buffer,
  mtime: Date,
  what: { truncated: boolean; redacted: number; pseudonymised?: number; link?: string; outsideWindow?: number },
): Promise<void> {
  const { path, sha256 } = await run.bundle.file(rel, data, mtime);
  const item: ManifestItem = {
    path,
    source,
    sha256,
    bytes: data.length,
    truncated: what.truncated,
    redacted: what.redacted,
  };
  if (what.link !== undefined) item.link = what.link;
  if (what.pseudonymised !== undefined) item.pseudonymised = what.pseudonymised;
  if (what.outsideWindow !== undefined) item.outsideWindow = what.outsideWindow;
  run.manifest.items.push(item);
  run.used += data.length;
  run.o.onProgress?.({ files: run.manifest.items.length, bytes: run.used, current: source });
}

async function addCommands(run: Run, specs: CommandSpec[]): Promise<void> {
  const runs = await Promise.all(
    specs.map(async (spec): Promise<CommandRun | { spec: CommandSpec; missing: true }> => {
      const path = await findBinary(spec.file);
      return path ? runCommand(spec, path) : { spec, missing: true };
    }),
  );
  for (const r of runs) {
    const line = [r.spec.file, ...r.spec.args].join(' ');
    if ('missing' in r) {
      skip(run, `command: ${line}`, 'not installed');
      continue;
    }
    run.manifest.commands.push({
      command: r.command,
      exit: r.exit,
      seconds: r.seconds,
      ...(r.note ? { note: r.note } : {}),
    });
    const left = run.total - manifestReserve(run.total) - run.used;
    const kept = r.output.length > left ? r.output.subarray(r.output.length - Math.max(0, left)) : r.output;
    const clean = scrubText(run, kept);
    await addItem(run, `commands/${r.spec.name}.txt`, r.command, clean.data, new Date(), {
      truncated: kept.length < r.output.length || r.note?.startsWith('output cut') === true,
      ...clean,
    });
  }
}

async function addSnapshot(run: Run, snapshot: (root: string) => Promise<unknown>, root: string): Promise<void> {
  let value: unknown;
  try {
    value = await snapshot(root);
  } catch (err) {
    skip(run, 'faultline probe', `snapshot failed: ${(err as Error).message}`);
    return;
  }
  const clean = scrubText(run, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
  await addItem(run, SNAPSHOT_NAME, 'faultline probe', clean.data, new Date(), { truncated: false, ...clean });
}

/** The manifest's own paths and sources carry user and host names too. */
function pseudonymiseManifest(m: Manifest, p: Pseudonymiser): Manifest {
  const t = (s: string) => p.apply(s).text;
  return {
    ...m,
    items: m.items.map((i) => ({ ...i, source: t(i.source) })),
    skipped: m.skipped.map((s) => ({ source: t(s.source), why: t(s.why) })),
    commands: m.commands.map((c) => ({ ...c, command: t(c.command) })),
    links: m.links.map((l) => ({ ...l, source: t(l.source), target: t(l.target) })),
    root: m.root === undefined ? undefined : t(m.root),
  };
}

/** `<out>.map.json`, mode 0600 from its creation (written under a temporary name, then renamed). */
async function writeMap(mapFile: string, p: Pseudonymiser, bundle: string): Promise<string> {
  const temp = `${mapFile}.${process.pid}.tmp`;
  const body = { version: 1, bundle, created: new Date().toISOString(), entries: p.entries() };
  await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  await chmod(temp, 0o600);
  try {
    await rename(temp, mapFile);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
  return mapFile;
}

/**
 * The zone the host's zone-less logs are written in: its etc/timezone, else the etc/localtime link (read, never
 * followed); on the live host without either, the process's own; else UTC.
 */
function hostZone(root: string, live: boolean): string {
  try {
    const z = zoneFromHostFile('/etc/timezone', smallFile(join(root, 'etc/timezone')));
    if (z) return z;
  } catch {}
  try {
    const z = zoneFromLocaltimeLink(readlinkSync(join(root, 'etc/localtime')));
    if (z) return z;
  } catch {}
  return live ? Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' : 'UTC';
}

/** The head of a small regular file, opened without following a link or waiting on a FIFO. */
function smallFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) return '';
    const buf = Buffer.alloc(256);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}
