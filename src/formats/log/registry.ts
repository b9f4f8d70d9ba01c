// Every log format, and the choice of one for a file from its first lines.
// Each format scores a sample (0..1); the best score above DETECT_THRESHOLD wins. A file no format claims is
// reported as unknown by the caller, never parsed with a guess. Formats that wrap others score below them on their
// own files by construction (syslog ≤ 0.95 under kern.log and HAProxy-via-syslog, node-log ≤ 0.9 under JSON
// lines and PM2), and on equal scores the earlier, more specific format in this list wins.
import { withCheckedParse } from './checked.js';
import { cloudInitLog } from './cloud-init-log.js';
import { haproxyCtld } from './haproxy-ctld.js';
import { haproxyLog } from './haproxy-log.js';
import { herokuLog } from './heroku-log.js';
import { jsonLog } from './json-log.js';
import { kernel } from './kernel.js';
import { mysqlLog } from './mysql-log.js';
import { nginxAccess } from './nginx-access.js';
import { nginxError } from './nginx-error.js';
import { nodeLog } from './node-log.js';
import { pm2Log } from './pm2-log.js';
import { postgresLog } from './postgres-log.js';
import { redisLog } from './redis-log.js';
import { socketStates } from './socket-states.js';
import { syslog } from './syslog.js';
import { tomcatLog } from './tomcat-log.js';
import type { LogFormat } from './types.js';

/** Each format as the read path uses it: its parse results carry only usable numbers (see checked.ts). */
export const LOG_FORMATS: readonly LogFormat[] = [
  nginxAccess,
  nginxError,
  haproxyLog,
  haproxyCtld,
  herokuLog,
  tomcatLog,
  socketStates,
  jsonLog,
  redisLog,
  mysqlLog,
  postgresLog,
  cloudInitLog,
  kernel,
  pm2Log,
  syslog,
  nodeLog,
].map(withCheckedParse);

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
