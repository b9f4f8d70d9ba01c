// Secrets that configs and logs carry never reach a report: passwords in connection strings and URLs,
// tokens and keys in query strings, Authorization/Cookie header values, `requirepass`/`password =` settings.
//
// Linear in time: every report string goes through here, and an input chooses its text. A pattern that starts a
// match at every word boundary of a run (`\b[a-z0-9_.-]*password…`) is quadratic on a long dotted or dashed run
// (16 KB took 3.6 s), so key=value secrets are found by one scan over the runs of key characters instead, and the
// URL rule starts only where a scheme run starts. test/safety/regex-safety.test.ts checks the patterns.
type Rule = (text: string) => string;

const regexRule =
  (re: RegExp, rep: string | ((...m: string[]) => string)): Rule =>
  (text) =>
    text.replace(re, rep as string);

/** Characters of a key (`db.password`, `api-key`, `X_Auth_Token`); a run of them is scanned once. */
const KEY_CHAR = /[a-z0-9_.-]/i;
const WORD_CHAR = /\w/;
const SECRET_WORD =
  /password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth|session[_-]?id|sig|signature|client_secret/gi;
/** Header names handled by the Authorization rule, not as a key: `authorization` or `proxy-authorization` as a word. */
const AUTH_HEADER = /^(?:proxy-)?authorization(?!\w)/i;
const KEY_SEPARATOR = /\s*[=:]\s*|["']\s*:\s*["']?/y;
const KEY_VALUE = /"[^"]*"|'[^']*'|[^\s&"',;)}]+/y;

/** The start of the last secret word inside `key`, or -1. */
function lastSecretWord(key: string): number {
  let last = -1;
  SECRET_WORD.lastIndex = 0;
  for (let m = SECRET_WORD.exec(key); m !== null; m = SECRET_WORD.exec(key)) {
    last = m.index;
    SECRET_WORD.lastIndex = m.index + 1;
  }
  return last;
}

/**
 * `password=…`, `db.password: …`, `"api_key":"…"`: a run of key characters holding a secret word, then `=` or `:`,
 * then the value, which is replaced. The key starts at the first word boundary of its run that is not the
 * `Authorization` header name, as the regex it replaces (`\b(?!(?:proxy-)?authorization\b)[a-z0-9_.-]*word…`) did.
 */
function redactKeyValues(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!KEY_CHAR.test(text[i] as string)) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && KEY_CHAR.test(text[i] as string)) i++;
    const run = text.slice(runStart, i);
    const word = lastSecretWord(run);
    if (word < 0) continue;
    let keyStart = -1;
    for (let p = 0; p <= word; p++) {
      const boundary = WORD_CHAR.test(run[p] as string) && (p === 0 || !WORD_CHAR.test(run[p - 1] as string));
      const afterWord = p > 0 && !WORD_CHAR.test(run[p] as string) && WORD_CHAR.test(run[p - 1] as string);
      if ((boundary || afterWord) && !AUTH_HEADER.test(run.slice(p))) {
        keyStart = p;
        break;
      }
    }
    if (keyStart < 0) continue;
    KEY_SEPARATOR.lastIndex = i;
    const sep = KEY_SEPARATOR.exec(text);
    if (!sep) continue;
    KEY_VALUE.lastIndex = i + sep[0].length;
    const value = KEY_VALUE.exec(text);
    if (!value) continue;
    const v = value[0];
    out += `${text.slice(copied, KEY_VALUE.lastIndex - v.length)}${v.startsWith('"') ? '"[REDACTED]"' : v.startsWith("'") ? "'[REDACTED]'" : '[REDACTED]'}`;
    copied = i = KEY_VALUE.lastIndex;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const RULES: Rule[] = [
  // scheme://user:password@host — the scheme run starts after a character that cannot be part of it.
  regexRule(/(^|[^a-z0-9+.-])([a-z0-9+.-]+:\/\/[^\s:/@'"]+:)[^\s@/'"]+@/gi, '$1$2[REDACTED]@'),
  // Authorization: Bearer xyz / Basic xyz ; Cookie/Set-Cookie values; X-Api-Key headers
  regexRule(
    /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?[^\s"',;]+/gi,
    (_m, k, sep, scheme) => `${k}${sep}${scheme ? `${scheme} ` : ''}[REDACTED]`,
  ),
  regexRule(/\b((?:set-)?cookie|x-api-key|x-auth-token)(["']?\s*[:=]\s*["']?)[^"'\n]+/gi, '$1$2[REDACTED]'),
  // key=value in query strings, logfmt and config lines
  redactKeyValues,
  // redis.conf / masterauth style: `requirepass secret`
  regexRule(/\b(requirepass|masterauth|masterpass)\s+\S+/gi, '$1 [REDACTED]'),
];

export function redact(text: string): string {
  let out = text;
  for (const rule of RULES) out = rule(out);
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
