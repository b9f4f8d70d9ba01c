// --pseudonymise: every IPv4 and IPv6 address, host name, user name and e-mail address becomes a stable token, the
// same in every file of the bundle (10.0.0.7 is 198.18.0.3 in the nginx log and in the PostgreSQL log), so that the
// bundle can be shared and still be investigated: which client, which host, which user stays visible as a token.
//
// Tokens keep the shape parsers expect: IPv4 addresses become addresses of 198.18.0.0/15 (RFC 2544's benchmarking
// range, never routed), IPv6 ones 2001:db8::/32 (RFC 3849's documentation prefix), e-mails `email-N@example.invalid`,
// host names `host-N`, user names `user-N`. Loopback and unspecified addresses (127.0.0.0/8, 0.0.0.0, ::1, ::) name
// nobody and stay. Host names are the host's own (hostname, /etc/hosts) and the FQDNs that start with one of them;
// user names are the host's login users. Every pass is a scan or a regex with one bounded quantifier per part: linear.
import { isIPv4, isIPv6 } from 'node:net';

export type PseudonymKind = 'ipv4' | 'ipv6' | 'host' | 'user' | 'email';

export interface PseudonymEntry {
  kind: PseudonymKind;
  original: string;
  token: string;
}

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
const IPV6_CHAR = /[0-9A-Fa-f:.]/;
const WORD_CHAR = /\w/;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d)/g;
/** The last label of an FQDN is letters; one that is a file's extension makes a file name (`app1.log`). */
const TLD = /^[a-z]{2,63}$/;
const FILE_EXTENSIONS = new Set([
  'log',
  'conf',
  'cnf',
  'cfg',
  'gz',
  'json',
  'js',
  'txt',
  'pid',
  'sock',
  'service',
  'err',
  'out',
  'xml',
  'yml',
  'yaml',
  'ini',
  'pem',
  'crt',
]);

/** IPv4 addresses that identify no one. */
function keptIPv4(ip: string): boolean {
  return ip.startsWith('127.') || ip === '0.0.0.0' || ip === '255.255.255.255';
}

export class Pseudonymiser {
  private readonly tokens = new Map<string, PseudonymEntry>();
  private readonly issued = new Set<string>();
  private readonly counts: Record<PseudonymKind, number> = { ipv4: 0, ipv6: 0, host: 0, user: 0, email: 0 };
  private readonly shortHosts = new Set<string>();
  private readonly hosts = new Set<string>();
  private readonly users: ReadonlySet<string>;
  private replaced = 0;

  constructor(known: { hosts: string[]; users: string[] }) {
    for (const h of known.hosts) {
      let name = h.toLowerCase();
      while (name.endsWith('.')) name = name.slice(0, -1);
      if (name.length < 2 || name === 'localhost' || isIPv4(name) || isIPv6(name)) continue;
      this.hosts.add(name);
      this.shortHosts.add(name.split('.')[0] as string);
    }
    for (const s of this.shortHosts) this.hosts.add(s);
    this.users = new Set(known.users.filter((u) => u.length >= 2 && !this.hosts.has(u.toLowerCase())));
  }

  /** The text with every address and name replaced, and how many replacements were made. */
  apply(text: string): { text: string; count: number } {
    const before = this.replaced;
    let out = this.emails(text);
    out = this.ipv6(out);
    out = out.replace(IPV4, (m: string, a: string, b: string, c: string, d: string) =>
      [a, b, c, d].some((o) => Number(o) > 255) || keptIPv4(m) || this.issued.has(m) ? m : this.token('ipv4', m),
    );
    out = this.names(out);
    return { text: out, count: this.replaced - before };
  }

  /** Every mapping made so far, for the map file. */
  entries(): PseudonymEntry[] {
    return [...this.tokens.values()];
  }

  private token(kind: PseudonymKind, original: string): string {
    const key = `${kind}\0${kind === 'ipv4' || kind === 'user' ? original : original.toLowerCase()}`;
    let entry = this.tokens.get(key);
    if (!entry) {
      entry = { kind, original, token: this.nextToken(kind) };
      this.tokens.set(key, entry);
      this.issued.add(entry.token);
    }
    this.replaced++;
    return entry.token;
  }

  private nextToken(kind: PseudonymKind): string {
    for (;;) {
      const n = ++this.counts[kind];
      const t =
        kind === 'ipv4'
          ? `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
          : kind === 'ipv6'
            ? `2001:db8::${n.toString(16)}`
            : kind === 'email'
              ? `email-${n}@example.invalid`
              : `${kind}-${n}`;
      // A token never equals an original already met (a host that really is 198.18.0.1).
      if (!this.tokens.has(`${kind}\0${t}`)) return t;
    }
  }

  /** `local@domain.tld`: found from each `@`, outwards; a left side never rescans what a previous one took. */
  private emails(text: string): string {
    let out = '';
    let copied = 0;
    let bound = 0;
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let left = at;
      while (left > bound && LOCAL_CHAR.test(text[left - 1] as string)) left--;
      let right = at + 1;
      while (right < text.length && DOMAIN_CHAR.test(text[right] as string)) right++;
      while (right > at + 1 && (text[right - 1] === '.' || text[right - 1] === '-')) right--;
      bound = at + 1;
      const domain = text.slice(at + 1, right);
      if (left === at || !domain.includes('.') || domain.startsWith('.') || domain.includes('..')) continue;
      out += text.slice(copied, left) + this.token('email', text.slice(left, right));
      copied = right;
      bound = right;
      at = right - 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  /** Runs of hex digits, colons and dots standing alone (not inside a word, as `Foo::bar` is) that are IPv6. */
  private ipv6(text: string): string {
    let out = '';
    let copied = 0;
    let i = text.indexOf(':');
    while (i >= 0) {
      let start = i;
      while (start > copied && IPV6_CHAR.test(text[start - 1] as string)) start--;
      let end = i;
      while (end < text.length && IPV6_CHAR.test(text[end] as string)) end++;
      const hit = this.ipv6Run(text, start, end);
      if (hit) {
        out += text.slice(copied, start) + hit.replacement;
        copied = start + hit.length;
      }
      i = text.indexOf(':', Math.max(end, copied));
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  private ipv6Run(text: string, start: number, end: number): { replacement: string; length: number } | undefined {
    if (start > 0 && WORD_CHAR.test(text[start - 1] as string)) return undefined;
    let run = text.slice(start, end);
    // `fe80::1: link up`, `[2001:db8::1]:443` arrive with a trailing colon or dot.
    while (run.length > 2 && (run.endsWith('.') || (run.endsWith(':') && !run.endsWith('::')))) run = run.slice(0, -1);
    const after = text[start + run.length];
    if (after !== undefined && WORD_CHAR.test(after)) return undefined;
    if (!isIPv6(run) || !/[0-9a-f]/i.test(run) || run === '::1' || this.issued.has(run)) return undefined;
    const mapped = /^::ffff:/i.exec(run);
    const v4 = mapped ? run.slice(7) : '';
    if (mapped && isIPv4(v4)) {
      const kept = keptIPv4(v4) || this.issued.has(v4);
      return { replacement: `${run.slice(0, 7)}${kept ? v4 : this.token('ipv4', v4)}`, length: run.length };
    }
    return { replacement: this.token('ipv6', run), length: run.length };
  }

  /** Runs of name characters: a known host or FQDN as a whole, else each dot-separated part that is a host or user. */
  private names(text: string): string {
    if (this.hosts.size === 0 && this.users.size === 0) return text;
    let out = '';
    let copied = 0;
    let i = 0;
    while (i < text.length) {
      if (!NAME_CHAR.test(text[i] as string)) {
        i++;
        continue;
      }
      const start = i;
      while (i < text.length && NAME_CHAR.test(text[i] as string)) i++;
      let end = i;
      while (end > start && text[end - 1] === '.') end--;
      const run = text.slice(start, end);
      const replaced = this.nameRun(run);
      if (replaced !== run) {
        out += text.slice(copied, start) + replaced;
        copied = end;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  private nameRun(run: string): string {
    const lower = run.toLowerCase();
    if (this.hosts.has(lower)) return this.token('host', run);
    const dot = lower.indexOf('.');
    if (dot > 0 && this.shortHosts.has(lower.slice(0, dot))) {
      const last = lower.slice(lower.lastIndexOf('.') + 1);
      if (TLD.test(last) && !FILE_EXTENSIONS.has(last)) {
        // An FQDN of this host met in a file (app1.prod.example.com): a host name from now on.
        this.hosts.add(lower);
        return this.token('host', run);
      }
    }
    if (!run.includes('.') && !this.users.has(run) && !this.shortHosts.has(lower)) return run;
    return run
      .split('.')
      .map((part) =>
        this.users.has(part)
          ? this.token('user', part)
          : this.shortHosts.has(part.toLowerCase())
            ? this.token('host', part)
            : part,
      )
      .join('.');
  }
}
