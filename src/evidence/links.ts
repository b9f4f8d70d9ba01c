// Symbolic links inside a walked folder or bundle, for the configs: Debian's `sites-enabled/api ->
// ../sites-available/api` (or `-> /etc/nginx/sites-available/api`) is the file nginx reads, so the audit must read
// it there too. A link is followed only to a file that stays inside the walked root — an absolute target is
// resolved against the host root that holds the link, as in a chroot — and only to what the walk itself read,
// through its own checked open (open.ts): nothing outside the input is ever opened. A link that leaves the root, or
// whose target the input does not hold, is skipped with one line saying why.
import { posix } from 'node:path';

export interface LinkEntry {
  /** Display path of the link. */
  path: string;
  /** The link's path inside its host's file system (starts with "/" when the input mirrors a host root). */
  hostPath: string;
  /** Display path of the host root holding the link. */
  rootPath: string;
  /** Display prefix of the walked root ('' when it is the only input named). */
  walkRoot: string;
  target: string;
  /** Where the walked root sits in its host's file system when the input mirrors no host root (probe's `/etc/nginx`). */
  mount?: string;
}

export type LinkResolution = { ok: true; path: string } | { ok: false; why: string };

/** Links followed one after another before giving up (Linux's own limit for a path is 40). */
const MAX_HOPS = 8;

/**
 * Where the link points, as a display path of the input, following links to links; `files` holds the display
 * paths the walk read, `links` the other links of the input by display path.
 */
export function resolveLink(
  link: LinkEntry,
  files: ReadonlySet<string>,
  links: ReadonlyMap<string, LinkEntry>,
): LinkResolution {
  let at = link;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const where = targetPath(at);
    if (!where.ok) return where;
    if (files.has(where.path)) return where;
    const next = links.get(where.path);
    if (!next) return { ok: false, why: `its target ${where.path} is not a text file of the input` };
    at = next;
  }
  return { ok: false, why: `more than ${MAX_HOPS} links in a row` };
}

/** One hop: the display path the target names, or why it is refused. */
function targetPath(link: LinkEntry): LinkResolution {
  const t = link.target;
  if (!t) return { ok: false, why: 'its target is unknown' };
  const mirrored = link.hostPath.startsWith('/');
  let path: string;
  if (t.startsWith('/') && mirrored) {
    // As in a chroot: `/..` stays at the root.
    path = join(link.rootPath, posix.normalize(t).slice(1));
  } else if (t.startsWith('/')) {
    const abs = posix.normalize(t);
    const m = link.mount;
    if (!m) return { ok: false, why: 'an absolute target outside a host root cannot be placed' };
    if (!abs.startsWith(`${m}/`)) return { ok: false, why: 'it leaves the walked root' };
    path = join(link.walkRoot, abs.slice(m.length + 1));
  } else {
    path = posix.normalize(join(posix.dirname(link.path), t));
  }
  if (!inside(path, link.walkRoot)) return { ok: false, why: 'it leaves the walked root' };
  return { ok: true, path };
}

function join(a: string, b: string): string {
  if (!a || a === '.') return b;
  return `${a}/${b}`;
}

function inside(path: string, root: string): boolean {
  if (path === '..' || path.startsWith('../') || path.startsWith('/')) return false;
  return root === '' || path.startsWith(`${root}/`);
}

/** A file of the input as the configs see it (collect.ts's TextFile). */
export interface LinkedText {
  path: string;
  host: string;
  hostPath: string;
  rootPath: string;
  text: string;
  mtime?: Date;
  /** Set on a file read through a link: the display path of the file it is. */
  linkOf?: string;
}

/**
 * The texts the links name, each under the link's own path (`linkOf` says which file it is), and for the links
 * not followed the one line that says why.
 */
export function followLinks<T extends LinkedText>(
  texts: readonly T[],
  links: readonly (LinkEntry & { host: string })[],
  /** Files read at their own path already (logs): a link to one is not read twice. */
  readElsewhere: ReadonlySet<string> = new Set(),
): { aliases: T[]; refused: { path: string; host: string; reason: string }[] } {
  const byPath = new Map(texts.map((t) => [t.path, t]));
  const linkByPath = new Map(links.map((l) => [l.path, l]));
  const files = new Set([...byPath.keys(), ...readElsewhere]);
  const aliases: T[] = [];
  const refused: { path: string; host: string; reason: string }[] = [];
  for (const l of links) {
    const r = resolveLink(l, files, linkByPath);
    if (!r.ok) {
      refused.push({
        path: l.path,
        host: l.host,
        reason: `symbolic link to ${l.target || '?'} not followed: ${r.why}`,
      });
      continue;
    }
    const target = byPath.get(r.path);
    if (!target) {
      refused.push({
        path: l.path,
        host: l.host,
        reason: `symbolic link to ${l.target}: ${r.path} is read at its own path`,
      });
      continue;
    }
    aliases.push({ ...target, path: l.path, host: l.host, hostPath: l.hostPath, rootPath: l.rootPath, linkOf: r.path });
  }
  return { aliases, refused };
}
