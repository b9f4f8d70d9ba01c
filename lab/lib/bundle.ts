// Packs a run's host tree into lab-out/<scenario>.tar.gz, laid out like the real host.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { create } from 'tar';
import type { LabContext } from './context.js';
import type { Expectation, Scenario } from './scenario.js';
import { serverVersions } from './versions.js';

/** Parts of the host tree a postmortem bundle carries; data dirs, sockets and pid files stay out. */
const INCLUDE = ['var/log', 'etc', 'home/app/app', 'home/app/.pm2/logs', 'home/app/.pm2/pm2.log', 'proc', 'sys'];
const EXCLUDE = /(^|\/)(node_modules|pids|modules)(\/|$)|\.(sock|pid)$/;

export interface Manifest {
  scenario: string;
  cause: string | null;
  alsoCauses: string[];
  rules: string[];
  generatedAt: string;
  versions: Record<string, string | null>;
  seed: string;
  observed: Record<string, unknown>;
}

function listFiles(root: string, rel: string, out: string[]): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(join(root, rel));
  } catch {
    return;
  }
  if (EXCLUDE.test(rel)) return;
  if (st.isDirectory()) {
    for (const name of readdirSync(join(root, rel)).sort()) listFiles(root, `${rel}/${name}`, out);
  } else if (st.isFile()) out.push(rel);
}

/** The servers ran with their files under the run's temp root; the bundle shows them where the host has
 * them, so every occurrence of that root prefix is removed (configs, and paths servers echo in logs). */
export function stripRoot(text: string, root: string): string {
  return text.split(root).join('');
}

export function stageBundle(ctx: LabContext, scenario: Scenario): string {
  const stage = join(ctx.tmp, 'bundle');
  const files: string[] = [];
  for (const rel of INCLUDE) listFiles(ctx.root, rel, files);
  for (const rel of files) {
    const src = join(ctx.root, rel);
    const dst = join(stage, rel);
    mkdirSync(dirname(dst), { recursive: true });
    const buf = readFileSync(src);
    if (buf.includes(0)) copyFileSync(src, dst);
    else writeFileSync(dst, stripRoot(buf.toString('utf8'), ctx.root));
  }
  const manifest: Manifest = {
    scenario: scenario.name,
    cause: scenario.cause,
    alsoCauses: scenario.alsoCauses,
    rules: scenario.rules,
    generatedAt: new Date().toISOString(),
    versions: { ...serverVersions() },
    seed: scenario.seed,
    observed: ctx.observed,
  };
  writeFileSync(join(stage, 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return stage;
}

export async function packBundle(stage: string, outFile: string): Promise<void> {
  mkdirSync(dirname(outFile), { recursive: true });
  const entries = readdirSync(stage).sort();
  await create({ gzip: true, file: outFile, cwd: stage, portable: true }, entries);
}

/** Checks a bundle tree against the scenario's expectations; returns one message per unmet one. */
export function checkExpectations(tree: string, expect: Expectation[]): string[] {
  const failures: string[] = [];
  for (const e of expect) {
    let text = '';
    try {
      text = readFileSync(join(tree, e.file.replace(/^\//, '')), 'utf8');
    } catch {
      if (!e.absent) failures.push(`${e.file} missing (${e.why})`);
      continue;
    }
    const found = e.match.test(text);
    if (e.absent && found) failures.push(`${e.file} contains ${e.match} but must not (${e.why})`);
    if (!e.absent && !found) failures.push(`${e.file} lacks ${e.match} (${e.why})`);
  }
  return failures;
}

export function relFiles(tree: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const f = join(dir, name);
      if (statSync(f).isDirectory()) walk(f);
      else out.push(relative(tree, f));
    }
  };
  walk(tree);
  return out;
}
