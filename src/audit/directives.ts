// Inline suppressions, written in the config's own comment syntax (ESLint's disable comments):
//   # faultline-disable-next-line <rule-id>[, <rule-id>…] -- <reason>
//   # faultline-disable-file <rule-id> -- <reason>
// `<!-- … -->` in Tomcat's XML, `//` or `/* … */` in JS (PM2 ecosystem files, Node sources), `;` where the
// language takes it (php-fpm, my.cnf, systemd units, uWSGI ini). A directive is a comment line of its own; the
// next-line form applies to the next line that is neither blank nor a comment. Parsed with indexOf, no regex.

export interface Directive {
  kind: 'next-line' | 'file';
  rules: string[];
  /** Undefined when no `-- reason` follows (a suppression-without-reason finding). */
  reason?: string;
  path: string;
  /** The directive's own line. */
  line: number;
  /** The line it applies to (next-line form); 0 for the file form. */
  target: number;
}

const HASH = ['#'];
const HASH_SEMI = ['#', ';'];
const JS = ['//', '/*'];
/** Comment openers per config format id; a format not listed comments with `#`. */
const COMMENT: Record<string, string[]> = {
  tomcat: ['<!--'],
  pm2: JS,
  'node-app': JS,
  'php-fpm': [';', '#'],
  mysql: HASH_SEMI,
  systemd: HASH_SEMI,
  sysctl: HASH_SEMI,
  uwsgi: HASH_SEMI,
};
/** Closers stripped from the end of a directive's text. */
const CLOSERS = ['-->', '*/'];

const NEXT_LINE = 'faultline-disable-next-line';
const FILE = 'faultline-disable-file';

export function commentOpeners(format: string): string[] {
  return COMMENT[format] ?? HASH;
}

/** The directives of one file, read as config format `format`. */
export function scanDirectives(path: string, text: string, format: string): Directive[] {
  if (!text.includes('faultline-disable-')) return [];
  const openers = commentOpeners(format);
  const lines = text.split('\n');
  const isComment = (s: string) => openers.some((o) => s.startsWith(o));
  const out: Directive[] = [];
  lines.forEach((raw, i) => {
    const s = raw.trim();
    const opener = openers.find((o) => s.startsWith(o));
    if (!opener) return;
    const d = parseDirective(s.slice(opener.length).trim());
    if (!d) return;
    let target = 0;
    if (d.kind === 'next-line') {
      let j = i + 1;
      while (j < lines.length && (lines[j]?.trim() === '' || isComment(lines[j]?.trim() ?? ''))) j++;
      // A directive on the last line applies to nothing: it is reported unused.
      target = j < lines.length ? j + 1 : -1;
    }
    out.push({ ...d, path, line: i + 1, target });
  });
  return out;
}

function parseDirective(body: string): Pick<Directive, 'kind' | 'rules' | 'reason'> | null {
  const kind = body.startsWith(NEXT_LINE) ? 'next-line' : body.startsWith(FILE) ? 'file' : null;
  if (!kind) return null;
  let rest = body.slice(kind === 'next-line' ? NEXT_LINE.length : FILE.length);
  // `faultline-disable-filesystem` is not a directive: the keyword ends at a space or the end.
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') return null;
  for (const c of CLOSERS) if (rest.trimEnd().endsWith(c)) rest = rest.trimEnd().slice(0, -c.length);
  const sep = rest.indexOf(' --');
  const ids = sep < 0 ? rest : rest.slice(0, sep);
  const reason = sep < 0 ? '' : rest.slice(sep + 3).trim();
  const rules = ids
    .split(',')
    .flatMap((p) => p.trim().split(/\s+/))
    .filter(Boolean);
  return { kind, rules, reason: reason === '' ? undefined : reason };
}
