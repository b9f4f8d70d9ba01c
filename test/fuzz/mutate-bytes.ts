// A mutator of real container bytes (a .gz, .bz2, .xz, .zst, a tarball, a zip made by the system's own tools):
// flipped and overwritten bytes, cuts, inserted and repeated runs, a piece of another seed spliced in, and for tar
// headers, a member's name, type or link target rewritten with its checksum fixed — so the reader meets hostile
// members (`../` and absolute names, links out of the bundle, newlines and escapes in names), not only bad checksums.
import fc from 'fast-check';

type ByteEdit =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'splice'; at: number; other: number; from: number }
  | { kind: 'tar-member'; member: number; name?: string; type?: string; link?: string; size?: number };

/** Names and link targets a hostile tarball carries. */
export const HOSTILE_NAMES = [
  '../../outside/secret.log',
  '../outside/secret.log',
  '/etc/shadow',
  'var/log/../../../outside/secret.log',
  'var/log/a\nfaultline: all clear',
  'var/log/\x1b]0;title\x07.log',
  'var/log/nginx/error.log',
  'var/log/',
  '',
  '.',
  'a'.repeat(99),
];

const byteEdit = (seedCount: number): fc.Arbitrary<ByteEdit> => {
  const at = fc.nat();
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('set' as const), at, value: fc.constantFrom(0, 0xff, 0x7f, 0x80, 10) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        at,
        bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('repeat' as const),
        at,
        length: fc.integer({ min: 1, max: 512 }),
        times: fc.integer({ min: 2, max: 64 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('splice' as const),
        at,
        other: fc.integer({ min: 0, max: Math.max(0, seedCount - 1) }),
        from: fc.nat(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          kind: fc.constant('tar-member' as const),
          member: fc.nat({ max: 64 }),
          name: fc.constantFrom(...HOSTILE_NAMES),
          type: fc.constantFrom('0', '1', '2', '3', '5', '6', 'L', 'x', 'g', 'Z'),
          link: fc.constantFrom(...HOSTILE_NAMES),
          size: fc.constantFrom(0, 1, 511, 512, 0o77777777777),
        },
        { requiredKeys: ['kind', 'member'] },
      ),
    },
  );
};

/** The 512-byte header offsets of a tar stream's members, as far as sizes chain them. */
function tarHeaders(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at + 512 <= b.length && out.length < 65; ) {
    if (b[at] === 0) break;
    out.push(at);
    const field = Buffer.from(b.subarray(at + 124, at + 136)).toString('latin1');
    const nul = field.indexOf('\0');
    const size = Number.parseInt((nul < 0 ? field : field.slice(0, nul)).trim() || '0', 8);
    if (!Number.isFinite(size)) break;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function writeField(b: Buffer, at: number, length: number, text: string): void {
  b.fill(0, at, at + length);
  b.write(text.slice(0, length), at, 'latin1');
}

/** Rewrites a tar member's header fields and fixes its checksum (a header with a bad checksum ends the bundle). */
function tarMember(bytes: Buffer, e: Extract<ByteEdit, { kind: 'tar-member' }>): Buffer {
  const headers = tarHeaders(bytes);
  if (headers.length === 0) return bytes;
  const at = headers[e.member % headers.length] as number;
  const b = Buffer.from(bytes);
  if (e.name !== undefined) writeField(b, at, 100, e.name);
  if (e.type !== undefined) b[at + 156] = e.type.charCodeAt(0);
  if (e.link !== undefined) writeField(b, at + 157, 100, e.link);
  if (e.size !== undefined) writeField(b, at + 124, 12, `${e.size.toString(8).padStart(11, '0')}`);
  b.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += b[i] as number;
  writeField(b, at + 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return b;
}

export function applyByteEdit(bytes: Buffer, e: ByteEdit, seeds: readonly Buffer[]): Buffer {
  const pos = (n: number) => (bytes.length === 0 ? 0 : n % (bytes.length + 1));
  switch (e.kind) {
    case 'flip':
    case 'set': {
      if (bytes.length === 0) return bytes;
      const b = Buffer.from(bytes);
      const p = e.at % b.length;
      b[p] = e.kind === 'flip' ? (b[p] as number) ^ (1 << e.bit) : e.value;
      return b;
    }
    case 'truncate':
      return bytes.subarray(0, pos(e.at));
    case 'insert': {
      const p = pos(e.at);
      return Buffer.concat([bytes.subarray(0, p), e.bytes, bytes.subarray(p)]);
    }
    case 'repeat': {
      const p = pos(e.at);
      const run = bytes.subarray(p, p + e.length);
      return Buffer.concat([bytes.subarray(0, p), ...Array.from({ length: e.times }, () => run), bytes.subarray(p)]);
    }
    case 'splice': {
      const other = seeds[e.other % Math.max(1, seeds.length)] ?? Buffer.alloc(0);
      const from = other.length === 0 ? 0 : e.from % other.length;
      return Buffer.concat([bytes.subarray(0, pos(e.at)), other.subarray(from)]);
    }
    case 'tar-member':
      return tarMember(bytes, e);
  }
}

/** A seed as is, or with one to four edits. */
export function mutatedBytes(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  if (seeds.length === 0) throw new Error('mutatedBytes(): no seeds');
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.integer({ min: 0, max: seeds.length - 1 }),
          fc.array(byteEdit(seeds.length), { minLength: 1, maxLength: 4 }),
        )
        .map(([i, edits]) => edits.reduce((b, e) => applyByteEdit(b, e, seeds), seeds[i] as Buffer)),
    },
  );
}
