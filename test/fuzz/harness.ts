// Runs a fuzz target with fast-check and describes a failure so that it can be replayed: the target's name, the
// seed, the shrunk counterexample's path, and the command that runs exactly that case again.
import fc from 'fast-check';

export interface FuzzTarget {
  /** "log/nginx-access parse": what is fuzzed, and which property. */
  name: string;
  /** Cases in the unit suite, sized so that all targets together stay well under 30 s. */
  unitRuns: number;
  /**
   * Built lazily: seeds are read from disk only for the targets that run. Async for the targets that read
   * files (containers, whole bundles) or need seeds that take a run to make (a collect bundle).
   */
  property(): Property | Promise<Property>;
}

type Property = fc.IPropertyWithHooks<unknown> | fc.IAsyncPropertyWithHooks<unknown>;

export interface RunOptions {
  seed: number;
  numRuns: number;
  /** Replays one case (the `path` a failure printed), with the seed it printed. */
  path?: string;
  /** Called before each case runs (scripts/fuzz.ts counts them to name the case that hangs). */
  onCase?: () => void;
}

export interface Outcome {
  name: string;
  ok: boolean;
  runs: number;
  ms: number;
  seed: number;
  /** Set when the target failed. */
  report?: string;
}

/** The unit suite's seed: fixed, so a red unit test is red on every machine and every run. */
export const UNIT_SEED = 0x0fa17;

export function replayCommand(name: string, seed: number, path: string | null): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `npm run fuzz -- --only ${quote(name)} --seed ${seed}${path ? ` --path ${quote(path)}` : ''}`;
}

export async function runTarget(target: FuzzTarget, options: RunOptions): Promise<Outcome> {
  const started = performance.now();
  const { onCase } = options;
  const built = await target.property();
  const property = onCase
    ? (built as fc.IPropertyWithHooks<unknown>).beforeEach((previous) => {
        onCase();
        previous();
      })
    : built;
  const details = await fc.check(property as fc.IAsyncPropertyWithHooks<unknown>, {
    seed: options.seed,
    numRuns: options.numRuns,
    ...(options.path ? { path: options.path } : {}),
  });
  const ms = performance.now() - started;
  const outcome: Outcome = { name: target.name, ok: !details.failed, runs: details.numRuns, ms, seed: details.seed };
  if (details.failed) {
    const error = details.errorInstance;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    outcome.report = [
      `fuzz target "${target.name}" failed after ${details.numRuns} case(s) and ${details.numShrinks} shrink(s)`,
      `  seed: ${details.seed}  path: ${details.counterexamplePath ?? '(none)'}`,
      `  counterexample: ${fc.stringify(details.counterexample)}`,
      `  error: ${message.split('\n').slice(0, 8).join('\n    ')}`,
      `  replay: ${replayCommand(target.name, details.seed, details.counterexamplePath)}`,
    ].join('\n');
  }
  return outcome;
}
