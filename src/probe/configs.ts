// The configs of the services probe may find running, read from their usual places under the root (never the
// whole of /etc: a snapshot must stay fast): their limits are set against what the snapshot sees in use. Each is
// named by its absolute path on the host (`/etc/nginx/nginx.conf`), so that absolute includes resolve.
import { existsSync } from 'node:fs';
import { collectInputs, type TextFile } from '../evidence/collect.js';

/** Where Debian, Ubuntu, RHEL and their relatives keep the configs whose limits matter to a running service. */
export const SERVICE_CONFIG_PATHS = [
  '/etc/nginx',
  '/etc/haproxy',
  '/etc/apache2',
  '/etc/httpd',
  '/etc/mysql',
  '/etc/my.cnf',
  '/etc/my.cnf.d',
  '/etc/postgresql',
  '/var/lib/pgsql/data/postgresql.conf',
  '/etc/redis',
  '/etc/redis.conf',
  '/etc/php',
  '/etc/php-fpm.d',
  '/etc/security/limits.conf',
  '/etc/security/limits.d',
  '/etc/sysctl.conf',
  '/etc/sysctl.d',
  '/etc/systemd/system',
];

export interface ServiceConfigs {
  texts: TextFile[];
  /** Files found but not read (links, binaries, too large), with why. */
  skipped: { path: string; why: string }[];
}

export async function readServiceConfigs(root: string): Promise<ServiceConfigs> {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  const out: ServiceConfigs = { texts: [], skipped: [] };
  for (const shown of SERVICE_CONFIG_PATHS) {
    const real = `${base}${shown}`;
    if (!existsSync(real)) continue;
    const got = await collectInputs([real], undefined, { mount: shown });
    // One path given: a folder's files are named relative to it, a file by the path given.
    const named = (p: string) => (p === real ? shown : `${shown}/${p}`);
    for (const t of got.texts) {
      const path = named(t.path);
      out.texts.push({ ...t, path, hostPath: path, rootPath: '', linkOf: t.linkOf && named(t.linkOf) });
    }
    for (const s of got.skipped) out.skipped.push({ path: named(s.path), why: s.reason });
  }
  return out;
}
