import { formatDuration } from '../model/units.js';
import { componentById, componentsOf } from '../stack/stack.js';
import { frontendsOf, tcpIdleTimeout, uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'django-conn-max-age-outlives-proxy',
    severity: 'warning',
    title: 'Django keeps database connections longer than the proxy in between',
    summary:
      'Django reuses a database connection (CONN_MAX_AGE) after the HAProxy in front of the database has cut it for being idle.',
    explanation:
      'With `CONN_MAX_AGE` above 0 (or `None`, unlimited) Django and Celery workers keep their database connection between requests and tasks. When they reach the database through HAProxy in TCP mode, HAProxy closes connections idle longer than its client/server (or tunnel) timeout; the next query on such a connection fails with MySQL error 2013 "Lost connection to MySQL server during query" or 2006 "MySQL server has gone away" — the seed talk’s Celery story. Django checks connection health only at request boundaries (`CONN_HEALTH_CHECKS`, Django 4.1+), never inside a long task.',
    fix: 'Set CONN_MAX_AGE below the proxy’s idle timeout (and enable CONN_HEALTH_CHECKS), call `django.db.close_old_connections()` at the start of each Celery task, or raise the proxy’s timeout (`timeout tunnel`) above the connection’s lifetime.',
    references: [
      'https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections',
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20tunnel',
    ],
    messages: {
      outlives:
        "DATABASES['{{alias}}'] keeps connections {{age}} (CONN_MAX_AGE {{raw}}) and reaches the database through HAProxy {{proxy}}, which closes sessions idle for {{idle}} ({{idleSource}}). A connection reused after {{idle}} of idleness has been cut: 2013/2006 errors in requests and Celery tasks.",
    },
    requires: [['django'], ['haproxy']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const dj of componentsOf(stack, 'django')) {
      for (const db of dj.data.databases) {
        const link = stack.links.find((l) => l.from.component === dj.id && l.from.name === `DATABASES['${db.alias}']`);
        if (link?.to?.role !== 'haproxy') continue;
        const hap = componentById(stack, link.to.component, 'haproxy');
        if (!hap) continue;
        const [kind, ...rest] = link.to.name.split(' ');
        const front = hap.data.proxies.find((p) => p.kind === kind && p.name === rest.join(' '));
        if (front?.mode.value !== 'tcp') continue;
        const back =
          front.kind === 'listen'
            ? front
            : hap.data.proxies.find((p) => p.kind !== 'frontend' && p.name === front.defaultBackend?.value);
        if (!back || !frontendsOf(hap.data, back).includes(front)) continue;
        const idle = tcpIdleTimeout(front, back);
        if (!idle) continue;
        const age = db.connMaxAge.value;
        if (age !== null && age * 1000 <= idle.value) continue;
        out.push({
          messageId: 'outlives',
          data: {
            alias: db.alias,
            age: age === null ? 'forever' : formatDuration(age * 1000),
            raw: db.connMaxAge.raw ?? String(age),
            proxy: `${front.kind} "${front.name}"`,
            idle: formatDuration(idle.value),
            idleSource: idle.describe,
          },
          locations: uniqueLocs([db.connMaxAge.loc ?? db.loc, ...idle.locs, front.loc]),
          fix: `Set 'CONN_MAX_AGE': ${Math.max(0, Math.floor(idle.value / 1000) - 10)} (below HAProxy's ${formatDuration(idle.value)}) with 'CONN_HEALTH_CHECKS': True, and call close_old_connections() at the start of Celery tasks; or raise HAProxy's \`timeout tunnel\`.`,
        });
      }
    }
    return out;
  },
};

export default rule;
