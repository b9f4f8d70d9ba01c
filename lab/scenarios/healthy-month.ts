// A healthy month (four weeks) of a low-traffic API (nginx → Node): quiet nights and weekends, weekly log rotation, a deploy at
// night. The measured false alarms were 7 "silence" incidents for its nights; it must give none.
import type { LabContext } from '../lib/context.js';
import { officeHours, runHealthyDays } from '../lib/healthy-days.js';
import type { Scenario } from '../lib/scenario.js';

// Sessions per minute by UTC hour on a weekday (a business API: next to nothing at night).
const WEEKDAY = [
  0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.15, 0.4, 0.8, 0.8, 0.8, 0.6, 0.6, 0.8, 0.8, 0.7, 0.5, 0.3, 0.25, 0.2,
  0.12, 0.05, 0.02,
];

export const scenario: Scenario = {
  name: 'healthy-month',
  cause: null,
  alsoCauses: [],
  rules: [],
  keepWhole: true,
  limitMs: 240_000,
  seed: 'healthy days are not incidents: a month of a quiet API',
  expect: [
    { file: '/var/log/nginx/access.log', match: /" 200 /, why: 'served traffic' },
    { file: '/var/log/nginx/access.log.1', match: /" 200 /, why: 'rotated weekly' },
    { file: '/var/log/nginx/access.log', match: /" 5\d\d /, why: 'no server errors', absent: true },
    {
      file: '/var/log/nginx/error.log',
      match: /\[(error|crit|alert|emerg)\]/,
      why: 'no upstream errors',
      absent: true,
    },
    { file: '/var/log/quiet-api/app.log', match: /shut down cleanly/, why: 'a deploy' },
  ],
  async run(ctx: LabContext) {
    const start = Date.UTC(2026, 9, 5); // a Monday
    await runHealthyDays(ctx, {
      start,
      // Four weeks (weekday × hour buckets need two); 6 s of real time per day keeps a 50 ms stall of the
      // traffic generator (a loaded machine) at 12 fake minutes, which the quiet API's own gaps exceed.
      days: 28,
      speed: 14_400,
      profile: officeHours(WEEKDAY, 0.3),
      maxBurst: 3,
      paths: ['/v1/accounts/1042', '/v1/accounts/1042/invoices', '/v1/health', '/v1/plans', '/v1/accounts/2210'],
      rotateEveryDays: 7,
      keep: 5,
      deploys: [start + 9 * 86_400_000 + 3 * 3_600_000],
      maxRequests: 60_000,
    });
  },
};
