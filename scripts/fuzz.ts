// `npm run fuzz`: the unit suite's fuzz targets (test/fuzz/targets.ts), run long with a random seed, then
// `npm run fuzz:scaling` when package.json has it, so that one command runs every fuzz check.
//
//   npm run fuzz                                   every target, 20 × its unit-suite cases, random seed
//   npm run fuzz -- --runs 5000                    5000 cases per target
//   npm run fuzz -- --time 600                     ten minutes in all, shared evenly by the targets
//   npm run fuzz -- --only redact                  targets whose name contains "redact"
//   npm run fuzz -- --only '<name>' --seed N --path P   replays the one case a failure printed
//   npm run fuzz -- --case-timeout 5               a case running longer than 5 s fails (default 20 s)
//   npm run fuzz -- --list                         the targets' names
//
// The targets run in a worker thread. Synchronous code cannot be interrupted, so a case that never ends (a
// backtracking regex, an endless loop) would stall the run without a word: the worker counts its cases in shared
// memory, and when the count stops moving for --case-timeout seconds the worker is ended and the case is reported
// as a failure with its seed and path, like any other. The remaining targets go on in a new worker.
//
// Exit 0 when every target held, 1 when one failed (each failure prints its seed, path and replay command), 2 on a
// usage error.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type FuzzTarget, type Outcome, replayCommand, runTarget } from '../test/fuzz/harness.js';
import { TARGETS } from '../test/fuzz/targets.js';

interface Flags {
  seed: number;
  runs?: number;
  time?: number;
  only?: string;
  path?: string;
  caseTimeout: number;
  list: boolean;
}

const USAGE =
  'usage: npm run fuzz -- [--seed N] [--runs N | --time SECONDS] [--only NAME] [--path PATH] [--case-timeout SECONDS] [--list]';
/** Without --runs or --time, each target runs this many times its unit-suite cases. */
const DEFAULT_FACTOR = 20;

/** Shared between the threads: which target, the seed of its current batch, the case index within it, a counter. */
const TARGET = 0;
const BATCH_SEED = 1;
const CASE = 2;
const BEAT = 3;

function parseFlags(argv: string[]): Flags | string {
  const flags: Flags = { seed: (Date.now() ^ (Math.random() * 0x7fffffff)) | 0, caseTimeout: 20, list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const whole = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`${arg} ${v}: expected a whole number ≥ ${min}`);
      return n;
    };
    try {
      if (arg === '--seed') flags.seed = whole(value(), Number.MIN_SAFE_INTEGER) | 0;
      else if (arg === '--runs') flags.runs = whole(value(), 1);
      else if (arg === '--time') flags.time = whole(value(), 1);
      else if (arg === '--only') flags.only = value();
      else if (arg === '--path') flags.path = value();
      else if (arg === '--case-timeout') flags.caseTimeout = whole(value(), 1);
      else if (arg === '--list') flags.list = true;
      else if (arg === '--help' || arg === '-h') return USAGE;
      else return `unknown flag ${arg}\n${USAGE}`;
    } catch (err) {
      return `${(err as Error).message}\n${USAGE}`;
    }
  }
  if (flags.runs !== undefined && flags.time !== undefined) return `--runs and --time exclude each other\n${USAGE}`;
  if (flags.path !== undefined && flags.only === undefined)
    return `--path replays one target: add --only NAME\n${USAGE}`;
  return flags;
}

function selectTargets(only: string | undefined): FuzzTarget[] {
  if (only === undefined) return [...TARGETS];
  // An exact name picks one target (a replay); otherwise the name is a filter.
  const exact = TARGETS.filter((t) => t.name === only);
  return exact.length > 0 ? exact : TARGETS.filter((t) => t.name.includes(only));
}

// ---------------------------------------------------------------- worker: runs the targets it is given

interface Job {
  flags: Flags;
  /** Indexes into the selected targets, in order. */
  indexes: number[];
  shared: SharedArrayBuffer;
}

async function work(job: Job): Promise<void> {
  const { flags } = job;
  const targets = selectTargets(flags.only);
  const shared = new Int32Array(job.shared);
  const onCase = () => {
    Atomics.add(shared, CASE, 1);
    Atomics.add(shared, BEAT, 1);
  };
  const batch = (target: FuzzTarget, seed: number, numRuns: number, path?: string): Promise<Outcome> => {
    Atomics.store(shared, BATCH_SEED, seed);
    Atomics.store(shared, CASE, -1);
    return runTarget(target, { seed, numRuns, path, onCase });
  };
  for (const index of job.indexes) {
    const target = targets[index] as FuzzTarget;
    Atomics.store(shared, TARGET, index);
    let outcome: Outcome;
    if (flags.time !== undefined && flags.path === undefined) {
      // Batches of the unit-suite size, each with its own seed so that each is replayable, until the share ends.
      const deadline = performance.now() + (flags.time * 1000) / targets.length;
      outcome = { name: target.name, ok: true, runs: 0, ms: 0, seed: flags.seed };
      for (let n = 0; n === 0 || performance.now() < deadline; n++) {
        const b = await batch(target, (flags.seed + n) | 0, target.unitRuns);
        outcome.runs += b.runs;
        outcome.ms += b.ms;
        if (!b.ok) {
          outcome = { ...outcome, ok: false, seed: b.seed, report: b.report };
          break;
        }
      }
    } else {
      const runs = flags.path !== undefined ? 1 : (flags.runs ?? target.unitRuns * DEFAULT_FACTOR);
      outcome = await batch(target, flags.seed, runs, flags.path);
    }
    parentPort?.postMessage(outcome);
  }
}

// ---------------------------------------------------------------- main thread: the watchdog and the summary

function startWorker(job: Job): Worker {
  // The worker runs this same file, TypeScript through tsx as in the main thread.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  return new Worker(boot, { eval: true, workerData: job });
}

function printOutcome(outcome: Outcome): void {
  const status = outcome.ok ? 'ok  ' : 'FAIL';
  process.stdout.write(
    `  ${status} ${outcome.name.padEnd(44)} ${String(outcome.runs).padStart(8)} cases ${(outcome.ms / 1000).toFixed(1).padStart(7)} s\n`,
  );
}

/** Runs the targets in workers; a worker whose case counter stops for `caseTimeout` seconds is ended. */
async function runAll(flags: Flags, targets: FuzzTarget[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  while (next < targets.length) {
    const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
    const view = new Int32Array(shared);
    const indexes = targets.map((_, i) => i).slice(next);
    const worker = startWorker({ flags, indexes, shared });
    await new Promise<void>((resolve) => {
      let lastBeat = -1;
      let lastChange = performance.now();
      let started = performance.now();
      const timer = setInterval(() => {
        const beat = Atomics.load(view, BEAT);
        if (beat !== lastBeat) {
          lastBeat = beat;
          lastChange = performance.now();
          return;
        }
        if (performance.now() - lastChange < flags.caseTimeout * 1000) return;
        clearInterval(timer);
        const target = targets[Atomics.load(view, TARGET)] as FuzzTarget;
        const seed = Atomics.load(view, BATCH_SEED);
        const index = Atomics.load(view, CASE);
        // Path n replays the n-th generated case of a seed (a case beyond the batch size was a shrinking step).
        const path = flags.path ?? String(Math.max(0, index));
        const hung: Outcome = {
          name: target.name,
          ok: false,
          runs: Math.max(0, index),
          ms: performance.now() - started,
          seed,
          report: [
            `fuzz target "${target.name}" did not finish a case in ${flags.caseTimeout} s (super-linear time or a hang)`,
            `  seed: ${seed}  path: ${path}`,
            `  replay: ${replayCommand(target.name, seed, path)}`,
          ].join('\n'),
        };
        outcomes.push(hung);
        printOutcome(hung);
        next = Atomics.load(view, TARGET) + 1;
        void worker.terminate().then(() => resolve());
      }, 250);
      worker.on('message', (outcome: Outcome) => {
        outcomes.push(outcome);
        printOutcome(outcome);
        next++;
        started = performance.now();
      });
      worker.on('error', (err) => {
        clearInterval(timer);
        const target = targets[Atomics.load(view, TARGET)] as FuzzTarget;
        const failed: Outcome = {
          name: target.name,
          ok: false,
          runs: 0,
          ms: 0,
          seed: Atomics.load(view, BATCH_SEED),
          report: `fuzz target "${target.name}" ended its worker: ${err.stack ?? err.message}`,
        };
        outcomes.push(failed);
        printOutcome(failed);
        next = Atomics.load(view, TARGET) + 1;
        resolve();
      });
      worker.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
    });
  }
  return outcomes;
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  if (typeof flags === 'string') {
    process.stderr.write(`${flags}\n`);
    return flags === USAGE ? 0 : 2;
  }
  if (flags.list) {
    for (const t of TARGETS) process.stdout.write(`${t.name}\n`);
    return 0;
  }
  const targets = selectTargets(flags.only);
  if (targets.length === 0) {
    process.stderr.write(`fuzz: no target matches "${flags.only}" (see --list)\n`);
    return 2;
  }
  const mode =
    flags.path !== undefined
      ? `replaying path ${flags.path}`
      : flags.time !== undefined
        ? `${flags.time} s in all`
        : flags.runs !== undefined
          ? `${flags.runs} cases per target`
          : `${DEFAULT_FACTOR} × the unit suite's cases`;
  process.stdout.write(`fuzz: ${targets.length} target(s), seed ${flags.seed}, ${mode}\n`);

  const outcomes = await runAll(flags, targets);
  const failed = outcomes.filter((o) => !o.ok);
  const cases = outcomes.reduce((n, o) => n + o.runs, 0);
  const seconds = outcomes.reduce((n, o) => n + o.ms, 0) / 1000;
  process.stdout.write(
    `fuzz: ${cases} cases in ${seconds.toFixed(1)} s, ${outcomes.length - failed.length} target(s) held, ${failed.length} failed\n`,
  );
  for (const o of failed) process.stdout.write(`\n${o.report}\n`);

  let code = failed.length > 0 ? 1 : 0;
  if (flags.only === undefined) code = Math.max(code, runScript('fuzz:scaling'), runScript('fuzz:bombs'));
  return code;
}

/** Runs `npm run <script>` (fuzz:scaling, fuzz:bombs) when package.json defines it. */
function runScript(script: string): number {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!pkg.scripts?.[script]) {
    process.stdout.write(`fuzz: no ${script} script in package.json; skipped\n`);
    return 0;
  }
  process.stdout.write(`\nfuzz: npm run ${script}\n`);
  const r = spawnSync('npm', ['run', script], { stdio: 'inherit' });
  if (r.error) {
    process.stderr.write(`fuzz: could not run ${script}: ${r.error.message}\n`);
    return 1;
  }
  return r.status === 0 ? 0 : 1;
}

if (isMainThread) {
  main().then((code) => {
    process.exitCode = code;
  });
} else {
  void work(workerData as Job);
}
