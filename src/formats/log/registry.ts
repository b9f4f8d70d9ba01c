// Every log format, and the choice of one for a file from its first lines.
// Each format scores a sample (0..1); the best score above DETECT_THRESHOLD wins. A file no format claims is
// reported as unknown by the caller, never parsed with a guess. Formats that wrap others score below them on their
// own files by construction (syslog ≤ 0.95 under kern.log and HAProxy-via-syslog, node-log ≤ 0.9 under JSON
// lines and PM2). The list is generated in id order, so no result may depend on it: registry.test.ts checks that
// no two formats tie on any fixture or corpus file (on a tie, the first id would win).
import { withCheckedParse } from './checked.js';
import { LOG_FORMAT_DEFINITIONS } from './registry.generated.js';
import type { LogFormat } from './types.js';

/** Each format as the read path uses it: its parse results carry only usable numbers (see checked.ts). */
export const LOG_FORMATS: readonly LogFormat[] = LOG_FORMAT_DEFINITIONS.map(withCheckedParse);

/** Below this, a file is "unknown format": half the sampled lines must at least look right. */
export const DETECT_THRESHOLD = 0.5;

export interface DetectedFormat {
  format: LogFormat;
  confidence: number;
}

export function detectLogFormat(
  sampleLines: string[],
  path: string,
  formats: readonly LogFormat[] = LOG_FORMATS,
): DetectedFormat | null {
  let best: DetectedFormat | null = null;
  for (const format of formats) {
    let confidence: number;
    try {
      confidence = format.detect(sampleLines, path);
    } catch {
      // A detector must not throw; if one does, it simply does not claim the file.
      continue;
    }
    if (!Number.isFinite(confidence)) continue;
    if (confidence >= DETECT_THRESHOLD && (best === null || confidence > best.confidence)) {
      best = { format, confidence: Math.min(1, confidence) };
    }
  }
  return best;
}

export function logFormatById(id: string): LogFormat | undefined {
  return LOG_FORMATS.find((f) => f.id === id);
}
