// glob(3) patterns of include directives (nginx `include`, MySQL `!includedir`, PostgreSQL `include_dir`, Redis
// `include`, systemd drop-ins), matched without a RegExp. A pattern written in a config is attacker-chosen: as a
// backtracking regex `conf.d/*a*a*a*a*a*a*a*a*a*a*b` took 55 s against a 40-character name. Here each component is
// matched by the classic one-restart-point wildcard loop, O(pattern × name) at worst, whatever the pattern.
//
// Semantics kept from glob(3) without GLOB_PERIOD: `*` and `?` stay within one component and, like `[...]`, do not
// match a leading dot; `[...]`, `[!...]` and `[^...]` are character classes with ranges; a `]` right after the
// opening bracket is literal; a `[` without a closing `]` is literal. A reversed range (`[z-a]`) is an error,
// thrown as GlobError for the parser to report.

export class GlobError extends Error {}

type Atom =
  | { kind: 'char'; ch: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negate: boolean; chars: string; ranges: [string, string][] };

export interface GlobMatcher {
  /** Whether the whole path (or, for a tail matcher, its last components) matches. */
  test(path: string): boolean;
}

export function hasGlob(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('[');
}

function parseClass(pattern: string, open: number, close: number): Atom {
  let body = pattern.slice(open + 1, close);
  const negate = body.startsWith('!') || body.startsWith('^');
  if (negate) body = body.slice(1);
  const ranges: [string, string][] = [];
  let chars = '';
  for (let i = 0; i < body.length; i++) {
    const lo = body[i] as string;
    const hi = body[i + 2];
    if (body[i + 1] === '-' && hi !== undefined) {
      if (hi < lo) throw new GlobError(`invalid character range [${lo}-${hi}] in "${pattern}"`);
      ranges.push([lo, hi]);
      i += 2;
    } else chars += lo;
  }
  return { kind: 'class', negate, chars, ranges };
}

/** One component of a pattern (no `/`) as atoms; consecutive stars are one. */
function compileComponent(pattern: string): Atom[] {
  const atoms: Atom[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (atoms[atoms.length - 1]?.kind !== 'star') atoms.push({ kind: 'star' });
    } else if (c === '?') atoms.push({ kind: 'any' });
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) atoms.push({ kind: 'char', ch: c });
      else {
        atoms.push(parseClass(pattern, i, close));
        i = close;
      }
    } else atoms.push({ kind: 'char', ch: c });
  }
  return atoms;
}

function atomMatches(atom: Atom, ch: string): boolean {
  if (atom.kind === 'char') return atom.ch === ch;
  if (atom.kind === 'any') return true;
  if (atom.kind !== 'class') return false;
  let hit = atom.chars.includes(ch);
  for (let r = 0; !hit && r < atom.ranges.length; r++) {
    const [lo, hi] = atom.ranges[r] as [string, string];
    hit = ch >= lo && ch <= hi;
  }
  return hit !== atom.negate;
}

/** Whether one path component matches the atoms of one pattern component. */
function matchComponent(atoms: Atom[], name: string): boolean {
  // Only a literal dot matches a leading dot.
  if (name.startsWith('.') && !(atoms[0]?.kind === 'char' && atoms[0].ch === '.')) return false;
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < name.length) {
    const atom = atoms[p];
    if (atom?.kind === 'star') {
      starP = p++;
      starI = i;
    } else if (atom && atomMatches(atom, name[i] as string)) {
      p++;
      i++;
    } else if (starP >= 0) {
      // Let the last star take one more character and retry from just after it.
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (atoms[p]?.kind === 'star') p++;
  return p === atoms.length;
}

/** A compiled pattern, split into components. */
export class Glob {
  private readonly components: Atom[][];

  constructor(readonly pattern: string) {
    this.components = pattern.split('/').map(compileComponent);
  }

  get length(): number {
    return this.components.length;
  }

  /** Whether path component `name` matches pattern component `index`. */
  componentMatches(index: number, name: string): boolean {
    const atoms = this.components[index];
    return atoms !== undefined && matchComponent(atoms, name);
  }

  /** How many trailing components of `parts` match the pattern's trailing components (at most `limit`). */
  matchingTail(parts: string[], limit = this.components.length): number {
    let n = 0;
    while (
      n < limit &&
      n < parts.length &&
      this.componentMatches(this.components.length - 1 - n, parts[parts.length - 1 - n] as string)
    )
      n++;
    return n;
  }

  matches(path: string): boolean {
    const parts = path.split('/');
    return parts.length === this.components.length && this.matchingTail(parts) === parts.length;
  }
}

/**
 * A pattern as a matcher. With `tail`, the pattern matches the last components of a path (`conf.d/*.conf`
 * matches `app1/etc/nginx/conf.d/a.conf`). Throws GlobError on an invalid character class.
 */
export function globMatcher(pattern: string, tail = false): GlobMatcher {
  const glob = new Glob(pattern);
  if (!tail) return { test: (path) => glob.matches(path) };
  return {
    test: (path) => {
      const parts = path.split('/');
      return parts.length >= glob.length && glob.matchingTail(parts) === glob.length;
    },
  };
}
