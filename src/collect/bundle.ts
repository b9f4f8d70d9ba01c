// Writes the bundle: a gzip'd tar streamed to a temporary file beside the target (same folder, so the final rename
// is atomic and a half-written bundle never carries the target's name), entries added from memory one at a time
// with the stream's back-pressure respected. Everything sits under one top folder, as the examples' bundles do.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Header, Pack, ReadEntry } from 'tar';

export class BundleWriter {
  private readonly pack = new Pack({ gzip: true, portable: true });
  private readonly out: WriteStream;
  private failed: Error | undefined;

  /** @param temp the temporary file (already created empty, mode 0600, by the caller) */
  constructor(
    readonly temp: string,
    readonly top: string,
  ) {
    this.out = createWriteStream(temp, { flags: 'r+' });
    this.out.on('error', (err) => {
      this.failed ??= err;
    });
    this.pack.on('error', (err: unknown) => {
      this.failed ??= err instanceof Error ? err : new Error(String(err));
    });
    this.pack.pipe(this.out);
  }

  /** Adds a file; returns its member path and the sha256 of its bytes. */
  async file(rel: string, data: Buffer, mtime: Date, mode = 0o644): Promise<{ path: string; sha256: string }> {
    const path = `${this.top}/${rel}`;
    const entry = new ReadEntry(new Header({ path, size: data.length, type: 'File', mode, mtime }));
    await this.add(entry, data);
    return { path, sha256: createHash('sha256').update(data).digest('hex') };
  }

  /** Adds a symbolic link as a link (its target as the host stores it; nothing behind it is read). */
  async link(rel: string, target: string, mtime: Date): Promise<string> {
    const path = `${this.top}/${rel}`;
    const entry = new ReadEntry(
      new Header({ path, size: 0, type: 'SymbolicLink', linkpath: target, mode: 0o777, mtime }),
    );
    await this.add(entry, Buffer.alloc(0));
    return path;
  }

  private async add(entry: ReadEntry, data: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    const flowing = this.pack.write(entry);
    entry.end(data);
    if (!flowing) await once(this.pack, 'drain');
  }

  /** Ends the archive and renames the temporary file to `target`. */
  async finish(target: string): Promise<void> {
    const closed = once(this.out, 'close');
    this.pack.end();
    await closed;
    if (this.failed) throw this.failed;
    await rename(this.temp, target);
  }

  /** Drops the temporary file (a failed run leaves nothing behind). */
  async abort(): Promise<void> {
    this.pack.destroy?.();
    this.out.destroy();
    await unlink(this.temp).catch(() => {});
  }
}
