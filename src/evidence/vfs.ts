// The input tree as config parsers see it for includes: an in-memory file system over the text files
// collected by the walk. Includes are written for the server's own disk (`include /etc/nginx/conf.d/*.conf;`),
// so absolute targets are looked up under the root of the host that holds the including file, then by
// their tail, for a user who named only `nginx.conf` and the `conf.d/` next to it.
import { posix } from 'node:path';
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

export class MemoryFS implements ConfigFS {
  private readonly byPath = new Map<string, VfsFile>();
  private readonly sorted: VfsFile[];

  constructor(files: Iterable<VfsFile>) {
    for (const f of files) this.byPath.set(f.path, f);
    this.sorted = [...this.byPath.values()].sort((a, b) => byCodeUnit(a.path, b.path));
  }

  read(path: string): string | undefined {
    return this.byPath.get(path)?.text;
  }

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
    const pattern = globRegex(target);
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
   */
  private byTail(target: string, host: string): string[] {
    const parts = target.split('/').filter(Boolean);
    const minTail = hasGlob(parts[parts.length - 1] ?? '') ? 2 : 1;
    const candidates = this.sorted.filter((f) => (f.host ?? '') === host);
    for (let keep = parts.length; keep >= minTail; keep--) {
      const tail = globRegex(parts.slice(parts.length - keep).join('/'), true);
      const found = candidates.filter((f) => tail.test(f.path)).map((f) => f.path);
      if (found.length > 0) return found;
    }
    return [];
  }

  private match(path: string): string[] {
    if (!hasGlob(path)) return this.byPath.has(path) ? [path] : [];
    const re = globRegex(path);
    return this.sorted.filter((f) => re.test(f.path)).map((f) => f.path);
  }
}

function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/**
 * A glob(3) pattern as a RegExp: `*` and `?` stay within one component and, as in glob(3) without
 * GLOB_PERIOD, do not match a leading dot (nor does a bracket expression); `[...]` and `[!...]` are character classes. With `tail`,
 * the pattern matches the last components of a path.
 */
export function globRegex(pattern: string, tail = false): RegExp {
  let re = '';
  let atComponentStart = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      re += atComponentStart ? '(?!\\.)[^/]*' : '[^/]*';
    } else if (c === '?') {
      re += atComponentStart ? '(?!\\.)[^/]' : '[^/]';
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
      } else {
        let body = pattern.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        body = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
        re += (atComponentStart ? '(?!\\.)' : '') + (negate ? `[^/${body}]` : `[${body}]`);
        i = close;
      }
    } else {
      re += c.replace(/[.+^${}()|\\]/g, (m) => `\\${m}`);
    }
    atComponentStart = c === '/';
  }
  return new RegExp(tail ? `(?:^|/)${re}$` : `^${re}$`);
}
