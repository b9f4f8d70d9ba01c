// Reading included files through the input's file system, guarded: a file system that fails (a broken
// member) means "not found", reported by the parser as a ParseIssue; an invalid pattern (`[z-a]`) is reported
// through `report` as what it is.
import { GlobError } from './glob.js';
import type { ConfigFS } from './types.js';

export function safeGlob(fs: ConfigFS, target: string, from: string, report?: (message: string) => void): string[] {
  try {
    return fs.glob(target, from);
  } catch (err) {
    if (err instanceof GlobError) report?.(err.message);
    return [];
  }
}

/** A directory without its trailing slashes (a loop: `/\/+$/` is quadratic on a run of slashes). */
export function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return s.slice(0, end);
}

export function safeRead(fs: ConfigFS, path: string): string | undefined {
  try {
    return fs.read(path);
  } catch {
    return undefined;
  }
}

/** A value shortened for a one-line message. */
export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Whether the file name (last component of `path`) holds `word` and ends with `ext` after it, as
 * `/word[^/]*ext$/` said, by string tests: that pattern was quadratic on a name repeating `word`.
 */
export function nameHasBefore(path: string, word: string, ext: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const at = base.indexOf(word);
  return at >= 0 && base.endsWith(ext) && at + word.length <= base.length - ext.length;
}
