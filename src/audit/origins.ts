// Where each input file is, seen from the working directory: what SARIF's artifact URIs (under %SRCROOT%) and the
// compact format print, so that GitHub code scanning places a result run from the repository root. A report's own
// paths (JSON `locations[].path`, the contract) stay relative to the folder or bundle named. A bundle member is
// `<bundle>!/<member>` (the jar-URL convention). Mirrors the walk's display paths (src/evidence/walk.ts): one
// named folder or bundle is the root; among several, each one's files are under its base name.
import { statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { BUNDLE_SUFFIX, isBundleName } from '../evidence/tar.js';
import { isZipName } from '../evidence/zip.js';

export interface Origin {
  /** Relative to the working directory ("/"-separated), or absolute when outside it. */
  path: string;
  /** False when the file is outside the working directory (no %SRCROOT% base). */
  underRoot: boolean;
}

interface Root {
  given: string;
  kind: 'dir' | 'bundle' | 'file';
  prefix: string;
}

export function originsOf(
  paths: readonly string[],
  shown: readonly string[],
  cwd = process.cwd(),
): Record<string, Origin> {
  const several = paths.length > 1;
  const roots: Root[] = paths.map((given) => {
    const kind = kindOf(given);
    const base = basename(resolve(given));
    const prefix = several ? base.replace(BUNDLE_SUFFIX, '').replace(/\.zip$/, '') || base : '';
    return { given, kind, prefix };
  });
  const out: Record<string, Origin> = {};
  for (const d of shown) {
    const o = originOf(d, roots, cwd);
    if (o) out[d] = o;
  }
  return out;
}

function originOf(d: string, roots: Root[], cwd: string): Origin | undefined {
  for (const r of roots) {
    if (r.kind === 'file') {
      if (d === r.given) return place(resolve(cwd, r.given), '', cwd);
      continue;
    }
    const rest = r.prefix === '' ? d : d.startsWith(`${r.prefix}/`) ? d.slice(r.prefix.length + 1) : null;
    if (rest === null) continue;
    return r.kind === 'dir' ? place(resolve(cwd, r.given, rest), '', cwd) : place(resolve(cwd, r.given), rest, cwd);
  }
  return undefined;
}

function place(abs: string, member: string, cwd: string): Origin {
  const rel = relative(cwd, abs).split('\\').join('/');
  const underRoot = rel !== '' && !rel.startsWith('../') && rel !== '..' && !isAbsolute(rel);
  const path = underRoot ? rel : abs;
  return { path: member ? `${path}!/${member}` : path, underRoot };
}

function kindOf(given: string): Root['kind'] {
  try {
    const st = statSync(given);
    if (st.isDirectory()) return 'dir';
    return isBundleName(given) || isZipName(given) ? 'bundle' : 'file';
  } catch {
    return 'file';
  }
}
