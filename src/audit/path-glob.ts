// The globs of `ignore[].paths`: the include-directive globs of src/formats/config/glob.ts (linear, no RegExp) per
// component, plus `**` for any number of folders (gitignore's convention); a glob without `/` matches a file name
// at any depth. Components are matched by a table over (glob component, path component): O(glob × path) tests of
// one component each, whatever the glob (a `**/**/**` chain does not explode as recursion would).
import { Glob } from '../formats/config/glob.js';

export interface PathGlob {
  test(path: string): boolean;
}

export function pathGlob(pattern: string): PathGlob {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  const full = trimmed.includes('/') ? trimmed : `**/${trimmed}`;
  const parts = full.split('/');
  const globs = parts.map((p) => (p === '**' ? null : new Glob(p)));
  return { test: (path) => matches(globs, path.replace(/^\.\//, '').split('/')) };
}

function matches(globs: (Glob | null)[], names: string[]): boolean {
  // can[j]: the globs so far match the first j names.
  let can = names.map((_, j) => j === 0);
  can.push(names.length === 0);
  for (const g of globs) {
    const next = new Array<boolean>(names.length + 1).fill(false);
    for (let j = 0; j <= names.length; j++) {
      if (!can[j]) continue;
      if (g === null) {
        // `**` takes any number of names from j on.
        for (let k = j; k <= names.length; k++) next[k] = true;
        break;
      }
      if (j < names.length && g.componentMatches(0, names[j] as string)) next[j + 1] = true;
    }
    can = next;
  }
  return can[names.length] === true;
}
