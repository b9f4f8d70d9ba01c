// Every log format, and the choice of one for a file from its first lines.
// Each format scores a sample (0..1); the best score above DETECT_THRESHOLD wins. A file no format claims is
// reported as unknown by the caller, never parsed with a guess. Formats that wrap others score below them on their
// own files by construction (syslog ≤ 0.95 under kern.log and HAProxy-via-syslog, node-log ≤ 0.9 under JSON
// lines and PM2). The list is generated in id order, so no result may depend on it: registry.test.ts checks that
// no two formats tie on any fixture or corpus file (on a tie, the first id would win).
import { withCheckedParse } from './checked.js';
import { PARSE_SHARE, shareOf } from './detect-share.js';

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
}

/**
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
  let best: DetectedFormat | null = null;
  for (const format of formats) {
    let confidence: number;
    try {
      confidence = format.detect(sampleLines, path);
    } catch {
      // A detector must not throw; if one does, it simply does not claim the file.
      continue;
    }
    if (!Number.isFinite(confidence) || confidence < DETECT_THRESHOLD) continue;
    if (best !== null && confidence <= best.confidence) continue;
    if (!parsesEnough(format, sampleLines)) continue;
    best = { format, confidence: Math.min(1, confidence) };
  }
  return best;
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
