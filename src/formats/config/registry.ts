// Every config parser, and detection of a file's config format from its content (names only help).
import { appEngineParser } from './app-engine.js';
import { djangoParser } from './django.js';
import { haproxyParser } from './haproxy.js';
import { hostFactsParser } from './host-facts.js';
import { limitsParser } from './limits.js';
import { mysqlParser } from './mysql.js';
import { nginxParser } from './nginx.js';
import { nodeAppParser } from './node-app.js';
import { pm2Parser } from './pm2.js';
import { postgresParser } from './postgres.js';
import { procfileParser } from './procfile.js';
import { redisParser } from './redis.js';
import { sysctlParser } from './sysctl.js';
import { systemdParser } from './systemd.js';
import { tomcatParser } from './tomcat.js';
import type { ConfigFormatId, ConfigParser } from './types.js';

/** A parser of some config format; each entry is typed at its definition. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous registry
export type AnyConfigParser = ConfigParser<any>;

export const CONFIG_PARSERS: readonly AnyConfigParser[] = [
  haproxyParser,
  nginxParser,
  mysqlParser,
  postgresParser,
  redisParser,
  tomcatParser,
  pm2Parser,
  systemdParser,
  sysctlParser,
  limitsParser,
  hostFactsParser,
  appEngineParser,
  procfileParser,
  nodeAppParser,
  djangoParser,
];

/** Below this, a file is not taken as a config of any kind. */
export const CONFIG_DETECT_THRESHOLD = 0.5;

export function detectConfigFormat(
  path: string,
  sample: string,
): { parser: AnyConfigParser; confidence: number } | null {
  let best: { parser: AnyConfigParser; confidence: number } | null = null;
  for (const parser of CONFIG_PARSERS) {
    let confidence = 0;
    try {
      confidence = parser.detect(path, sample);
    } catch {
      confidence = 0;
    }
    if (confidence >= CONFIG_DETECT_THRESHOLD && (!best || confidence > best.confidence)) best = { parser, confidence };
  }
  return best;
}

export function configParser(id: ConfigFormatId) {
  return CONFIG_PARSERS.find((p) => p.id === id);
}
