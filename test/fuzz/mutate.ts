// A mutator of real inputs for the fuzz properties: a seed (a sample line, a fixture file) and a few edits of the
// kinds hostile or damaged input shows — flipped characters, cuts, control characters and NUL, decoded invalid
// UTF-8, `\r`, fields duplicated or dropped, very long runs, digits changed (hour 99, port 99999), words that are
// special to JavaScript objects (`__proto__`). Positions are numbers taken modulo the text's length, so fast-check
// shrinks a failing case to few, early edits of a short seed.
import fc from 'fast-check';

export type Edit =
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'digit'; at: number; digit: number }
  | { kind: 'duplicate-field'; field: number }
  | { kind: 'drop-field'; field: number }
  | { kind: 'repeat'; at: number; text: string; times: number }
  | { kind: 'splice'; at: number; other: number; from: number };

export interface MutateOptions {
  /** Longest run a `repeat` edit writes, in units (the long run of `npm run fuzz` may raise it). */
  maxRepeat?: number;
  /** Most edits applied to one seed. */
  maxEdits?: number;
}

/** Characters and words that break naive parsers: controls, escapes, quotes, brackets, number edge cases. */
const HOSTILE = [
  '\0',
  '\r',
  '\r\n',
  '\n',
  '\t',
  '\v',
  '\f',
  '\x1b',
  '\x1b[2J',
  '\x1b]0;title\x07',
  '\x7f',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '"',
  "'",
  '`',
  '\\',
  '\\"',
  '\\x22',
  '\\u0000',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '&',
  '%',
  '%00',
  '$',
  '${',
  '#',
  ';',
  '=',
  ':',
  ',',
  '|',
  ' ',
  '-',
  '.',
  '/',
  '*',
  '?',
  '@',
  'NaN',
  '-1',
  '0',
  '99999999999999999999',
  '1e308',
  '0x10',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
];

/** A short piece of text to insert: hostile pieces, any code points, decoded bytes that are not valid UTF-8. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 6 })
      .chain((bytes) => fc.constantFrom(Buffer.from(bytes).toString('utf8'), Buffer.from(bytes).toString('latin1'))),
  },
);

/** What a `repeat` edit repeats: the runs the issue measured (a, a., a-, spaces, newlines, brackets) and others. */
const runUnit: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('a', 'a.', 'a-', ' ', '\n', '\r', '\t', '0', '9.', '[', '{', '(', '"', '\\', '%', 'a=', 'é', '\0'),
  hostileText,
);

function edit(seedCount: number, options: MutateOptions): fc.Arbitrary<Edit> {
  const at = fc.nat();
  const maxRepeat = options.maxRepeat ?? 4096;
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at, text: hostileText }),
    fc.record({ kind: fc.constant('insert' as const), at, text: hostileText }),
    fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('digit' as const), at, digit: fc.integer({ min: 0, max: 9 }) }),
    fc.record({ kind: fc.constant('duplicate-field' as const), field: fc.nat() }),
    fc.record({ kind: fc.constant('drop-field' as const), field: fc.nat() }),
    fc.record({
      kind: fc.constant('repeat' as const),
      at,
      text: runUnit,
      times: fc.integer({ min: 2, max: Math.max(2, maxRepeat) }),
    }),
    fc.record({
      kind: fc.constant('splice' as const),
      at,
      other: fc.integer({ min: 0, max: Math.max(0, seedCount - 1) }),
      from: fc.nat(),
    }),
  );
}

/** Applies one edit to `text`; `seeds` feeds the splice edit (the tail of another seed). */
export function applyEdit(text: string, e: Edit, seeds: readonly string[]): string {
  const pos = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (e.kind) {
    case 'replace': {
      const p = pos(e.at);
      return text.slice(0, p) + e.text + text.slice(p + 1);
    }
    case 'insert': {
      const p = pos(e.at);
      return text.slice(0, p) + e.text + text.slice(p);
    }
    case 'delete': {
      const p = pos(e.at);
      return text.slice(0, p) + text.slice(p + e.length);
    }
    case 'truncate':
      return text.slice(0, pos(e.at));
    case 'digit': {
      // Changes the n-th digit of the text: out-of-range times, ports, sizes and counts.
      const digits: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x30 && c <= 0x39) digits.push(i);
      }
      if (digits.length === 0) return text;
      const p = digits[e.at % digits.length] as number;
      return text.slice(0, p) + String(e.digit) + text.slice(p + 1);
    }
    case 'duplicate-field':
    case 'drop-field': {
      const fields = text.split(' ');
      const i = e.field % fields.length;
      if (e.kind === 'duplicate-field') fields.splice(i, 0, fields[i] as string);
      else fields.splice(i, 1);
      return fields.join(' ');
    }
    case 'repeat': {
      const p = pos(e.at);
      return text.slice(0, p) + e.text.repeat(e.times) + text.slice(p);
    }
    case 'splice': {
      const other = seeds[e.other % Math.max(1, seeds.length)] ?? '';
      const from = other.length === 0 ? 0 : e.from % other.length;
      return text.slice(0, pos(e.at)) + other.slice(from);
    }
  }
}

/** A seed with one to a few edits. `seeds` must not be empty. */
export function mutated(seeds: readonly string[], options: MutateOptions = {}): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new Error('mutated(): no seeds');
  return fc
    .tuple(
      fc.integer({ min: 0, max: seeds.length - 1 }),
      fc.array(edit(seeds.length, options), { minLength: 1, maxLength: options.maxEdits ?? 4 }),
    )
    .map(([index, edits]) => edits.reduce((text, e) => applyEdit(text, e, seeds), seeds[index] as string));
}

/**
 * One input line: mostly a mutated seed, sometimes a seed as is (so the happy path is part of every property)
 * and sometimes text unrelated to any seed.
 */
export function lineFrom(seeds: readonly string[], options: MutateOptions = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutated(seeds, options) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
}
