// Sources: one per log as its writer sees it — the host, the format and the rotated series (`access.log.2.gz`,
// `access.log.1` and `access.log` are one source). The incident finder models each source's traffic on its own
// history, and a source that stops while the others go on is evidence; both need the per-file counters before
// they are summed into the run's series.
import { seriesName } from '../evidence/series.js';
import type { LogInputRecord, MinuteRow } from './types.js';

export interface LogSource {
  /** host, format and series: "app1 nginx-access var/log/nginx/access.log". */
  id: string;
  /** The series' live path ("var/log/nginx/access.log") — how reports name the source. */
  label: string;
  format: string;
  host?: string;
  paths: string[];
  /** Epoch ms of the first and last timed line of any of its files. */
  first: number;
  last: number;
  /** Epoch minute → [requests, 5xx]; empty for a source that logs no requests. */
  requests: Map<number, [number, number]>;
}

export function seriesLabel(path: string): string {
  const slash = path.lastIndexOf('/');
  return path.slice(0, slash + 1) + seriesName(path.slice(slash + 1)).base;
}

/** Collects the sources as files are merged; `add` before the file's own series is cleared. */
export class SourceBook {
  private readonly byId = new Map<string, LogSource>();

  add(input: LogInputRecord, series: Map<number, MinuteRow>): void {
    if (!input.format || input.firstTime === undefined || input.lastTime === undefined) return;
    const label = seriesLabel(input.path);
    const id = `${input.host ?? ''} ${input.format} ${label}`;
    let s = this.byId.get(id);
    if (!s) {
      s = {
        id,
        label,
        format: input.format,
        host: input.host,
        paths: [],
        first: input.firstTime,
        last: input.lastTime,
        requests: new Map(),
      };
      this.byId.set(id, s);
    }
    s.paths.push(input.path);
    s.first = Math.min(s.first, input.firstTime);
    s.last = Math.max(s.last, input.lastTime);
    for (const [t, row] of series) {
      if (row.requests === 0) continue;
      // A request's minute bounds the source too (a sampled access log's stamps are its minutes).
      if (t < s.first) s.first = t;
      if (t + 59_999 > s.last) s.last = Math.max(s.last, t);
      const have = s.requests.get(t);
      if (have) {
        have[0] += row.requests;
        have[1] += row.s5xx;
      } else s.requests.set(t, [row.requests, row.s5xx]);
    }
  }

  /** Marks the pieces of each rotated series (a source of several files) with the series' live path. */
  markSeries(inputs: LogInputRecord[]): void {
    const of = new Map<string, string>();
    for (const s of this.byId.values()) if (s.paths.length > 1) for (const p of s.paths) of.set(p, s.label);
    for (const i of inputs) {
      const label = of.get(i.path);
      if (label) i.series = label;
    }
  }

  all(): LogSource[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
