// The TLS certificates the services' configs point at (nginx `ssl_certificate`, Apache `SSLCertificateFile`,
// HAProxy `bind … crt`), read under the root with their subject and validity. Only the first CERTIFICATE block of a
// file is parsed: a combined file (HAProxy's usual one) holds the private key too, which is never read past, kept or
// shown. A `crt` folder (HAProxy loads every file in it) and `crt-base` are not followed: listed as unreadable.

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  for (const c of componentsOf(stack, 'haproxy'))
    for (const p of c.data.proxies)
      for (const b of p.binds)
        for (const crt of b.crt ?? []) refs.push({ path: absolute(crt, '/etc/haproxy'), loc: b.loc });
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
  for (const ref of refs) {
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

/** "CN=ISRG Root X1", else the whole subject on one line. */
function commonName(subject: string): string {
  const cn = subject.split('\n').find((l) => l.startsWith('CN='));
  return cn ?? subject.replace(/\n/g, ', ');
}
