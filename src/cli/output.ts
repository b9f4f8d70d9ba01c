// Where a report goes: stdout or --out (created with its folder; nothing else is written), and the one place
// that writes to stderr.
import { closeSync, constants, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { safeLine } from '../report/redact.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ENOTDIR: 'not a folder',
  EISDIR: 'is a folder',
  ENOSPC: 'no space left',
  ENXIO: 'nothing reads from it',
};

/** "permission denied (EACCES)": a Node error as plain words, without its syscall and path. */
function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code) return 'cannot be written';
  return `${REASONS[code] ?? 'cannot be written'} (${code})`;
}

/**
 * Makes sure `out` can be written, before any work, so that a run of minutes does not end without its report:
 * the missing folders are created one level at a time (a recursive mkdir loops forever under /proc in Node 20),
 * and the file is opened for writing (and removed again when it did not exist). Returns why not, as one line.
 */
export function prepareOut(out: string): string | null {
  const target = resolve(out);
  const kind = kindOf(target);
  if (kind === 'dir') return `--out ${out}: is a folder, not a file`;
  try {
    if (kind !== 'missing') {
      // Without truncating; O_NONBLOCK so that a FIFO nobody reads fails instead of waiting.
      closeSync(openSync(target, constants.O_WRONLY | constants.O_NONBLOCK));
      return null;
    }
  } catch (err) {
    return `--out ${out}: ${reason(err)}`;
  }
  const missing: string[] = [];
  let folder = dirname(target);
  for (; kindOf(folder) === 'missing' && dirname(folder) !== folder; folder = dirname(folder)) missing.unshift(folder);
  if (kindOf(folder) !== 'dir') return `--out ${out}: ${folder} is not a folder`;
  for (const f of missing) {
    try {
      mkdirSync(f);
    } catch (err) {
      return `--out ${out}: cannot create ${f}: ${reason(err)}`;
    }
  }
  try {
    closeSync(openSync(target, 'wx'));
    unlinkSync(target);
  } catch (err) {
    return `--out ${out}: ${reason(err)}`;
  }
  return null;
}

function kindOf(path: string): 'dir' | 'file' | 'other' | 'missing' {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
  } catch (err) {
    // ENOTDIR: a component of the path is a file; that component is found as 'file' further up.
    return (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR'
      ? 'missing'
      : 'other';
  }
}

/** Writes the report; a failure is one plain line (`permission denied (EACCES)`), thrown for the CLI to print. */
export function writeReport(text: string, out: string | undefined): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  // prepareOut() has made the folders and checked the file; what can still go wrong is one plain line.
  const problem = prepareOut(out);
  if (problem) throw new Error(problem);
  try {
    writeFileSync(out, text);
  } catch (err) {
    throw new Error(`--out ${out}: ${reason(err)}`);
  }
}

export function useColor(opts: { color?: boolean; out?: string }): boolean {
  if (opts.color === false || process.env.NO_COLOR !== undefined || opts.out) return false;
  return process.stdout.isTTY === true;
}

/** One line on stderr, redacted and with control characters and newlines neutralised: the input chose its text. */
export function warn(line: string): void {
  process.stderr.write(`faultline: ${safeLine(line)}\n`);
}

/** For a command's first line: false (after one line on stderr) when `--out` cannot be written. */
export function outWritable(out: string | undefined): boolean {
  const problem = out === undefined ? null : prepareOut(out);
  if (problem) warn(problem);
  return problem === null;
}
