// Every log format, and the choice of one for a file from its first lines.
// Each format scores a sample (0..1); the best score above DETECT_THRESHOLD wins. A file no format claims is
// reported as unknown by the caller, never parsed with a guess. Formats that wrap others score below them on their
// own files by construction (syslog ≤ 0.95 under kern.log and HAProxy-via-syslog, node-log ≤ 0.9 under JSON
// lines and PM2). The list is generated in id order, so no result may depend on it: registry.test.ts checks that
// no two formats tie on any fixture or corpus file (on a tie, the first id would win).
import { withCheckedParse } from './checked.js';
import { PARSE_SHARE, shareOf } from './detect-share.js';
import { isPm2Location } from './pm2-log.js';

export { PARSE_SHARE };

import { LOG_FORMAT_DEFINITIONS } from './registry.generated.js';
import type { LogFormat } from './types.js';

/** Each format as the read path uses it: its parse results carry only usable numbers (see checked.ts). */
export const LOG_FORMATS: readonly LogFormat[] = LOG_FORMAT_DEFINITIONS.map(withCheckedParse);

/** Below this, a file is "unknown format": half the sampled lines must at least look right. */
export const DETECT_THRESHOLD = 0.5;
/**
 * A format claims a file only when PARSE_SHARE of its first non-blank lines parse (continuations included) — or,
 * in a short file, when all but MAX_STRAYS of at least MIN_PARSED lines do: two stray lines of another writer
 * (a shell's "Session terminated" in a lab capture) must not hide an 18-line PostgreSQL log.
 */
const MAX_STRAYS = 2;
const MIN_PARSED = 10;
/** Non-blank lines of the head the parse share is measured on. */
export const SHARE_LINES = 200;

export interface DetectedFormat {
  format: LogFormat;
  confidence: number;
  /**
   * Why a name was used: `tie` — formats that read the same content equally well (or app text that generic-log or
   * node-log reads, under PM2's file names) were told apart by the file's name. Untimed text no format claims is
   * never given a format by its name: PM2's daemon log or ecosystem file, when the inputs have them, say which
   * files are PM2's output (FormatBehaviour.outputPlaces, decided by the survey).
   */
  byName?: 'tie';
}

/** Content scores this close are a tie, which a name may break. */
const TIE = 1e-9;
/** Formats that read any application's text: one class of content, told apart by prefixes, else by PM2's names. */
const APP_TEXT_READERS = new Set(['generic-log', 'node-log', 'pm2-log']);

/**
 * The format of a file from its first lines. Content decides: each format scores the lines without their path,
 * and claims them only if it parses enough of them. The path is used only to break an exact tie between formats
 * that read the content equally well, and between the app-text readers (generic-log, node-log) and PM2's under
 * PM2's file names. Untimed text that no format claims is not claimed here, wherever it is.
 * `formats` may be extended (a host's nginx log_format, a user's formats): any LogFormat list works.
 *
 * `userFormats` (the project config's `formats:`) are tried first: one that claims the file wins over the
 * built-ins — the user wrote it for their files — and among them the best score, then the first in the config.
 */
export function detectLogFormat(
  sampleLines: string[],
  path: string,
  formats: readonly LogFormat[] = LOG_FORMATS,
  userFormats: readonly LogFormat[] = [],
): DetectedFormat | null {
  if (userFormats.length > 0) {
    const own = detectLogFormat(sampleLines, path, userFormats);
    if (own) return own;
  }
  const claims: { format: LogFormat; score: number }[] = [];
  for (const format of formats) {
    const score = scoreOf(format, sampleLines, '');
    if (score < DETECT_THRESHOLD || !parsesEnough(format, sampleLines)) continue;
    claims.push({ format, score });
  }
  const top = Math.max(-1, ...claims.map((c) => c.score));
  const tied = claims.filter((c) => c.score >= top - TIE);
  if (tied.length === 0) return null;
  let best = tied[0];
  if (tied.length > 1) {
    // A name breaks the tie: the detector's own score with the path, then the list order (id order).
    let bestNamed = -1;
    for (const c of tied) {
      const named = scoreOf(c.format, sampleLines, path);
      if (named > bestNamed + TIE) {
        best = c;
        bestNamed = named;
      }
    }
  }
  if (APP_TEXT_READERS.has(best.format.id) && best.format.id !== 'pm2-log') {
    const pm2 = underPm2Names(sampleLines, path, formats);
    if (pm2) return { format: pm2, confidence: Math.min(1, best.score), byName: 'tie' };
  }
  const result: DetectedFormat = { format: best.format, confidence: Math.min(1, best.score) };
  if (tied.length > 1 && best !== tied[0]) result.byName = 'tie';
  return result;
}

/** A detector's score; one that throws or returns a non-number does not claim the file. */
function scoreOf(format: LogFormat, sampleLines: string[], path: string): number {
  try {
    const s = format.detect(sampleLines, path);
    return Number.isFinite(s) ? s : 0;
  } catch {
    return 0;
  }
}

/** App text another app-text reader claims, in PM2's log folder or under PM2's file names: PM2's reader, if it reads it. */
function underPm2Names(sampleLines: string[], path: string, formats: readonly LogFormat[]): LogFormat | null {
  if (!isPm2Location(path)) return null;
  const pm2 = formats.find((f) => f.id === 'pm2-log');
  return pm2 && parsesEnough(pm2, sampleLines) ? pm2 : null;
}

/** Whether the format parses enough of the first SHARE_LINES non-blank lines (a detector's score is not enough). */
export function parsesEnough(format: LogFormat, sampleLines: string[]): boolean {
  const head: string[] = [];
  for (const line of sampleLines) {
    if (line.trim() === '') continue;
    head.push(line);
    if (head.length >= SHARE_LINES) break;
  }
  const { seen, parsed } = shareOf(head, (l) => format.parse(l));
  if (seen === 0) return false;
  return parsed / seen >= PARSE_SHARE || (parsed >= MIN_PARSED && seen - parsed <= MAX_STRAYS);
}

export function logFormatById(id: string): LogFormat | undefined {
  return LOG_FORMATS.find((f) => f.id === id);
}

/** The format that reads most of a file no format claims, and the first line it could not read. */
export interface ClosestFormat {
  format: LogFormat;
  /** Lines it reads, of the `seen` first non-blank lines. */
  read: number;
  seen: number;
  /** 1-based line in the sample (the file's head) and its text. */
  firstUnread?: { line: number; text: string };
}

/**
 * Why nothing claimed a file: the format with the most lines it reads — a line counts when the parser finds a
 * record in it (a time, an uptime, a level, a program, fields) or an indented continuation of a record it found,
 * not when it merely accepts text — and the first line it could not read. `null` when no format reads a line.
 */
export function closestLogFormat(
  sampleLines: string[],
  formats: readonly LogFormat[] = LOG_FORMATS,
): ClosestFormat | null {
  const head: { line: number; text: string }[] = [];
  for (let i = 0; i < sampleLines.length && head.length < SHARE_LINES; i++)
    if (sampleLines[i].trim() !== '') head.push({ line: i + 1, text: sampleLines[i] });
  let best: ClosestFormat | null = null;
  for (const format of formats) {
    let read = 0;
    let inRecord = false;
    let firstUnread: ClosestFormat['firstUnread'];
    for (const h of head) {
      const how = howRead(format, h.text);
      if (how === 'record') inRecord = true;
      if (how === 'record' || (how === 'continuation' && inRecord && /^[\s}\])]/.test(h.text))) read++;
      else firstUnread ??= h;
    }
    if (read > 0 && (!best || read > best.read)) best = { format, read, seen: head.length, firstUnread };
  }
  return best;
}

function howRead(format: LogFormat, line: string): 'record' | 'continuation' | null {
  let p: ReturnType<LogFormat['parse']>;
  try {
    p = format.parse(line);
  } catch {
    return null;
  }
  if (!p) return null;
  if (p.ts !== undefined || p.uptime !== undefined) return 'record';
  if (p.continuation) return 'continuation';
  const structured =
    p.level !== undefined || p.program !== undefined || (p.fields !== undefined && Object.keys(p.fields).length > 0);
  return structured ? 'record' : null;
}
