// memory-exhaustion: the host or a process ran out of memory. Direct evidence (the kernel OOM killer,
// V8's heap-limit fatal error, Java OutOfMemoryError, Heroku R14/R15, Redis OOM replies and failed forks,
// PM2 memory-limit restarts) is strong; hung tasks and systemd watchdog timeouts on a host that then had
// to be rebooted are what a starved host leaves behind when it could not even log the OOM (seed 002).
import type { LogEvent } from '../../model/event.js';
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
  return hypothesis(
    {
      cause: 'memory-exhaustion',
      confidence: w.confidence + support.boost,
      title: 'Memory ran out',
      explanation: [
        ...w.sentences,
        ...(support.rules.length
          ? [`The configs among the inputs make this likely: ${support.rules.join(', ')}.`]
          : []),
      ].join(' '),
      evidence: pickEvidence(w.groups),
      remedies,
      confirm: [
        "dmesg -T | grep -iE 'out of memory|killed process|oom-kill'",
        "grep -iE 'killed process|out of memory|blocked for more than' /var/log/kern.log /var/log/syslog",
        'free -m && vmstat 1 5',
        'ps -eo pid,rss,comm --sort=-rss | head',
        ...(types.has('memory-limit-restart') || types.has('heap-out-of-memory')
          ? ['pm2 describe <app>   # restarts and memory']
          : []),
        ...(types.has('redis-oom') || types.has('redis-config-warning')
          ? ["redis-cli INFO memory | grep -E 'used_memory_human|maxmemory'"]
          : []),
      ],
    },
    support.rules,
  );
}

export const memoryExhaustion: HypothesisDetector = { cause: 'memory-exhaustion', detect: detectMemoryExhaustion };
