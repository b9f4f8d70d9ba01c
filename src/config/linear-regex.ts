// Proves a user's regex linear with recheck (https://makenowjust-labs.github.io/recheck/), the checker
// test/safety/regex-safety.test.ts runs on every built-in regex: a log line chosen by an attacker must not make a
// user format's regex backtrack for minutes. Backend: recheck's native binary when its optional platform package
// is installed (a prebuilt executable, no native build), else its pure-JS build; never the JVM one (`auto` would
// start Java when it finds it). RECHECK_BACKEND, when set, wins.
//
// A proof takes 0.05–1.5 s per pattern with the native binary and about five times that in pure JS, so a pattern
// proved linear is remembered in the user's cache directory ($XDG_CACHE_HOME or ~/.cache, faultline/
// regex-verdicts.json), keyed by recheck's version, the flags and a hash of the pattern — as the test suite keeps its
// verdicts: a verdict is a pure function of that key. Only "linear" is kept; a cache that cannot be read or written
// is simply not used.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const RECHECK_VERSION = (require('recheck/package.json') as { version: string }).version;

/** Seconds a pattern may take to be proved linear; "unknown" (a timeout) is refused like "vulnerable". */
export const CHECK_SECONDS = 10;

export type LinearVerdict = { linear: true } | { linear: false; why: string };

const verdicts = new Map<string, Promise<LinearVerdict>>();

function nativeBinary(): boolean {
  const os = process.platform === 'darwin' ? 'macos' : process.platform === 'win32' ? 'windows' : process.platform;
  try {
    require.resolve(`recheck-${os}-${process.arch}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Whether the pattern runs in linear time on every input (each pattern checked once per process and cache). */
export function checkLinear(source: string, flags: string): Promise<LinearVerdict> {
  const key = keyOf(source, flags);
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = cachedLinear().has(key) ? Promise.resolve({ linear: true }) : proved(key, source, flags);
    verdicts.set(key, verdict);
  }
  return verdict;
}

function keyOf(source: string, flags: string): string {
  return createHash('sha256').update(`${RECHECK_VERSION}\0${flags}\0${source}`).digest('hex').slice(0, 32);
}

/** The cache file, or undefined when there is no home to keep it in. */
function cacheFile(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'faultline', 'regex-verdicts.json') : undefined;
}

const MAX_KEPT = 2000;

function cachedLinear(): Set<string> {
  const file = cacheFile();
  if (!file) return new Set();
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { linear?: unknown };
    return new Set(Array.isArray(kept.linear) ? kept.linear.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

function keepLinear(key: string): void {
  const file = cacheFile();
  if (!file) return;
  try {
    const keys = [...cachedLinear(), key].slice(-MAX_KEPT);
    mkdirSync(join(file, '..'), { recursive: true });
    // Written aside and renamed: two runs at once never leave half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ linear: [...new Set(keys)] })}\n`);
    renameSync(tmp, file);
  } catch {
    // No cache then: the next run proves the pattern again.
  }
}

async function proved(key: string, source: string, flags: string): Promise<LinearVerdict> {
  const verdict = await run(source, flags);
  if (verdict.linear) keepLinear(key);
  return verdict;
}

async function run(source: string, flags: string): Promise<LinearVerdict> {
  process.env.RECHECK_BACKEND ??= nativeBinary() ? 'native' : 'pure';
  const { check } = await import('recheck');
  const d = await check(source, flags, { timeout: CHECK_SECONDS * 1000 });
  if (d.status === 'safe') return { linear: true };
  if (d.status === 'vulnerable') {
    const attack = d.attack.pattern.length > 60 ? `${d.attack.pattern.slice(0, 60)}…` : d.attack.pattern;
    return { linear: false, why: `${d.complexity.type} backtracking (slow on input like ${attack})` };
  }
  return { linear: false, why: `could not be proved linear within ${CHECK_SECONDS} s (${d.error.kind})` };
}
