// Every config parser, and detection of a file's config format from its content (names only help).
import { CONFIG_PARSER_DEFINITIONS } from './registry.generated.js';
import type { ConfigFormatId, ConfigParser } from './types.js';

/** A parser of some config format; each entry is typed at its definition. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous registry
export type AnyConfigParser = ConfigParser<any>;

/** Generated in id order: detection must not depend on it (a tie would go to the first id; none occur). */
export const CONFIG_PARSERS: readonly AnyConfigParser[] = CONFIG_PARSER_DEFINITIONS;

/** Below this, a file is not taken as a config of any kind. */
export const CONFIG_DETECT_THRESHOLD = 0.5;

export function detectConfigFormat(
  path: string,
  sample: string,
  parsers: readonly AnyConfigParser[] = CONFIG_PARSERS,
): { parser: AnyConfigParser; confidence: number } | null {
  let best: { parser: AnyConfigParser; confidence: number } | null = null;
  for (const parser of parsers) {
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
