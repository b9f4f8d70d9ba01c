// One lab run: a temp dir whose `host/` subtree is laid out like the machine the bundle describes.
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO_ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const HOSTNAME = 'web1';

export interface LabContext {
  scenario: string;
  /** Temp dir of this run; removed afterwards unless FAULTLINE_LAB_KEEP is set. */
  tmp: string;
  /** Root of the host tree: `p('/var/log/x')` is where the host's /var/log/x lives in this run. */
  root: string;
  hostname: string;
  p(hostPath: string): string;
  write(hostPath: string, content: string): string;
  read(hostPath: string): string;
  exists(hostPath: string): boolean;
  /** Progress line for the person running the lab (also kept in the run's lab.log, not in the bundle). */
  log(msg: string): void;
  /** Facts the run observed (counts of responses, client errors); written into MANIFEST.observed. */
  observed: Record<string, unknown>;
  /** Registers a clean-up step (pm2 kill, closing the syslog receiver); run last-in first-out, always. */
  defer(fn: () => Promise<void> | void): void;
  deferred: Array<() => Promise<void> | void>;
}

export function createContext(scenario: string): LabContext {
  const tmp = mkdtempSync(join(tmpdir(), `faultline-lab-${scenario}-`));
  // PostgreSQL runs as the postgres user and must traverse into its data dir.
  chmodSync(tmp, 0o755);
  const root = join(tmp, 'host');
  mkdirSync(root, { recursive: true });
  const t0 = Date.now();
  const p = (hostPath: string) => join(root, hostPath);
  return {
    scenario,
    tmp,
    root,
    hostname: HOSTNAME,
    p,
    write(hostPath, content) {
      const f = p(hostPath);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, content);
      return f;
    },
    read: (hostPath) => readFileSync(p(hostPath), 'utf8'),
    exists: (hostPath) => existsSync(p(hostPath)),
    log(msg) {
      const line = `[${scenario} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`;
      process.stdout.write(`${line}\n`);
      appendFileSync(join(tmp, 'lab.log'), `${line}\n`);
    },
    observed: {},
    deferred: [],
    defer(fn) {
      this.deferred.push(fn);
    },
  };
}
