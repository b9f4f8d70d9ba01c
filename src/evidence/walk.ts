// Turns the paths a user named into entries: files, directories (walked recursively, sorted, links
// listed and never followed), compressed files (.gz, .bz2, .xz, .zst: decompressed on read), tar bundles and zip
// archives (streamed; also when found inside a folder). Nothing is written to disk and nothing outside the named
// paths is ever opened. The run's budgets (expanded bytes, entries, name length, expansion ratio) are shared by
// every input, and a problem that repeats is counted after its first few reports.

import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { codecOfName } from './codecs.js';
import {
  boundedStream,
  CHUNK_BYTES,
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MAX_EXPANDED_BYTES,
  DEFAULT_MAX_RATIO,
  ExpansionBudget,
  MemberBudget,
  ProblemSummary,
  printable,
} from './gzip.js';
import { Layout, type Placement } from './layout.js';
import { type FileIdentity, identityOf, openChecked } from './open.js';
import { seriesOrder } from './series.js';
import { BUNDLE_SUFFIX, type BundleOptions, isBundleName, nameTooLong, walkBundle } from './tar.js';
import type { InputEntry, InputProblem, WalkOptions } from './types.js';
import { isZipName, walkZip } from './zip.js';

export const DEFAULT_MAX_ENTRIES = 1_000_000;
export const DEFAULT_MAX_NAME_BYTES = 4096;

interface Resolved {
  budget: ExpansionBudget;
  members: MemberBudget;
  maxEntryBytes: number;
  maxNameBytes: number;
  maxRatio: number;
  onProblem: (p: InputProblem) => void;
}

export async function* walkInputs(paths: string[], opts: WalkOptions = {}): AsyncGenerator<InputEntry> {
  const summary = new ProblemSummary(opts.onProblem ?? (() => {}));
  const onProblem = summary.report;
  const o: Resolved = {
    budget: new ExpansionBudget(
      opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
      "the run's compressed input",
      (message) => onProblem({ path: '', message }),
    ),
    members: new MemberBudget(opts.maxEntries ?? DEFAULT_MAX_ENTRIES, (message) => onProblem({ path: '', message })),
    maxEntryBytes: opts.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    maxNameBytes: opts.maxNameBytes ?? DEFAULT_MAX_NAME_BYTES,
    maxRatio: opts.maxRatio ?? DEFAULT_MAX_RATIO,
    onProblem,
  };
  try {
    for await (const e of walkNamed(paths, o)) yield displayed(e);
  } finally {
    summary.flush();
  }
}

/**
 * The entry with its names printable (gzip.ts): a name is text the evidence's writer chose, and every report and
 * finding quotes it, in prose too, where a newline would forge a line of its own. Opening uses the real path.
 */
function displayed(e: InputEntry): InputEntry {
  const fields = [e.path, e.hostPath, e.rootPath, e.host ?? ''];
  if (fields.every((f) => printable(f) === f)) return e;
  const out: InputEntry = {
    ...e,
    path: printable(e.path),
    hostPath: printable(e.hostPath),
    rootPath: printable(e.rootPath),
  };
  if (e.host !== undefined) out.host = printable(e.host);
  return out;
}

async function* walkNamed(paths: string[], o: Resolved): AsyncGenerator<InputEntry> {
  const several = paths.length > 1;
  for (const given of paths) {
    if (o.members.exceeded) return;
    let st: Stats;
    try {
      // A path the user named is followed if it is a link: naming it is the intent.
      st = await stat(given);
    } catch (err) {
      o.onProblem({
        path: given,
        message: `${printable(given)}: cannot read (${(err as NodeJS.ErrnoException).code})`,
      });
      continue;
    }
    const prefix = several ? rootName(given) : '';
    if (st.isDirectory()) {
      yield* walkDirectory(given, prefix, several, o);
    } else if (st.isFile() && (isBundleName(given) || isZipName(given))) {
      yield* walkArchive(given, given, prefix, several ? prefix : undefined, o);
    } else {
      if (!o.members.take(given)) return;
      const input = several ? { input: given } : {};
      yield fileEntry(given, { path: given, hostPath: given, rootPath: '', ...input }, st, o, true);
    }
  }
}

/** The display prefix of a directory or bundle named among several: its base name, without the archive suffix. */
function rootName(given: string): string {
  const base = basename(resolve(given));
  return base.replace(BUNDLE_SUFFIX, '').replace(/\.zip$/, '') || base;
}

/** A tarball or zip archive: its members, under `prefix`, never extracted. */
function walkArchive(
  file: string,
  label: string,
  prefix: string,
  namedHost: string | undefined,
  o: Resolved,
): AsyncGenerator<InputEntry> {
  const b: BundleOptions = { label, prefix, namedHost, ...o };
  return isZipName(file) ? walkZip(file, b) : walkBundle(file, b);
}

interface Listed {
  rel: string;
  abs: string;
  isDir: boolean;
}

/** Depth-first, names sorted by code unit (locale-independent, so runs are reproducible). */
async function listDirectory(root: string, o: Resolved): Promise<Listed[]> {
  const out: Listed[] = [];
  // One past what the run may still list, so that the cap is seen and reported.
  const budget = o.members.cap - o.members.used + 1;
  const visit = async (abs: string, rel: string): Promise<void> => {
    let names: import('node:fs').Dirent[];
    try {
      names = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      o.onProblem({
        path: rel || root,
        message: `${printable(rel || root)}: cannot list (${(err as NodeJS.ErrnoException).code})`,
      });
      return;
    }
    // Rotated series oldest first (access.log.2.gz, access.log.1, access.log), the rest by code unit.
    names.sort((a, b) => seriesOrder(a.name, b.name));
    for (const d of names) {
      if (out.length >= budget) return;
      const childAbs = join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      if (nameTooLong(childRel, o.maxNameBytes)) {
        o.onProblem({
          path: rel || root,
          message: `${printable(rel || root)}: ${printable(d.name)} skipped: path longer than ${o.maxNameBytes} bytes`,
          kind: `paths longer than ${o.maxNameBytes} bytes skipped`,
          group: root,
        });
        continue;
      }
      // isDirectory() on a Dirent is lstat-based: a link to a directory is not entered.
      const isDir = d.isDirectory();
      out.push({ rel: childRel, abs: childAbs, isDir });
      if (isDir) await visit(childAbs, childRel);
    }
  };
  await visit(root, '');
  return out;
}

async function* walkDirectory(dir: string, prefix: string, several: boolean, o: Resolved): AsyncGenerator<InputEntry> {
  const listed = await listDirectory(dir, o);
  const layout = Layout.plan(
    listed.map((l) => ({ path: l.rel, isDir: l.isDir })),
    prefix,
    several ? prefix : undefined,
  );
  for (const l of listed) {
    if (l.isDir) continue;
    if (!o.members.take(dir)) return;
    const where = layout.place(l.rel);
    let st: Stats;
    try {
      st = await lstat(l.abs);
    } catch (err) {
      o.onProblem({
        path: where.path,
        message: `${printable(where.path)}: cannot read (${(err as NodeJS.ErrnoException).code})`,
      });
      continue;
    }
    if (st.isSymbolicLink()) {
      let target: string | undefined;
      try {
        target = await readlink(l.abs);
      } catch {
        target = undefined;
      }
      yield { ...where, kind: 'symlink', linkTarget: target, walkRoot: prefix, mtime: st.mtime, open: emptyStream };
    } else if (st.isFile() && (isBundleName(l.rel) || isZipName(l.rel))) {
      // A tarball or zip found in a folder is read like one named (a customer's folder of per-host tarballs).
      yield* walkArchive(l.abs, where.path, where.path, where.host ?? rootName(l.abs), o);
    } else if (st.isFile()) {
      yield fileEntry(l.abs, where, st, o);
    } else {
      const kind = st.isCharacterDevice() || st.isBlockDevice() ? 'device' : 'other';
      yield { ...where, kind, mtime: st.mtime, open: emptyStream };
    }
  }
}

function fileEntry(abs: string, where: Placement, st: Stats, o: Resolved, named = false): InputEntry {
  if (!st.isFile()) {
    const kind = st.isCharacterDevice() || st.isBlockDevice() ? 'device' : 'other';
    return { ...where, kind, mtime: st.mtime, open: emptyStream };
  }
  const codec = isBundleName(abs) ? undefined : codecOfName(abs);
  return {
    ...where,
    kind: 'file',
    size: codec ? undefined : st.size,
    mtime: st.mtime,
    compressed: codec,
    realPath: abs,
    identity: identityOf(st),
    followLink: named,
    open: () => {
      const raw = checkedStream(abs, where.path, identityOf(st), named);
      if (!codec) {
        // Through the bounded stream too, so that an I/O error (EACCES, EIO) arrives already reported.
        return boundedStream(raw, {
          label: where.path,
          entryCap: Number.POSITIVE_INFINITY,
          onProblem: o.onProblem,
          ownSource: true,
        });
      }
      return boundedStream(raw, {
        label: where.path,
        codec,
        maxRatio: o.maxRatio,
        entryCap: o.maxEntryBytes,
        budget: o.budget,
        onProblem: o.onProblem,
        ownSource: true,
      });
    },
  };
}

/** The file's bytes through a descriptor opened with the walk's checks (see open.ts). */
function checkedStream(abs: string, label: string, identity: FileIdentity, named: boolean): Readable {
  return Readable.from(
    (async function* () {
      const { fd } = await openChecked(abs, label, identity, named);
      const stream = createReadStream('', { fd, highWaterMark: CHUNK_BYTES, autoClose: true });
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } finally {
        stream.destroy();
      }
    })(),
    { objectMode: false, highWaterMark: CHUNK_BYTES },
  );
}

function emptyStream() {
  return Readable.from([]);
}
