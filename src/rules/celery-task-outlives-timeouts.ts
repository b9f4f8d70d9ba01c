import { CELERY_DEFAULTS, type CeleryConfig } from '../formats/config/celery.js';
import type { SourceLoc } from '../model/setting.js';
import { formatDuration } from '../model/units.js';
import { type Component, componentById, type Stack } from '../stack/stack.js';
import { serverLinks, targetRole, tcpProxyOf, uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

/** Celery's settings and the Django settings whose DATABASES its tasks use (the same file, or the host's Django). */
interface Worker {
  celery: CeleryConfig;
  comp: Component;
  databasesFrom: Component<'django'>[];
}

function workers(stack: Stack): Worker[] {
  const out: Worker[] = [];
  const djangos = stack.components.filter((c): c is Component<'django'> => c.format === 'django');
  for (const c of stack.components) {
    if (c.format === 'django' && c.data.celery) out.push({ celery: c.data.celery, comp: c, databasesFrom: [c] });
    if (c.format === 'celery') {
      const near = djangos.filter((d) => d.host === c.host && d.input === c.input);
      // A celery.py beside Django settings that hold Celery's names reads them (config_from_object): they are its config.
      if (near.some((d) => d.data.celery)) continue;
      out.push({ celery: c.data, comp: c, databasesFrom: near });
    }
  }
  return out;
}

/** How long a task may run: the hard limit, else the soft one, else none (Celery's default). */
function taskLimit(c: CeleryConfig): { ms: number; text: string; loc?: SourceLoc } {
  const s = c.taskTimeLimit ?? c.taskSoftTimeLimit;
  const name = c.taskTimeLimit ? 'task_time_limit' : 'task_soft_time_limit';
  if (!s?.loc)
    return { ms: Number.POSITIVE_INFINITY, text: `without end (no task_time_limit: ${CELERY_DEFAULTS.taskTimeLimit})` };
  return { ms: s.value, text: `${formatDuration(s.value)} (${name} at ${s.loc.path}:${s.loc.line})`, loc: s.loc };
}

/** MySQL/MariaDB wait_timeout default, 28800 s (server system variables). */
const MYSQL_WAIT_DEFAULT = 28_800_000;

/** Brokers whose unacknowledged messages come back after the visibility timeout (kombu's Redis and SQS transports). */
const VISIBILITY_BROKERS = new Set(['redis', 'rediss', 'sqs']);
/** Celery's broker_heartbeat: 120 s, pyamqp transport only (Celery docs, Configuration: broker_heartbeat). */
const AMQP_HEARTBEAT = 120_000;
const AMQP = new Set(['amqp', 'amqps', 'pyamqp']);

function redelivered(w: Worker): FindingDraft | undefined {
  const c = w.celery;
  if (!c.broker || !VISIBILITY_BROKERS.has(c.broker.scheme) || c.taskAcksLate?.value !== true) return undefined;
  const limit = taskLimit(c);
  const vis = c.visibilityTimeout;
  const visMs = vis?.value ?? CELERY_DEFAULTS.visibilityTimeout.value;
  if (limit.ms <= visMs) return undefined;
  return {
    messageId: 'redelivered',
    data: {
      acks: `task_acks_late at ${c.taskAcksLate.loc?.path}:${c.taskAcksLate.loc?.line}`,
      broker: c.broker.scheme,
      visibility: formatDuration(visMs),
      visibilitySource: vis?.loc
        ? `visibility_timeout at ${vis.loc.path}:${vis.loc.line}`
        : `default, ${CELERY_DEFAULTS.visibilityTimeout.source}`,
      limit: limit.text,
    },
    locations: uniqueLocs([c.taskAcksLate.loc, limit.loc, vis?.loc, c.brokerUrl?.loc]),
  };
}

/** Database connections of the tasks that go through HAProxy in tcp mode, and the broker connection through it. */
function cutByProxy(stack: Stack, w: Worker): FindingDraft[] {
  const out: FindingDraft[] = [];
  const limit = taskLimit(w.celery);
  const seen = new Set<string>();
  for (const dj of w.databasesFrom) {
    for (const db of dj.data.databases) {
      const link = stack.links.find((l) => l.from.component === dj.id && l.from.name === `DATABASES['${db.alias}']`);
      const p = tcpProxyOf(stack, link);
      if (!p || limit.ms <= p.idle.value || seen.has(`${p.comp.id}|${p.front.name}`)) continue;
      seen.add(`${p.comp.id}|${p.front.name}`);
      const role = targetRole(serverLinks(stack, p.comp, p.back));
      out.push({
        messageId: 'databaseCut',
        data: {
          limit: limit.text,
          alias: db.alias,
          proxy: `${p.front.kind} "${p.front.name}"`,
          db: role === 'postgres' ? 'PostgreSQL' : role === 'mysql' ? 'MySQL/MariaDB' : 'the database',
          idle: formatDuration(p.idle.value),
          idleSource: p.idle.describe,
        },
        locations: uniqueLocs([limit.loc ?? db.loc, ...p.idle.locs]),
      });
    }
  }
  const c = w.celery;
  const brokerLink = stack.links.find((l) => l.from.component === w.comp.id && l.from.name.startsWith('broker '));
  const p = c.broker && AMQP.has(c.broker.scheme) ? tcpProxyOf(stack, brokerLink) : undefined;
  if (p && p.idle.value < AMQP_HEARTBEAT) {
    out.push({
      messageId: 'brokerCut',
      data: {
        proxy: `${p.front.kind} "${p.front.name}"`,
        idle: formatDuration(p.idle.value),
        idleSource: p.idle.describe,
      },
      locations: uniqueLocs([c.brokerUrl?.loc, ...p.idle.locs]),
    });
  }
  return out;
}

/** A database the tasks reach directly that ends idle sessions (MySQL wait_timeout) before a task may end. */
function cutByDatabase(stack: Stack, w: Worker): FindingDraft[] {
  const limit = taskLimit(w.celery);
  const out: FindingDraft[] = [];
  for (const dj of w.databasesFrom) {
    for (const db of dj.data.databases) {
      const link = stack.links.find((l) => l.from.component === dj.id && l.from.name === `DATABASES['${db.alias}']`);
      const my = componentById(stack, link?.to?.component, 'mysql');
      const wait = my?.data.server.waitTimeout;
      // No task limit against the 8 h MySQL ships with is how both ship: reported once a limit is written above
      // wait_timeout, or wait_timeout is lowered below its default.
      if (!wait || limit.ms <= wait.value || (!limit.loc && wait.value >= MYSQL_WAIT_DEFAULT)) continue;
      out.push({
        messageId: 'serverCut',
        data: {
          limit: limit.text,
          alias: db.alias,
          wait: formatDuration(wait.value),
          waitSource: wait.loc
            ? `wait_timeout at ${wait.loc.path}:${wait.loc.line}`
            : `wait_timeout default, ${wait.defaultSource ?? 'MySQL docs'}`,
        },
        locations: uniqueLocs([limit.loc ?? db.loc, wait.loc]),
      });
    }
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'celery-task-outlives-timeouts',
    severity: 'warning',
    title: 'Celery tasks may run longer than the broker and the proxies on their path allow',
    summary:
      'A Celery task may run longer than the Redis/SQS visibility timeout (with acks_late the task is delivered again and runs twice), or longer than the idle timeout of the HAProxy or MySQL between the worker and its database (a task that waits between queries loses its connection); an AMQP broker behind HAProxy idles out between heartbeats.',
    explanation:
      'Celery bounds a task with `task_time_limit` (the worker process is killed) or `task_soft_time_limit` (SoftTimeLimitExceeded is raised); by default there is no limit. Three clocks on the worker\'s path are shorter than an unbounded task. (1) With the Redis or SQS transports, a message that is not acknowledged within `broker_transport_options[\'visibility_timeout\']` (1 hour by default) is delivered to another worker; with `task_acks_late = True` a task is acknowledged only when it ends, so one that runs longer than the visibility timeout is started a second time while the first still runs — and again after each further visibility timeout. (2) Between the worker and its database, HAProxy in tcp mode closes a session idle for the shorter of `timeout client`/`timeout server` (or `timeout tunnel`), and MySQL for `wait_timeout`: a task that leaves its connection idle longer than that — waiting on an HTTP call, a long computation between two queries — gets "Lost connection to MySQL server during query" (2013) or "MySQL server has gone away" (2006) on its next query. (3) An AMQP (RabbitMQ) broker connection behind HAProxy is kept alive by heartbeats every `broker_heartbeat` (120 s); an HAProxy idle timeout below that cuts it whenever the worker has nothing to do.',
    fix: "Give tasks a time limit below every clock on their path (`task_time_limit`, `task_soft_time_limit` a little below it) and raise the clocks above it: `broker_transport_options = {'visibility_timeout': <longer than the longest task>}`, HAProxy `timeout tunnel` in the database's listen/backend; call `django.db.close_old_connections()` at the start and end of long tasks.",
    references: [
      'https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-time-limit',
      'https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout',
      'https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-heartbeat',
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20tunnel',
      'https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_wait_timeout',
    ],
    messages: {
      redelivered:
        'Celery acknowledges a task only when it ends ({{acks}}), and the {{broker}} broker delivers a message not acknowledged within {{visibility}} again ({{visibilitySource}}), but a task may run {{limit}}: a task still running after {{visibility}} is started a second time on another worker, and again after each {{visibility}}.',
      databaseCut:
        'Celery tasks may run {{limit}} on DATABASES[\'{{alias}}\'], which reaches {{db}} through HAProxy {{proxy}} (mode tcp), closing a session idle for {{idle}} ({{idleSource}}): a task that waits longer than {{idle}} between two queries loses its connection ("Lost connection to MySQL server during query" (2013) / 2006).',
      serverCut:
        'Celery tasks may run {{limit}} on DATABASES[\'{{alias}}\'], but MySQL closes connections idle for {{wait}} ({{waitSource}}): a task that waits longer than {{wait}} between two queries gets "MySQL server has gone away" (2006).',
      brokerCut:
        'The Celery worker reaches its AMQP broker through HAProxy {{proxy}} (mode tcp), which closes a session idle for {{idle}} ({{idleSource}}), less than the 120 s between AMQP heartbeats (broker_heartbeat default): an idle worker loses its broker connection ("Connection to broker lost. Trying to re-establish the connection").',
    },
    requires: [['django', 'celery']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const w of workers(stack)) {
      const r = redelivered(w);
      if (r) out.push(r);
      out.push(...cutByProxy(stack, w), ...cutByDatabase(stack, w));
    }
    return out;
  },
};

export default rule;
