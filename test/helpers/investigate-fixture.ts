// A fabricated investigate result shaped like seed 002 (nginx + PM2 + Node on EC2, logs in UTC read by a
// team in New York), for the report tests. Hypotheses come from the real detectors on realistic events.

import { findChanges } from '../../src/analysis/changes.js';
import { DETECTORS } from '../../src/analysis/hypotheses/index.js';
import type { AnalysisContext, Hypothesis, InvestigateResult, MinuteRow } from '../../src/analysis/types.js';
import { oversizedScenario, starvedHostScenario } from './scenarios.js';

function merge(a: AnalysisContext, b: AnalysisContext): AnalysisContext {
  return {
    ...a,
    events: [...a.events, ...b.events].sort((x, y) => x.time - y.time),
    restarts: [...a.restarts, ...b.restarts],
    findings: [...a.findings, ...b.findings],
    incidents: [
      {
        start: Math.min(a.incidents[0].start, b.incidents[0].start),
        end: Math.max(a.incidents[0].end, b.incidents[0].end),
        kinds: ['5xx-burst', 'restart', 'reboot'],
        summary: '',
        events: [],
      },
    ],
    eventTypeCounts: { ...b.eventTypeCounts, ...a.eventTypeCounts },
  };
}

function series(): MinuteRow[] {
  const t0 = Date.parse('2022-07-11T13:50:00Z');
  const rows: MinuteRow[] = [];
  for (let i = 0; i < 60; i++) {
    const bad = i >= 11 && i <= 14;
    rows.push({
      t: t0 + i * 60_000,
      requests: i >= 20 && i < 36 ? 0 : 40 + (i % 7),
      s5xx: bad ? 3 : 0,
      s502: bad ? 3 : 0,
      s503: 0,
      s504: 0,
      s4xx: i % 9 === 0 ? 1 : 0,
      errors: bad ? { 'nginx-error': 2, 'pm2:ob_api_server': 1 } : {},
      restarts: i === 12 || i === 14 ? 1 : 0,
      durSum: 10,
      durCount: 40,
    });
  }
  return rows;
}

/** The inputs of seed 002 as the read path lists them: three logs (one zone assumed) and a binary file skipped. */
const SEED002_INPUTS: InvestigateResult['inputs'] = [
  {
    path: 'var/log/nginx/error.log',
    format: 'nginx-error',
    lines: 3400,
    skipped: 0,
    timezone: 'America/New_York',
    timeBasis: 'assumed',
    error: null,
    host: 'api1',
  },
  {
    path: 'var/log/kern.log',
    format: 'kernel',
    lines: 120,
    skipped: 0,
    timezone: 'UTC',
    timeBasis: 'explicit',
    error: null,
  },
  {
    path: 'var/lib/jenkins/.pm2/logs/ob-api-server-error.log',
    format: 'node-log',
    lines: 1600,
    skipped: 2,
    timezone: 'UTC',
    timeBasis: 'explicit',
    error: null,
  },
  { path: 'var/log/wtmp', format: null, error: 'binary file', note: 'not a text log' },
];

export function seed002Result(): InvestigateResult {
  const ctx = merge(oversizedScenario(), starvedHostScenario());
  const hypotheses = DETECTORS.map((d) => d.detect(ctx))
    .filter((h): h is Hypothesis => h !== null)
    .sort((a, b) => b.confidence - a.confidence);
  const timeline = [...ctx.events];
  timeline.push({
    time: Date.parse('2022-07-11T14:02:17Z'),
    timeBasis: 'inferred',
    approximate: true,
    path: 'var/lib/jenkins/workspace/dev_backend/logs/ob_api_server_out.log',
    line: 5521,
    format: 'pm2-log',
    level: 'info',
    text: 'GET /v1/login?token=eyJhbGciOiJIUzI1NiJ9.abc.def 200 (DATABASE_URL=postgres://app:s3cretpw@db.internal:5432/app) {"password":"hunter2"}',
  });
  timeline.sort((a, b) => a.time - b.time);
  return {
    version: 1,
    inputs: SEED002_INPUTS,
    span: { start: '2022-07-11T13:50:00.000Z', end: '2022-07-11T16:40:00.000Z' },
    incidents: [
      {
        start: Date.parse('2022-07-11T14:01:27Z'),
        end: Date.parse('2022-07-11T14:19:19Z'),
        kinds: ['5xx-burst', 'restart', 'silence', 'reboot'],
        summary: '502s from nginx, 4 PM2 restarts of ob_api_server, no traffic for 16 minutes, then a reboot',
        events: ctx.events.slice(0, 5),
        peak5xxPerMinute: 3,
      },
    ],
    hypotheses,
    changes: findChanges(ctx.events).changes,
    restarts: ctx.restarts.map((r) => ({
      ...r,
      preceding: [
        {
          time: r.time - 3000,
          path: 'var/lib/jenkins/workspace/dev_backend/logs/ob_api_server_out.log',
          line: 880,
          text: 'GET /v1/customer/customers?id=[81]',
        },
        {
          time: r.time - 1000,
          path: 'var/lib/jenkins/workspace/dev_backend/logs/ob_api_server_out.log',
          line: 881,
          text: 'PUT /v1/inventory/attach_location/14176',
        },
      ],
    })),
    findings: [
      {
        rule: 'redis-maxmemory-unset',
        severity: 'warning',
        title: 'Redis has no maxmemory',
        message: 'redis.conf sets no maxmemory: Redis grows until the host runs out of memory.',
        locations: [{ path: 'etc/redis/redis.conf', line: 1 }],
        fix: 'Set maxmemory and a maxmemory-policy.',
        references: ['https://redis.io/docs/latest/develop/reference/eviction/'],
      },
    ],
    endpoints: [
      { endpoint: '/v1/customer/customers', method: 'GET', beforeFailures: 5, overall: 0.04, errors: 0 },
      { endpoint: '/v1/inventory/attach_location', method: 'PUT', beforeFailures: 5, overall: 0.01, errors: 1 },
      { endpoint: '/v1/orders/order', method: 'GET', beforeFailures: 4, overall: 0.06, errors: 0 },
    ],
    series: series(),
    timeline,
    assumptions: [
      'api1/var/log/nginx/error.log: zone America/New_York from etc/timezone',
      'var/log/syslog: year 2022 from the file date',
    ],
    problems: ['var/log/wtmp: binary file, skipped'],
  };
}

export function healthyResult(): InvestigateResult {
  return {
    version: 1,
    inputs: [
      {
        path: 'var/log/nginx/access.log',
        format: 'nginx-access',
        lines: 18000,
        skipped: 0,
        timezone: 'UTC',
        timeBasis: 'explicit',
        error: null,
      },
    ],
    span: { start: '2024-03-02T08:00:00.000Z', end: '2024-03-02T12:00:00.000Z' },
    incidents: [],
    hypotheses: [],
    changes: [],
    restarts: [],
    findings: [],
    endpoints: [],
    series: [],
    timeline: [],
    assumptions: [],
    problems: [],
  };
}
