// Streams the members of a .zip archive (yauzl: the central directory first, then each member on demand, so a
// member that is not wanted is never decompressed). A zip is untrusted like a tarball: names that are absolute or
// leave the archive are refused, symbolic links are listed and never read, encrypted members and unknown methods
// are one-line problems, a member whose declared expansion is a bomb's is refused before a byte is inflated.
import { close, constants, open } from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import type { Codec } from './codecs.js';
import { boundedStream, capMessage, printable, RATIO_GRACE_BYTES, ratioMessage } from './gzip.js';
import { Layout } from './layout.js';
import { type BundleOptions, memberCodec, nameTooLong, safeMemberName } from './tar.js';
import type { InputEntry } from './types.js';

export function isZipName(name: string): boolean {
  return name.endsWith('.zip');
}

/** Zip methods beyond deflate that we decode with our own decoders (APPNOTE 4.4.5). */
const METHOD_CODEC: Readonly<Record<number, Codec>> = { 12: 'bzip2', 93: 'zstd', 95: 'xz' };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

function openZip(fd: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromFd(
      fd,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );
}

/** Every central-directory record, one at a time (yauzl's lazy mode), ending quietly at the first error. */
async function* records(zip: yauzl.ZipFile, onError: (err: Error) => void): AsyncGenerator<yauzl.Entry> {
  while (true) {
    const next = await new Promise<yauzl.Entry | Error | null>((resolve) => {
      const cleanup = () => zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      zip.once('entry', (e: yauzl.Entry) => (cleanup(), resolve(e)));
      zip.once('end', () => (cleanup(), resolve(null)));
      zip.once('error', (err: Error) => (cleanup(), resolve(err)));
      zip.readEntry();
    });
    if (next === null) return;
    if (next instanceof Error) {
      onError(next);
      return;
    }
    yield next;
  }
}

function nameOf(e: yauzl.Entry): string {
  const raw = e.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, raw, e.extraFields, false);
}

function isDir(name: string): boolean {
  return name.endsWith('/');
}

export async function* walkZip(file: string, o: BundleOptions): AsyncGenerator<InputEntry> {
  const problem = (message: string, kind?: string) =>
    o.onProblem({
      path: o.label,
      message: `${printable(o.label)}: ${message}`,
      kind,
      group: kind ? o.label : undefined,
    });
  let fd: number;
  try {
    // A raw descriptor (a FileHandle would be closed when collected, under yauzl's feet).
    fd = await promisify(open)(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    problem(`cannot read (${(err as NodeJS.ErrnoException).code})`);
    return;
  }
  // yauzl's close() closes the descriptor: the first pass leaves it open, the second pass's close() ends it.
  const layout = await planZip(fd, o);
  if (!layout) {
    close(fd, () => {});
    problem('not a valid zip archive (no central directory); skipped');
    return;
  }
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(fd);
  } catch (err) {
    close(fd, () => {});
    problem(`not a valid zip archive (${printable((err as Error).message)}); skipped`);
    return;
  }
  try {
    yield* zipEntries(zip, layout, o, problem);
  } finally {
    zip.close();
  }
}

/** First pass over the central directory: where the host roots are. Undefined when it is not a zip at all. */
async function planZip(fd: number, o: BundleOptions): Promise<Layout | undefined> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(fd);
  } catch {
    return undefined;
  }
  const planner = Layout.planner();
  let seen = o.members.used;
  for await (const e of records(zip, () => {})) {
    if (++seen > o.members.cap) break;
    const name = nameOf(e);
    const safe = nameTooLong(name, o.maxNameBytes) ? undefined : safeMemberName(name);
    if (safe?.ok && safe.rel) planner.add(safe.rel, isDir(name));
  }
  return planner.done(o.prefix, o.namedHost);
}

async function* zipEntries(
  zip: yauzl.ZipFile,
  layout: Layout,
  o: BundleOptions,
  problem: (message: string, kind?: string) => void,
): AsyncGenerator<InputEntry> {
  const corrupt = (err: Error) => problem(`corrupt zip archive (${printable(err.message)}); the rest was skipped`);
  for await (const e of records(zip, corrupt)) {
    if (!o.members.take(o.label)) return;
    const name = nameOf(e);
    const shown = printable(name.length > 200 ? `${name.slice(0, 200)}…` : name);
    const long = nameTooLong(name, o.maxNameBytes);
    const safe = long ? { ok: false as const, reason: long } : safeMemberName(name);
    if (!safe.ok) {
      problem(`entry ${shown} refused: ${safe.reason}`, `entries refused: ${safe.reason}`);
      continue;
    }
    if (!safe.rel || isDir(name)) continue;
    const where = layout.place(safe.rel);
    const mode = (e.externalFileAttributes >>> 16) & S_IFMT;
    const mtime = e.getLastModDate();
    if (mode === S_IFLNK) {
      // The target is the member's content: never read, as a link found in a folder is never followed.
      yield { ...where, kind: 'symlink', mtime, open: () => Readable.from([]) };
      continue;
    }
    if (mode !== 0 && mode !== S_IFREG) {
      yield { ...where, kind: 'other', mtime, open: () => Readable.from([]) };
      continue;
    }
    if (e.isEncrypted()) {
      problem(`entry ${shown} is encrypted (not read)`, 'encrypted entries not read');
      continue;
    }
    const refused = refusal(e, o);
    if (refused) {
      const cut = refused.indexOf(' (');
      problem(`entry ${shown} ${refused}`, cut < 0 ? refused : refused.slice(0, cut));
      continue;
    }
    const inner = memberCodec(safe.rel);
    yield {
      ...where,
      kind: 'file',
      size: inner ? undefined : e.uncompressedSize,
      mtime,
      compressed: inner ?? (e.compressionMethod === 0 ? undefined : 'zip'),
      open: () => memberStream(zip, e, where.path, inner, o),
    };
  }
}

/** Why a member is not opened at all: an unknown method, or a declared size or ratio past the caps. */
function refusal(e: yauzl.Entry, o: BundleOptions): string | undefined {
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8 && !METHOD_CODEC[e.compressionMethod])
    return `not read: compression method ${e.compressionMethod} is not supported`;
  if (e.uncompressedSize > o.maxEntryBytes) return `not read: ${capMessage(o.maxEntryBytes, 'it')}`;
  if (e.uncompressedSize > RATIO_GRACE_BYTES && e.uncompressedSize > o.maxRatio * Math.max(1, e.compressedSize))
    return `not read: ${ratioMessage(o.maxRatio, 'it')}`;
  return undefined;
}

/** A member's bytes: inflated by yauzl (sizes checked against the directory), or raw through our decoder. */
function memberStream(
  zip: yauzl.ZipFile,
  e: yauzl.Entry,
  label: string,
  inner: Codec | undefined,
  o: BundleOptions,
): Readable {
  const method = METHOD_CODEC[e.compressionMethod];
  const raw = Readable.from(
    (async function* () {
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(e, method ? { decodeFileData: false } : {}, (err, s) => (err ? reject(err) : resolve(s))),
      );
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } finally {
        stream.destroy();
      }
    })(),
    { objectMode: false },
  );
  // The member's own method first (bzip2, zstd, xz in the zip), then a compressed file inside it (`x.log.gz`).
  const decoded = method
    ? boundedStream(raw, {
        label,
        codec: method,
        maxRatio: o.maxRatio,
        entryCap: o.maxEntryBytes,
        budget: o.budget,
        onProblem: o.onProblem,
        ownSource: true,
      })
    : boundedStream(raw, {
        label,
        entryCap: o.maxEntryBytes,
        budget: e.compressionMethod === 8 ? o.budget : undefined,
        countExpanded: e.compressionMethod === 8,
        onProblem: o.onProblem,
        ownSource: true,
      });
  if (!inner) return decoded;
  return boundedStream(decoded, {
    label,
    codec: inner,
    maxRatio: o.maxRatio,
    entryCap: o.maxEntryBytes,
    budget: o.budget,
    onProblem: o.onProblem,
    ownSource: true,
  });
}
