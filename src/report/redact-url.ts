// Credentials in URLs, found by one scan from each `://` (a regex that tries every start of a scheme run is
// quadratic on a long `a+a+a+…` run): `postgres://app:pw@db`, `redis://:pw@cache` (no user), a password holding `/`
// or `@` (`mysql://root:p@ss/w0rd@db/app`), and a token used as the URL's user (`https://ghp_…@github.com`).
const SCHEME_CHAR = /[a-z0-9+.-]/i;
/** Where a URL ends in running text. */
const URL_END = /[\s"'<>`]/;
/** A user-only userinfo this long (with digits) is a token (`https://<token>@host`), not a login (`git@`, `deploy@`). */
const TOKEN_USER_MIN = 16;

/** The end of the URL token that starts at `from`: the first space, quote or bracket, or the end of the text. */
function tokenEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !URL_END.test(text[i] as string)) i++;
  return i;
}

/**
 * The credential span [start, end) inside the URL whose authority starts at `start` and whose token ends at `end`,
 * or null. With a `:` before the first `/`, the password runs to the last `@` before the query (a password may
 * hold `/` or `@`); `host:8080/a@b` is a port and a path, not a password.
 */
function credential(text: string, start: number, end: number): { from: number; to: number } | null {
  const token = text.slice(start, end);
  const query = token.search(/[?#]/);
  const authority = query < 0 ? token : token.slice(0, query);
  const at = authority.lastIndexOf('@');
  if (at < 0) return null;
  const colon = authority.indexOf(':');
  const slash = authority.indexOf('/');
  const userEnd = colon >= 0 && colon < at && (slash < 0 || colon < slash) ? colon : -1;
  if (userEnd >= 0) {
    const password = authority.slice(userEnd + 1, at);
    if (/^\d+(?:\/|$)/.test(password) || password === '') return null;
    if (authority.slice(0, userEnd).includes('@')) return null;
    return { from: start + userEnd + 1, to: start + at };
  }
  const firstAt = authority.indexOf('@');
  if (slash >= 0 && slash < firstAt) return null;
  const user = authority.slice(0, firstAt);
  // A token is long and mixes letters and digits; `sparkDriverActorSystem@host` is a name.
  return user.length >= TOKEN_USER_MIN && /\d/.test(user) && /[a-z]/i.test(user)
    ? { from: start, to: start + firstAt }
    : null;
}

export function redactUrls(text: string): string {
  let at = text.indexOf('://');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    // A scheme of at least one character right before `://` (bounded look-back: schemes are short).
    let s = at;
    while (s > Math.max(copied, at - 32) && SCHEME_CHAR.test(text[s - 1] as string)) s--;
    const start = at + 3;
    const end = tokenEnd(text, start);
    const cred = s < at ? credential(text, start, end) : null;
    if (cred && text.slice(cred.from, cred.to) !== '[REDACTED]') {
      out += `${text.slice(copied, cred.from)}[REDACTED]`;
      copied = cred.to;
    }
    at = text.indexOf('://', Math.max(end, start));
  }
  return copied === 0 ? text : out + text.slice(copied);
}
