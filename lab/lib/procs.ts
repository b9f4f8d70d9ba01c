// Every process the lab starts is recorded here by PID and stopped by PID: SIGTERM, then SIGKILL.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Started {
  name: string;
  pid: number;
  child?: ChildProcess;
  exited: Promise<number | null>;
  exitCode: () => number | null | undefined;
}

export interface StartOptions {
  /** Log file that receives the process's stdout and stderr (created with its parent dirs). */
  log?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run through `runuser -u <user> --` (PostgreSQL refuses to run as root). */
  asUser?: string;
}

const live = new Map<number, Started>();

export function start(name: string, command: string, args: string[], opts: StartOptions = {}): Started {
  let fd: number | undefined;
  if (opts.log) {
    mkdirSync(dirname(opts.log), { recursive: true });
    fd = openSync(opts.log, 'a');
  }
  const [cmd, argv] = opts.asUser ? ['runuser', ['-u', opts.asUser, '--', command, ...args]] : [command, args];
  const child = spawn(cmd, argv, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', fd ?? 'ignore', fd ?? 'ignore'],
  });
  if (fd !== undefined) closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (c, sig) => {
      code = c ?? (sig ? -1 : null);
      live.delete(child.pid!);
      resolve(code);
    });
    child.once('error', () => resolve(-1));
  });
  const started: Started = { name, pid: child.pid, child, exited, exitCode: () => code };
  live.set(child.pid, started);
  return started;
}

/** Records a process the lab did not spawn itself (the PM2 daemon and its apps) so it is stopped too. */
export function adopt(name: string, pid: number): void {
  if (live.has(pid) || !alive(pid)) return;
  const exited = (async () => {
    while (alive(pid)) await sleep(100);
    live.delete(pid);
    return null;
  })();
  live.set(pid, { name, pid, exited, exitCode: () => undefined });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopOne(p: Started, graceMs: number): Promise<void> {
  if (!alive(p.pid)) {
    live.delete(p.pid);
    return;
  }
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {}
  const deadline = Date.now() + graceMs;
  while (alive(p.pid) && Date.now() < deadline) await sleep(50);
  if (alive(p.pid)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
    // runuser forwards signals but a killed runuser leaves its child: find it by parent PID.
    for (const childPid of childrenOf(p.pid)) {
      try {
        process.kill(childPid, 'SIGKILL');
      } catch {}
    }
  }
  const killDeadline = Date.now() + 2000;
  while (alive(p.pid) && Date.now() < killDeadline) await sleep(50);
  live.delete(p.pid);
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

/** Stops every recorded process, newest first (front ends before the databases behind them). */
export async function stopAll(graceMs = 5000): Promise<void> {
  const all = [...live.values()].reverse();
  for (const p of all) await stopOne(p, graceMs);
}

export function stopAllSync(): void {
  for (const p of live.values()) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {}
  }
  live.clear();
}

export function liveCount(): number {
  return [...live.values()].filter((p) => alive(p.pid)).length;
}

/** Waits until something listens on 127.0.0.1:port, read from the socket table: no connecting probe
 * (a probe that connects to MariaDB writes an "Aborted connection … unauthenticated" line into the log under test). */
export async function waitListening(port: number, what: string, timeoutMs = 20000, proc?: Started): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' });
    if (out.trim()) return;
    if (proc && proc.exitCode() !== undefined)
      throw new Error(`${what} exited (code ${proc.exitCode()}) before listening on ${port}`);
    await sleep(100);
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

let hooked = false;
/** On Ctrl-C or a crash, no lab process survives the lab. */
export function installSignalHandlers(): void {
  if (hooked) return;
  hooked = true;
  const onSignal = (sig: NodeJS.Signals) => {
    process.stderr.write(`\nlab: ${sig}, stopping ${live.size} processes\n`);
    stopAll(1000).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', stopAllSync);
}
