// A streamed log (a .gz, .bz2, .xz, .zst file, a bundle member) is drained by the survey for its tail. Its bytes
// are kept from that one pass, within a budget shared by the run, so that the read replays them instead of
// decompressing (and walking the bundle) again; past the budget only the tail is kept and the read streams the log
// once more. Memory stays bounded whatever the input: at most the budget, plus one tail per stream.
import { Readable } from 'node:stream';
import { SURVEY_BYTES } from './survey.js';

/** Decompressed bytes kept from the survey for the read, in all. */
export const KEEP_BUDGET_BYTES = 64 * 1024 * 1024;

/** A stream's whole content as the survey read it, and the error it ended on, if any. */
export interface Kept {
  chunks: Buffer[];
  bytes: number;
  /** The entry's stated size (a bundle member's), as the read of a walked entry sees it. */
  size?: number;
  error?: unknown;
}

export interface Drained {
  /** The last SURVEY_BYTES, when the stream is longer than its head. */
  tail?: Buffer;
  /** The whole content, when it fit in what is left of the budget. */
  kept?: Kept;
}

export class KeptStreams {
  private used = 0;
  constructor(private readonly budget = KEEP_BUDGET_BYTES) {}

  /** Drains `stream` (which replays the head first): its tail, and its content while the budget lasts. */
  async drain(stream: Readable, headLength: number): Promise<Drained> {
    const ring: Buffer[] = [];
    let have = 0;
    let total = 0;
    let kept: Kept | undefined = { chunks: [], bytes: 0 };
    try {
      for await (const chunk of stream) {
        const b = chunk as Buffer;
        total += b.length;
        if (kept) {
          if (this.used + b.length <= this.budget) {
            kept.chunks.push(b);
            kept.bytes += b.length;
            this.used += b.length;
          } else {
            // Over the budget: this stream is read again; what it held goes back.
            this.used -= kept.bytes;
            kept = undefined;
          }
        }
        ring.push(b);
        have += b.length;
        while (ring.length > 1 && have - (ring[0] as Buffer).length >= SURVEY_BYTES)
          have -= (ring.shift() as Buffer).length;
      }
    } catch (err) {
      // Reported by the walk; the tail read so far still tells the stamps, and the read meets the same end.
      if (kept) kept.error = err;
    }
    const all = total > headLength ? Buffer.concat(ring) : undefined;
    return { tail: all?.subarray(Math.max(0, all.length - SURVEY_BYTES)), kept };
  }

  /** The kept content as a stream, once: its bytes are handed back to the budget. */
  replay(kept: Kept): Readable {
    const { chunks, error } = kept;
    this.used -= kept.bytes;
    kept.chunks = [];
    kept.bytes = 0;
    return Readable.from(
      (function* () {
        for (const c of chunks) yield c;
        if (error !== undefined) throw error;
      })(),
      { objectMode: false },
    );
  }
}
