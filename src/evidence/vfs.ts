// The input tree as config parsers see it for includes: an in-memory file system over the text files
// collected by the walk. Includes are written for the server's own disk (`include /etc/nginx/conf.d/*.conf;`),
// so absolute targets are looked up under the root of the host that holds the including file, then by
// their tail, for a user who named only `nginx.conf` and the `conf.d/` next to it.
import { posix } from 'node:path';
import { Glob, type GlobMatcher, globMatcher, hasGlob } from '../formats/config/glob.js';
import type { ConfigFS } from '../formats/config/types.js';

/** What the file system needs of a collected file (a subset of collect.ts's TextFile). */
export interface VfsFile {
  path: string;
  host?: string;
  hostPath: string;
  rootPath: string;
  text: string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A file of one host with its path split once, for the by-tail lookup. */
interface TailEntry {
  path: string;
  parts: string[];
}

export class MemoryFS implements ConfigFS {
  private readonly byPath = new Map<string, VfsFile>();
  private readonly sorted: VfsFile[];
  /** host → its files in path order; host → basename → its files: built once, for the by-tail lookup. */
  private readonly byHost = new Map<string, TailEntry[]>();
  private readonly byHostBase = new Map<string, Map<string, TailEntry[]>>();

  constructor(files: Iterable<VfsFile>) {
    for (const f of files) this.byPath.set(f.path, f);
    this.sorted = [...this.byPath.values()].sort((a, b) => byCodeUnit(a.path, b.path));
    for (const f of this.sorted) {
      const host = f.host ?? '';
      const entry: TailEntry = { path: f.path, parts: f.path.split('/') };
      const list = this.byHost.get(host);
      if (list) list.push(entry);
      else this.byHost.set(host, [entry]);
      const bases = this.byHostBase.get(host) ?? new Map<string, TailEntry[]>();
      this.byHostBase.set(host, bases);
      const base = entry.parts[entry.parts.length - 1] as string;
      const same = bases.get(base);
      if (same) same.push(entry);
      else bases.set(base, [entry]);
    }
  }

  read(path: string): string | undefined {
    return this.byPath.get(path)?.text;
  }

  /** Throws GlobError for an invalid pattern (`[z-a]`), for the parser to report. */
  glob(target: string, fromPath: string, baseDir?: string): string[] {
    const t = target.trim();
    if (!t) return [];
    const from = this.byPath.get(fromPath);
    if (t.startsWith('/')) return this.absolute(posix.normalize(t), from);
    const local = this.match(posix.normalize(posix.join(posix.dirname(fromPath), t)));
    if (local.length > 0 || !baseDir) return local;
    if (baseDir.startsWith('/')) return this.absolute(posix.normalize(posix.join(baseDir, t)), from);
    return this.match(posix.normalize(posix.join(from?.rootPath ?? '', baseDir, t)));
  }

  /** `/etc/nginx/conf.d/*.conf`: under the including file's host root, as named, then by tail. */
  private absolute(target: string, from: VfsFile | undefined): string[] {
    const rootPath = from?.rootPath ?? '';
    const host = from?.host ?? '';
    const pattern = globMatcher(target);
    const underRoot = this.sorted
      .filter((f) => f.rootPath === rootPath && f.hostPath.startsWith('/') && pattern.test(f.hostPath))
      .map((f) => f.path);
    if (underRoot.length > 0) return underRoot;
    // Files named directly by their absolute path keep it as display path.
    const asNamed = this.match(target);
    if (asNamed.length > 0) return asNamed;
    return this.byTail(target, host);
  }

  /**
   * The longest tail of the target that matches the end of some paths of the same host. A wildcard in
   * the last component needs its directory too: `*.conf` alone would pull in every .conf of the input.
   * Each candidate is compared from its end once (the longest tail it shares with the target), so a target of
   * thousands of components costs one pass, not a pattern per tail length; a literal last component narrows the
   * candidates to the files of that basename through the index.
   */
  private byTail(target: string, host: string): string[] {
    const parts = target.split('/').filter(Boolean);
    const last = parts[parts.length - 1] ?? '';
    const minTail = hasGlob(last) ? 2 : 1;
    if (parts.length < minTail) return [];
    const glob = new Glob(parts.join('/'));
    const candidates = hasGlob(last) ? this.byHost.get(host) : this.byHostBase.get(host)?.get(last);
    let best = 0;
    let found: string[] = [];
    for (const c of candidates ?? []) {
      const n = glob.matchingTail(c.parts);
      if (n < minTail || n < best) continue;
      if (n > best) {
        best = n;
        found = [];
      }
      found.push(c.path);
    }
    return found;
  }

  private match(path: string): string[] {
    if (!hasGlob(path)) return this.byPath.has(path) ? [path] : [];
    const pattern = globMatcher(path);
    return this.sorted.filter((f) => pattern.test(f.path)).map((f) => f.path);
  }
}

/**
 * A glob(3) pattern as a matcher (src/formats/config/glob.ts: linear, no RegExp). With `tail`, the pattern
 * matches the last components of a path. Kept under its old name for the callers of the RegExp it replaced.
 */
export function globRegex(pattern: string, tail = false): GlobMatcher {
  return globMatcher(pattern, tail);
}
