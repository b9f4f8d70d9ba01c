// Secrets that configs and logs carry never reach a report: passwords in connection strings and URLs,
// tokens and keys in query strings, Authorization/Cookie header values, `requirepass`/`password =` settings.
const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:)[^\s@/'"]+@/gi, '$1[REDACTED]@'],
  // Authorization: Bearer xyz / Basic xyz ; Cookie/Set-Cookie values; X-Api-Key headers
  [
    /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(bearer|basic|token|digest)?\s*[^\s"',;]+/gi,
    (_m, k, sep, scheme) => `${k}${sep}${scheme ? `${scheme} ` : ''}[REDACTED]`,
  ],
  [/\b((?:set-)?cookie|x-api-key|x-auth-token)(["']?\s*[:=]\s*["']?)[^"'\n]+/gi, '$1$2[REDACTED]'],
  // key=value in query strings, logfmt and config lines
  [
    /\b(?!(?:proxy-)?authorization\b)([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth|session[_-]?id|sig|signature|client_secret)[a-z0-9_.-]*)(\s*[=:]\s*|["']\s*:\s*["']?)("[^"]*"|'[^']*'|[^\s&"',;)}]+)/gi,
    (_m, k, sep, v) =>
      `${k}${sep}${v.startsWith('"') ? '"[REDACTED]"' : v.startsWith("'") ? "'[REDACTED]'" : '[REDACTED]'}`,
  ],
  // redis.conf / masterauth style: `requirepass secret`
  [/\b(requirepass|masterauth|masterpass)\s+\S+/gi, '$1 [REDACTED]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep as string);
  return out;
}

/** Deeply redacts every string of a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
