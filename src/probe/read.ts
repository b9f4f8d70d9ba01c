// Reading /proc and /sys under a root: a file that cannot be read is noted in `unreadable` with why, never thrown;
// a process that ended between the listing and the read (ENOENT, ESRCH) is simply gone.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Unreadable } from './types.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied (EACCES)',
  EPERM: 'not permitted (EPERM)',
  ENOENT: 'does not exist (ENOENT)',
  ENOTDIR: 'not a folder (ENOTDIR)',
  EINVAL: 'not supported by the kernel (EINVAL)',
  ENOSYS: 'not supported (ENOSYS)',
  EISDIR: 'is a folder (EISDIR)',
};

export function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? (REASONS[code] ?? code) : 'cannot be read';
}

export function gone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH';
}

/** Reads files under `root`, collecting what cannot be read. `shown` is the path as the report names it. */
export class ProcReader {
  readonly unreadable: Unreadable[] = [];

  readonly root: string;
  private readonly prefix: string;

  constructor(root: string) {
    this.root = root;
    let end = root.length;
    while (end > 0 && root[end - 1] === '/') end--;
    this.prefix = root.slice(0, end);
  }

  /** The real path of "/proc/meminfo" under the root. */
  path(shown: string): string {
    return `${this.prefix}${shown}`;
  }

  /** The file's text, or undefined (noted unless `quietIfGone` and it does not exist). */
  text(shown: string, opts: { quietIfGone?: boolean; maxBytes?: number } = {}): string | undefined {
    try {
      const text = readFileSync(this.path(shown), 'utf8');
      return opts.maxBytes !== undefined && text.length > opts.maxBytes ? text.slice(0, opts.maxBytes) : text;
    } catch (err) {
      if (!(opts.quietIfGone && gone(err))) this.unreadable.push({ path: shown, why: why(err) });
      return undefined;
    }
  }

  /** A folder's entries, or undefined (noted unless gone). */
  list(shown: string, opts: { quietIfGone?: boolean } = {}): string[] | undefined {
    try {
      return readdirSync(this.path(shown));
    } catch (err) {
      if (!(opts.quietIfGone && gone(err))) this.unreadable.push({ path: shown, why: why(err) });
      return undefined;
    }
  }

  /** A link's target ("socket:[19018]"), or undefined: an fd can close between the listing and the read. */
  link(shown: string): string | undefined {
    try {
      return readlinkSync(this.path(shown));
    } catch {
      return undefined;
    }
  }

  note(path: string, reason: string): void {
    this.unreadable.push({ path, why: reason });
  }
}
