// `faultline collect <out.tar.gz>`: flags → collect() → a one-line summary. Exit 0 when the bundle is written, 2 on
// a usage error (a bad time or size, an output that cannot be written, a --root that is not a folder) or when the
// root holds nothing to collect.
import { statSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { collect } from '../collect/collect.js';
import { cliSize, formatSize } from '../model/units.js';
import { probe } from '../probe/probe.js';
import { probeJson } from '../report/probe-json.js';
import { safeLine } from '../report/redact.js';
import { prepareOut, warn } from './output.js';
import { parseCliTime, TIME_HINT } from './times.js';

export interface CollectFlags {
  since?: string;
  until?: string;
  root?: string;
  pseudonymise?: boolean;
  maxSize?: string;
  maxFile?: string;
  quiet?: boolean;
}

function size(flag: string, raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  const v = cliSize(raw);
  if (v === null || v < 1) {
    warn(`${flag} ${raw}: expected a size such as 200M, 1G or 50M`);
    return null;
  }
  return Math.floor(v);
}

function time(flag: string, raw: string | undefined, now: number): Date | null | undefined {
  if (raw === undefined) return undefined;
  const t = parseCliTime(raw, now);
  if ('error' in t) {
    warn(`${flag} ${raw}: ${t.error}; ${TIME_HINT}`);
    return null;
  }
  return new Date(t.time);
}

function usable(out: string, root: string | undefined): boolean {
  if (!/\.(?:tar\.gz|tgz)$/.test(out)) {
    warn(`${out}: expected a .tar.gz or .tgz name for the bundle`);
    return false;
  }
  const problem = prepareOut(out);
  if (problem) {
    warn(problem.replace(/^--out /, ''));
    return false;
  }
  if (root !== undefined && !isFolder(root)) {
    warn(`--root ${root}: not a folder`);
    return false;
  }
  return true;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function runCollect(out: string, flags: CollectFlags): Promise<number> {
  const now = Date.now();
  const since = time('--since', flags.since, now);
  const until = time('--until', flags.until, now);
  const maxTotalBytes = size('--max-size', flags.maxSize);
  const maxFileBytes = size('--max-file', flags.maxFile);
  if (since === null || until === null || maxTotalBytes === null || maxFileBytes === null) return 2;
  if (since && until && since >= until) {
    warn(`--since ${flags.since} is not before --until ${flags.until}`);
    return 2;
  }
  if (!usable(out, flags.root)) return 2;
  const progress = process.stderr.isTTY === true && !flags.quiet;
  const result = await collect({
    out,
    root: flags.root,
    since,
    until,
    pseudonymise: flags.pseudonymise === true,
    maxTotalBytes,
    maxFileBytes,
    now: new Date(now),
    // probe's report of the same root, read back by audit and investigate as the host's facts (probe-snapshot).
    snapshot: async (root) => JSON.parse(probeJson(await probe({ root }))),
    onProgress: progress
      ? (p) =>
          process.stderr.write(
            `\r\x1b[Kcollect: ${p.files} files, ${formatSize(p.bytes)} ${safeLine(p.current).slice(0, 60)}`,
          )
      : undefined,
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const m = result.manifest;
  // MANIFEST.json and command output aside, nothing was found: not a host's root.
  if (m.items.filter((i) => i.source.startsWith('/')).length === 0) {
    await unlink(result.out).catch(() => {});
    if (result.map) await unlink(result.map).catch(() => {});
    warn(`${flags.root ?? '/'}: no log, config or host fact found to collect`);
    return 2;
  }
  if (!flags.quiet) {
    const bytes = m.items.reduce((n, i) => n + i.bytes, 0);
    const parts = [`${m.items.length} files (${formatSize(bytes)})`, `${m.skipped.length} skipped`];
    if (m.live !== false) parts.push(`${m.commands.length} commands`);
    process.stdout.write(`${safeLine(`wrote ${out}: ${parts.join(', ')}`)}\n`);
    if (result.map) process.stdout.write(`${safeLine(`map: ${result.map} (mode 0600; keep it, never share it)`)}\n`);
  }
  return 0;
}
