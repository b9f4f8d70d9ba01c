// Reading included files through the input's file system, guarded: a file system that fails (a broken
// pattern, an unreadable member) means "not found", reported by the parser as a ParseIssue.
import type { ConfigFS } from './types.js';

export function safeGlob(fs: ConfigFS, target: string, from: string): string[] {
  try {
    return fs.glob(target, from);
  } catch {
    return [];
  }
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
