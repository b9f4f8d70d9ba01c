// Secrets that configs and logs carry never reach a report: passwords in connection strings and URLs, tokens and
// keys in query strings, form bodies and JSON fields, Authorization/Cookie header values, config settings
// (`requirepass`, `password =`, `Environment=DB_PASS=…`), SQL and command lines that carry a password, and the
// tokens whose shape gives them away (GitHub, GitLab, Slack, Stripe, npm, AWS key ids, JWTs, PEM private keys).
// Redaction keeps the key and replaces the value with REDACTED (`requirepass [REDACTED]`), so a report still shows
// that a value is set.
//
// Linear in time: every report string goes through here, and an input chooses its text. A pattern that starts a
// match at every word boundary of a run (`\b[a-z0-9_.-]*password…`) is quadratic on a long dotted or dashed run
// (16 KB took 3.6 s), so key=value secrets are found by one scan over the runs of key characters instead, URLs by
// one scan from each `://`, and the other patterns start at a literal. test/safety/regex-safety.test.ts checks
// every pattern with recheck.
//
// A report cuts long text (a 4,000-character record, a 300-character preceding line): `clip()` redacts before it
// cuts, so that a cut in the middle of a secret cannot leave the secret's first half.
import { redactUrls } from './redact-url.js';

type Rule = (text: string) => string;

export const REDACTED = '[REDACTED]';

const regexRule =
  (re: RegExp, rep: string | ((...m: string[]) => string)): Rule =>
  (text) =>
    text.replace(re, rep as string);

/** Characters of a key (`db.password`, `api-key`, `X_Auth_Token`); a run of them is scanned once. */
const KEY_CHAR = /[a-z0-9_.-]/i;
const WORD_CHAR = /\w/;
// `auth` as a word part (`auth_token`, `basic_auth`), not in `authentication_timeout`, `author` or `authority`;
// `authorization` is a secret's key on its own (`HTTP_AUTHORIZATION=Basic …`, which the header rule's \b misses).
const SECRET_WORD =
  /password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|auth(?!entic|or)|session[_-]?id|sig|signature|client_secret/gi;
/**
 * What may follow the last secret word of a key and make it a setting about the secret, not the secret:
 * PostgreSQL's `password_encryption = scram-sha-256`, `ssl_passphrase_command_supports_reload = off`, a
 * `password_file` path, a `token_ttl`.
 */
const ABOUT_SECRET =
  /[_.-](?:encryption|timeout|length|min_length|policy|encoding|expiry|expires|expiration|lifetime|ttl|reload|enabled|required|prompt|file|path|dir|algorithm|rounds|history|attempts|retries|type|method|mode)$/i;
/** Shell variables named like a secret word: the working directories (`PWD=/home/app`). */
const NOT_SECRET_KEY = /^(?:OLD)?PWD$/;
/** Keys that are a secret only as a whole word: `pass`, `session`, `sid`, or a `*_PASS` / `dbPass` key. */
const WHOLE_SECRET_KEY = /^(?:pass|session|sid)$/i;
const PASS_SUFFIX = /[_.-]pass$/i;
const CAMEL_PASS = /[a-z0-9]Pass$/;
/** Header names handled by the Authorization rule, not as a key: `authorization` or `proxy-authorization` as a word. */
const AUTH_HEADER = /^(?:proxy-)?authorization(?!\w)/i;
/** A run that ends like a file's name (`secrets.yml`), which problems and warnings put before `: message`. */
const FILE_NAME =
  /\.(?:conf|cnf|cfg|ini|ya?ml|json|[cm]?js|ts|py|rb|php|xml|toml|log|txt|gz|env|service|properties|pem|crt|sh|lock|pid|sock)$/i;
const KEY_SEPARATOR = /\s*[=:]\s*|["']\s*:\s*["']?/y;
const KEY_VALUE = /"[^"]*"|'[^']*'|[^\s&"',;()}]+/y;
/** An HTTP authentication scheme and the blank after it, at the start of a value. */
const AUTH_SCHEME = /(?:basic|bearer|digest|token|negotiate)[ \t]+(?=\S)/iy;

/** The start of the last secret word inside `key`, or -1 (also when what follows it makes the key a setting). */
function lastSecretWord(key: string): number {
  let last = -1;
  let end = -1;
  SECRET_WORD.lastIndex = 0;
  for (let m = SECRET_WORD.exec(key); m !== null; m = SECRET_WORD.exec(key)) {
    last = m.index;
    end = m.index + m[0].length;
    SECRET_WORD.lastIndex = m.index + 1;
  }
  if (last >= 0 && ABOUT_SECRET.test(key.slice(end))) return -1;
  return last;
}

/** Where the key of a secret starts in a run of key characters, or -1 when the run names no secret. */
function secretKeyStart(text: string, runStart: number, run: string): number {
  if (NOT_SECRET_KEY.test(run)) return -1;
  let word = lastSecretWord(run);
  if (word < 0) {
    const bare = run.replace(/^[.-]+/, '');
    // `code` only as an OAuth callback's query parameter (`?code=…&state=…`): elsewhere it is an exit or status code.
    const oauthCode = bare === 'code' && /[?&]/.test(text[runStart - 1] ?? '') && text[runStart + run.length] === '=';
    if (!WHOLE_SECRET_KEY.test(bare) && !PASS_SUFFIX.test(run) && !CAMEL_PASS.test(run) && !oauthCode) return -1;
    word = run.length - bare.length;
  }
  for (let p = 0; p <= word; p++) {
    const boundary = WORD_CHAR.test(run[p] as string) && (p === 0 || !WORD_CHAR.test(run[p - 1] as string));
    const afterWord = p > 0 && !WORD_CHAR.test(run[p] as string) && WORD_CHAR.test(run[p - 1] as string);
    // `Proxy-Authorization` is a header name from its `-` on too (the Authorization rule has its value).
    if ((boundary || afterWord) && !AUTH_HEADER.test(run.slice(p).replace(/^[.-]+/, ''))) return p;
  }
  return -1;
}

/** The end of a key's value starting at `at` after the separator `sep`, or -1 when there is none. */
function valueEnd(text: string, at: number, sep: string): number {
  // `"password": "two words"`: the separator opened a quote, so the value runs to the closing one.
  const quote = sep.at(-1);
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, at);
    if (close >= 0 && close - at <= 4096 && !text.slice(at, close).includes('\n')) return close;
  }
  KEY_VALUE.lastIndex = at;
  const value = KEY_VALUE.exec(text);
  return value ? KEY_VALUE.lastIndex : -1;
}

/**
 * `password=…`, `db.password: …`, `"api_key":"…"`, `DB_PASS=…`: a run of key characters naming a secret, then `=`
 * or `:`, then the value, which is replaced. The key starts at the first word boundary of its run that is not the
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
    if (secretKeyStart(text, runStart, run) < 0) continue;
    KEY_SEPARATOR.lastIndex = i;
    const sep = KEY_SEPARATOR.exec(text);
    if (!sep) continue;
    // `secret-redis.conf: cannot read`, `tokens.json:12: …`: a file's name before a message, not a key.
    if (FILE_NAME.test(run) && sep[0].trim() === ':') continue;
    const at = i + sep[0].length;
    const end = valueEnd(text, at, sep[0]);
    if (end <= at) continue;
    const v = text.slice(at, end);
    // `HTTP_AUTHORIZATION=Basic dXNl…`: the scheme stays, the credential after it is the value.
    AUTH_SCHEME.lastIndex = at;
    const scheme = /auth/i.test(run) ? AUTH_SCHEME.exec(text) : null;
    if (scheme) {
      const credEnd = valueEnd(text, at + scheme[0].length, '=');
      if (credEnd > at + scheme[0].length) {
        out += `${text.slice(copied, at + scheme[0].length)}${REDACTED}`;
        copied = i = credEnd;
        continue;
      }
    }
    const marker = v.startsWith('"') ? `"${REDACTED}"` : v.startsWith("'") ? `'${REDACTED}'` : REDACTED;
    out += `${text.slice(copied, at)}${v === REDACTED ? v : marker}`;
    copied = i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `-----BEGIN RSA PRIVATE KEY-----` … `-----END RSA PRIVATE KEY-----`: the body is replaced; a key without its end
 * line (cut, or the rest of the record lost) is replaced to the end of the text.
 */
function redactPrivateKeys(text: string): string {
  const TAIL = 'PRIVATE KEY-----';
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(TAIL); at >= 0; at = text.indexOf(TAIL, at + TAIL.length)) {
    // The BEGIN line's head is at most 40 characters before (`-----BEGIN ENCRYPTED PRIVATE KEY-----`); an END
    // line's tail has its BEGIN before what was already copied.
    const windowStart = Math.max(copied, at - 40);
    if (text.slice(windowStart, at).lastIndexOf('-----BEGIN ') < 0) continue;
    const bodyStart = at + TAIL.length;
    const endLine = text.indexOf('-----END ', bodyStart);
    out += `${text.slice(copied, bodyStart)}${REDACTED}`;
    copied = endLine < 0 ? text.length : endLine;
    if (endLine < 0) break;
    at = endLine;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `jdbc:oracle:thin:scott/tiger@db:1521/orcl`: the password between the first `/` and the last `@` of the URL. */
function redactOracleJdbc(text: string): string {
  const HEAD = 'jdbc:oracle:';
  let out = '';
  let copied = 0;
  let at = text.indexOf(HEAD);
  while (at >= 0) {
    let end = at + HEAD.length;
    while (end < text.length && !/[\s"'<>]/.test(text[end] as string)) end++;
    const url = text.slice(at, end);
    const slash = url.indexOf('/');
    const atSign = url.lastIndexOf('@');
    // `thin:@host` has no user; `thin:@//host/svc` has the slash after the `@`.
    if (slash >= 0 && atSign >= slash + 2 && !url.slice(0, slash).includes('@')) {
      out += `${text.slice(copied, at + slash + 1)}${REDACTED}`;
      copied = at + atSign;
    }
    // The next URL starts after this one's end: each character is scanned once.
    at = text.indexOf(HEAD, end);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `mysql -uroot -phunter2 app` (and mysqldump, mysqladmin, mariadb…): the password glued to `-p`. */
function redactMysqlCommandPasswords(text: string): string {
  const COMMAND = /\b(?:mysql|mariadb)/gi;
  let out = '';
  let copied = 0;
  for (let m = COMMAND.exec(text); m !== null; m = COMMAND.exec(text)) {
    // The rest of the command's line, once: the next command is looked for after it.
    const eol = text.indexOf('\n', m.index);
    const end = eol < 0 ? text.length : eol;
    const line = text.slice(m.index, end);
    const redacted = line.replace(/([ \t]-p)(?!\[REDACTED)("[^"]*"|'[^']*'|[^\s"'-][^\s"']*)/g, `$1${REDACTED}`);
    if (redacted !== line) {
      out += `${text.slice(copied, m.index)}${redacted}`;
      copied = end;
    }
    COMMAND.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Tokens whose prefix gives them away; the prefix is kept to show the kind. */
const TOKEN_RULES: Rule[] = [
  // GitHub (classic and fine-grained), GitLab, Slack, Stripe, npm, AWS access key ids (also in X-Amz-Credential).
  regexRule(/\b(gh[pousr]_)[A-Za-z0-9]{16,}/g, `$1${REDACTED}`),
  regexRule(/\b(github_pat_)\w{16,}/g, `$1${REDACTED}`),
  regexRule(/\b(gl(?:pat|dt|rt|ptt|ft|cbt|oas|soat)-)[\w-]+/g, `$1${REDACTED}`),
  regexRule(/\b(xox[abposre]-|xapp-)[A-Za-z0-9-]{8,}/g, `$1${REDACTED}`),
  regexRule(/\b((?:sk|rk|pk)_(?:live|test)_|whsec_)[A-Za-z0-9]{8,}/g, `$1${REDACTED}`),
  regexRule(/\b(npm_)[A-Za-z0-9]{20,}/g, `$1${REDACTED}`),
  regexRule(/\b(A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA))[A-Z0-9]{16}(?![A-Z0-9])/g, `$1${REDACTED}`),
  // A JWT (`eyJ` is base64url for `{"`), also when cut after its first part.
  regexRule(/\beyJ[\w-]{8,}(?:\.[\w-]*)*/g, REDACTED),
  // Slack incoming webhooks: the path is the secret.
  regexRule(/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[\w/-]+/gi, `$1${REDACTED}`),
];

const RULES: Rule[] = [
  redactPrivateKeys,
  // scheme://user:password@host, scheme://:password@host, https://token@host.
  redactUrls,
  redactOracleJdbc,
  // Authorization: Bearer xyz / Basic xyz ; Cookie/Set-Cookie values; X-Api-Key headers
  regexRule(
    /\b(authorization|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?[^\s"',;]+/gi,
    (_m, k, sep, scheme) => `${k}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ),
  regexRule(/\b((?:set-)?cookie|x-api-key|x-auth-token)(["']?\s*[:=]\s*["']?)[^"'\n]+/gi, `$1$2${REDACTED}`),
  // A bearer token anywhere else (a stack trace quoting request options).
  regexRule(/\b(Bearer\s+)[\w.~+/=-]{8,}/g, `$1${REDACTED}`),
  // nginx `proxy_set_header Authorization "Basic …";`, HAProxy `http-request set-header Authorization …`
  regexRule(
    /\b((?:proxy_set_header|add_header|more_set_headers|set-header|add-header)\s+["']?(?:(?:proxy-)?authorization|(?:set-)?cookie|x-api-key|x-auth-token):?["']?\s+)(?!\$)((?:basic|bearer|digest|token)[ \t]+)?("[^"]*"|'[^']*'|[^\s;"']+)/gi,
    (_m, head: string, scheme: string | undefined, v: string) =>
      `${head}${scheme ?? ''}${v.startsWith('"') ? `"${REDACTED}"` : v.startsWith("'") ? `'${REDACTED}'` : REDACTED}`,
  ),
  // SQL: `PASSWORD 'x'`, `PASSWORD('x')`, `IDENTIFIED BY 'x'`, `IDENTIFIED WITH plugin BY 'x'`
  regexRule(
    /\b(password|identified(?:\s+with\s+\w+)?\s+by)(\s+|\s*\(\s*)('[^']*'|"[^"]*")/gi,
    (_m, k: string, sep: string, v: string) => `${k}${sep}${v[0]}${REDACTED}${v[0]}`,
  ),
  // key=value in query strings, form bodies, logfmt, JSON fields and config lines
  redactKeyValues,
  // redis.conf / masterauth style: `requirepass secret`; HAProxy `stats auth admin:pw`, userlist `user x password pw`.
  regexRule(/\b(requirepass|masterauth|masterpass)([ \t]+)("[^"]*"|'[^']*'|\S+)/gi, `$1$2${REDACTED}`),
  regexRule(/\b(stats[ \t]+auth[ \t]+[^\s:]+:)\S+/gi, `$1${REDACTED}`),
  regexRule(/\b(user[ \t]+\S+[ \t]+(?:insecure-)?password[ \t]+)\S+/gi, `$1${REDACTED}`),
  // Redis `AUTH pw` / `AUTH user pw` (also as redis-cli MONITOR quotes it: `"AUTH" "pw"`).
  regexRule(/\bAUTH("?[ \t]+"?)[^\s"]+(?:("?[ \t]+"?)[^\s"]+)?/g, (_m, s1: string, s2?: string) =>
    s2 ? `AUTH${s1}${REDACTED}${s2}${REDACTED}` : `AUTH${s1}${REDACTED}`,
  ),
  redactMysqlCommandPasswords,
  ...TOKEN_RULES,
];

export function redact(text: string): string {
  let out = text;
  for (const rule of RULES) out = rule(out);
  return out;
}

/** Deeply redacts every string of a JSON-like value. */
export function redactDeep<T>(value: T): T {
  return mapStrings(value, redact);
}

/**
 * Control characters and escape sequences that a terminal or a viewer would act on (ESC, CSI, BEL, carriage
 * return, backspace, bidirectional overrides), shown as `\x1b`-style escapes. Newlines are kept in text that has
 * lines (a stack trace) and escaped in names (`keepNewlines: false`), where a newline would forge a report line.
 */
export function neutralise(text: string, keepNewlines = true): string {
  return text.replace(keepNewlines ? CONTROL : CONTROL_OR_NEWLINE, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
// Every C0 control but tab (and newline), DEL, C1 controls (0x9b is a one-byte CSI), line/paragraph separators,
// bidirectional embeddings, overrides and isolates.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_NEWLINE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Fields whose text has lines of its own; every other string of a result is a name or one line. */
const MULTILINE_FIELDS = new Set(['text', 'explanation', 'summary', 'message', 'fix', 'confirm', 'detail']);

/**
 * What every report shows: the result with every string redacted and, for a terminal, Markdown or HTML, its
 * control characters neutralised (JSON escapes them itself). The one place the reporters get their data from.
 */
export function forReport<T>(value: T, controls: boolean): T {
  if (!controls) return redactDeep(value);
  return mapStrings(value, (s, key) => neutralise(redact(s), key === undefined || MULTILINE_FIELDS.has(key)));
}

/** One line for stderr: redacted, control characters and newlines neutralised. */
export function safeLine(text: string): string {
  return neutralise(redact(text), false);
}

/**
 * `text` cut to `max` characters (then `ellipsis`), redacted first: a cut in the middle of a secret leaves neither
 * half, and a cut never splits a REDACTED marker. Only text longer than `max` pays for the redaction.
 */
export function clip(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  // Redact a window a little longer than what is kept: a secret straddling the cut is inside it.
  const redacted = redact(text.slice(0, max + 1024));
  if (redacted.length <= max) return redacted.length < text.length ? `${redacted}${ellipsis}` : redacted;
  let cut = max;
  const marker = redacted.lastIndexOf(REDACTED, cut);
  if (marker >= 0 && marker + REDACTED.length > cut) cut = marker + REDACTED.length;
  return `${redacted.slice(0, cut)}${ellipsis}`;
}

function mapStrings<T>(value: T, fn: (s: string, key: string | undefined) => string, key?: string): T {
  if (typeof value === 'string') return fn(value, key) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, key)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    // Keys too: a result keys some maps by a source's name (the chart series), which the input chose.
    for (const [k, v] of Object.entries(value)) out[/^[\w.-]*$/.test(k) ? k : fn(k, 'key')] = mapStrings(v, fn, k);
    return out as T;
  }
  return value;
}
