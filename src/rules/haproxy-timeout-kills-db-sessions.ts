import type { Setting, SourceLoc } from '../model/setting.js';
import type { Duration } from '../model/units.js';
import { formatDuration } from '../model/units.js';
import type { Stack } from '../stack/stack.js';
import { componentById, componentsOf } from '../stack/stack.js';
import { frontendsOf, serverLinks, targetRole, tcpIdleTimeout, uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const MYSQL_WAIT_DEFAULT = 28800 * 1000;
const MYSQL_WAIT_SOURCE = 'MySQL/MariaDB server system variables: wait_timeout default 28800 s';

/** The idle timeout the database itself applies, from its config when the link found it. */
function dbIdle(
  stack: Stack,
  componentId: string | undefined,
  role: 'mysql' | 'postgres',
): {
  value: Duration;
  describe: string;
  loc?: SourceLoc;
} {
  const comp = componentById(stack, componentId, 'mysql', 'postgres');
  if (role === 'mysql') {
    const s: Setting<Duration> | undefined = comp?.format === 'mysql' ? comp.data.server.waitTimeout : undefined;
    if (s && !s.isDefault && s.loc) {
      return {
        value: s.value,
        describe: `wait_timeout ${formatDuration(s.value)} at ${s.loc.path}:${s.loc.line}`,
        loc: s.loc,
      };
    }
    return {
      value: MYSQL_WAIT_DEFAULT,
      describe: `wait_timeout ${formatDuration(MYSQL_WAIT_DEFAULT)} (default${comp ? `, not set in ${comp.path}` : ', no MySQL config in the input'}; ${MYSQL_WAIT_SOURCE})`,
    };
  }
  const s = comp?.format === 'postgres' ? comp.data.idleSessionTimeout : undefined;
  if (s && !s.isDefault && s.loc && s.value > 0) {
    return {
      value: s.value,
      describe: `idle_session_timeout ${formatDuration(s.value)} at ${s.loc.path}:${s.loc.line}`,
      loc: s.loc,
    };
  }
  return {
    value: Number.POSITIVE_INFINITY,
    describe: 'no idle limit (PostgreSQL idle_session_timeout = 0, the default: idle sessions are kept forever)',
  };
}

const rule: Rule = {
  meta: {
    id: 'haproxy-timeout-kills-db-sessions',
    severity: 'error',
    title: 'HAProxy cuts idle database sessions the database would keep',
    summary:
      'A TCP-mode HAProxy proxy in front of MySQL/PostgreSQL closes idle sessions sooner than the database does, so pooled or long-task connections die under the application.',
    explanation:
      'In TCP mode HAProxy closes a connection that has been idle for `timeout client`/`timeout server` (or `timeout tunnel`, which replaces both once the session is established). The database keeps idle sessions much longer (MySQL `wait_timeout` defaults to 28800 s), so applications that keep connections open — connection pools, Django `CONN_MAX_AGE`, long Celery tasks — reuse a connection HAProxy has already closed and get MySQL error 2013 "Lost connection to MySQL server during query" or 2006 "MySQL server has gone away". The 50 s people meet is the `timeout client 50000` of the haproxy.cfg that distributions ship; an unset timeout means none at all.',
    fix: 'Give the database proxy an idle timeout at least as long as the database keeps sessions, with a unit: `timeout tunnel 8h` (or `timeout client 8h` and `timeout server 8h`) in that listen/backend — or lower wait_timeout and have the application recycle connections sooner (Django CONN_MAX_AGE, SQLAlchemy pool_recycle) and retry with back-off.',
    references: [
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20tunnel',
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20client',
      'https://mariadb.com/kb/en/server-system-variables/#wait_timeout',
      'https://dev.mysql.com/doc/refman/8.0/en/gone-away.html',
    ],
    messages: {
      cuts: 'HAProxy {{kind}} "{{proxy}}" (mode tcp) forwards {{db}} traffic and closes a session idle for {{idle}} ({{idleSource}}), but the database keeps idle sessions {{dbIdle}} ({{dbSource}}). Connections the application keeps open longer than {{idle}} are cut by the proxy: expect "Lost connection to MySQL server during query" (2013) / "server has gone away" (2006), or "Connection lost: The server closed the connection" in Node clients.',
    },
    requires: [['haproxy']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'haproxy')) {
      const cfg = comp.data;
      for (const back of cfg.proxies) {
        if (back.kind === 'frontend') continue;
        const links = serverLinks(stack, comp, back);
        const role = targetRole(links);
        if (role !== 'mysql' && role !== 'postgres') continue;
        const fronts = frontendsOf(cfg, back);
        for (const front of fronts.length ? fronts : [back]) {
          if (front.mode.value !== 'tcp' || back.mode.value !== 'tcp') continue;
          const idle = tcpIdleTimeout(front, back);
          if (!idle) continue; // no timeout at all: haproxy-timeout-missing says so
          const target = links.find((l) => l.to)?.to?.component;
          const db = dbIdle(stack, target, role);
          if (idle.value >= db.value) continue;
          const fix =
            role === 'mysql'
              ? `In ${back.kind} "${back.name}" write \`timeout tunnel ${Math.ceil(db.value / 3600000)}h\` (≥ wait_timeout, with a unit: a bare number is milliseconds), or set \`timeout client\` and \`timeout server\` to it; or lower wait_timeout and recycle connections in the app before it (Django CONN_MAX_AGE, SQLAlchemy pool_recycle), retrying with back-off (e.g. tenacity).`
              : `In ${back.kind} "${back.name}" write \`timeout tunnel 8h\` (with a unit), or make the application close idle connections before ${formatDuration(idle.value)} (pool idleTimeoutMillis) and use TCP keep-alives.`;
          out.push({
            messageId: 'cuts',
            data: {
              kind: back.kind,
              proxy: back.name,
              db: role === 'mysql' ? 'MySQL/MariaDB' : 'PostgreSQL',
              idle: formatDuration(idle.value),
              idleSource: idle.describe,
              dbIdle: db.value === Number.POSITIVE_INFINITY ? 'forever' : formatDuration(db.value),
              dbSource: db.describe,
            },
            locations: uniqueLocs([...idle.locs, front.loc, back.loc, db.loc]),
            fix,
          });
        }
      }
    }
    return out;
  },
};

export default rule;
