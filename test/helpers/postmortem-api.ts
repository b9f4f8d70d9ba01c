// The files of examples/postmortem-api that make its request path (nginx → the Node app → PostgreSQL), read as they
// are, for the ladder rules' tests: a case changes one line of a real config and keeps the rest.
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../examples/postmortem-api/', import.meta.url).pathname;
const APP = 'var/lib/jenkins/workspace/dev_backend';

export const POSTMORTEM_FILES = [
  'etc/nginx/nginx.conf',
  'etc/nginx/mime.types',
  'etc/nginx/sites-enabled/api',
  'etc/postgresql/14/main/postgresql.conf',
  `${APP}/package.json`,
  `${APP}/ecosystem.config.js`,
  `${APP}/app/server.js`,
  `${APP}/app/knexfile.js`,
] as const;

export const SERVER_JS = `${APP}/app/server.js`;
export const SITE = 'etc/nginx/sites-enabled/api';
export const PG_CONF = 'etc/postgresql/14/main/postgresql.conf';
/** Files that nginx.conf includes: read as part of it. */
export const POSTMORTEM_COMPANIONS = ['etc/nginx/mime.types', SITE];

/** The example's files, with `edit` applied to some of them (path → new text from the original). */
export function postmortemApi(edit: Partial<Record<string, (text: string) => string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of POSTMORTEM_FILES) {
    const text = readFileSync(`${ROOT}${p}`, 'utf8');
    out[p] = edit[p]?.(text) ?? text;
  }
  return out;
}
