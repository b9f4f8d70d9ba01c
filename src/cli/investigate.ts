// `faultline investigate`: flags → investigate() → report; exit 1 when an incident was found.

import type { InvestigateResult } from '../analysis/types.js';
import { type FindingPolicy, unknownRuleIds } from '../audit/policy.js';
import type { WalkLimits } from '../evidence/types.js';
import { investigate } from '../investigate.js';
import type { InvestigateFormat } from '../model/ids.generated.js';
import { utc } from '../model/utc-text.js';
import { isValidZone } from '../read/time.js';
import { INVESTIGATE_REPORTERS } from '../report/index.js';
import { outWritable, useColor, warn, writeReport } from './output.js';
import { projectConfigOr2 } from './project-config.js';
import { parseCliTime, TIME_HINT } from './times.js';

export interface InvestigateFlags {
  format: InvestigateFormat;
  out?: string;
  quiet?: boolean;
  color?: boolean;
  tz?: string;
  year?: string;
  from?: string;
  to?: string;
  workers?: string;
  maxExpanded?: string;
  maxEntry?: string;
  maxEntries?: string;
  maxName?: string;
  maxRatio?: string;
  config?: string;
}

/** `20G`, `512M`, `64k`, `1000` (binary units; a trailing `B`/`iB` is allowed). */
function parseSize(raw: string | undefined, flag: string): number | undefined | null {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\s*([kmgt]?)(?:i?b)?$/i.exec(raw.trim());
  const n = m ? Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    warn(`${flag} ${raw}: expected a size such as 20G, 512M or 4096`);
    return null;
  }
  return n;
}

function parseCount(raw: string | undefined, flag: string): number | undefined | null {
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) {
    warn(`${flag} ${raw}: expected a whole number above 0`);
    return null;
  }
  return n;
}

/** The walk's budgets from the flags; null when one is malformed (already reported). */
function parseLimits(flags: InvestigateFlags): WalkLimits | null {
  const limits: WalkLimits = {
    maxExpandedBytes: parseSize(flags.maxExpanded, '--max-expanded') ?? undefined,
    maxEntryBytes: parseSize(flags.maxEntry, '--max-entry') ?? undefined,
    maxEntries: parseCount(flags.maxEntries, '--max-entries') ?? undefined,
    maxNameBytes: parseSize(flags.maxName, '--max-name') ?? undefined,
    maxRatio: parseCount(flags.maxRatio, '--max-ratio') ?? undefined,
  };
  const given = [flags.maxExpanded, flags.maxEntry, flags.maxEntries, flags.maxName, flags.maxRatio];
  const parsed = [
    limits.maxExpandedBytes,
    limits.maxEntryBytes,
    limits.maxEntries,
    limits.maxNameBytes,
    limits.maxRatio,
  ];
  return given.some((g, i) => g !== undefined && parsed[i] === undefined) ? null : limits;
}

/** A --from/--to value as epoch ms; null when it is not a time (already reported, one line with a hint). */
function parseTime(raw: string | undefined, flag: string, now: number, tz?: string): number | undefined | null {
  if (raw === undefined) return undefined;
  const t = parseCliTime(raw, now, tz);
  if ('error' in t) {
    warn(`${flag} ${raw}: ${t.error}; ${TIME_HINT}`);
    return null;
  }
  return t.time;
}

/** The window's bounds, or null when one is not a time or --from comes after --to (reported). */
function parseWindow(flags: InvestigateFlags): { from?: number; to?: number } | null {
  const now = Date.now();
  const from = parseTime(flags.from, '--from', now, flags.tz);
  if (from === null) return null;
  const to = parseTime(flags.to, '--to', now, flags.tz);
  if (to === null) return null;
  if (from !== undefined && to !== undefined && from > to) {
    warn(
      `--from ${flags.from} is after --to ${flags.to} (${utc(from)} > ${utc(to)} UTC); hint: swap them, or give --from the earlier time`,
    );
    return null;
  }
  return { from, to };
}

/**
 * When a window was asked for and no line of the inputs lies inside it — all before or after it, or the window
 * falls in a gap between them — say so (exit 2) rather than "no incident": the span is that of every timed line
 * read, whatever the window.
 */
function emptyWindow(result: InvestigateResult, from?: number, to?: number): string | null {
  if (from === undefined && to === undefined) return null;
  const start = result.span.start ? Date.parse(result.span.start) : undefined;
  const end = result.span.end ? Date.parse(result.span.end) : undefined;
  const a = from === undefined ? 'the start' : `${utc(from)} UTC`;
  const b = to === undefined ? 'the end' : `${utc(to)} UTC`;
  if (start === undefined || end === undefined) return `no line between ${a} and ${b}; the inputs have no timed line`;
  const selected = result.inputs.reduce((n, i) => n + (i.inWindow ?? 0), 0);
  return selected === 0 ? `no line between ${a} and ${b}; the inputs span ${utc(start)} → ${utc(end)} UTC` : null;
}

export async function runInvestigate(paths: string[], flags: InvestigateFlags): Promise<number> {
  if (!outWritable(flags.out)) return 2;
  if (flags.tz !== undefined && !isValidZone(flags.tz)) {
    warn(`--tz ${flags.tz}: expected an IANA time zone such as America/New_York`);
    return 2;
  }
  const year = flags.year === undefined ? undefined : Number(flags.year);
  if (year !== undefined && (!Number.isInteger(year) || year < 1970 || year > 2100)) {
    warn(`--year ${flags.year}: expected a four-digit year`);
    return 2;
  }
  const window = parseWindow(flags);
  if (window === null) return 2;
  const { from, to } = window;
  const workers = flags.workers === undefined ? undefined : Number(flags.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
    warn(`--workers ${flags.workers}: expected a whole number from 0 to 64`);
    return 2;
  }
  const limits = parseLimits(flags);
  if (limits === null) return 2;
  const config = await projectConfigOr2(flags.config);
  if (config === 2) return 2;
  const userFormats = config?.formats;
  // The config's rules: and ignore: name rules: one that is no rule is the same usage error as for audit.
  const findingPolicy: FindingPolicy = { config };
  const unknown = unknownRuleIds(findingPolicy);
  if (unknown.length) {
    warn(unknown[0] as string);
    return 2;
  }
  const progress = makeProgress(flags.quiet);
  let result: InvestigateResult;
  try {
    result = await investigate({
      paths,
      tz: flags.tz,
      year,
      from,
      to,
      workers,
      limits,
      userFormats,
      findingPolicy,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
  const readable = result.inputs.filter((i) => i.format !== null);
  if (readable.length === 0) {
    for (const p of result.problems) warn(p);
    for (const line of summariseInputs(result.inputs)) warn(line);
    warn(`no readable log or config in ${paths.join(', ')}`);
    return 2;
  }
  if (!flags.quiet) for (const p of result.problems) warn(p);
  const empty = emptyWindow(result, from, to);
  if (empty) {
    warn(empty);
    return 2;
  }
  const text = INVESTIGATE_REPORTERS[flags.format].render(result, { color: useColor(flags) });
  writeReport(text, flags.out);
  return result.incidents.length > 0 ? 1 : 0;
}

/** A progress line on stderr, only on a TTY and only once a run takes more than a couple of seconds. */
function makeProgress(quiet?: boolean) {
  const started = Date.now();
  let shown = false;
  let lastDraw = 0;
  const tty = process.stderr.isTTY === true && !quiet;
  return {
    update: (bytes: number) => {
      if (!tty) return;
      const now = Date.now();
      if (now - started < 2000 || now - lastDraw < 200) return;
      lastDraw = now;
      shown = true;
      const mb = bytes / 1e6;
      process.stderr.write(
        `\r\x1b[Kfaultline: read ${mb.toFixed(0)} MB (${(mb / ((now - started) / 1000)).toFixed(0)} MB/s)`,
      );
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/** Unread inputs, each kind ("empty file", "format not recognised") listed five times then counted. */
function summariseInputs(inputs: InvestigateResult['inputs'], keep = 5): string[] {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const i of inputs) {
    // The survey's own closing count of a reason it stopped listing: "(999,000 more inputs)".
    const closing = i.path.startsWith('(') ? /^([\d,]+) more inputs: /.exec(i.note ?? '') : null;
    const said = closing ? (i.note ?? '').slice(closing[0].length) : (i.error ?? i.note ?? 'format not recognised');
    // An error names its file already ("x.gz: gzip stream truncated after 0 bytes"); its kind drops the offset.
    const shown = said.startsWith(`${i.path}: `) ? said.slice(i.path.length + 2) : said;
    const after = shown.indexOf(' after ');
    const why = after < 0 ? shown : shown.slice(0, after);
    const before = counts.get(why) ?? 0;
    counts.set(why, before + (closing ? Number(closing[1].replace(/,/g, '')) : 1));
    if (!closing && before < keep) lines.push(`${i.path}: ${shown}`);
  }
  for (const [why, n] of counts) if (n > keep) lines.push(`${(n - keep).toLocaleString('en-US')} more inputs: ${why}`);
  return lines;
}
