// Where inputs come from. A user names files, directories, rotated .gz files or .tar/.tar.gz/.tgz
// bundles; the evidence layer turns them into entries with a display path, a host and a byte stream,
// safely (no path escapes, no link followed, bounded sizes). It knows nothing of formats.
import type { Readable } from 'node:stream';
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
  /** Uncompressed size when known (plain files, tar entries); undefined for .gz streams. */
  size?: number;
  mtime?: Date;
  /** "file" entries have content; the others are listed, never read or followed. */
  kind: 'file' | 'symlink' | 'hardlink' | 'device' | 'other';
  /** For symlinks: the target as stored, never followed (used e.g. for /etc/localtime → zone name). */
  linkTarget?: string;
  /**
   * For a plain file on disk (not a bundle member): its path on this machine, so hot paths may read byte
   * ranges of it in parallel. Reading only; never written, never followed when it is a link.
   */
  realPath?: string;
  /** For a plain file on disk: what the walk saw (device, inode); a descriptor is opened only if it matches. */
  identity?: FileIdentity;
  /** The user named this path (a link they name is followed); files found by the walk are never followed. */
  followLink?: boolean;
  /** Transparent decompression for `.gz` members and rotated `.gz` files. */
  compressed?: 'gzip';
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
}

export interface WalkOptions {
  /** Cap on the total expanded bytes of one bundle or .gz (gzip/tar bombs). Default 20 GiB. */
  maxExpandedBytes?: number;
  /** Cap on one entry's expanded size. Default 10 GiB. */
  maxEntryBytes?: number;
  /** Called for each refused or bounded entry; the walk goes on. */
  onProblem?: (p: InputProblem) => void;
}
