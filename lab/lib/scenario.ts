import type { CauseId } from '../../src/model/causes.js';
import type { LabContext } from './context.js';

/** A line the bundle must contain for the scenario to count as reproduced. */
export interface Expectation {
  /** Host path inside the bundle, e.g. `/var/log/nginx/error.log`. */
  file: string;
  match: RegExp;
  /** What the line proves, for the failure message. */
  why: string;
  /** `absent`: the bundle must NOT contain the line (healthy runs). */
  absent?: boolean;
}

export interface Scenario {
  name: string;
  /** Cause id that investigate must rank first; null for `healthy` (no incident). */
  cause: CauseId | null;
  alsoCauses: CauseId[];
  /** Audit rule ids that must fire on the bundle's configs. */
  rules: string[];
  /** Seed story the scenario reproduces (docs/lab.md). */
  seed: string;
  expect: Expectation[];
  /** The corpus keeps every file of the bundle whole, rotated `.gz` pieces too (healthy-days runs). */
  keepWhole?: boolean;
  /** The limit for one run (ms) when it is not the lab's usual one: longer runs, or issue 10's 40 s for the new stacks. */
  limitMs?: number;
  run(ctx: LabContext): Promise<void>;
}
