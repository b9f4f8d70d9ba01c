// Top-level assignments of a Python module (`timeout = 30  # seconds`), read by string tests for the static
// readers of gunicorn.conf.py and Celery settings: a pattern like `(.+?)\s*(#.*)?$` is polynomial on blank runs.

/** `name = value` at the start of a line (no indentation: code inside a block is not read), comment dropped. */
export function topLevelAssignment(line: string): { name: string; value: string } | undefined {
  const m = /^[A-Za-z_]\w*/.exec(line);
  if (!m) return undefined;
  let i = m[0].length;
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (line[i] !== '=' || line[i + 1] === '=') return undefined;
  const value = withoutComment(line.slice(i + 1)).trim();
  return value === '' ? undefined : { name: m[0], value };
}

/** The text before a `#` that is not inside a quoted string. */
function withoutComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return s.slice(0, i);
  }
  return s;
}
