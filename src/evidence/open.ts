// Opening a file of the input safely. Whoever can write in an investigated folder can swap a file for a link, a
// FIFO or a device between the walk and the read (time of check, time of use). So a file is opened once, without
// following a link (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK), and the descriptor is checked with
// fstat against what the walk saw — a regular file, same device and inode — before one byte is read. Every later
// read of the file, on any thread, uses that descriptor.
import { close, constants, fstat, open, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import { InputOpenError, printable } from './gzip.js';

/** What the walk saw of a file: the descriptor must match it. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

export function identityOf(st: Stats): FileIdentity {
  return { dev: st.dev, ino: st.ino };
}

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const openFd = promisify(open) as (path: string, flags: number) => Promise<number>;
const fstatFd = promisify(fstat) as (fd: number) => Promise<Stats>;
export const closeFd = promisify(close) as (fd: number) => Promise<void>;

/**
 * Opens `abs` read-only and checks the descriptor. `followLink`: the user named this path (a link they name is
 * followed — naming it is the intent); files found by the walk are never followed. Throws an InputOpenError
 * with a one-line message naming `label` when the file cannot be opened or is not what the walk saw.
 */
export async function openChecked(
  abs: string,
  label: string,
  expected: FileIdentity,
  followLink = false,
): Promise<{ fd: number; size: number; mtime: Date }> {
  const flags = followLink ? FLAGS : FLAGS | constants.O_NOFOLLOW;
  let fd: number;
  try {
    fd = await openFd(abs, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'it became a symbolic link (not followed)' : `cannot read (${code ?? err})`;
    throw new InputOpenError(`${printable(label)}: ${why}`);
  }
  let st: Stats;
  try {
    st = await fstatFd(fd);
  } catch (err) {
    await closeFd(fd).catch(() => {});
    throw new InputOpenError(`${printable(label)}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  if (!st.isFile() || st.dev !== expected.dev || st.ino !== expected.ino) {
    await closeFd(fd).catch(() => {});
    const what = st.isFIFO() ? 'a FIFO' : st.isFile() ? 'another file' : 'not a regular file';
    throw new InputOpenError(`${printable(label)}: changed during the run (now ${what}); skipped`);
  }
  return { fd, size: st.size, mtime: st.mtime };
}
