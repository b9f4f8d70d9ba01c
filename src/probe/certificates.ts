// The TLS certificates the services' configs point at (nginx `ssl_certificate`, Apache `SSLCertificateFile`,
// HAProxy `bind … crt`), read under the root with their subject and validity. Only the first CERTIFICATE block of a
// file is parsed: a combined file (HAProxy's usual one) holds the private key too, which is never read past, kept or
// shown. A `crt` folder is read as HAProxy loads it: every file in it but the `.key`, `.ocsp`, `.issuer` and `.sctl`
// companions (and dotfiles), in name order, at most MAX_FOLDER_FILES; relative `crt` paths are read from `crt-base`.

import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import type { SourceLoc } from '../model/setting.js';
import { componentsOf, type Stack } from '../stack/stack.js';
import { why } from './read.js';
import type { ProbeCertificate, Unreadable } from './types.js';

interface Ref {
  path: string;
  loc: SourceLoc;
}

/** The certificate files the configs name, absolute (relative ones resolved as each server does). */
export function certificateRefs(stack: Stack): Ref[] {
  const refs: Ref[] = [];
  for (const c of componentsOf(stack, 'nginx')) {
    const walk = (tree: { name: string; args: string[]; loc: SourceLoc; block?: unknown[] }[]) => {
      for (const d of tree) {
        if (d.name === 'ssl_certificate' && d.args[0])
          refs.push({ path: absolute(d.args[0], '/etc/nginx'), loc: d.loc });
        if (d.block) walk(d.block as typeof tree);
      }
    };
    walk(c.data.tree);
  }
  for (const c of componentsOf(stack, 'apache')) {
    const serverRoot = c.data.serverRoot?.value ?? '/etc/apache2';
    const walk = (tree: { name: string; args: string[]; loc: SourceLoc; block?: unknown[] }[]) => {
      for (const d of tree) {
        if (d.name.toLowerCase() === 'sslcertificatefile' && d.args[0])
          refs.push({ path: absolute(d.args[0], serverRoot), loc: d.loc });
        if (d.block) walk(d.block as typeof tree);
      }
    };
    walk(c.data.tree);
  }
  for (const c of componentsOf(stack, 'haproxy')) {
    // Without crt-base a relative path is HAProxy's working directory's; /etc/haproxy, where configs keep them.
    const base = c.data.global.crtBase ? absolute(c.data.global.crtBase.value, '/etc/haproxy') : '/etc/haproxy';
    for (const p of c.data.proxies)
      for (const b of p.binds) for (const crt of b.crt ?? []) refs.push({ path: absolute(crt, base), loc: b.loc });
  }
  // nginx reads `$ssl_server_name` and the like at run time: no file to read before then.
  const seen = new Set<string>();
  return refs.filter(
    (r) => !r.path.includes('$') && !r.path.startsWith('data:') && !seen.has(r.path) && seen.add(r.path),
  );
}

function absolute(path: string, base: string): string {
  const unquoted = path.replace(/^["']|["']$/g, '');
  return unquoted.startsWith('/') ? posix.normalize(unquoted) : posix.join(base, unquoted);
}

/** Each referenced certificate's subject and validity, or an unreadable entry saying why not. */
export function readCertificates(
  root: string,
  refs: Ref[],
  now: number,
): { certificates: ProbeCertificate[]; unreadable: Unreadable[] } {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  const certificates: ProbeCertificate[] = [];
  const unreadable: Unreadable[] = [];
  const seen = new Set(refs.map((r) => r.path));
  for (const ref of refs.flatMap((r) => folderRefs(base, r, seen))) {
    let text: string;
    try {
      text = readFileSync(`${base}${ref.path}`, 'latin1');
    } catch (err) {
      unreadable.push({ path: ref.path, why: why(err) });
      continue;
    }
    const begin = text.indexOf('-----BEGIN CERTIFICATE-----');
    const endMark = '-----END CERTIFICATE-----';
    const end = text.indexOf(endMark, begin);
    if (begin < 0 || end < 0) {
      unreadable.push({ path: ref.path, why: 'no PEM certificate in it' });
      continue;
    }
    try {
      const cert = new X509Certificate(text.slice(begin, end + endMark.length));
      const notAfter = new Date(cert.validTo);
      certificates.push({
        path: ref.path,
        subject: commonName(cert.subject),
        notBefore: new Date(cert.validFrom).toISOString(),
        notAfter: notAfter.toISOString(),
        daysLeft: Math.floor((notAfter.getTime() - now) / 86_400_000),
        referencedBy: ref.loc,
      });
    } catch (err) {
      unreadable.push({
        path: ref.path,
        why: `not a certificate: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return { certificates, unreadable };
}

const MAX_FOLDER_FILES = 500;
/** Files beside a certificate that HAProxy reads as its key, OCSP response, issuer or SCT list, not as one. */
const COMPANION = /\.(?:key|ocsp|issuer|sctl)$/;

/** A reference to a folder becomes one to each certificate file in it (HAProxy's `crt <folder>`); others as they are. */
function folderRefs(base: string, ref: Ref, seen: Set<string>): Ref[] {
  let names: string[];
  try {
    if (!statSync(`${base}${ref.path}`).isDirectory()) return [ref];
    names = readdirSync(`${base}${ref.path}`).sort();
  } catch {
    return [ref];
  }
  const out: Ref[] = [];
  for (const name of names) {
    const path = posix.join(ref.path, name);
    if (out.length >= MAX_FOLDER_FILES || name.startsWith('.') || COMPANION.test(name) || seen.has(path)) continue;
    try {
      if (!statSync(`${base}${path}`).isFile()) continue;
    } catch {
      continue;
    }
    seen.add(path);
    out.push({ path, loc: ref.loc });
  }
  return out;
}

/** "CN=ISRG Root X1", else the whole subject on one line. */
function commonName(subject: string): string {
  const cn = subject.split('\n').find((l) => l.startsWith('CN='));
  return cn ?? subject.replace(/\n/g, ', ');
}
