// Test helpers: audit in-memory files or a fixture folder, the way the CLI would, without the CLI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AuditResult, auditTexts } from '../../src/audit.js';
import type { TextFile } from '../../src/evidence/collect.js';
import type { Finding } from '../../src/rules/types.js';
import type { HostOverrides } from '../../src/stack/build-stack.js';

const HOST_ROOTS = /^(etc|var|proc|sys|home|opt|srv|usr|run|root)\//;

/**
 * Audits files given as { 'etc/haproxy/haproxy.cfg': '…' }. Paths under etc/, var/, proc/… are placed
 * at the host root, as in a bundle; a leading "<host>/" folder before them makes a multi-host input.
 */
export function auditFiles(files: Record<string, string>, overrides: HostOverrides = {}): AuditResult {
  const texts: TextFile[] = Object.entries(files).map(([path, text]) => {
    const m = /^([^/]+)\/((?:etc|var|proc|sys|home|opt|srv|usr|run|root)\/.*)$/.exec(path);
    const multiHost = m && !HOST_ROOTS.test(path);
    const host = multiHost ? m[1] : '';
    const inner = multiHost ? m[2] : path;
    return {
      path,
      host,
      hostPath: HOST_ROOTS.test(inner) ? `/${inner}` : inner,
      rootPath: host,
      text,
    };
  });
  return auditTexts(texts, overrides);
}

/** Audits a fixture folder (all files below it, paths relative to it). */
export function auditDir(dir: string, overrides: HostOverrides = {}): AuditResult {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return auditFiles(files, overrides);
}

export function findingsOf(result: AuditResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

/** "etc/haproxy/haproxy.cfg:12" for each location of each finding. */
export function where(findings: Finding[]): string[] {
  return findings.flatMap((f) => f.locations.map((l) => `${l.path}:${l.line}`));
}
