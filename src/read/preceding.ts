// "What preceded each restart": the application's own lines in the minute before a restart, newest last. Which
// restarts there are is known only once every file is read, so an application's output is indexed as it is read —
// for each second (or, in output without stamps, each lifetime) the last few lines, as byte offsets into the file
// (read back from its descriptor at the end) or, for a stream that cannot be read again, as text within a budget.
import { clip } from '../report/redact.js';

export const LINES_PER_RUN = 15;
/** Text of one line as "what preceded" quotes it. */
export const PRECEDING_CHARS = 300;
/** Runs kept per piece (~300k lines, ~25 MiB); past this its later seconds are not indexed. */
export const MAX_RUNS = 20_000;
/** Bytes of text kept for a stream's index. */
export const TEXT_BUDGET = 8 * 1024 * 1024;

export interface IndexedLine {
  /** Placed time (epoch ms; NaN until its slot is placed). */
  time: number;
  line: number;
  offset: number;
  end: number;
  text?: string;
}

export interface Run {
  /** Epoch second of the lines, or NaN when they are placed by `slot`. */
  second: number;
  /** -1: before the piece's first stamp; k ≥ 0: the k-th lifetime of untimed output. */
  slot?: number;
  lines: IndexedLine[];
}

export class PrecedingIndex {
  readonly runs: Run[] = [];
  full = false;
  private current: Run | undefined;
  private textBytes = 0;

  constructor(private readonly keepText: boolean) {}

  add(time: number, slot: number | undefined, line: number, offset: number, end: number, text: () => string): void {
    if (this.full) return;
    const second = Number.isFinite(time) ? Math.floor(time / 1000) : Number.NaN;
    const cur = this.current;
    if (!cur || !(cur.second === second || (Number.isNaN(second) && Number.isNaN(cur.second))) || cur.slot !== slot) {
      if (this.runs.length >= MAX_RUNS) {
        this.full = true;
        return;
      }
      this.current = { second, slot: Number.isFinite(time) ? undefined : slot, lines: [] };
      this.runs.push(this.current);
    }
    const run = this.current as Run;
    const entry: IndexedLine = { time, line, offset, end };
    if (this.keepText) {
      const t = text();
      entry.text = clip(t, PRECEDING_CHARS);
      this.textBytes += entry.text.length;
      if (run.lines.length >= LINES_PER_RUN) this.textBytes -= (run.lines[0].text ?? '').length;
      if (this.textBytes > TEXT_BUDGET) this.full = true;
    }
    if (run.lines.length >= LINES_PER_RUN) run.lines.shift();
    run.lines.push(entry);
  }
}
