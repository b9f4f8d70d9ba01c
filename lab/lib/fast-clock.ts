// Weeks of a real server's life in a minute: the servers run under libfaketime with their wall clock sped up
// (FAKETIME "@start xN") and their monotonic clock left alone (FAKETIME_DONT_FAKE_MONOTONIC), so timers and
// timeouts behave as on a real host while every line they log is stamped in the accelerated day. Traffic
// follows a day's curve in that fake time. Every process started through `env()` agrees on the fake time to
// within a second of fake time per millisecond of real spawn delay × speed.
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from './prng.js';
import { request, sleep } from './traffic.js';

const LIBS = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
];
const MINUTE = 60_000;

export function libfaketime(): string {
  const lib = LIBS.find((l) => existsSync(l));
  if (!lib) throw new Error('libfaketime not found: apt-get install faketime (scripts/install-lab-deps.sh)');
  return lib;
}

export class FastClock {
  private readonly realStart = Date.now();

  constructor(
    /** Epoch ms the run's fake time starts at. */
    readonly fakeStart: number,
    readonly speed: number,
  ) {}

  fakeNow(): number {
    return this.fakeStart + (Date.now() - this.realStart) * this.speed;
  }

  /** Real milliseconds until the fake clock reaches `fake`. */
  realUntil(fake: number): number {
    return (fake - this.fakeNow()) / this.speed;
  }

  /** Environment for a server started now: its clock starts at the current fake time and runs as fast. */
  env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const at = new Date(this.fakeNow()).toISOString().slice(0, 19).replace('T', ' ');
    return {
      ...base,
      LD_PRELOAD: libfaketime(),
      FAKETIME: `@${at} x${this.speed}`,
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      // libfaketime 0.9.10 re-reads FAKETIME when its 10 s cache expires and then takes "@start xN" as an offset
      // from the real time: the clock jumps weeks ahead. The spec never changes here, so it is read once.
      FAKETIME_CACHE_DURATION: '100000000',
      TZ: 'UTC',
    };
  }
}

/** Expected sessions per fake minute at a fake instant (a session is a burst of 1–`maxBurst` requests). */
export type Profile = (fakeTime: number) => number;

export interface Milestone {
  /** Fake epoch ms at which traffic pauses and `run` is awaited (a deploy, a log rotation). */
  at: number;
  run: () => Promise<void>;
}

export interface DayTraffic {
  port: number;
  paths: string[];
  /** Fake epoch ms of the end of the run. */
  until: number;
  profile: Profile;
  maxBurst: number;
  /** Caps: requests and real milliseconds. */
  maxRequests: number;
  deadlineMs: number;
  milestones?: Milestone[];
  seed?: number;
}

function poisson(mean: number, rnd: () => number): number {
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rnd();
  } while (p > l && k < 1000);
  return k - 1;
}

/**
 * Walks the fake minutes in real time: each minute's sessions (Poisson at the profile's rate) are sent when the
 * fake clock reaches that minute. Milestones pause traffic while they run. Returns the responses by status.
 */
export async function dayTraffic(clock: FastClock, t: DayTraffic): Promise<Record<string, number>> {
  const rnd = mulberry32(t.seed ?? 7);
  const out: Record<string, number> = {};
  const milestones = [...(t.milestones ?? [])].sort((a, b) => a.at - b.at);
  const stopAt = Date.now() + t.deadlineMs;
  let sent = 0;
  let minute = clock.fakeNow() - (clock.fakeNow() % MINUTE) + MINUTE;
  const inFlight = new Set<Promise<void>>();
  while (minute < t.until && sent < t.maxRequests && Date.now() < stopAt) {
    if (milestones.length && milestones[0].at <= minute) {
      await Promise.all(inFlight);
      await (milestones.shift() as Milestone).run();
      minute = Math.max(minute, clock.fakeNow() - (clock.fakeNow() % MINUTE) + MINUTE);
      continue;
    }
    const wait = clock.realUntil(minute);
    if (wait > 1) await sleep(wait);
    const sessions = poisson(t.profile(minute), rnd);
    for (let s = 0; s < sessions && sent < t.maxRequests; s++) {
      const burst = 1 + Math.floor(rnd() * t.maxBurst);
      for (let r = 0; r < burst; r++) {
        sent++;
        const path = t.paths[Math.floor(rnd() * t.paths.length)];
        const p = request(t.port, { path, timeoutMs: 5000 }).then((res) => {
          const k = res.error ?? String(res.status);
          out[k] = (out[k] ?? 0) + 1;
          inFlight.delete(p);
        });
        inFlight.add(p);
        if (inFlight.size >= 32) await Promise.race(inFlight);
      }
    }
    minute += MINUTE;
  }
  await Promise.all(inFlight);
  return out;
}

/**
 * logrotate's numbered scheme with `compress` and `delaycompress` (Debian's nginx default): x.N → x.N+1(.gz),
 * x.1 compressed to x.2.gz, x → x.1; older than `keep` removed. The writer must reopen afterwards (nginx: USR1).
 */
export function rotateNumbered(file: string, keep: number): void {
  const dir = file.slice(0, file.lastIndexOf('/'));
  const base = file.slice(file.lastIndexOf('/') + 1);
  const numbered = readdirSync(dir)
    .map((n) => /^(.+)\.(\d+)(\.gz)?$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === base)
    .sort((a, b) => Number(b[2]) - Number(a[2]));
  for (const m of numbered) {
    const n = Number(m[2]);
    const from = `${dir}/${m[0]}`;
    if (n >= keep) unlinkSync(from);
    else if (m[3]) renameSync(from, `${file}.${n + 1}.gz`);
    else {
      writeFileSync(`${file}.${n + 1}.gz`, gzipSync(readFileSync(from)));
      unlinkSync(from);
    }
  }
  if (existsSync(file) && statSync(file).size > 0) renameSync(file, `${file}.1`);
}
