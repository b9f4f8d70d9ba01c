// Files the collected configs name: logs written outside the standard folders (supervisord's `stdout_logfile`,
// gunicorn's `--error-logfile` in a unit, nginx's `access_log` of a vhost, PM2's `error_file`…) and the certificates
// a server presents (nginx `ssl_certificate`, Apache `SSLCertificateFile`, HAProxy `crt`), so that the bundle holds
// the logs of the programs the host runs and the certificates' dates and subjects (never their keys: read.ts).
// Only absolute paths without variables are taken (`${APACHE_LOG_DIR}/…` is the standard folder anyway); a log
// brings its rotated siblings.
import { posix } from 'node:path';
import { type Source, series } from './sources.js';

/**
 * `<directive> /path`, `<directive> = /path`, `<directive>: '/path'`, `--flag=/path`: a directive at a word start, then
 * blanks, an optional `=` or `:` and blanks, an optional quote, and the path up to a blank, `;`, quote, comma or `)`.
 */
const REFERENCE =
  /(?<![\w.-])(access_log|error_log|errorlog|customlog|stdout_logfile|stderr_logfile|logfile|log[_-]error|slow_query_log_file|general_log_file|slowlog|access\.log|--error-logfile|--access-logfile|--log-file|--logfile|logto|daemonize|error_file|out_file|log_file|celeryd_log_file|ssl_certificate|ssl_trusted_certificate|ssl_client_certificate|sslcertificatefile|sslcertificatechainfile|sslcacertificatefile|crt|ca-file)["']?[ \t]*(?:[=:][ \t]*)?["']?(\/[^\s;"'`,)]+)/gi;

const CERT_DIRECTIVE = /certificate|^crt$|^ca-file$/i;

export interface References {
  /** Host paths of log files. */
  logs: Set<string>;
  /** Host paths of certificates (or of a folder of them: HAProxy's `crt /etc/haproxy/certs/`). */
  certs: Set<string>;
}

export function emptyReferences(): References {
  return { logs: new Set(), certs: new Set() };
}

/** Adds the paths `text` (a config) names to `into`. */
export function findReferences(text: string, into: References): void {
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(text); m !== null; m = REFERENCE.exec(text)) {
    const path = posix.normalize(m[2] as string);
    if (
      path.includes('$') ||
      path.includes('*') ||
      path.includes('%') ||
      path === '/dev/null' ||
      path.startsWith('/dev/')
    )
      continue;
    (CERT_DIRECTIVE.test(m[1] as string) ? into.certs : into.logs).add(path);
  }
}

/** The sources to walk for them: a log's folder for its series, a certificate itself or its folder's certificates. */
export function referencedSources(refs: References): Source[] {
  const out: Source[] = [];
  for (const path of refs.logs) {
    const dir = posix.dirname(path).slice(1);
    if (dir) out.push({ kind: 'log', path: dir, mode: 'children', names: series(posix.basename(path)) });
  }
  for (const path of refs.certs) {
    const rel = path.slice(1);
    if (!rel) continue;
    if (path.endsWith('/')) out.push({ kind: 'config', path: rel.replace(/\/$/, ''), mode: 'children', names: isPem });
    else out.push({ kind: 'config', path: rel, mode: 'file', names: isPem });
  }
  return out;
}

const isPem = (name: string): boolean => /\.(?:pem|crt|cer)$/i.test(name);
