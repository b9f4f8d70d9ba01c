// Celery settings read statically from Python (celeryconfig.py, a Django settings.py with the CELERY_ namespace),
// never executed: top-level assignments of plain literals under Celery's names — the lowercase ones of Celery 4+
// (`task_time_limit`), Django's namespaced uppercase ones (`CELERY_TASK_TIME_LIMIT`) and the old uppercase
// names of Celery 3 (`CELERYD_TASK_TIME_LIMIT`, `BROKER_URL`). A broker URL's password is never kept.
//
// Sample:
//
//   CELERY_BROKER_URL = "redis://:s3cret@10.0.0.7:6379/0"
//   CELERY_TASK_TIME_LIMIT = 300
//   CELERY_TASK_ACKS_LATE = True
//   CELERY_BROKER_TRANSPORT_OPTIONS = {'visibility_timeout': 600}
//
// → broker redis://:***@10.0.0.7:6379/0 (a link to port 6379), a task killed after 300 s, prefetch 4 (default),
//   acknowledged after it ran, redelivered when not acknowledged within 600 s.
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import type { Duration } from '../../model/units.js';
import { topLevelAssignment } from './python-assign.js';
import type { ConfigParser, LinkTarget } from './types.js';

export interface CeleryConfig {
  /** Hard limit: the worker process running a task longer than this is killed; absent = none (the default). */
  taskTimeLimit?: Setting<Duration>;
  /** Soft limit: SoftTimeLimitExceeded raised in the task; absent = none. */
  taskSoftTimeLimit?: Setting<Duration>;
  workerPrefetchMultiplier: Setting<number>;
  /** Absent = one process per CPU (the default). */
  workerConcurrency?: Setting<number>;
  /** `task_acks_late`: acknowledged after the task ran (default False: when the worker takes it). */
  taskAcksLate?: Setting<boolean>;
  /**
   * `broker_transport_options = {'visibility_timeout': N}` (Redis and SQS transports): a message not acknowledged
   * within it is delivered again; absent = the transport's default (1 h, CELERY_DEFAULTS.visibilityTimeout).
   */
  visibilityTimeout?: Setting<Duration>;
  /** Broker URL with any password replaced by "***". */
  brokerUrl?: Setting<string>;
  broker?: { scheme: string; host?: string; port?: number };
  /** Settings whose value is computed, by name as written. */
  unresolved: Record<string, string>;
}

const DOCS =
  'Celery docs, Configuration and defaults (https://docs.celeryq.dev/en/stable/userguide/configuration.html)';
export const CELERY_DEFAULTS = {
  workerPrefetchMultiplier: { value: 4, source: `${DOCS}: worker_prefetch_multiplier 4` },
  taskTimeLimit: `${DOCS}: task_time_limit, no time limit by default`,
  workerConcurrency: `${DOCS}: worker_concurrency, the number of CPUs by default`,
  visibilityTimeout: {
    value: 3_600_000,
    source:
      'Celery docs, Using Redis: Visibility Timeout, 1 hour by default (https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout)',
  },
};

type Key =
  | 'taskTimeLimit'
  | 'taskSoftTimeLimit'
  | 'workerPrefetchMultiplier'
  | 'workerConcurrency'
  | 'brokerUrl'
  | 'taskAcksLate'
  | 'brokerTransportOptions';

/** Celery 4+ lowercase name → key; the Django namespace is CELERY_ + the name uppercased. */
const NEW_NAMES: Record<string, Key> = {
  task_time_limit: 'taskTimeLimit',
  task_soft_time_limit: 'taskSoftTimeLimit',
  worker_prefetch_multiplier: 'workerPrefetchMultiplier',
  worker_concurrency: 'workerConcurrency',
  broker_url: 'brokerUrl',
  task_acks_late: 'taskAcksLate',
  broker_transport_options: 'brokerTransportOptions',
};
/** Celery 3 names (still read by Celery 4/5 when no new name is used). */
const OLD_NAMES: Record<string, Key> = {
  CELERYD_TASK_TIME_LIMIT: 'taskTimeLimit',
  CELERYD_TASK_SOFT_TIME_LIMIT: 'taskSoftTimeLimit',
  CELERYD_PREFETCH_MULTIPLIER: 'workerPrefetchMultiplier',
  CELERYD_CONCURRENCY: 'workerConcurrency',
  BROKER_URL: 'brokerUrl',
  CELERY_ACKS_LATE: 'taskAcksLate',
  BROKER_TRANSPORT_OPTIONS: 'brokerTransportOptions',
};

function keyOf(name: string): Key | undefined {
  const lookup = (table: Record<string, Key>, k: string) => (Object.hasOwn(table, k) ? table[k] : undefined);
  const namespaced = name.startsWith('CELERY_')
    ? lookup(NEW_NAMES, name.slice('CELERY_'.length).toLowerCase())
    : undefined;
  return lookup(NEW_NAMES, name) ?? lookup(OLD_NAMES, name) ?? namespaced;
}

const BROKER_PORTS: Record<string, number> = { redis: 6379, rediss: 6379, amqp: 5672, amqps: 5671, pyamqp: 5672 };

/** `redis://:secret@host:6379/0` → `redis://:***@host:6379/0`; the secret never leaves this function. */
export function redactUrl(url: string): string {
  return url.replace(/^([\w+.-]+:\/\/)([^@/]*)@/, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return colon < 0 ? `${scheme}${auth}@` : `${scheme}${auth.slice(0, colon)}:***@`;
  });
}

function brokerOf(url: string): CeleryConfig['broker'] {
  const m = /^([\w+.-]+):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/;]*)(?::(\d+))?/.exec(url);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  return {
    scheme,
    host: m[2] || 'localhost',
    port: m[3] ? Number(m[3]) : Object.hasOwn(BROKER_PORTS, scheme) ? BROKER_PORTS[scheme] : undefined,
  };
}

/** Reads Celery's settings from Python text; used by this parser and for Django settings.py. */
export function readCelerySettings(path: string, text: string, issues: ParseIssue[]): CeleryConfig {
  const out: CeleryConfig = {
    workerPrefetchMultiplier: byDefault(
      CELERY_DEFAULTS.workerPrefetchMultiplier.value,
      CELERY_DEFAULTS.workerPrefetchMultiplier.source,
    ),
    unresolved: {},
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const a = topLevelAssignment(lines[i]);
    const key = a ? keyOf(a.name) : undefined;
    if (!a || !key) continue;
    const m = [lines[i], a.name, a.value] as const;
    const loc: SourceLoc = { path, line: i + 1 };
    const str = /^(["'])(.*)\1$/.exec(m[2]);
    if (key === 'brokerUrl') {
      if (!str) {
        out.unresolved[m[1]] = '(computed)';
        continue;
      }
      const redacted = redactUrl(str[2]);
      out.brokerUrl = { value: redacted, raw: redacted, loc, isDefault: false };
      out.broker = brokerOf(str[2]);
      continue;
    }
    if (key === 'taskAcksLate') {
      if (m[2] === 'True' || m[2] === 'False')
        out.taskAcksLate = { value: m[2] === 'True', raw: m[2], loc, isDefault: false };
      else out.unresolved[m[1]] = m[2];
      continue;
    }
    if (key === 'brokerTransportOptions') {
      // A one-line dict literal; anything else (a name, a dict over several lines) is left unresolved.
      const vt = /^\{.*['"]visibility_timeout['"]\s*:\s*(\d+)/.exec(m[2]);
      if (vt) out.visibilityTimeout = { value: Number(vt[1]) * 1000, raw: vt[1], loc, isDefault: false };
      else if (!/^\{.*\}$/.test(m[2])) out.unresolved[m[1]] = m[2];
      continue;
    }
    if (m[2] === 'None') continue;
    if (!/^\d+(\.\d+)?$/.test(m[2])) {
      out.unresolved[m[1]] = m[2];
      continue;
    }
    const n = Number(m[2]);
    const timeLimit = key === 'taskTimeLimit' || key === 'taskSoftTimeLimit';
    if (!timeLimit && !Number.isInteger(n)) {
      issues.push({ ...loc, message: `${m[1]}: expected a whole number, got ${m[2]}` });
      continue;
    }
    out[key] = { value: timeLimit ? Math.round(n * 1000) : n, raw: m[2], loc, isDefault: false };
  }
  return out;
}

export const celeryParser: ConfigParser<CeleryConfig> = {
  id: 'celery',
  detect(path, sample) {
    const names = sample.match(
      /^(CELERY_[A-Z_]+|CELERYD_[A-Z_]+|BROKER_URL|broker_url|result_backend|task_[a-z_]+|worker_[a-z_]+|beat_schedule|imports|timezone)\s*=/gm,
    );
    const n = names?.length ?? 0;
    if (/(^|\/)celery(config|_config|conf)?\.py$/.test(path) && n >= 1) return 0.9;
    // A Django settings.py with Celery names is Django's (the django parser reads them there).
    if (/^(DATABASES|INSTALLED_APPS|MIDDLEWARE)\s*=/m.test(sample)) return 0;
    return n >= 3 && /^(CELERY_|CELERYD_|BROKER_URL|broker_url)/m.test(sample) ? 0.6 : 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    return { data: readCelerySettings(path, text, issues), issues, consumed: [] };
  },
  targets(data): LinkTarget[] {
    if (!data.broker || !data.brokerUrl?.loc) return [];
    return [
      {
        name: `broker ${data.brokerUrl.value}`,
        host: data.broker.host,
        port: data.broker.port,
        loc: data.brokerUrl.loc,
      },
    ];
  },
};
