// Turns the paths a user named into entries: files, directories (walked recursively, sorted, links
// listed and never followed), rotated .gz files (decompressed on read) and tar bundles (streamed).
// Nothing is written to disk and nothing outside the named paths is ever opened.

import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  boundedStream,
  CHUNK_BYTES,
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MAX_EXPANDED_BYTES,
  ExpansionBudget,
  printable,
} from './gzip.js';
import { Layout, type Placement } from './layout.js';
import { type FileIdentity, identityOf, openChecked } from './open.js';
import { isBundleName, isGzipMember, walkBundle } from './tar.js';
import type { InputEntry, InputProblem, WalkOptions } from './types.js';

interface Resolved {
  maxExpandedBytes: number;
  maxEntryBytes: number;
  onProblem: (p: InputProblem) => void;
}

export async function* walkInputs(paths: string[], opts: WalkOptions = {}): AsyncGenerator<InputEntry> {
  const o: Resolved = {
    maxExpandedBytes: opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
    maxEntryBytes: opts.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    onProblem: opts.onProblem ?? (() => {}),
  };
  const several = paths.length > 1;
  for (const given of paths) {
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
    } else if (st.isFile() && isBundleName(given)) {
      yield* walkBundle(given, {
        label: given,
        prefix,
        namedHost: several ? prefix : undefined,
        maxExpandedBytes: o.maxExpandedBytes,
        maxEntryBytes: o.maxEntryBytes,
        onProblem: o.onProblem,
      });
    } else {
      yield fileEntry(given, { path: given, hostPath: given, rootPath: '' }, st, o, true);
    }
  }
}

/** The display prefix of a directory or bundle named among several: its base name, without the archive suffix. */
function rootName(given: string): string {
  const base = basename(resolve(given));
  return base.replace(/\.(tar|tar\.gz|tgz)$/, '') || base;
}

interface Listed {
  rel: string;
  abs: string;
  isDir: boolean;
}

/** Depth-first, names sorted by code unit (locale-independent, so runs are reproducible). */
async function listDirectory(root: string, o: Resolved): Promise<Listed[]> {
  const out: Listed[] = [];
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
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const childAbs = join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
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
      yield { ...where, kind: 'symlink', linkTarget: target, mtime: st.mtime, open: emptyStream };
    } else if (st.isFile()) {
      // Tarballs found inside a directory are not expanded (same rule as nested tarballs in a bundle).
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
  const gz = isGzipMember(abs) && !isBundleName(abs);
  return {
    ...where,
    kind: 'file',
    size: gz ? undefined : st.size,
    mtime: st.mtime,
    compressed: gz ? 'gzip' : undefined,
    realPath: abs,
    identity: identityOf(st),
    followLink: named,
    open: () => {
      const raw = checkedStream(abs, where.path, identityOf(st), named);
      if (!gz) {
        // Through the bounded stream too, so that an I/O error (EACCES, EIO) arrives already reported.
        return boundedStream(raw, {
          label: where.path,
          gunzip: false,
          entryCap: Number.POSITIVE_INFINITY,
          onProblem: o.onProblem,
          ownSource: true,
        });
      }
      const budget = new ExpansionBudget(o.maxExpandedBytes, where.path, (message) =>
        o.onProblem({ path: where.path, message }),
      );
      return boundedStream(raw, {
        label: where.path,
        gunzip: true,
        entryCap: o.maxEntryBytes,
        budget,
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
