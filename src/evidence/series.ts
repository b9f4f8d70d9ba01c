// Rotated series: `access.log.3.gz`, `access.log.2.gz`, `access.log.1`, `access.log` (logrotate's numbered scheme)
// and `access.log-20240101.gz`, `access.log-20240102`, `access.log` (its dateext scheme) are one log cut in pieces.
// The walk lists a series oldest piece first, so that the records of one series come in time order.
import { codecOfName } from './codecs.js';

export interface SeriesName {
  /** The live file's name (`access.log`): the series. */
  base: string;
  /** 0 for a numbered piece, 1 for a dated one, 2 for the live file. */
  scheme: 0 | 1 | 2;
  /** The piece's number (larger is older) or date (larger is newer). */
  n: number;
}

const NUMBERED = /^(.+)\.(\d{1,6})$/;
const DATED = /^(.+)-(\d{8}(?:\d{2})?)$/;

export function seriesName(name: string): SeriesName {
  const codec = codecOfName(name);
  const bare = codec ? name.slice(0, name.lastIndexOf('.')) : name;
  const numbered = NUMBERED.exec(bare);
  if (numbered) return { base: numbered[1], scheme: 0, n: Number(numbered[2]) };
  const dated = DATED.exec(bare);
  if (dated) return { base: dated[1], scheme: 1, n: Number(dated[2]) };
  return { base: bare, scheme: 2, n: 0 };
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A total order of the names of one folder: by series, each oldest piece first; then by code unit. */
export function seriesOrder(a: string, b: string): number {
  const x = seriesName(a);
  const y = seriesName(b);
  if (x.base !== y.base) return byCodeUnit(x.base, y.base);
  if (x.scheme !== y.scheme) return x.scheme - y.scheme;
  if (x.n !== y.n) return x.scheme === 0 ? y.n - x.n : x.n - y.n;
  return byCodeUnit(a, b);
}
