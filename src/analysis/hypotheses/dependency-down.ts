// dependency-down: a backend the app needs (database, cache, queue, API) is stopped or not listening, so the app's
// connections to it are refused while the app itself stays up and answers errors. It must show the app's own
// "refused" errors (ECONNREFUSED, libpq/MySQL/redis-py "Connection refused"), mostly naming ONE backend address;
// the backend's own stop line before them (Redis "User requested shutdown", PostgreSQL "database system is shut
// down", MariaDB "Shutdown complete") makes it near certain. It stays silent when the app process dies around
// those errors (two or more deaths: crash-loop owns that) and when connect timeouts outnumber the refusals (a
// slow or unreachable backend is not a stopped one).
import type { LogEvent } from '../../model/event.js';
import { clip } from '../../report/redact.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  countScore,
  deathTimes,
  files,
  hasIncident,
  hypothesis,
  nearIncident,
  ofTypes,
  pickEvidence,
  plural,
  quote,
} from './weigh.js';

const SECOND = 1000;
const MINUTE = 60_000;
const MIN_REFUSED = 3;
/** How long before the first refusal the backend's stop line still explains it. */
const STOP_BEFORE = 10 * MINUTE;
/** Deaths of the app this close to the refusals make them the crash's trigger, not the whole story. */
const DEATH_MARGIN = 30 * SECOND;

/** Default ports of the usual backends, to name one from an address. */
const PORTS: Record<string, string> = {
  '6379': 'Redis',
  '5432': 'PostgreSQL',
  '3306': 'MySQL',
  '11211': 'Memcached',
  '5672': 'RabbitMQ',
  '27017': 'MongoDB',
  '9200': 'Elasticsearch',
};

/** Which server a signature's line speaks of (a client's error or the server's own log). */
function serverOfSignature(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (id.startsWith('redis')) return 'Redis';
  if (id.startsWith('pg-') || id.startsWith('postgres')) return 'PostgreSQL';
  if (id.startsWith('mysql') || id.startsWith('laravel')) return 'MySQL';
  if (id.startsWith('mongodb')) return 'MongoDB';
  return undefined;
}

/** The backend address a refused connection names: "127.0.0.1:6379", a socket path, or a host. */
export function targetOf(e: LogEvent): string {
  const f = e.fields ?? {};
  if (typeof f.target === 'string') {
    const m = /^[\w.:[\]/-]{1,300}/.exec(f.target);
    if (m) {
      let t = m[0];
      while (t.endsWith('.') || t.endsWith(':')) t = t.slice(0, -1);
      return t;
    }
  }
  if (f.host !== undefined && f.port !== undefined) return `${f.addr ?? f.host}:${f.port}`;
  if (typeof f.socket === 'string') return f.socket;
  if (f.host !== undefined) return String(f.host);
  if (f.broker !== undefined) return String(f.broker);
  return 'an unnamed backend';
}

function serverOf(target: string, refused: LogEvent[]): string | undefined {
  const port = /:(\d{1,5})$/.exec(target)?.[1];
  if (port && PORTS[port]) return PORTS[port];
  return refused.map((e) => serverOfSignature(e.signature)).find((s) => s !== undefined);
}

interface Found {
  refused: LogEvent[];
  target: string;
  share: number;
  server?: string;
  stops: LogEvent[];
  deaths: number;
}

function find(ctx: AnalysisContext): Found | null {
  const refused = ofTypes(ctx, ['dependency-refused']).filter((e) => nearIncident(ctx, e.time, MINUTE, MINUTE));
  if (refused.length < MIN_REFUSED) return null;
  const first = refused[0].time;
  const last = refused[refused.length - 1].time;
  // A slow or unreachable backend times out; a stopped one refuses. Mostly timeouts: not this cause.
  const timeouts = ofTypes(ctx, ['dependency-timeout']).filter((e) => e.time >= first - MINUTE && e.time <= last);
  if (timeouts.length > refused.length) return null;
  // The process dying around the refusals: crash-loop's (an uncaught ECONNREFUSED that kills the app each time).
  const deaths = deathTimes(ctx).filter((t) => t >= first - DEATH_MARGIN && t <= last + DEATH_MARGIN).length;
  if (deaths >= 2) return null;
  const byTarget = new Map<string, LogEvent[]>();
  for (const e of refused) {
    const t = targetOf(e);
    byTarget.set(t, [...(byTarget.get(t) ?? []), e]);
  }
  const [target, hits] = [...byTarget.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const server = serverOf(target, hits);
  const stops = ofTypes(ctx, ['backend-stopped']).filter(
    (e) =>
      e.time >= first - STOP_BEFORE &&
      e.time <= first + 5 * SECOND &&
      (!server || serverOfSignature(e.signature) === undefined || serverOfSignature(e.signature) === server),
  );
  // An address on an unusual port is named by the one server that logged its stop just before.
  const stoppedServers = [...new Set(stops.map((e) => serverOfSignature(e.signature)))];
  const named = server ?? (stoppedServers.length === 1 ? stoppedServers[0] : undefined);
  return { refused: hits, target, share: hits.length / refused.length, server: named, stops, deaths };
}

function confirmFor(target: string, server: string | undefined): string[] {
  const port = /:(\d{1,5})$/.exec(target)?.[1];
  const host = port ? target.slice(0, -port.length - 1) : target;
  const listen = port ? `ss -ltnp | grep ':${port}\\b'   # nothing listed: nothing listens there` : undefined;
  const byServer: Record<string, string[]> = {
    Redis: [
      `redis-cli -h ${host} -p ${port ?? 6379} ping   # PONG when it is back`,
      'systemctl status redis-server',
      "grep -nE 'shutdown|Ready to accept|bye bye' /var/log/redis/redis-server.log | tail -20",
    ],
    PostgreSQL: [
      `pg_isready -h ${host} -p ${port ?? 5432}`,
      'systemctl status postgresql',
      "grep -nE 'shut down|shutting down|ready to accept' /var/log/postgresql/*.log | tail -20",
    ],
    MySQL: [
      `mysqladmin -h ${host} -P ${port ?? 3306} ping`,
      'systemctl status mariadb mysql',
      "grep -nE 'Shutdown complete|ready for connections' /var/log/mysql/error.log | tail -20",
    ],
  };
  const specific = server ? (byServer[server] ?? []) : [];
  return [...specific, ...(listen ? [listen] : [`ls -l ${target}   # the socket exists only while the server runs`])];
}

export function detectDependencyDown(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const found = find(ctx);
  if (!found) return null;
  const { refused, target, server, stops, share } = found;
  const stop = stops[stops.length - 1];
  const first = refused[0];
  const name = server ? `${server} at ${target}` : target;
  const at = (t: number) => new Date(t).toISOString().slice(11, 19);
  let confidence = countScore(refused.length, 0.5, 0.72);
  if (stop) confidence = Math.max(confidence, 0.86);
  // Refusals spread over several backends: the app's network or its config, less a single stopped server.
  if (share < 0.6) confidence *= 0.7;
  if (found.deaths === 1) confidence *= 0.7;
  const paths = files(refused);
  const explanation = [
    stop
      ? `${server ?? 'The backend'} logged its own stop at ${at(stop.time)} UTC (\`${quote(stop, 80)}\`, ${stop.path}:${stop.line});`
      : `No stop line of the backend is among the inputs (its own log would show why it went away);`,
    `from ${at(first.time)} to ${at(refused[refused.length - 1].time)} UTC the app logged ${plural(refused.length, 'refused connection')} to ${name} in ${paths}, the first \`${clip(quote(first, 100), 100, '…')}\` (${first.path}:${first.line}).`,
    'A refused connect means nothing listened on that address: the backend was stopped, crashed or not yet started — not slow (a slow one times out).',
    found.deaths === 0
      ? 'The app process stayed up and answered errors meanwhile (no death or restart near them): the failure is the dependency, not the app.'
      : 'The app process died once near them: check whether the refusal killed it.',
    share < 0.6
      ? `Only ${Math.round(share * 100)}% of the refusals name ${target}: other backends were refused too.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  return hypothesis(
    {
      cause: 'dependency-down',
      confidence,
      title: stop
        ? `${server ?? 'A backend'} at ${target} was stopped and the app's connections to it were refused`
        : `The app's connections to ${name} were refused: that backend is down or not listening`,
      explanation,
      evidence: pickEvidence([stops.slice(-2), refused], 8, 3),
      remedies: [
        {
          kind: 'stop-gap',
          text: `start ${server ?? 'the backend'} again on ${target} (${server === 'Redis' ? 'systemctl start redis-server' : server === 'PostgreSQL' ? 'systemctl start postgresql' : server === 'MySQL' ? 'systemctl start mariadb' : 'its service unit'}) and check that the app's errors stop.`,
        },
        {
          kind: 'fix',
          text: stop
            ? `find who or what stopped it at ${at(stop.time)} UTC (an operator, a package upgrade, the OOM killer, a config error at restart: journalctl -u ${server === 'Redis' ? 'redis-server' : server === 'PostgreSQL' ? 'postgresql' : server === 'MySQL' ? 'mariadb' : '<unit>'}) and make its service restart on failure (systemd Restart=on-failure).`
            : `find why nothing listens on ${target}: the server stopped or crashed (its log and journalctl), moved to another address, or the app's connection settings point at the wrong one.`,
        },
        {
          kind: 'long-term',
          text: 'monitor the backend itself (a ping check that pages), let the app degrade (cache misses served from the database, a clear 503 with Retry-After) instead of failing every request, and restart dependencies one at a time with a health check.',
        },
      ],
      confirm: confirmFor(target, server),
    },
    [],
  );
}

export const dependencyDown: HypothesisDetector = {
  cause: 'dependency-down',
  detect: detectDependencyDown,
  predicts: {
    must: ['at least 3 refused connects from the app to one backend address near an incident'],
    mustNot: [
      'two or more deaths of the app within 30 s of the refusals (crash-loop)',
      'more connect timeouts than refusals (a slow or unreachable backend)',
      'refusals spread over several addresses (the score drops by 30%)',
    ],
    order: ["the backend's own stop line (for the full score) up to 10 minutes before the first refusal"],
  },
};
