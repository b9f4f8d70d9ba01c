// Host facts a postmortem collects, copied from the machine the lab ran on.
import { existsSync, readFileSync } from 'node:fs';
import type { LabContext } from './context.js';

const FACTS: Array<[string, string]> = [
  ['/proc/meminfo', ''],
  ['/proc/cpuinfo', ''],
  ['/sys/kernel/mm/transparent_hugepage/enabled', 'always [madvise] never\n'],
  ['/proc/sys/vm/overcommit_memory', '0\n'],
  ['/etc/timezone', 'Etc/UTC\n'],
];

export function writeHostFacts(ctx: LabContext): void {
  for (const [path, fallback] of FACTS) {
    let text = fallback;
    try {
      if (existsSync(path)) text = readFileSync(path, 'utf8');
    } catch {}
    ctx.write(path, text);
  }
  // Only the first CPU's block: the rest repeat it and the bundle must stay small.
  const cpu = ctx.read('/proc/cpuinfo');
  const blocks = cpu.split(/\n\n/).filter((b) => b.trim());
  const cores = blocks.length;
  if (cores > 1) ctx.write('/proc/cpuinfo', `${blocks.slice(0, cores).map(trimCpuBlock).join('\n\n')}\n\n`);
}

// The flags and bugs lines are a kilobyte each; keep the fields people read.
function trimCpuBlock(block: string): string {
  return block
    .split('\n')
    .filter((l) => !/^(flags|bugs|vmx flags)\s*:/.test(l))
    .join('\n');
}
