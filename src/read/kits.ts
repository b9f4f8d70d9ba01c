// Each format's read machinery, built once per format object and thread: its signatures' matcher, the
// prefilter of every literal a notable line must contain (the signatures' needles and the format's own hints),
// and its Buffer scanner.
import type { LogFormat } from '../formats/log/types.js';
import type { LogFormatId } from '../model/event.js';
import { ANY_TEXT, SIGNATURES } from '../signatures/catalog.js';
import { createMatcher, needleOf } from '../signatures/match.js';
import { createPrefilter } from '../signatures/prefilter.js';
import type { Signature } from '../signatures/types.js';
import type { FormatKit } from './piece.js';

const matcher = createMatcher(SIGNATURES);
const signatures = new Map(SIGNATURES.map((s) => [s.id, s]));
const kits = new WeakMap<LogFormat, FormatKit>();

export function kitFor(format: LogFormat): FormatKit {
  const have = kits.get(format);
  if (have) return have;
  // A wrapper's entries hold any program's lines: every signature may apply.
  const needles = SIGNATURES.filter((s) => format.behaviour.wraps || s.formats.includes(format.id)).map(needleOf);
  const borrowed = format.behaviour.signatures;
  const own = borrowed ? borrowedSignatures(format.id, borrowed) : undefined;
  const kit: FormatKit = {
    format,
    matcher: own ? createMatcher(own) : matcher,
    prefilter: createPrefilter([...(own ?? []).map(needleOf), ...needles, ...format.behaviour.notableHints]),
    signatures,
    scan: format.behaviour.scan,
    matchFirst:
      format.behaviour.scan && !format.behaviour.wraps && !format.behaviour.tally
        ? { hints: createPrefilter(format.behaviour.notableHints) }
        : undefined,
  };
  kits.set(format, kit);
  return kit;
}

/** The signatures of the formats `from`, applying to the format `id` (a user-defined format: see types.ts). */
function borrowedSignatures(id: LogFormatId, borrowed: readonly LogFormatId[] | 'free-text'): Signature[] {
  const from = borrowed === 'free-text' ? ANY_TEXT : borrowed;
  return SIGNATURES.filter((s) => s.formats.some((f) => from.includes(f))).map((s) => ({ ...s, formats: [id] }));
}
