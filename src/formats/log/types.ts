// A log format: detection from a sample of lines, a parser of one line into fields, and the behaviour the read
// path needs to know (how lines are timed, whether records span lines, whether lines are requests, who wrote them,
// and a Buffer-level scanner for the hot path). No stage of the read path asks which format it has: it asks these.
// Parsers are pure and never throw: a line that is not theirs returns null (counted as skipped).
import type { LogFormatId, ParsedLine } from '../../model/event.js';
import type { FastScan } from './scan-types.js';

export interface LogFormat {
  id: LogFormatId;
  /** How sure (0..1) that these first lines are this format. Names only help. */
  detect(sample: string[], path: string): number;
  /** Parses one line. `null`: not a line of this format. */
  parse(line: string): ParsedLine | null;
  /** Real lines of this format; each must parse (checked by the tests). */
  samples: string[];
  behaviour: FormatBehaviour;
}

/**
 * How the lines of a format are placed in time.
 * - `wall`: every record states a wall-clock time (with or without offset or year; the survey tells which);
 * - `uptime`: records may state seconds since boot instead (dmesg), placed on the host's boot times;
 * - `optional`: application output, where a record may carry no time at all (placed by its neighbours or, for a
 *   file without any stamp, aligned with the process manager's restarts).
 */
export type TimeModel = 'wall' | 'uptime' | 'optional';

/** Tells, line by line, where a new process lifetime starts in untimed application output. */
export type SegmentStarts = (firstLineOfRecord: string) => boolean;

/** Where a process manager says it writes its programs' output (OutputPlaces of FormatBehaviour.outputPlaces). */
export interface OutputPlaces {
  /**
   * Folders, as the manager states them (absolute paths on its host), and as they are beside its own log in the
   * inputs (a copied `.pm2` folder keeps PM2's layout but not its absolute path).
   */
  dirs: string[];
  /** The programs it names. */
  apps: string[];
}

export interface FormatBehaviour {
  time: TimeModel;
  /** Records span lines (stack traces, Tomcat's two-line records): continuations join the record above. */
  multiline: boolean;
  /** Lines are requests (status, endpoint, latency) that feed the per-minute request series. */
  requests: boolean;
  /**
   * Where the error counts of this file go in the per-minute series, and the application it is the output of
   * (its lines are then indexed for "what preceded each restart").
   */
  process(path: string): { source: string; app?: string };
  /**
   * Literal substrings of which every line contains at least one when it parses to error level or to a boot
   * line (fields.boot) — the lines kept without a signature. The hot path parses a line in full only when a
   * signature needle or one of these occurs (checked by the tests on every sample and corpus line).
   */
  notableHints: readonly string[];
  /** A count the analysis reads per file (HAProxy termination states, socket states): tally name and key. */
  tally?(parsed: ParsedLine): readonly [tally: 'haproxyTerminations' | 'socketStates', key: string] | undefined;
  /** For untimed application output: a new lifetime (crash trace, start banner) begins with this record. */
  segments?(path: string): SegmentStarts;
  /** The Buffer-level scanner of the hot path; without one every line goes through `parse`. */
  scan?: FastScan;
  /**
   * Its entries wrap lines of other programs (`ParsedLine.inner`): the signatures of every format may apply, and
   * the survey detects the format of the inner lines when entries do not name it.
   */
  wraps?: boolean;
  /**
   * For a wrapper: formats beyond the registry its inner lines may be read with (the project config's `formats:`,
   * see user-inner.ts); an entry's `inner.format` may name one of them.
   */
  innerFormats?: readonly LogFormat[];
  /**
   * The built-in formats whose signatures apply to these lines instead of the signatures listing this format's id
   * (a user-defined format of the project config has no signature of its own); `free-text`: those of every format
   * that carries free-text messages.
   */
  signatures?: readonly LogFormatId[] | 'free-text';
  /** Its lines are a process manager's about the programs it runs (`fields.app`): that manager's name. */
  processManager?: string;
  /**
   * A process manager's own lines (its daemon log) state where it writes its programs' output and which programs
   * it runs: a file there, named as the manager names an app's output, that no format claims by content (untimed
   * app text) is that manager's output and read with this format. Content decides: without such lines in the
   * inputs, the same file is not claimed, wherever it is.
   */
  outputPlaces?(head: readonly string[], path: string): OutputPlaces | undefined;
  /**
   * The same record may be written twice within a second (Debian's haproxy.cfg sends each state change to two
   * syslog facilities; the journal and rsyslog both keep a daemon's exit): the restarts table drops the repeats.
   */
  repeatsRecords?: boolean;
  /**
   * The proxy writing these lines opens a new upstream connection for every request (Heroku's router), so a
   * connection it reports closed was never reused: not a keep-alive race.
   */
  connectionPerRequest?: boolean;
  /**
   * Its lines are a proxy's or load balancer's (requests it forwarded, errors it met on upstream connections):
   * they show an upstream's failure only as its symptom (a 502, a closed connection), never why it failed. An
   * access log attributed to an application server (gunicorn, Tomcat) is that server's own, not a proxy's.
   */
  proxy?: boolean;
  /**
   * A database server's own log, which shows its slow statements and lock waits when they are logged (slow query
   * log, PostgreSQL's log): read and silent at the moments of a proxy's timeouts, it speaks against a slow query.
   */
  database?: boolean;
}
