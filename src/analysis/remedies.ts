// Remedies are data ({ kind, text }); this is the one place they become words: the label of each kind, and the
// line the JSON contract's `fix` array has carried since before remedies had kinds ("Stop-gap: …").
import type { Remedy, RemedyKind } from './types.js';

export const REMEDY_LABEL: Readonly<Record<RemedyKind, string>> = {
  'stop-gap': 'Stop-gap',
  fix: 'Fix',
  'long-term': 'Long-term',
};

/** A remedy as a `fix` string: a fix as it is, a stop-gap or long-term remedy with its label. */
export function fixLine(r: Remedy): string {
  return r.kind === 'fix' ? r.text : `${REMEDY_LABEL[r.kind]}: ${r.text}`;
}
