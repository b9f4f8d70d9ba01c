// Reads the text files of the inputs into memory for config parsing (configs are small; logs are
// streamed elsewhere). Binary and oversized entries are listed as skipped, with the reason; a link is read as
// the file it names when that file is inside the walked root (links.ts), else skipped with why.
import { followLinks, type LinkEntry } from './links.js';
import { isBinary } from './sample.js';
import type { InputEntry, InputProblem } from './types.js';
import { walkInputs } from './walk.js';

export interface TextFile {
  path: string;
  host: string;
  hostPath: string;
  rootPath: string;
  /** With several inputs named: the one it comes from (InputEntry.input). */
  input?: string;
  text: string;
  mtime?: Date;
  /** Read through a symbolic link: the display path of the file it names. */
  linkOf?: string;
}

export interface SkippedInput {
  path: string;
  host: string;
  reason: string;
}

export interface Collected {
  texts: TextFile[];
  skipped: SkippedInput[];
  problems: InputProblem[];
  /** Symlink entries (never followed): e.g. etc/localtime → zone name. */
  links: { path: string; host: string; hostPath: string; target: string }[];
}

/** Config files larger than this are not configs (logs, dumps) and are skipped by audit. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/**
 * Text held for the configs of one run, in all: parsed, a config costs some five times its size (40,000 hosts'
 * 6 KB redis.conf took 1.6 GB and over 3 minutes); past this the rest is listed as not read.
 */
export const MAX_CONFIG_TOTAL_BYTES = 32 * 1024 * 1024;

export const configBudgetReason = (total: number) =>
  `not read: the ${total / 1024 / 1024} MiB of config text a run holds were used up by the files before it`;

/**
 * `mount`: the host path of the one folder named, when it is not a host root (probe reads `<root>/etc/nginx` as
 * `/etc/nginx`), so that an absolute link inside it can be placed. `maxTotalBytes`: the config text a run holds.
 */
export async function collectInputs(
  paths: string[],
  maxBytes = MAX_CONFIG_BYTES,
  opts: { mount?: string; maxTotalBytes?: number } = {},
): Promise<Collected> {
  const { mount, maxTotalBytes = MAX_CONFIG_TOTAL_BYTES } = opts;
  const out: Collected = { texts: [], skipped: [], problems: [], links: [] };
  const found: (LinkEntry & { host: string })[] = [];
  let held = 0;
  const onProblem = (p: InputProblem) => {
    out.problems.push(p);
    out.skipped.push({ path: p.path, host: '', reason: p.message });
  };
  for await (const entry of walkInputs(paths, { onProblem })) {
    const host = entry.host ?? '';
    if (entry.kind === 'symlink') {
      out.links.push({ path: entry.path, host, hostPath: entry.hostPath, target: entry.linkTarget ?? '' });
      found.push({ ...linkOf(entry), host, mount });
      continue;
    }
    if (entry.kind !== 'file') {
      out.skipped.push({ path: entry.path, host, reason: `${entry.kind} entry (not read)` });
      continue;
    }
    if (held >= maxTotalBytes || (entry.size !== undefined && held + entry.size > maxTotalBytes)) {
      out.skipped.push({ path: entry.path, host, reason: configBudgetReason(maxTotalBytes) });
      continue;
    }
    if (entry.size !== undefined && entry.size > maxBytes) {
      out.skipped.push({ path: entry.path, host, reason: `larger than ${maxBytes / 1024 / 1024} MiB, not a config` });
      entry.open().resume();
      continue;
    }
    const buf = await readCapped(entry, maxBytes);
    if (buf === null) {
      out.skipped.push({ path: entry.path, host, reason: `larger than ${maxBytes / 1024 / 1024} MiB, not a config` });
      continue;
    }
    if (isBinary(buf)) {
      out.skipped.push({ path: entry.path, host, reason: 'binary file skipped' });
      continue;
    }
    if (held + buf.length > maxTotalBytes) {
      out.skipped.push({ path: entry.path, host, reason: configBudgetReason(maxTotalBytes) });
      held = maxTotalBytes;
      continue;
    }
    held += buf.length;
    out.texts.push({
      path: entry.path,
      host,
      hostPath: entry.hostPath,
      rootPath: entry.rootPath,
      ...(entry.input ? { input: entry.input } : {}),
      text: buf.toString('utf8'),
      mtime: entry.mtime,
    });
  }
  const { aliases, refused } = followLinks(out.texts, found);
  out.texts.push(...aliases);
  out.skipped.push(...refused);
  return out;
}

export function linkOf(entry: InputEntry): LinkEntry {
  return {
    path: entry.path,
    hostPath: entry.hostPath,
    rootPath: entry.rootPath,
    // A link without a known walked root (a zip member) is never followed.
    walkRoot: entry.walkRoot ?? '\0',
    target: entry.linkTarget ?? '',
  };
}

async function readCapped(entry: InputEntry, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = entry.open();
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        stream.destroy();
        return null;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    // A truncated or unreadable member: keep what was read (the walk reports the problem).
  }
  return Buffer.concat(chunks);
}

/** Kept for callers of the first version; the rule lives in sample.ts. */
export const looksBinary = isBinary;
