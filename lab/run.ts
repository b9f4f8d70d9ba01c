// The outage lab: `node --import tsx lab/run.ts <scenario|all>` (npm run lab -- <scenario|all>).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkExpectations, packBundle, stageBundle } from './lib/bundle.js';
import { createContext, REPO_ROOT } from './lib/context.js';
import { writeHostFacts } from './lib/hostfacts.js';
import { installSignalHandlers, liveCount, stopAll } from './lib/procs.js';
import type { Scenario } from './lib/scenario.js';
import { SCENARIOS } from './scenarios/index.js';

export const LAB_OUT = join(REPO_ROOT, 'lab-out');
const SCENARIO_LIMIT_MS = 90_000;

export interface RunResult {
  scenario: string;
  bundle: string;
  ms: number;
  failures: string[];
}

export async function runScenario(scenario: Scenario, outDir = LAB_OUT): Promise<RunResult> {
  installSignalHandlers();
  const ctx = createContext(scenario.name);
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    try {
      await Promise.race([
        scenario.run(ctx),
        new Promise<never>((_, reject) => {
          const limit = scenario.limitMs ?? SCENARIO_LIMIT_MS;
          timer = setTimeout(() => reject(new Error(`timed out after ${limit} ms`)), limit);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      for (const fn of ctx.deferred.reverse()) {
        try {
          await fn();
        } catch (e) {
          ctx.log(`clean-up step failed: ${(e as Error).message}`);
        }
      }
      await stopAll();
      if (liveCount() > 0) ctx.log(`WARNING: ${liveCount()} processes still alive after stop`);
    }
    writeHostFacts(ctx);
    const stage = stageBundle(ctx, scenario);
    const failures = checkExpectations(stage, scenario.expect);
    const bundle = join(outDir, `${scenario.name}.tar.gz`);
    await packBundle(stage, bundle);
    const ms = Date.now() - t0;
    ctx.log(`bundle ${bundle} (${(ms / 1000).toFixed(1)} s)${failures.length ? ' — NOT REPRODUCED' : ''}`);
    return { scenario: scenario.name, bundle, ms, failures };
  } finally {
    if (!process.env.FAULTLINE_LAB_KEEP) rmSync(ctx.tmp, { recursive: true, force: true });
    else process.stdout.write(`kept ${ctx.tmp}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const wanted = argv[0];
  if (!wanted || wanted === '--help' || wanted === '-h') {
    process.stdout.write(
      `usage: npm run lab -- <scenario|all>\nscenarios: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    );
    return wanted ? 0 : 2;
  }
  const picked = wanted === 'all' ? SCENARIOS : SCENARIOS.filter((s) => argv.includes(s.name));
  if (picked.length === 0) {
    process.stderr.write(`unknown scenario ${wanted}; one of: all, ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  let failed = 0;
  for (const s of picked) {
    try {
      const r = await runScenario(s);
      if (r.failures.length) {
        failed++;
        process.stderr.write(
          `FAIL ${s.name}: the bundle lacks the failure it exists for:\n  ${r.failures.join('\n  ')}\n`,
        );
      }
    } catch (e) {
      failed++;
      process.stderr.write(`FAIL ${s.name}: ${(e as Error).stack ?? e}\n`);
    }
  }
  process.stdout.write(`${picked.length - failed}/${picked.length} scenarios reproduced\n`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
