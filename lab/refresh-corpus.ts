// Regenerates test/corpus/<scenario>/ from lab-out/<scenario>.tar.gz: the bundle unpacked, long logs
// trimmed to their head, the lines the scenario exists for (with the stack trace below each) and the tail.
// Usage: node --import tsx lab/refresh-corpus.ts [scenario ...]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { extract } from 'tar';
import { relFiles } from './lib/bundle.js';
import { REPO_ROOT } from './lib/context.js';
import type { Scenario } from './lib/scenario.js';
import { SCENARIOS } from './scenarios/index.js';

export const CORPUS = join(REPO_ROOT, 'test/corpus');
const KEEP_WHOLE_BYTES = 24 * 1024;
const HEAD_LINES = 40;
const TAIL_LINES = 20;
const MAX_MATCHES = 60;
const FOLLOW_LINES = 12;

/** Keeps a log's real shape: whole lines only, original order, nothing invented. */
export function trimLog(text: string, patterns: RegExp[]): string {
  if (Buffer.byteLength(text) <= KEEP_WHOLE_BYTES) return text;
  const lines = text.split('\n');
  const keep = new Set<number>();
  for (let i = 0; i < Math.min(HEAD_LINES, lines.length); i++) keep.add(i);
  for (let i = Math.max(0, lines.length - TAIL_LINES); i < lines.length; i++) keep.add(i);
  let matches = 0;
  for (let i = 0; i < lines.length && matches < MAX_MATCHES; i++) {
    if (!patterns.some((p) => p.test(lines[i]))) continue;
    matches++;
    for (let j = i; j < Math.min(lines.length, i + 1 + FOLLOW_LINES); j++) keep.add(j);
  }
  return [...keep]
    .sort((a, b) => a - b)
    .map((i) => lines[i])
    .join('\n');
}

export async function refreshCorpus(scenario: Scenario, bundle: string, outRoot = CORPUS): Promise<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'faultline-corpus-'));
  try {
    await extract({ file: bundle, cwd: tmp });
    const out = join(outRoot, scenario.name);
    rmSync(out, { recursive: true, force: true });
    for (const rel of relFiles(tmp)) {
      const buf = readFileSync(join(tmp, rel));
      if (scenario.keepWhole) {
        // The healthy-days runs are about the shape of weeks of traffic: a trimmed log would be all gaps.
        mkdirSync(dirname(join(out, rel)), { recursive: true });
        writeFileSync(join(out, rel), buf);
        continue;
      }
      if (buf.includes(0)) continue;
      const patterns = scenario.expect.filter((e) => e.file.replace(/^\//, '') === rel).map((e) => e.match);
      const dst = join(out, rel);
      mkdirSync(dirname(dst), { recursive: true });
      writeFileSync(dst, trimLog(buf.toString('utf8'), patterns));
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(names: string[]): Promise<number> {
  const picked = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  let missing = 0;
  for (const s of picked) {
    const bundle = join(REPO_ROOT, 'lab-out', `${s.name}.tar.gz`);
    if (!existsSync(bundle)) {
      process.stderr.write(`no ${bundle}: run npm run lab -- ${s.name} first\n`);
      missing++;
      continue;
    }
    process.stdout.write(`${await refreshCorpus(s, bundle)}\n`);
  }
  return missing ? 1 : 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
