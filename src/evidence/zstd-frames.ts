// A walk over the frame structure of a zstd stream, ahead of the decoder: fzstd allocates each frame's window as
// it meets the frame's header, so every frame (not only the first) must have its window checked before fzstd sees
// its header bytes. Only headers are read (a block's content is skipped by its stated size), so the walk costs a
// few bytes of state and a constant per block, whatever the stream holds (RFC 8878, section 3.1).

/** zstd's own default limit for decoding (`--memory=128MB`): a frame asking for a larger window is refused. */
export const ZSTD_MAX_WINDOW = 128 * 1024 * 1024;

/** Frame header descriptor, window descriptor, dictionary id (≤ 4) and content size (≤ 8) after the magic. */
const MAX_HEADER = 1 + 1 + 4 + 8;

type State =
  | { at: 'magic' }
  | { at: 'header' }
  | { at: 'skippable-size' }
  | { at: 'block-header' }
  | { at: 'skip'; then: 'block-header' | 'checksum' | 'magic' };

/** Thrown for a frame beyond the limit, with the window it asked for. */
export class ZstdWindowError extends Error {
  constructor(readonly window: number) {
    super(`zstd frame needs a ${window}-byte window, beyond the 128 MiB decoding limit`);
  }
}

export class ZstdFrameGuard {
  private state: State = { at: 'magic' };
  /** Bytes of the field being gathered (a magic, a header, a block header). */
  private readonly field: number[] = [];
  /** Bytes still to skip in the current state 'skip'. */
  private skip = 0;
  private checksum = false;
  /** The last block of the frame is being skipped. */
  private last = false;

  /** Walks `chunk`; throws ZstdWindowError at a frame whose window is beyond the limit. */
  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state.at === 'skip') {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        if (this.skip === 0) this.afterSkip(this.state.then);
        continue;
      }
      this.field.push(chunk[i++] as number);
      this.step();
    }
  }

  private afterSkip(then: 'block-header' | 'checksum' | 'magic'): void {
    if (then === 'checksum') this.skipThen(4, 'magic');
    else this.state = { at: then };
  }

  private skipThen(n: number, then: 'block-header' | 'checksum' | 'magic'): void {
    this.field.length = 0;
    if (n === 0) this.afterSkip(then);
    else {
      this.skip = n;
      this.state = { at: 'skip', then };
    }
  }

  /** One more byte of the field: acts once the field is whole. */
  private step(): void {
    const f = this.field;
    if (this.state.at === 'magic') {
      if (f.length < 4) return;
      const skippable = f[0] !== undefined && (f[0] & 0xf0) === 0x50 && f[1] === 0x2a && f[2] === 0x4d && f[3] === 0x18;
      // Not a frame at all: fzstd says so itself.
      this.field.length = 0;
      this.state = skippable ? { at: 'skippable-size' } : { at: 'header' };
    } else if (this.state.at === 'skippable-size') {
      if (f.length < 4) return;
      this.skipThen(
        ((f[0] as number) | ((f[1] as number) << 8) | ((f[2] as number) << 16)) + (f[3] as number) * 2 ** 24,
        'magic',
      );
    } else if (this.state.at === 'header') this.header();
    else if (this.state.at === 'block-header') {
      if (f.length < 3) return;
      const b = (f[0] as number) | ((f[1] as number) << 8) | ((f[2] as number) << 16);
      this.last = (b & 1) === 1;
      const type = (b >> 1) & 3;
      // An RLE block holds one byte whatever size it states.
      const size = type === 1 ? 1 : b >>> 3;
      this.skipThen(size, this.last ? (this.checksum ? 'checksum' : 'magic') : 'block-header');
    }
  }

  private header(): void {
    const f = this.field;
    const flags = f[0] as number;
    const single = (flags >> 5) & 1;
    const dictBytes = [0, 1, 2, 4][flags & 3] as number;
    const fcf = flags >> 6;
    const sizeBytes = fcf ? 1 << fcf : single;
    const need = 1 + (single ? 0 : 1) + dictBytes + sizeBytes;
    if (f.length < Math.min(need, MAX_HEADER)) return;
    let window: number;
    if (single) {
      // A single-segment frame's window is its declared content size.
      const at = 1 + dictBytes;
      window = 0;
      for (let i = sizeBytes - 1; i >= 0; i--) window = window * 256 + (f[at + i] as number);
      if (fcf === 1) window += 256;
    } else {
      const descriptor = f[1] as number;
      const base = 2 ** (10 + (descriptor >> 3));
      window = base + (base / 8) * (descriptor & 7);
    }
    if (window > ZSTD_MAX_WINDOW) throw new ZstdWindowError(window);
    this.checksum = ((flags >> 2) & 1) === 1;
    this.skipThen(0, 'block-header');
  }
}
