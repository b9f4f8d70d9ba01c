// Lists what the sources name under the root, without reading a byte: regular files become candidates, links are
// kept as links (never followed: a link in /var/log can point anywhere), FIFOs, sockets and devices are skipped
// (opening a FIFO blocks, reading a device never ends). Folders are entered only when they are folders themselves
// (Dirent types are lstat's), so the walk cannot leave the root through a link. Names are sorted by the evidence
// layer's series order, so the bundle lists a rotated series oldest first, as the walk of a host does.
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { seriesName, seriesOrder } from '../evidence/series.js';
import type { Source, SourceKind } from './sources.js';

export interface Candidate {
  /** Relative to the root, '/'-separated: also the path inside the bundle. */
  rel: string;
  abs: string;
  kind: SourceKind;
  st: Stats;
  /** A symbolic link's target as stored (the link is bundled as a link). */
  link?: string;
  /** The link this config or fact was read through (its content is the target's, inside the root). */
  via?: string;
  /** A rotated piece of a log series (`access.log.1`, `syslog.2.gz`), not the live file. */
  rotated: boolean;
}

const MAX_HOPS = 8;

export interface Skip {
  source: string;
  why: string;
}

export interface Listing {
  candidates: Candidate[];
  skipped: Skip[];
}

/** `tomcat*` matches `tomcat9`; `*` matches anything; other components are literal. */
function componentMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

export class RootWalker {
  private readonly seen = new Map<string, Candidate>();
  private readonly skipped: Skip[] = [];

  /**
   * @param root the root folder ('/' on the live host)
   * @param excluded dev:ino of files never to list (the bundle being written, its map)
   */
  constructor(
    private readonly root: string,
    private readonly excluded: ReadonlySet<string>,
  ) {}

  /** The candidates and skips these sources add (a path already listed by an earlier call is not listed again). */
  async list(sources: readonly Source[]): Promise<Listing> {
    const before = new Set(this.seen.keys());
    const skippedBefore = this.skipped.length;
    for (const s of sources) {
      for (const base of await this.expand(s.path)) await this.visitSource(s, base);
    }
    const candidates = [...this.seen.values()].filter((c) => !before.has(c.rel));
    return { candidates, skipped: this.skipped.slice(skippedBefore) };
  }

  /**
   * The relative paths a source's pattern names that exist. Every folder on the way is checked to be a folder and not
   * a link (merged-/usr's `/lib → usr/lib`, or an absolute link on a mounted disk that would lead out of the root).
   */
  private async expand(pattern: string): Promise<string[]> {
    let bases = [''];
    const parts = pattern.split('/');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const last = i === parts.length - 1;
      const next: string[] = [];
      for (const base of bases) {
        if (!part.includes('*')) {
          const rel = base ? `${base}/${part}` : part;
          if (last || (await this.isRealFolder(rel))) next.push(rel);
          continue;
        }
        const names = await this.readFolder(base, last);
        for (const d of names)
          if (componentMatches(part, d.name) && d.isDirectory()) next.push(base ? `${base}/${d.name}` : d.name);
      }
      bases = next;
    }
    return bases;
  }

  private async isRealFolder(rel: string): Promise<boolean> {
    try {
      return (await lstat(join(this.root, rel))).isDirectory();
    } catch {
      return false;
    }
  }

  /** A folder's entries, sorted; [] when it is missing. Unreadable folders are listed as skipped. */
  private async readFolder(rel: string, report: boolean): Promise<Dirent[]> {
    try {
      const names = await readdir(join(this.root, rel), { withFileTypes: true });
      return names.sort((a, b) => seriesOrder(a.name, b.name));
    } catch (err) {
      const code = errno(err);
      if (report && code !== 'ENOENT' && code !== 'ENOTDIR')
        this.skipped.push({ source: `/${rel}`, why: `cannot list (${code})` });
      return [];
    }
  }

  private async visitSource(s: Source, rel: string): Promise<void> {
    let st: Stats;
    try {
      st = await lstat(join(this.root, rel));
    } catch (err) {
      if (errno(err) !== 'ENOENT' && errno(err) !== 'ENOTDIR')
        this.skipped.push({ source: `/${rel}`, why: `cannot read (${errno(err)})` });
      return;
    }
    // A named file that is a folder (HAProxy's `crt /etc/haproxy/certs`): its files that pass the name test.
    if (s.mode === 'file' && st.isDirectory()) return s.names ? this.visitFolder(s, rel, false) : undefined;
    if (s.mode === 'file') return this.consider(s.kind, rel, st);
    // A source folder that is a link (var/log/nginx → /data/logs) is recorded, not entered: no member of the bundle
    // ever lies beneath a link member (an extracting tar would write through it).
    if (!st.isDirectory()) return this.consider(s.kind, rel, st);
    await this.visitFolder(s, rel, s.mode === 'tree');
  }

  private async visitFolder(s: Source, rel: string, deep: boolean): Promise<void> {
    const entries = await this.readFolder(rel, true);
    if (s.requires && !entries.some((d) => d.name === s.requires)) return;
    for (const d of entries) {
      const child = `${rel}/${d.name}`;
      if (d.isDirectory()) {
        if (deep) await this.visitFolder(s, child, true);
        continue;
      }
      if (!deep && s.names && !s.names(d.name)) continue;
      let st: Stats;
      try {
        st = await lstat(join(this.root, child));
      } catch (err) {
        this.skipped.push({ source: `/${child}`, why: `cannot read (${errno(err)})` });
        continue;
      }
      await this.consider(s.kind, child, st);
    }
  }

  /**
   * The regular file a link leads to, when every hop stays inside the root (at most MAX_HOPS: Debian's
   * /etc/mysql/my.cnf → /etc/alternatives/my.cnf → /etc/mysql/mariadb.cnf is two). Absolute targets are taken
   * inside the root, as they are on the host the root belongs to.
   */
  private async insideRoot(abs: string, link: string): Promise<{ abs: string; st: Stats } | undefined> {
    const top = resolve(this.root);
    let from = abs;
    let to = link;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const target = isAbsolute(to) ? join(top, to) : resolve(dirname(from), to);
      const within = relative(top, target);
      if (within.startsWith('..') || isAbsolute(within)) return undefined;
      try {
        const st = await lstat(target);
        if (st.isFile()) return { abs: target, st };
        if (!st.isSymbolicLink()) return undefined;
        from = target;
        to = await readlink(target);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  private async consider(kind: SourceKind, rel: string, st: Stats): Promise<void> {
    if (this.seen.has(rel)) return;
    if (this.excluded.has(`${st.dev}:${st.ino}`)) return;
    const abs = join(this.root, rel);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const rotated = kind === 'log' && seriesName(name).scheme !== 2;
    if (st.isSymbolicLink()) {
      let link: string;
      try {
        link = await readlink(abs);
      } catch (err) {
        this.skipped.push({ source: `/${rel}`, why: `cannot read the link (${errno(err)})` });
        return;
      }
      // A config or fact behind a link (Debian's /etc/os-release → ../usr/lib/os-release, nginx's sites-enabled/*
      // → sites-available/*) is read where the link leads when that stays inside the root: those are the files
      // the services read. /etc/localtime stays a link (its target is the zone's name), and so do logs.
      const follow = kind !== 'log' && rel !== 'etc/localtime';
      const target = follow ? await this.insideRoot(abs, link) : undefined;
      if (target) this.seen.set(rel, { rel, abs: target.abs, kind, st: target.st, rotated, via: link });
      else this.seen.set(rel, { rel, abs, kind, st, link, rotated });
      return;
    }
    if (!st.isFile()) {
      const what = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device or special file';
      this.skipped.push({ source: `/${rel}`, why: `${what}, not read` });
      return;
    }
    // A log folder is often writable by the service's user, who could hard-link a file it cannot read there
    // (/etc/shadow, where fs.protected_hardlinks is off) for a collector running as root to pick up.
    if (kind === 'log' && st.nlink > 1) {
      this.skipped.push({ source: `/${rel}`, why: `a hard link (${st.nlink} names), not read` });
      return;
    }
    this.seen.set(rel, { rel, abs, kind, st, rotated });
  }
}
