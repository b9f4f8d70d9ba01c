// Where the host roots are inside a directory or bundle: the input itself (`etc/`, `var/` at its top),
// one wrapper folder around it (`bundle-2024-07-11/var/log/…`), or one folder per host (`app1/`, `db1/`).
// Decided from the whole listing before any entry is yielded, so every entry of a host gets the same answer.

/** Top-level folders of a Linux root; a folder holding one of them mirrors a host's `/`. */
export const HOST_ROOT_DIRS: ReadonlySet<string> = new Set(['etc', 'var', 'proc', 'sys', 'home', 'opt', 'srv', 'usr']);

export interface Placement {
  path: string;
  host?: string;
  hostPath: string;
  rootPath: string;
  /** The input named on the command line (its display prefix), when several were named. */
  input?: string;
}

interface Node {
  dirs: Map<string, Node>;
  files: number;
}

interface HostBase {
  /** Relative folder of the host root inside the input ('' for the input itself). */
  base: string;
  host?: string;
}

function emptyNode(): Node {
  return { dirs: new Map(), files: 0 };
}

function looksLikeHostRoot(node: Node): boolean {
  for (const name of node.dirs.keys()) if (HOST_ROOT_DIRS.has(name)) return true;
  return false;
}

export function joinPath(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a}/${b}`;
}

export class Layout {
  /** Host roots by folder, for a lookup per entry: scanning every root for every entry was quadratic. */
  private readonly byBase = new Map<string, HostBase>();
  /** `{ input }` for the entries of an input named among several ('' prefix: the only input). */
  private readonly input: { input?: string };

  private constructor(
    private readonly prefix: string,
    bases: HostBase[],
  ) {
    for (const b of bases) if (!this.byBase.has(b.base)) this.byBase.set(b.base, b);
    this.input = prefix ? { input: prefix } : {};
  }

  /**
   * @param entries relative paths ('/'-separated, normalized) of the input, directories flagged
   * @param prefix display prefix of the input ('' when it is the only input named)
   * @param namedHost host name for an input that is itself one host's root, when several inputs are named
   */
  static plan(entries: Iterable<{ path: string; isDir: boolean }>, prefix: string, namedHost?: string): Layout {
    const planner = Layout.planner();
    for (const e of entries) planner.add(e.path, e.isDir);
    return planner.done(prefix, namedHost);
  }

  /**
   * The same, fed one path at a time: only the folders are kept (a file is a count), so a listing of millions
   * of members costs the size of its folder tree, in time linear in the listing.
   */
  static planner(): { add(path: string, isDir: boolean): void; done(prefix: string, namedHost?: string): Layout } {
    const root = emptyNode();
    return {
      add(path, isDir) {
        const parts = path.split('/');
        let node = root;
        const dirCount = isDir ? parts.length : parts.length - 1;
        for (let i = 0; i < dirCount; i++) {
          let next = node.dirs.get(parts[i]);
          if (!next) node.dirs.set(parts[i], (next = emptyNode()));
          node = next;
        }
        if (!isDir) node.files++;
      },
      done: (prefix, namedHost) => new Layout(prefix, planBases(root, namedHost)),
    };
  }

  /** An input that mirrors no host (a file named directly, a folder of loose configs). */
  static flat(prefix: string): Layout {
    return new Layout(prefix, []);
  }

  place(rel: string): Placement {
    const path = joinPath(this.prefix, rel);
    const b = this.baseOf(rel);
    if (b) {
      const inner = b.base === '' ? rel : rel.slice(b.base.length + 1);
      return { path, host: b.host, hostPath: `/${inner}`, rootPath: joinPath(this.prefix, b.base), ...this.input };
    }
    return { path, hostPath: path, rootPath: this.prefix, ...this.input };
  }

  /** The host root holding `rel`: the input itself, or a folder one or two levels deep (planBases). */
  private baseOf(rel: string): HostBase | undefined {
    const whole = this.byBase.get('');
    if (whole) return whole;
    let cut = rel.indexOf('/');
    for (let depth = 0; depth < 2; depth++) {
      const hit = this.byBase.get(cut < 0 ? rel : rel.slice(0, cut));
      if (hit || cut < 0) return hit;
      cut = rel.indexOf('/', cut + 1);
    }
    return undefined;
  }
}

function planBases(root: Node, namedHost?: string): HostBase[] {
  if (looksLikeHostRoot(root)) return [{ base: '', host: namedHost }];
  let under = '';
  let node = root;
  if (root.files === 0 && root.dirs.size === 1) {
    // One wrapper folder around everything (`tar czf bundle.tgz bundle-2024-07-11/`): not a host.
    const [name, inner] = [...root.dirs][0];
    if (looksLikeHostRoot(inner)) return [{ base: name, host: namedHost }];
    under = name;
    node = inner;
  }
  const bases: HostBase[] = [];
  for (const [name, child] of node.dirs) {
    if (looksLikeHostRoot(child)) bases.push({ base: joinPath(under, name), host: name });
  }
  return bases;
}
