// A log format: detection from a sample of lines, and a parser of one line into fields.
// Parsers are pure and never throw: a line that is not theirs returns null (counted as skipped).
import type { LogFormatId, ParsedLine } from '../../model/event.js';

export interface LogFormat {
  id: LogFormatId;
  /** How sure (0..1) that these first lines are this format. Names only help. */
  detect(sample: string[], path: string): number;
  /** Parses one line. `null`: not a line of this format. */
  parse(line: string): ParsedLine | null;
  /** Real lines of this format; each must parse (checked by the tests). */
  samples: string[];
}
