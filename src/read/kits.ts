// Each format's read machinery, built once per format object and thread: its signatures' matcher, the
// prefilter of every literal a notable line must contain (the signatures' needles and the format's own hints),
// and its Buffer scanner.
import type { LogFormat } from '../formats/log/types.js';
import { SIGNATURES } from '../signatures/catalog.js';
import { createMatcher, needleOf } from '../signatures/match.js';
import { createPrefilter } from '../signatures/prefilter.js';
import type { FormatKit } from './piece.js';

const matcher = createMatcher(SIGNATURES);
const signatures = new Map(SIGNATURES.map((s) => [s.id, s]));
const kits = new WeakMap<LogFormat, FormatKit>();

export function kitFor(format: LogFormat): FormatKit {
  const have = kits.get(format);
  if (have) return have;
  // A wrapper's entries hold any program's lines: every signature may apply.
  const needles = SIGNATURES.filter((s) => format.behaviour.wraps || s.formats.includes(format.id)).map(needleOf);
  const kit: FormatKit = {
    format,
    matcher,
    prefilter: createPrefilter([...needles, ...format.behaviour.notableHints]),
    signatures,
    scan: format.behaviour.scan,
  };
  kits.set(format, kit);
  return kit;
}
