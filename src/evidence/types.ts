// Where inputs come from. A user names files, directories, rotated .gz files or .tar/.tar.gz/.tgz
// bundles; the evidence layer turns them into entries with a display path, a host and a byte stream,
// safely (no path escapes, no link followed, bounded sizes). It knows nothing of formats.
import type { Readable } from 'node:stream';
import type { Codec } from './codecs.js';
import type { FileIdentity } from './open.js';

export interface InputEntry {
  /**
   * Display path: relative to the directory or bundle the user named (`etc/haproxy/haproxy.cfg`,
   * `app1/var/log/nginx/error.log`); a file named directly keeps the path as given. With several
   * roots named, each root's relative paths are prefixed by the root's base name.
   */
  path: string;
  /**
   * The host the file belongs to when a bundle/directory holds one folder per host (`app1/`, `db1/`,
   * each with `etc/`, `var/`, `proc/`… inside); undefined for a single-host input.
   */
  host?: string;
  /**
   * The path inside its host's file system, starting with "/" when the input mirrors a host's root
   * (`/etc/haproxy/haproxy.cfg` for `app1/etc/haproxy/haproxy.cfg`); otherwise the display path.
   */
  hostPath: string;
  /** Display path of the host root (`app1` or `` ) — where absolute include targets are looked up. */
  rootPath: string;
  /**
   * With several inputs named: the one this entry comes from (its display prefix, or the path of a file named
   * directly). Links by port stay within one input (src/stack/links.ts).
   */
  input?: string;
  /** Uncompressed size when known (plain files, tar entries); undefined for .gz streams. */
  size?: number;
  mtime?: Date;
  /** "file" entries have content; the others are listed, never read or followed. */
  kind: 'file' | 'symlink' | 'hardlink' | 'device' | 'other';
  /** For symlinks: the target as stored, never followed (used e.g. for /etc/localtime → zone name). */
  linkTarget?: string;
  /** For symlinks: display prefix of the walked root the link lies in ('' when it is the only input named). */
  walkRoot?: string;
  /**
   * For a plain file on disk (not a bundle member): its path on this machine, so hot paths may read byte
   * ranges of it in parallel. Reading only; never written, never followed when it is a link.
   */
  realPath?: string;
  /** For a plain file on disk: what the walk saw (device, inode); a descriptor is opened only if it matches. */
  identity?: FileIdentity;
  /** The user named this path (a link they name is followed); files found by the walk are never followed. */
  followLink?: boolean;
  /** Transparent decompression of `.gz`, `.bz2`, `.xz`, `.zst` files and members, and of zip members. */
  compressed?: Codec | 'zip';
  /**
   * Opens the (decompressed) content. For tar bundles the entry is only readable during iteration, once;
   * read or drain it before asking for the next entry. The stream errors with a one-line message when
   * the size cap is hit or gzip is truncated.
   */
  open(): Readable;
}

export interface InputProblem {
  path: string;
  /** One line: what was refused or bounded, and why. */
  message: string;
  /** A problem that may repeat by the million (a refused member): past the first few, counted as "N more <kind>". */
  kind?: string;
  /** Where the count of a kind is kept (the bundle's display path); the problem's path when absent. */
  group?: string;
}

/** The budgets of one run (CLI: --max-expanded, --max-entry, --max-entries, --max-name, --max-ratio). */
export interface WalkLimits {
  /** Cap on the bytes decompressed in one run (gzip, bzip2, xz, zstd, zip members, tarballs). Default 20 GiB. */
  maxExpandedBytes?: number;
  /** Cap on one entry's expanded size. Default 10 GiB. */
  maxEntryBytes?: number;
  /** Cap on the entries (files and members) listed in one run. Default 1,000,000. */
  maxEntries?: number;
  /** Cap on a member's or file's name, in bytes. Default 4 KiB. */
  maxNameBytes?: number;
  /** Cap on a compressed stream's expansion ratio, past its first 64 MiB of output. Default 100. */
  maxRatio?: number;
}

export interface WalkOptions extends WalkLimits {
  /** Called for each refused or bounded entry; the walk goes on. */
  onProblem?: (p: InputProblem) => void;
}
