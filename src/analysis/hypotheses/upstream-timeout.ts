// upstream-timeout: a slow dependency or a lock held the requests past the proxy's timeout. The proxy's lines
// (nginx `upstream timed out … while reading response header`, 504s) are only the symptom: they say where the
// waiting ended, not what was slow. The cause is ranked first only with the backend's side of the same moments —
// the database's slow queries (slow query log, log_min_duration_statement), lock waits (log_lock_waits, error
// 1205 Lock wait timeout), statements cancelled by statement_timeout. With the proxy's lines alone it says the
// slow layer is not in the logs and gives the commands that would show it.
//
// It predicts: the slow statements overlap the proxy's timeouts; the app stays up (a crash or restart makes the
// 504s the app's death, not its wait); no resource ran out (then the resource explains the wait). A timeout while
// *connecting* to the upstream is a full accept queue (connection-limit), not a slow answer.
import { logFormatById } from '../../formats/log/registry.js';
import type { LogEvent } from '../../model/event.js';
import { typesWith } from '../../signatures/traits.js';
import type { EventType } from '../../signatures/types.js';
import type { AnalysisContext, Change, Evidence, Hypothesis, HypothesisDetector } from '../types.js';
import {
  countScore,
  deathTimes,
  files,
  hasIncident,
  hypothesis,
  incidentTraffic,
  type Line,
  nearIncident,
  ofTypes,
  pickEvidence,
  plural,
  quote,
  typeOf,
} from './weigh.js';

const SECOND = 1000;
const MINUTE = 60_000;
const MIN_TIMEOUTS = 3;
/** Backend lines this long before the first timeout or after the last still belong to the same wait. */
const OVERLAP = 2 * MINUTE;
const BACKEND_TYPES: EventType[] = ['db-slow-query', 'db-lock-wait', 'db-statement-timeout'];
const RESOURCE_TYPES = typesWith('exhaustion');

/** The proxy gave up waiting for an answer: not the connect phase (a full accept queue is connection-limit's). */
function isReadTimeout(e: LogEvent): boolean {
  const phase = e.fields?.phase;
  return typeof phase !== 'string' || phase !== 'connecting to upstream';
}

/** Seconds a slow-query line says the statement ran (slow log Query_time, PostgreSQL duration). */
function seconds(e: LogEvent): number | undefined {
  const f = e.fields ?? {};
  for (const v of [f.queryTime, f.seconds]) if (v !== undefined && Number.isFinite(Number(v))) return Number(v);
  if (f.ms !== undefined && Number.isFinite(Number(f.ms))) return Number(f.ms) / 1000;
  return undefined;
}

export interface BackendSlowness {
  timeouts: LogEvent[];
  slow: LogEvent[];
  locks: LogEvent[];
  cancelled: LogEvent[];
  /** Scheduled jobs that work on the data (backups, dumps, recounts, imports) started just before the timeouts. */
  jobs: Change[];
}

/** How long before the first timeout a scheduled job still explains it (a backup that locks as it starts). */
const JOB_BEFORE = 10 * MINUTE;
/** Commands of jobs that read or rewrite the database: backups take locks (FLUSH TABLES WITH READ LOCK). */
const DATA_JOB =
  /backup|dump|xtrabackup|mariabackup|recount|reindex|vacuum|optimize|analyze|import|export|etl|batch|sync|report/i;

function dataJobs(ctx: AnalysisContext, first: number): Change[] {
  return (ctx.changes ?? []).filter(
    (c) => c.kind === 'cron' && c.time >= first - JOB_BEFORE && c.time <= first && DATA_JOB.test(c.subject),
  );
}

/**
 * The proxy's read timeouts near an incident and the database's slow statements, lock waits and cancelled
 * statements around them. event-loop-blocked reads it too: a database slow at the moments of the timeouts
 * explains a stalled app better than its own code does.
 */
export function backendSlowness(ctx: AnalysisContext): BackendSlowness {
  const timeouts = ofTypes(ctx, ['upstream-timeout'])
    .filter(isReadTimeout)
    .filter((e) => nearIncident(ctx, e.time, MINUTE, MINUTE));
  const out: BackendSlowness = {
    timeouts,
    slow: [],
    locks: [],
    cancelled: [],
    jobs: timeouts.length ? dataJobs(ctx, timeouts[0].time) : [],
  };
  const from = timeouts.length ? timeouts[0].time - OVERLAP : Number.NaN;
  const to = timeouts.length ? timeouts[timeouts.length - 1].time + OVERLAP : Number.NaN;
  for (const e of ofTypes(ctx, BACKEND_TYPES)) {
    const inWindow = timeouts.length ? e.time >= from && e.time <= to : nearIncident(ctx, e.time, MINUTE, MINUTE);
    if (!inWindow) continue;
    const type = typeOf(e);
    if (type === 'db-lock-wait') out.locks.push(e);
    else if (type === 'db-statement-timeout') out.cancelled.push(e);
    else out.slow.push(e);
  }
  return out;
}

/** True when the database was slow at the moments the proxy timed out. */
export function backendExplainsTimeouts(b: BackendSlowness): boolean {
  return b.timeouts.length > 0 && b.slow.length + b.locks.length + b.cancelled.length + b.jobs.length > 0;
}

/** "cron started `/usr/local/bin/backup.sh` at 03:00:01 UTC (var/log/syslog:12)" */
function jobSentence(jobs: readonly Change[], first: number): string {
  const j = jobs[jobs.length - 1];
  const at = j.evidence[0];
  const before = Math.round((first - j.time) / SECOND);
  return `cron started \`${j.subject}\` at ${clock(j.time)} UTC, ${before} s before the first timeout${at ? ` (${at.path}:${at.line})` : ''}: a job that works on the data (a backup, a dump, a recount) holds locks while it runs, and a backup's global read lock does not even show in the slow query log (the time spent waiting for a lock is left out of long_query_time).`;
}

/**
 * The longest slow statement whose run covers the first timeout: the first suspect for the lock others waited on.
 * A slow log's time is the statement's start in MariaDB and MySQL ≥ 8.0.14 and its end before, PostgreSQL's
 * `duration:` line is written at the end: the run is taken as `time ± seconds`, either way.
 */
function longestAcross(slow: readonly LogEvent[], first: number): LogEvent | undefined {
  let best: LogEvent | undefined;
  for (const e of slow) {
    const s = seconds(e);
    if (s === undefined || Math.abs(e.time - first) > s * SECOND) continue;
    if (!best || s > (seconds(best) ?? 0)) best = e;
  }
  return best;
}

/** The pids a PostgreSQL lock wait names as holding the lock ("DETAIL:  Process holding the lock: 5594."). */
function lockHolders(locks: readonly LogEvent[]): string[] {
  const out = new Set<string>();
  for (const e of locks) {
    const at = e.text.indexOf('Process holding the lock: ');
    if (at < 0) continue;
    const m = /^(\d{1,10}(?:, \d{1,10}){0,20})\./.exec(
      e.text.slice(at + 'Process holding the lock: '.length, at + 300),
    );
    for (const pid of m?.[1].split(', ') ?? []) out.add(pid);
  }
  return [...out];
}

type Engine = 'MySQL' | 'PostgreSQL';

function engineOf(events: readonly LogEvent[]): Engine | undefined {
  for (const e of events) {
    const id = e.signature ?? '';
    if (id.startsWith('mysql')) return 'MySQL';
    if (id.startsWith('postgres') || id.startsWith('pg-')) return 'PostgreSQL';
  }
  return undefined;
}

function confirmFor(engine: Engine | undefined, slowLog: string | undefined, proxyLog: string): string[] {
  const status = `awk '$9 == 504 {print $4, $7}' ${proxyLog.replace(/error\.log$/, 'access.log')} | tail   # which requests timed out, when`;
  if (engine === 'MySQL')
    return [
      `mysqldumpslow -s t ${slowLog ?? '/var/log/mysql/mariadb-slow.log'} | head -30   # the slowest statements, summed`,
      "mysql -e 'SELECT trx_mysql_thread_id, trx_started, trx_state, trx_query FROM information_schema.innodb_trx ORDER BY trx_started'   # long transactions, while it happens",
      "mysql -e 'SHOW FULL PROCESSLIST' | grep -iE 'lock|Waiting'   # who waits, on what",
      'crontab -l; ls /etc/cron.d; systemctl list-timers   # a batch job or backup at that time',
      status,
    ];
  if (engine === 'PostgreSQL')
    return [
      'psql -c "SELECT pid, now() - xact_start AS age, wait_event_type, wait_event, state, left(query, 80) FROM pg_stat_activity WHERE state <> \'idle\' ORDER BY xact_start"',
      'psql -c "SELECT pid, pg_blocking_pids(pid), left(query, 80) FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0"   # who blocks whom',
      'crontab -l; ls /etc/cron.d; systemctl list-timers   # a batch job or backup at that time',
      status,
    ];
  return [
    status,
    'mysql -e "SET GLOBAL slow_query_log = 1, GLOBAL long_query_time = 1"   # or PostgreSQL: log_min_duration_statement = \'1s\', log_lock_waits = on',
    "grep -n 'log_format' /etc/nginx/nginx.conf   # add $upstream_response_time to see how long each upstream took",
    'crontab -l; ls /etc/cron.d; systemctl list-timers   # a batch job or backup at that time',
  ];
}

const REMEDIES: Hypothesis['remedies'] = [
  {
    kind: 'stop-gap',
    text: 'end what holds the locks or the database (the long transaction: `KILL <thread id>` in MySQL, `SELECT pg_terminate_backend(<pid>)` in PostgreSQL) and move the batch job or backup out of busy hours.',
  },
  {
    kind: 'fix',
    text: 'make the slow work lock less: batches of a few hundred rows with a commit each, indexes for the slow statements, `--single-transaction` for mysqldump instead of a global read lock; and set the database limits below the proxy timeout (`innodb_lock_wait_timeout`/`max_statement_time`, PostgreSQL `lock_timeout`/`statement_timeout`) so the app fails fast with a clear error instead of a 504.',
  },
  {
    kind: 'long-term',
    text: 'log `$upstream_response_time` in the proxy, keep the slow query log (long_query_time 1 s) or log_min_duration_statement and log_lock_waits on, and alert on slow statements and lock waits per minute: they rise before the 504s.',
  },
];

function withoutBackend(ctx: AnalysisContext, b: BackendSlowness, dbLogRead: boolean): Hypothesis {
  const t = b.timeouts;
  if (b.jobs.length) return whileJob(b);
  const explanation = [
    `The proxy gave up waiting for the upstream ${plural(t.length, 'time')} (${files(t)}), the first \`${quote(t[0], 100)}\` (${t[0].path}:${t[0].line}).`,
    'A timeout says where the waiting ended, not what was slow: the app, a database or an API it called, or a lock.',
    dbLogRead
      ? "The database's logs were read and show no slow statement or lock wait at those moments, which speaks against a slow query (unless its slow log was off)."
      : 'No log of the layer behind the app (a slow query log, lock waits, the app timing its calls) is among the inputs: the slow layer is not in these logs.',
  ].join(' ');
  return hypothesis(
    {
      cause: 'upstream-timeout',
      confidence: dbLogRead ? 0.2 : 0.3,
      title: 'Requests timed out at the proxy; the slow layer is not in these logs',
      explanation,
      evidence: pickEvidence([t], 6, 6),
      remedies: REMEDIES,
      confirm: confirmFor(undefined, undefined, `/${t[0].path}`),
    },
    [],
  );
}

/** The proxy's timeouts right after cron started a job on the data, with no database log to show the wait. */
function whileJob(b: BackendSlowness): Hypothesis {
  const t = b.timeouts;
  const job = b.jobs[b.jobs.length - 1];
  const explanation = [
    `The proxy gave up waiting for the upstream ${plural(t.length, 'time')} from ${clock(t[0].time)} UTC (${files(t)}), the first \`${quote(t[0], 100)}\` (${t[0].path}:${t[0].line}).`,
    `Just before, ${jobSentence(b.jobs, t[0].time)}`,
    "No database log among the inputs shows the wait itself: the database's processlist while it happens (or its slow log, for row locks) would confirm it.",
  ].join(' ');
  return hypothesis(
    {
      cause: 'upstream-timeout',
      confidence: 0.55,
      title: `Requests timed out at the proxy while a scheduled job (${job.subject}) worked on the database`,
      explanation,
      evidence: pickEvidence([job.evidence.map(asLine), t], 6, 3),
      remedies: REMEDIES,
      confirm: confirmFor('MySQL', undefined, `/${t[0].path}`),
    },
    [],
  );
}

export function detectUpstreamTimeout(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const b = backendSlowness(ctx);
  const t = b.timeouts;
  const s504 = incidentTraffic(ctx).s504;
  if (t.length < MIN_TIMEOUTS && !(t.length && s504 >= MIN_TIMEOUTS)) return null;
  const first = t[0].time;
  const last = t[t.length - 1].time;
  // The app died around the timeouts: its death, not a slow dependency, left the proxy waiting.
  const deaths = deathTimes(ctx).filter((d) => d >= first - 30 * SECOND && d <= last).length;
  const backend = [...b.locks, ...b.cancelled, ...b.slow];
  const dbLogRead = ctx.inputs.some((i) => i.format && i.lines && logFormatById(i.format)?.behaviour.database);
  if (!backend.length) return deaths >= 2 ? null : withoutBackend(ctx, b, dbLogRead);

  let confidence = countScore(backend.length, 0.62, 0.8);
  if (b.locks.length) confidence += 0.05;
  // PostgreSQL names the process holding the lock (DETAIL of log_lock_waits): then the longest statement is a waiter.
  const holders = lockHolders(b.locks);
  const blocker = holders.length ? undefined : longestAcross(b.slow, first);
  if (blocker || holders.length) confidence += 0.04;
  const sentences = [
    `The proxy gave up waiting for the upstream ${plural(t.length, 'time')} from ${clock(first)} to ${clock(last)} UTC (${files(t)}), the first \`${quote(t[0], 100)}\` (${t[0].path}:${t[0].line}).`,
  ];
  const engine = engineOf(backend);
  // MariaDB writes MySQL's slow log; its own start banner (a change on the timeline) tells which server it is.
  const mariadb = engine === 'MySQL' && (ctx.changes ?? []).some((c) => c.subject.startsWith('MariaDB'));
  const name = mariadb ? 'MariaDB' : engine;
  const db = name ?? 'The database';
  if (b.slow.length) {
    const longest = Math.max(...b.slow.map((e) => seconds(e) ?? 0));
    sentences.push(
      `At the same moments ${db} logged ${plural(b.slow.length, 'slow statement')} (${files(b.slow)})${longest ? `, up to ${longest.toFixed(1)} s` : ''}: the requests were waiting on the database, not on the app's own code.`,
    );
  }
  if (b.locks.length)
    sentences.push(
      `${plural(b.locks.length, 'statement')} waited for a lock another transaction held (${files(b.locks)}): \`${quote(b.locks[0], 100)}\`.`,
    );
  if (b.cancelled.length)
    sentences.push(`${plural(b.cancelled.length, 'statement')} ran past statement_timeout and were cancelled.`);
  if (b.jobs.length) {
    confidence += 0.03;
    sentences.push(`Before it, ${jobSentence(b.jobs, first)}`);
  }
  if (holders.length)
    sentences.push(
      `PostgreSQL names the ${holders.length === 1 ? 'process' : 'processes'} holding the lock: ${holders.slice(0, 3).join(', ')} — what ${holders.length === 1 ? 'it' : 'they'} ran (a migration, a long transaction, a backup) is in pg_stat_activity while it happens, or in the log lines of that pid.`,
    );
  if (blocker)
    sentences.push(
      `The longest, ${(seconds(blocker) ?? 0).toFixed(1)} s logged at ${clock(blocker.time)} UTC (${blocker.path}:${blocker.line}), was running when the first request timed out: it, or the transaction it belongs to, is the first suspect for what the others waited on.`,
    );
  const resources = ofTypes(ctx, RESOURCE_TYPES).filter((e) => e.time >= first - MINUTE && e.time <= last);
  if (deaths >= 2) {
    confidence *= 0.5;
    sentences.push(`But the app died or restarted ${plural(deaths, 'time')} meanwhile: it was down, not only waiting.`);
  } else if (resources.length) {
    confidence *= 0.6;
    sentences.push(
      `But a resource ran out meanwhile (\`${quote(resources[0], 80)}\`), which may explain the wait better.`,
    );
  } else {
    sentences.push('The app stayed up, and nothing says memory, descriptors or connections ran out.');
  }
  const slowLog = b.slow.find((e) => e.signature?.startsWith('mysql'))?.path;
  return hypothesis(
    {
      cause: 'upstream-timeout',
      confidence: Math.min(confidence, 0.9),
      title:
        b.locks.length || blocker
          ? `Requests timed out at the proxy while they waited on ${name ?? 'the database'}: a long statement or transaction held the locks they needed`
          : `Requests timed out at the proxy while ${name ?? 'the database'} ran slow statements`,
      explanation: sentences.join(' '),
      evidence: pickEvidence(
        [
          blocker ? [blocker] : [],
          b.jobs.flatMap((j) => j.evidence.slice(0, 1).map(asLine)),
          b.locks,
          b.cancelled,
          b.slow,
          t,
        ],
        10,
        3,
      ),
      remedies: REMEDIES,
      confirm: confirmFor(engine, slowLog ? `/${slowLog}` : undefined, `/${t[0].path}`),
    },
    [],
  );
}

/** A change's evidence back as a line to pick from. */
function asLine(e: Evidence): Line {
  return { time: Date.parse(e.time), path: e.path, line: e.line, text: e.text, host: e.host };
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 19);
}

export const upstreamTimeout: HypothesisDetector = {
  cause: 'upstream-timeout',
  detect: detectUpstreamTimeout,
  predicts: {
    must: [
      "the proxy's read timeouts near an incident (3 or more)",
      "to rank first: the database's slow statements, lock waits or cancelled statements within 2 minutes of them, or cron starting a job on the data (a backup, a dump, a recount) up to 10 minutes before the first",
    ],
    mustNot: [
      'the app dying or restarting two or more times during the timeouts: ×0.5',
      'a resource running out meanwhile: ×0.6',
      'a database log read and silent at those moments: the score stays at 0.2',
      'timeouts while connecting to the upstream (a full accept queue: connection-limit)',
    ],
    order: ['the slow statement running when the first request times out'],
  },
};
