// connection-limit: a connection, thread or worker limit was reached and requests queued or were
// refused — HAProxy maxconn and its queue (`sQ` terminations), nginx worker_connections, MySQL "Too many
// connections", PostgreSQL "too many clients", Tomcat "All threads (200) are currently busy", the
// kernel's listen backlog (SYN flooding) and conntrack table; PHP-FPM's pm.max_children, and the upstream's
// accept queue full as nginx sees it (connects that time out or fail with EAGAIN: every worker busy).
import type { LogEvent } from '../../model/event.js';
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
  'tomcat-blocking-connector',
  'somaxconn-below-backlog',
  'db-connections-exceed-max',
  'fd-limit-below-connections',
];

// HAProxy session lines ending in the queue (sQ) or refused for want of a server slot (sC).
const QUEUED_SESSIONS: Kind = {
  types: [],
  base: 0.72,
  max: 0.88,
  filter: (e) => /^s[QC]$/.test(String(e.request?.termination ?? e.fields?.termination ?? '')),
  say: (ev, n) =>
    `HAProxy ended ${plural(n, 'session')} waiting in its queue or for a server slot (termination ${distinct(ev.map((e) => e.request?.termination ?? e.fields?.termination)).join('/')}) ${when(ev)}.`,
};

/** PHP-FPM's "server reached pm.max_children setting (5), consider raising it" (fpm_process_ctl.c). */
const isFpm = (e: LogEvent) => e.signature === 'php-fpm-max-children-reached';
/** nginx could not connect to the upstream: its accept queue (listen backlog) was full. */
const ACCEPT_QUEUE = new Set([
  'nginx-upstream-connect-timeout',
  'nginx-upstream-connect-timed-out',
  'nginx-upstream-socket-backlog-full',
]);
const isAcceptQueue = (e: LogEvent) => ACCEPT_QUEUE.has(e.signature ?? '');

const FPM_FULL: Kind = {
  types: ['maxconn-reached'],
  base: 0.8,
  max: 0.9,
  filter: isFpm,
  say: (ev, n) =>
    `PHP-FPM had every child busy ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\` — further requests wait in the pool's listen backlog.`,
};

const ACCEPT_QUEUE_FULL: Kind = {
  types: ['queue-full'],
  base: 0.72,
  max: 0.86,
  filter: isAcceptQueue,
  say: (ev, n) =>
    `nginx could not even connect to the upstream ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\` — its accept queue was full, i.e. every worker was busy and the listen backlog overflowed.`,
};

const KINDS: Kind[] = [
  FPM_FULL,
  ACCEPT_QUEUE_FULL,
  {
    types: ['db-too-many-connections'],
    base: 0.84,
    max: 0.93,
    say: (ev, n) =>
      `The database refused connections at its limit ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['thread-pool-exhausted'],
    base: 0.84,
    max: 0.93,
    say: (ev, n) =>
      `All request threads were busy ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['worker-connections-exhausted'],
    base: 0.84,
    max: 0.93,
    say: (ev, n) => `nginx ran out of worker_connections ${plural(n, 'time')} ${when(ev)} (${files(ev)}).`,
  },
  {
    types: ['maxconn-reached', 'queue-full'],
    base: 0.8,
    max: 0.9,
    filter: (e) => !isFpm(e) && !isAcceptQueue(e),
    say: (ev, n) =>
      `The proxy hit its maxconn/queue limit ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  QUEUED_SESSIONS,
  {
    types: ['syn-flood'],
    base: 0.6,
    max: 0.75,
    say: (ev, n) =>
      `The kernel's listen backlog overflowed ("possible SYN flooding") ${plural(n, 'time')} ${when(ev)}: accept() did not keep up.`,
  },
  {
    types: ['conntrack-full'],
    base: 0.75,
    max: 0.88,
    say: (ev, n) => `The netfilter conntrack table was full and dropped packets ${plural(n, 'time')} ${when(ev)}.`,
  },
];
KINDS.push(
  otherHints('connection-limit', KINDS, (ev) => `Other connection-limit errors ${when(ev)}: \`${quote(ev[0])}\`.`),
);

export function detectConnectionLimit(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  const sentences = [...w.sentences];
  let confidence = w.confidence;
  // Without the lines, HAProxy's termination counts still say sessions died in the queue.
  const queued = (ctx.haproxyTerminations.sQ ?? 0) + (ctx.haproxyTerminations.sC ?? 0);
  if (!w.found.some((f) => f.kind === QUEUED_SESSIONS) && queued > 0) {
    confidence = Math.max(confidence, 0.6 + Math.min(0.2, queued / 500));
    sentences.push(
      `HAProxy logged ${plural(queued, 'session')} ending with sQ/sC (queued or refused for want of a server slot).`,
    );
  }
  if (!w.primary && queued === 0) return null;
  const support = supportingFindings(ctx, FINDINGS);
  if (support.rules.length)
    sentences.push(`The configs among the inputs point the same way: ${support.rules.join(', ')}.`);
  const stack = stackOf(w, queued);
  return hypothesis(
    {
      cause: 'connection-limit',
      confidence: confidence + support.boost,
      title: stack.fpm.length
        ? 'PHP-FPM ran out of children (pm.max_children reached): requests queued and timed out'
        : stack.acceptQueue.length && !stack.types.size
          ? "The upstream's accept queue was full: every worker busy, nginx could not connect"
          : 'A connection/thread limit was reached',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: remediesFor(stack),
      confirm: confirmFor(stack),
    },
    support.rules,
  );
}

/** Which limits the lines name: the PHP pool, the upstream's accept queue, and the types of the others. */
interface Stack {
  fpm: LogEvent[];
  acceptQueue: LogEvent[];
  /** Types of the events outside the PHP-FPM and accept-queue kinds. */
  types: Set<string | undefined>;
  haproxyQueued: boolean;
}

function stackOf(w: ReturnType<typeof weigh>, queued: number): Stack {
  const of = (k: Kind) => w.found.find((f) => f.kind === k)?.events ?? [];
  const others = w.found.filter((f) => f.kind !== FPM_FULL && f.kind !== ACCEPT_QUEUE_FULL);
  const types = new Set(others.flatMap((f) => f.events.map(typeOf)));
  return { fpm: of(FPM_FULL), acceptQueue: of(ACCEPT_QUEUE_FULL), types, haproxyQueued: queued > 0 };
}

function remediesFor(stack: Stack): Remedy[] {
  const { types } = stack;
  const remedies: Remedy[] = [];
  if (stack.fpm.length)
    remedies.push({
      kind: 'fix',
      text: "PHP-FPM: size `pm.max_children` to the memory free for PHP ÷ one child's RSS (not higher: more children than RAM swaps), and find the requests that hold children long (`request_slowlog_timeout = 5s` with `slowlog` shows where they wait).",
    });
  if (stack.acceptQueue.length)
    remedies.push({
      kind: 'fix',
      text: 'The upstream accepted no more connections because every worker was busy: add workers (php-fpm `pm.max_children`, Tomcat `maxThreads`, gunicorn `--workers`) or make the slow requests fast; a longer listen backlog (`listen.backlog`, `acceptCount`, `net.core.somaxconn`) only makes them wait longer.',
    });
  if (types.has('db-too-many-connections'))
    remedies.push({
      kind: 'fix',
      text: 'Database: make the sum of all app pools (pool max × processes × hosts) stay below `max_connections` minus admin slots; put PgBouncer/ProxySQL in front rather than raising the limit blindly.',
    });
  if (types.has('thread-pool-exhausted'))
    remedies.push({
      kind: 'fix',
      text: 'Tomcat: use the NIO connector (`protocol="org.apache.coyote.http11.Http11NioProtocol"`), size `maxThreads`/`acceptCount` to the load, and take a thread dump (`kill -3`) to see what the busy threads wait on.',
    });
  if (types.has('worker-connections-exhausted'))
    remedies.push({
      kind: 'fix',
      text: 'nginx: raise `worker_connections` (and `worker_rlimit_nofile` to at least twice it); each proxied request uses two connections.',
    });
  if (types.has('maxconn-reached') || types.has('queue-full') || stack.haproxyQueued)
    remedies.push({
      kind: 'fix',
      text: 'HAProxy: raise `maxconn` on the frontend/servers to what the backends can really serve, set `timeout queue`, and add servers; the OpenShift default of 128 sessions is easily reached by a load test.',
    });
  if (types.has('syn-flood'))
    remedies.push({
      kind: 'fix',
      text: 'Kernel: raise `net.core.somaxconn` and the listen backlog of the server, and check that accept() is not starved.',
    });
  if (types.has('conntrack-full'))
    remedies.push({
      kind: 'fix',
      text: 'Kernel: raise `net.netfilter.nf_conntrack_max` or stop tracking the busy port (`-j NOTRACK`).',
    });
  remedies.push({
    kind: 'long-term',
    text: 'find who holds connections open (slow endpoints, long polling, clients or proxies that open one connection per request) and shed load before the limit with rate limits.',
  });
  return remedies;
}

/** `upstream: "fastcgi://127.0.0.1:9000"` → 9000: the port whose accept queue overflowed. */
function upstreamPort(events: readonly LogEvent[]): string | undefined {
  for (const e of events) {
    const m = /upstream: "[a-z]+:\/\/[^":/]+:(\d+)/.exec(e.text);
    if (m) return m[1];
  }
  return undefined;
}

function confirmFor(stack: Stack): string[] {
  const { types } = stack;
  const port = upstreamPort(stack.acceptQueue);
  return [
    ...(stack.fpm.length
      ? [
          "grep -c 'reached pm.max_children' /var/log/php*-fpm.log   # how often the pool was full",
          "grep -rnE '^pm(\\.max_children)? *=' /etc/php/*/fpm/pool.d/",
          `ps -eo rss,args | grep '[p]hp-fpm: pool' | awk '{s+=$1; n++} END {print n, "children,", s/n/1024, "MiB each"}'`,
        ]
      : []),
    ...(stack.acceptQueue.length
      ? [
          `ss -ltn${port ? ` 'sport = :${port}'` : ''}   # Recv-Q (waiting to be accepted) against Send-Q (the backlog)`,
          'nstat -az TcpExtListenOverflows TcpExtListenDrops   # SYNs dropped because the accept queue was full',
        ]
      : []),
    ...(!stack.fpm.length && !stack.acceptQueue.length
      ? ['ss -tan state established | wc -l', "ss -tan | awk '{print $1}' | sort | uniq -c"]
      : []),
    ...(types.has('db-too-many-connections')
      ? [
          "mysql -e \"SHOW VARIABLES LIKE 'max_connections'; SHOW STATUS LIKE 'Threads_connected'\"",
          "psql -c 'SELECT count(*), state FROM pg_stat_activity GROUP BY state'",
        ]
      : []),
    ...(types.has('maxconn-reached') || types.has('queue-full') || stack.haproxyQueued
      ? ["echo 'show info' | socat stdio /run/haproxy/admin.sock | grep -iE 'maxconn|CurrConns'"]
      : []),
    ...(types.has('thread-pool-exhausted') ? ['jstack $(pgrep -f catalina) | grep -c "http-.*exec"'] : []),
  ];
}

export const connectionLimit: HypothesisDetector = {
  cause: 'connection-limit',
  detect: detectConnectionLimit,
  predicts: {
    must: [
      'a limit reached: HAProxy maxconn and its queue (`sQ`), nginx worker_connections, MySQL "Too many connections", PostgreSQL "too many clients", Tomcat\'s busy threads, PHP-FPM pm.max_children, a full accept queue (connects that time out while connecting)',
    ],
    mustNot: [
      'a resource running out that explains the refusals better (memory, descriptors)',
      "the limit's lines far from every incident (background)",
    ],
    order: ['the limit reached at or before the refused or queued requests'],
  },
};
