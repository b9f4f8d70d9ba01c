// Where a report goes: stdout or --out (created with its folder; nothing else is written).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeReport(text: string, out: string | undefined): void {
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  } else {
    process.stdout.write(text);
  }
}

export function useColor(opts: { color?: boolean; out?: string }): boolean {
  if (opts.color === false || process.env.NO_COLOR !== undefined || opts.out) return false;
  return process.stdout.isTTY === true;
}

export function warn(line: string): void {
  process.stderr.write(`faultline: ${line}\n`);
}
