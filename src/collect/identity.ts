// Who the host is, for the manifest's `host` and for --pseudonymise: its name (/etc/hostname under the root, or the
// running kernel's when live), the names /etc/hosts gives it, and its login users (/etc/passwd's uid 1000 and up, and
// the folders of /home). Read with the same checks as everything else (no link followed); none of these files is
// bundled for this (only /etc/hostname is, as a host fact).
import { lstat, readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readCandidate } from './read.js';

const SMALL = 1024 * 1024;

/** A small text file under the root, or '' when it is missing, a link, unreadable or binary. */
async function readSmall(root: string, rel: string): Promise<string> {
  try {
    const st = await lstat(join(root, rel));
    if (!st.isFile()) return '';
    const got = await readCandidate({ rel, abs: join(root, rel), kind: 'config', st, rotated: false }, SMALL);
    return got.ok ? got.data.toString('utf8') : '';
  } catch {
    return '';
  }
}

export interface HostIdentity {
  name: string;
  hosts: string[];
  users: string[];
}

/** The first uid of a login user on Debian, Ubuntu, RHEL and SUSE; 65534 and up are nobody and overflow ids. */
const FIRST_LOGIN_UID = 1000;
const LAST_LOGIN_UID = 60000;

export async function hostIdentity(root: string, live: boolean): Promise<HostIdentity> {
  const fileName = (await readSmall(root, 'etc/hostname')).trim().split(/\s/)[0] ?? '';
  const name = live ? hostname() || fileName : fileName;
  const hosts = new Set<string>([name, fileName].filter(Boolean));
  for (const line of (await readSmall(root, 'etc/hosts')).split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    for (const f of fields) if (!/^(?:localhost|ip6-)/i.test(f) && f.length > 1) hosts.add(f);
  }
  const users = new Set<string>();
  for (const line of (await readSmall(root, 'etc/passwd')).split('\n')) {
    const [user, , uid] = line.split(':');
    const n = Number(uid);
    if (user && Number.isInteger(n) && n >= FIRST_LOGIN_UID && n < LAST_LOGIN_UID) users.add(user);
  }
  try {
    // Not through a link: on a mounted disk an absolute /home link would list this machine's users.
    if ((await lstat(join(root, 'home'))).isDirectory())
      for (const d of await readdir(join(root, 'home'), { withFileTypes: true }))
        if (d.isDirectory()) users.add(d.name);
  } catch {
    // no /home
  }
  for (const h of await loggedHosts(root)) hosts.add(h);
  return { name, hosts: [...hosts], users: [...users] };
}

/** `Nov 23 03:03:22 web1 haproxy[10498]: …` (RFC 3164) and `2026-11-23T03:03:22+0000 web1 …` (short-iso). */
const SYSLOG_HOST = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) /;
const ISO_HOST = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d) (\S+) /;
const SYSLOG_FILES = ['var/log/syslog', 'var/log/messages', 'var/log/kern.log', 'var/log/haproxy.log'];
const HOST_LINES = 200;

/**
 * The host names syslog writes in its lines: a disk copied without /etc/hostname, or a relay's log holding other
 * hosts' lines, still names them there. Read from the first lines of the syslog files, before any file is bundled,
 * so that every file gets the same tokens.
 */
async function loggedHosts(root: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const rel of SYSLOG_FILES) {
    const lines = (await readSmall(root, rel)).split('\n', HOST_LINES);
    for (const line of lines) {
      const host = (SYSLOG_HOST.exec(line) ?? ISO_HOST.exec(line))?.[1];
      if (host && host !== '-' && !/^localhost/i.test(host)) out.add(host);
    }
  }
  return out;
}
