import { spawnSync } from 'node:child_process';

// Several servers print their version on stderr (nginx -v, postgres on some builds): read both.
function output(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

export interface Versions {
  haproxy: string | null;
  nginx: string | null;
  mariadb: string | null;
  redis: string | null;
  postgresql: string | null;
  node: string;
}

let cached: Versions | undefined;

export function serverVersions(): Versions {
  if (cached) return cached;
  const pick = (text: string, re: RegExp) => re.exec(text)?.[1] ?? null;
  cached = {
    haproxy: pick(output('haproxy', ['-v']), /HAProxy version (\S+)/),
    nginx: pick(output('nginx', ['-v']), /nginx\/(\S+)/),
    mariadb: pick(output('mariadbd', ['--version']), /Ver (\S+)/),
    redis: pick(output('redis-server', ['--version']), /v=(\S+)/),
    postgresql: pick(output(postgresBin('postgres'), ['--version']), /\(PostgreSQL\) (\S+)/),
    node: process.versions.node,
  };
  return cached;
}

/** Debian installs PostgreSQL under /usr/lib/postgresql/<major>/bin; the newest one present. */
export function postgresBin(name: string): string {
  const dir = output('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1']).trim();
  return `${dir || '/usr/lib/postgresql/15/bin'}/${name}`;
}
