// The read-only commands `collect` runs on the live host, a fixed list: socket states, the journal of the window,
// disk space, the kernel and the load. Never a server's own binary (`nginx -T` opens its log files and may create
// them; `mysqld --help --verbose` starts a server's initialisation). Each runs without a shell, from the system's own
// folders only (not the caller's PATH), with a plain C locale, a time limit and an output cap; what it printed is
// kept under commands/<name>.txt and the run is listed in the manifest with its exit status and duration.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';

export interface CommandSpec {
  /** The file under commands/ in the bundle. */
  name: string;
  file: string;
  args: string[];
}

export interface CommandRun {
  spec: CommandSpec;
  /** The command line as listed in the manifest. */
  command: string;
  /** The exit status; null when it was killed (time limit, output cap) or could not start. */
  exit: number | null;
  seconds: number;
  output: Buffer;
  /** Why the run is incomplete: killed at the time limit or the output cap. */
  note?: string;
}

export const COMMAND_SECONDS = 10;
export const COMMAND_OUTPUT_BYTES = 16 * 1024 * 1024;
/** The journal's newest lines: within the output cap at ordinary line lengths, and the tail is what matters. */
const JOURNAL_LINES = 100_000;
const SYSTEM_BIN = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/** The fixed list; the journal bounded by the window (--since, else the last 24 hours) and --until. */
export function commandSpecs(since: Date, until?: Date): CommandSpec[] {
  const at = (d: Date) => `@${Math.floor(d.getTime() / 1000)}`;
  const journal = ['-o', 'short-iso', '--no-pager', '--since', at(since), '-n', String(JOURNAL_LINES)];
  if (until) journal.push('--until', at(until));
  return [
    { name: 'ss-tanp', file: 'ss', args: ['-tanp'] },
    { name: 'journalctl', file: 'journalctl', args: journal },
    { name: 'df-P', file: 'df', args: ['-P'] },
    { name: 'uname-a', file: 'uname', args: ['-a'] },
    { name: 'uptime', file: 'uptime', args: [] },
  ];
}

/** The absolute path of a system binary, or undefined when it is not installed. */
export async function findBinary(file: string, dirs: readonly string[] = SYSTEM_BIN): Promise<string | undefined> {
  for (const dir of dirs) {
    const path = `${dir}/${file}`;
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function commandEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: SYSTEM_BIN.join(':'), LC_ALL: 'C', SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' };
  // The caller's zone, when set, so that `uptime` and the journal speak the host's time as a login shell does.
  if (process.env.TZ !== undefined) env.TZ = process.env.TZ;
  return env;
}

export function runCommand(spec: CommandSpec, path: string, seconds = COMMAND_SECONDS): Promise<CommandRun> {
  const command = [spec.file, ...spec.args].join(' ');
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(
      path,
      spec.args,
      {
        encoding: 'buffer',
        timeout: seconds * 1000,
        killSignal: 'SIGKILL',
        maxBuffer: COMMAND_OUTPUT_BYTES,
        windowsHide: true,
        // No pager, no colours, no locale-dependent dates or numbers.
        env: commandEnv(),
      },
      (err, stdout) => {
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        const exit = !e ? 0 : typeof e.code === 'number' ? e.code : null;
        const note =
          e?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
            ? `output cut at ${COMMAND_OUTPUT_BYTES} bytes`
            : e?.killed
              ? `killed after ${seconds} s`
              : e && exit === null
                ? `could not run (${e.code ?? e.message})`
                : undefined;
        resolve({
          spec,
          command,
          exit,
          seconds: Math.round(elapsed * 1000) / 1000,
          output: stdout ?? Buffer.alloc(0),
          note,
        });
      },
    );
  });
}
