// memory-exhaustion: the host or a process ran out of memory. Direct evidence (the kernel OOM killer,
// V8's heap-limit fatal error, Java OutOfMemoryError, Heroku R14/R15, Redis OOM replies and failed forks,
// PM2 memory-limit restarts) is strong; hung tasks and systemd watchdog timeouts on a host that then had
// to be rebooted are what a starved host leaves behind when it could not even log the OOM (seed 002).

import { appName } from '../../formats/log/app-name.js';
import type { LogEvent } from '../../model/event.js';
import { formatDuration } from '../../model/units.js';
import { timeoutKills } from '../timeout-kills.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector, Remedy } from '../types.js';
import {
  distinct,
  files,
  hasIncident,
  hypothesis,
  type Kind,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  typeOf,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = [
  'memory-budget-exceeds-ram',
  'redis-maxmemory-unset',
  'redis-overcommit-memory',
  'redis-transparent-huge-pages',
  'pm2-memory-restart-exceeds-ram',
  'overcommit-conflict-postgres-redis',
];

/** "Killed process 1234 (node)" → node */
function killedProcesses(events: LogEvent[]): string[] {
  return distinct(events.map((e) => /Killed process \d+ \(([^()]+)\)/.exec(e.text)?.[1] ?? e.fields?.process));
}

const KINDS: Kind[] = [
  {
    types: ['oom-kill'],
    base: 0.9,
    max: 0.97,
    say: (ev, n) => {
      const victims = killedProcesses(ev);
      return `The kernel OOM killer fired ${plural(n, 'time')} ${when(ev)}${victims.length ? `, killing ${victims.join(', ')}` : ''} (${files(ev)}).`;
    },
  },
  {
    types: ['heap-out-of-memory'],
    base: 0.88,
    max: 0.95,
    say: (ev, n) =>
      `A Node.js process hit its V8 heap limit ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['java-out-of-memory'],
    base: 0.85,
    max: 0.93,
    say: (ev, n) =>
      `The JVM threw OutOfMemoryError ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['redis-oom'],
    base: 0.82,
    max: 0.92,
    say: (ev, n) =>
      `Redis refused writes for lack of memory ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['platform-memory-quota'],
    base: 0.78,
    max: 0.9,
    say: (ev, n) => `The platform reported the memory quota exceeded ${plural(n, 'time')} ${when(ev)} (${files(ev)}).`,
  },
  {
    types: ['memory-limit-restart'],
    base: 0.7,
    max: 0.86,
    say: (ev, n) =>
      `The process manager restarted ${distinct(ev.map((e) => e.fields?.app ?? e.program)).join(', ') || 'the app'} for exceeding its memory limit ${plural(n, 'time')} ${when(ev)}.`,
  },
  {
    types: ['fork-failed'],
    base: 0.7,
    max: 0.85,
    say: (ev, n) =>
      `fork() failed for lack of memory ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['hung-task'],
    base: 0.5,
    max: 0.62,
    say: (ev, n) =>
      `The kernel reported ${plural(n, 'hung task')} ${when(ev)} (${files(ev)}): processes blocked for minutes, as on a host starved of memory.`,
  },
  {
    types: ['watchdog-timeout'],
    base: 0.45,
    max: 0.6,
    say: (ev) =>
      `systemd watchdog timeouts ${when(ev)} (${distinct(ev.map((e) => /(?:^|[^\w@.-])([\w@.-]+\.service)/.exec(e.text)?.[1])).join(', ') || files(ev)}): services could not even answer their keep-alive ping.`,
  },
  {
    // A process killed by SIGKILL where the catalog hints at memory: nginx worker "exited on signal 9",
    // systemd "Main process exited, code=killed, status=9/KILL", mysqld_safe restarting mysqld.
    types: ['process-exit'],
    base: 0.5,
    max: 0.65,
    filter: (e) => e.cause === 'memory-exhaustion',
    say: (ev, n) => `Processes were killed ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['memory-warning'],
    base: 0.4,
    max: 0.55,
    say: (ev) => `Memory warnings ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['redis-misconf'],
    base: 0.3,
    max: 0.45,
    supporting: true,
    say: (ev) => `Redis stopped accepting writes after a failed background save (MISCONF) ${when(ev)}.`,
  },
  {
    types: ['listener-leak'],
    base: 0.25,
    max: 0.35,
    supporting: true,
    say: (ev) => `Node warned of a possible EventEmitter memory leak ${when(ev)}: \`${quote(ev[0])}\`.`,
  },
  {
    types: ['io-stall'],
    base: 0.2,
    max: 0.3,
    supporting: true,
    say: (ev, n) => `I/O stalled ${plural(n, 'time')} ${when(ev)}: \`${quote(ev[0])}\`.`,
  },
  {
    types: ['reboot'],
    base: 0.2,
    max: 0.25,
    supporting: true,
    say: (ev) => `The host was rebooted ${when(ev)}.`,
  },
  {
    types: ['redis-config-warning'],
    base: 0.15,
    max: 0.2,
    supporting: true,
    filter: (e) => /overcommit_memory|Transparent Huge Pages|maxmemory/i.test(e.text),
    say: (ev) =>
      `Redis warned at startup about memory settings (${distinct(ev.map((e) => (/overcommit/i.test(e.text) ? 'overcommit_memory' : /huge pages/i.test(e.text) ? 'THP' : 'maxmemory'))).join(', ')}).`,
  },
];
KINDS.push(
  otherHints('memory-exhaustion', KINDS, (ev) => `Other memory-related errors ${when(ev)}: \`${quote(ev[0])}\`.`),
);

export function detectMemoryExhaustion(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  // A worker its supervisor killed for a timeout (gunicorn, uWSGI) died of the timeout, not of memory.
  const notMemory = timeoutKills(ctx.events);
  const w = weigh(notMemory.size ? { ...ctx, events: ctx.events.filter((e) => !notMemory.has(e)) } : ctx, KINDS);
  if (!w.primary) return null;
  const support = supportingFindings(ctx, FINDINGS);
  const types = new Set(w.found.flatMap((f) => f.events.map(typeOf)));
  const remedies: Remedy[] = [];
  if (types.has('oom-kill') || types.has('hung-task') || types.has('watchdog-timeout') || types.has('fork-failed')) {
    remedies.push(
      {
        kind: 'stop-gap',
        text: 'give the host headroom now — a larger instance or fewer worker processes — and restart the starved services; a host this short of memory stops answering SSH and even the cloud console reboot.',
      },
      {
        kind: 'fix',
        text: 'Cap every consumer so their sum stays below RAM: Node `--max-old-space-size`, PM2 `max_memory_restart` below RAM ÷ instances, Redis `maxmemory` with an eviction policy, database buffers; keep swap off or small with `vm.swappiness=10`.',
      },
    );
  }
  if (types.has('heap-out-of-memory') || types.has('memory-limit-restart') || types.has('listener-leak')) {
    remedies.push({
      kind: 'fix',
      text: 'Find what grows: take heap snapshots (`node --heapsnapshot-near-heap-limit=2 …`) and compare them; stream large query results and responses instead of building them in memory.',
    });
  }
  if (types.has('redis-oom') || types.has('redis-misconf') || types.has('redis-config-warning')) {
    remedies.push({
      kind: 'fix',
      text: 'Redis: set `maxmemory` (e.g. 25% of RAM on a shared host) and `maxmemory-policy allkeys-lru` for a cache; set `vm.overcommit_memory = 1` and disable Transparent Huge Pages so background saves can fork.',
    });
  }
  if (types.has('java-out-of-memory')) {
    remedies.push({
      kind: 'fix',
      text: 'JVM: size `-Xmx` to the container, add `-XX:+HeapDumpOnOutOfMemoryError` and read the dump for the leak.',
    });
  }
  if (types.has('platform-memory-quota')) {
    remedies.push({
      kind: 'fix',
      text: 'Use a larger dyno/instance class or fewer web processes per dyno (`WEB_CONCURRENCY`), and cap the Node heap below the quota.',
    });
  }
  remedies.push({
    kind: 'long-term',
    text: 'alert on memory use before the OOM killer does (node exporter, CloudWatch agent memory metrics), and load-test the endpoints that ran just before the failures.',
  });
  const pattern = leakOrLoad(
    ctx,
    w.found.flatMap((f) => f.events),
  );
  if (pattern.kind === 'load')
    remedies.unshift({
      kind: 'stop-gap',
      text: 'the memory followed the requests: give the busy moments room — more instances or RAM, or cap concurrency (nginx `limit_conn`, fewer workers each with a bounded heap) so a peak queues instead of exhausting memory.',
    });
  return hypothesis(
    {
      cause: 'memory-exhaustion',
      confidence: w.confidence + support.boost,
      title: TITLES[pattern.kind],
      explanation: [
        ...w.sentences,
        ...(pattern.sentence ? [pattern.sentence] : []),
        ...(support.rules.length
          ? [`The configs among the inputs make this likely: ${support.rules.join(', ')}.`]
          : []),
      ].join(' '),
      evidence: pickEvidence(w.groups),
      remedies,
      confirm: confirmFor(
        types,
        w.found.flatMap((f) => f.events),
      ),
    },
    support.rules,
  );
}

const TITLES: Record<MemoryPattern['kind'], string> = {
  leak: 'Memory ran out — a leak: memory kept growing while the load stayed flat',
  load: 'Memory ran out under load: memory grew with the requests',
  unknown: 'Memory ran out',
};

/** Commands for the evidence at hand: the kernel's log for kernel kills, PM2 and heap tools for a Node heap. */
function confirmFor(types: ReadonlySet<string | undefined>, events: readonly LogEvent[]): string[] {
  const kernel = ['oom-kill', 'hung-task', 'watchdog-timeout', 'fork-failed', 'process-exit'].some((t) => types.has(t));
  // PM2's restart line names the process by id only: the app whose PM2 output holds the heap errors names it, else
  // the id (`pm2 describe` takes either).
  const restarts = events.filter((e) => typeOf(e) === 'memory-limit-restart');
  const pm2 = distinct([
    ...restarts.map((e) => e.fields?.app),
    ...events.filter((e) => e.path.includes('.pm2/logs/')).map((e) => appName(e.path)),
    ...restarts.map((e) => e.fields?.id),
  ]);
  const out: string[] = [];
  if (kernel)
    out.push(
      "dmesg -T | grep -iE 'out of memory|killed process|oom-kill'",
      "grep -iE 'killed process|out of memory|blocked for more than' /var/log/kern.log /var/log/syslog",
      'free -m && vmstat 1 5',
    );
  if (types.has('memory-limit-restart'))
    out.push(
      `pm2 describe ${pm2[0] ?? '<app>'}   # restarts (↺), max_memory_restart, memory now`,
      "grep -c 'exceeds --max-memory-restart' ~/.pm2/pm2.log",
    );
  if (types.has('heap-out-of-memory') || types.has('memory-limit-restart'))
    out.push(
      'node --heapsnapshot-near-heap-limit=2 --max-old-space-size=<MB> server.js   # snapshots to compare in DevTools',
    );
  if (types.has('java-out-of-memory')) out.push('jcmd $(pgrep -f java) GC.heap_info');
  if (types.has('redis-oom') || types.has('redis-config-warning'))
    out.push("redis-cli INFO memory | grep -E 'used_memory_human|maxmemory'");
  out.push('ps -eo pid,rss,comm --sort=-rss | head');
  return out;
}

// ── Leak or load (issue 14) ─────────────────────────────────────────────────────────────────────────
// A leak fills memory at any load: it runs out again and again while the requests per minute stay as usual,
// the RSS at each kill or restart climbing. Load fills it with the requests: it runs out when they peak.

interface MemoryPattern {
  kind: 'leak' | 'load' | 'unknown';
  sentence?: string;
}

/** Types whose events are the process itself running out (not Redis's maxmemory, a data-size limit). */
const RAN_OUT = new Set([
  'oom-kill',
  'heap-out-of-memory',
  'memory-limit-restart',
  'java-out-of-memory',
  'platform-memory-quota',
]);
/** The minutes before a memory event whose traffic filled it. */
const LOOK_BACK = 5 * 60_000;

/** RSS at each event, in MB, when the line says (PM2's current_memory, the OOM killer's anon-rss). */
function rssMb(e: LogEvent): number | undefined {
  const pm2 = /current_memory=(\d+)/.exec(e.text);
  if (pm2) return Number(pm2[1]) / 2 ** 20;
  const oom = /anon-rss:(\d+)kB/.exec(e.text);
  return oom ? Number(oom[1]) / 1024 : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

function leakOrLoad(ctx: AnalysisContext, found: readonly LogEvent[]): MemoryPattern {
  const ran = found.filter((e) => RAN_OUT.has(typeOf(e) ?? '')).sort((a, b) => a.time - b.time);
  const rows = ctx.series.filter((r) => r.requests > 0);
  if (ran.length < 2 || !rows.length) return { kind: 'unknown' };
  const inWindow = (t: number) => ran.some((e) => t <= e.time && t > e.time - LOOK_BACK - 60_000);
  const before = rows.filter((r) => inWindow(r.t));
  const usualRows = rows.filter((r) => !inWindow(r.t));
  const at = before.reduce((s, r) => s + r.requests, 0) / Math.max(1, before.length);
  const rss = ran.map(rssMb).filter((x): x is number => x !== undefined);
  // At a restart or kill the RSS sits near the limit whatever filled it; only a climb from one to the next says more.
  const climbs = rss.length >= 2 && rss.every((x, i) => i === 0 || x > rss[i - 1]);
  const rssSay = climbs ? ` (RSS climbing ${rss.map((x) => Math.round(x)).join(' → ')} MB)` : '';
  if (usualRows.length < 5) return shortCapture(ran, at, rssSay);
  const usual = median(usualRows.map((r) => r.requests));
  const load = `${Math.round(at)} requests/min in the ${LOOK_BACK / 60_000} minutes before them, against a usual ${usual}/min`;
  if (at >= 2 * usual)
    return {
      kind: 'load',
      sentence: `Memory ran out when the traffic peaked: ${load} — the requests, not a leak, filled it.`,
    };
  if (at <= 1.5 * usual)
    return {
      kind: 'leak',
      sentence: `It ran out ${plural(ran.length, 'time')} ${when(ran)}${rssSay} while the load stayed flat: ${load} — memory that grows without more work is a leak.`,
    };
  return {
    kind: 'unknown',
    sentence: `The traffic before them (${load}) was above the usual but no peak: leak or load is not clear.`,
  };
}

/** Memory failures the process lives through (the JVM throws OutOfMemoryError and goes on): no restart frees it. */
const LIVES_ON = new Set(['java-out-of-memory']);
/** Median gap between such failures below which nothing can have freed and refilled the memory in between. */
const STAYED_FULL_GAP = 5_000;

/** A capture of a few minutes: a leak shows as restarts at steady intervals under the same stream of requests. */
function shortCapture(ran: LogEvent[], perMinute: number, rssSay: string): MemoryPattern {
  const byProcess = new Map<string, LogEvent[]>();
  for (const e of ran) {
    const key = String(e.fields?.app ?? e.fields?.id ?? e.path);
    byProcess.set(key, [...(byProcess.get(key) ?? []), e]);
  }
  const [, events] = [...byProcess].sort((a, b) => b[1].length - a[1].length)[0];
  const times = events.map((e) => e.time);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  // One failed allocation after another in a process that lives on: their pace is the requests', not a refill's.
  if (gaps.length >= 2 && median(gaps) < STAYED_FULL_GAP && events.every((e) => LIVES_ON.has(typeOf(e) ?? '')))
    return {
      kind: 'unknown',
      sentence: `It ran out ${plural(times.length, 'time')} in ${formatDuration(times[times.length - 1] - times[0])}, each within seconds of the last, and the process lived on: the memory stayed full between them, so whatever filled it was still held. The capture is too short to tell a leak from a heap too small for the load (a heap dump tells).`,
    };
  if (gaps.length >= 2 && Math.max(...gaps) <= 2 * Math.max(1, Math.min(...gaps)))
    return {
      kind: 'leak',
      sentence: `It ran out ${plural(times.length, 'time')} at steady intervals (every ${formatDuration(median(gaps))})${rssSay} under one steady stream of requests (${Math.round(perMinute)}/min): memory filling at a constant pace, as a leak does. The capture is too short to compare with the usual load.`,
    };
  return { kind: 'unknown', sentence: 'The capture is too short to tell a leak from load.' };
}

export const memoryExhaustion: HypothesisDetector = {
  cause: 'memory-exhaustion',
  detect: detectMemoryExhaustion,
  predicts: {
    must: [
      "an OOM kill, a V8 heap limit, a Java OutOfMemoryError, a Redis OOM reply or failed fork, a platform memory quota, or a process manager's restart for a memory limit; hung tasks and watchdog timeouts on a starved host",
    ],
    mustNot: ['a worker killed by its supervisor for a timeout (it died of the timeout, not of memory)'],
    order: [
      'memory running out at or before the deaths and errors; a leak runs out again and again at a flat load, load runs out when the requests peak',
    ],
  },
};
