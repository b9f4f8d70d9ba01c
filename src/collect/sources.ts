// Where `collect` looks, as data: the standard log folders and files of the services faultline reads, their
// configs under /etc, and the host facts the audit takes RAM, CPUs, overcommit and THP from. Paths are relative to
// the root ('/' on the live host, --root otherwise) and are laid out in the bundle at the same place, so that
// `investigate` and `audit` read the bundle as they read the host (src/evidence/layout.ts).
//
// A source is a folder walked recursively, a folder's direct children whose name passes a test, or one file.
// `*` in a path stands for every entry of that folder (`home/*/.pm2/logs`: every user's PM2 logs).

export type SourceKind = 'log' | 'config' | 'fact';

export interface Source {
  kind: SourceKind;
  /** Relative to the root; `*` is one path component, any name. */
  path: string;
  /** A folder: walk it all (`tree`), or only its direct children whose name passes `names`. A file: `file`. */
  mode: 'tree' | 'children' | 'file';
  names?: (name: string) => boolean;
  /** `children` only in a folder that holds an entry of this name (an app's folder holds package.json). */
  requires?: string;
}

const tree = (kind: SourceKind, path: string): Source => ({ kind, path, mode: 'tree' });
const file = (kind: SourceKind, path: string): Source => ({ kind, path, mode: 'file' });
const children = (kind: SourceKind, path: string, names: (name: string) => boolean, requires?: string): Source => ({
  kind,
  path,
  mode: 'children',
  names,
  requires,
});

/** A log file and its rotated siblings in a shared folder: `syslog`, `syslog.1`, `syslog.2.gz`, `syslog-20261201`. */
export const series =
  (...bases: string[]) =>
  (name: string): boolean =>
    bases.some((b) => name === b || name.startsWith(`${b}.`) || name.startsWith(`${b}-`));

/** Units of the services above, as systemd names them (a vendor unit folder holds hundreds of others). */
const SERVICE_UNIT =
  /^(?:nginx|apache2|httpd|haproxy|mysql|mysqld|mariadb|postgresql|redis|redis-server|php[\d.]*-fpm|supervisor|supervisord|tomcat\d*|gunicorn|uwsgi|pm2-|celery)/;
const serviceUnit = (name: string): boolean => SERVICE_UNIT.test(name);
/** The files of a Node app's folder that hold its settings (not node_modules, not its data). */
const APP_FILE = /^(?:package\.json|ecosystem\.config\.(?:c?js|json|ya?ml)|Procfile|[\w.-]+\.(?:c?js|mjs|ts))$/;

export const LOG_SOURCES: readonly Source[] = [
  tree('log', 'var/log/nginx'),
  tree('log', 'var/log/apache2'),
  tree('log', 'var/log/httpd'),
  tree('log', 'var/log/haproxy'),
  children('log', 'var/log', series('haproxy.log', 'syslog', 'messages', 'kern.log')),
  tree('log', 'var/log/redis'),
  tree('log', 'var/log/mysql'),
  tree('log', 'var/log/mariadb'),
  children('log', 'var/log', series('mysql.log', 'mysql.err', 'mysqld.log', 'mariadb.log')),
  tree('log', 'var/log/postgresql'),
  // RHEL's PostgreSQL logs inside the data folder: only the log folder, never the data files beside it.
  tree('log', 'var/lib/pgsql/data/log'),
  tree('log', 'var/lib/pgsql/*/data/log'),
  tree('log', 'var/log/tomcat*'),
  tree('log', 'opt/tomcat*/logs'),
  tree('log', 'var/log/gunicorn'),
  tree('log', 'var/log/uwsgi'),
  tree('log', 'var/log/php-fpm'),
  children('log', 'var/log', (n) => /^php[\d.]*-fpm\.log/.test(n)),
  tree('log', 'var/log/supervisor'),
  // The generic celeryd init script's default (`/var/log/celery/%n%I.log`).
  tree('log', 'var/log/celery'),
  children('log', 'var/log', series('supervisord.log')),
  tree('log', 'home/*/.pm2/logs'),
  children('log', 'home/*/.pm2', series('pm2.log')),
  tree('log', 'root/.pm2/logs'),
  children('log', 'root/.pm2', series('pm2.log')),
];

export const CONFIG_SOURCES: readonly Source[] = [
  tree('config', 'etc/nginx'),
  tree('config', 'etc/apache2'),
  tree('config', 'etc/httpd'),
  tree('config', 'etc/haproxy'),
  tree('config', 'etc/mysql'),
  file('config', 'etc/my.cnf'),
  tree('config', 'etc/my.cnf.d'),
  tree('config', 'etc/postgresql'),
  tree('config', 'etc/redis'),
  file('config', 'etc/redis.conf'),
  tree('config', 'etc/php'),
  file('config', 'etc/php-fpm.conf'),
  tree('config', 'etc/php-fpm.d'),
  tree('config', 'etc/supervisor'),
  file('config', 'etc/supervisord.conf'),
  tree('config', 'etc/supervisord.d'),
  // Units written by the admin are the services of this host; vendor units only for the services above.
  tree('config', 'etc/systemd/system'),
  children('config', 'lib/systemd/system', serviceUnit),
  children('config', 'usr/lib/systemd/system', serviceUnit),
  // The services' start-up settings (Debian's /etc/default/celeryd, RHEL's /etc/sysconfig/redis).
  children('config', 'etc/default', serviceUnit),
  children('config', 'etc/sysconfig', serviceUnit),
  file('config', 'etc/sysctl.conf'),
  tree('config', 'etc/sysctl.d'),
  file('config', 'etc/security/limits.conf'),
  tree('config', 'etc/security/limits.d'),
  tree('config', 'etc/tomcat*'),
  tree('config', 'opt/tomcat*/conf'),
  // A Node app in a user's home (`~/app/package.json`): PM2's ecosystem file and the top-level sources where the
  // server's own timeouts are set (`server.keepAliveTimeout`), which the audit sets against the proxy's.
  children('config', 'home/*/*', (n) => APP_FILE.test(n), 'package.json'),
  children('config', 'home/*', (n) => /^ecosystem\.config\.(?:c?js|json|ya?ml)$/.test(n)),
  // A Python app's server and framework settings (`~/app/gunicorn.conf.py`, `~/app/shop/settings.py`).
  children('config', 'home/*/*', (n) => /^(?:gunicorn\.conf\.py|uwsgi\.ini|Procfile)$/.test(n)),
  children('config', 'home/*/*/*', (n) => /^(?:settings|celery)\.py$/.test(n)),
];

export const FACT_SOURCES: readonly Source[] = [
  file('fact', 'proc/meminfo'),
  file('fact', 'proc/cpuinfo'),
  children('fact', 'proc/sys/vm', () => true),
  file('fact', 'proc/sys/net/core/somaxconn'),
  children('fact', 'sys/kernel/mm/transparent_hugepage', () => true),
  file('fact', 'etc/timezone'),
  file('fact', 'etc/localtime'),
  file('fact', 'etc/os-release'),
  file('fact', 'etc/hostname'),
];

export const ALL_SOURCES: readonly Source[] = [...FACT_SOURCES, ...CONFIG_SOURCES, ...LOG_SOURCES];
