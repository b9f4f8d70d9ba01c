// Three healthy days of a small shop (nginx → Node): busy afternoons and evenings, quiet nights, pages fetched
// with their assets in bursts, daily log rotation. The measured false alarms were 3 "silence" incidents.
import type { LabContext } from '../lib/context.js';
import { officeHours, runHealthyDays } from '../lib/healthy-days.js';
import type { Scenario } from '../lib/scenario.js';

// Sessions per minute by UTC hour: a consumer shop peaks in the evening.
const DAILY = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.5, 0.9, 1.1, 1.2, 1.4, 1.8, 1.6, 1.4, 1.4, 1.5, 1.8, 2.2, 2.6, 2.8, 2.4,
  1.6, 0.8,
];

export const scenario: Scenario = {
  name: 'healthy-shop',
  cause: null,
  alsoCauses: [],
  rules: [],
  keepWhole: true,
  seed: 'healthy days are not incidents: three days of a shop',
  expect: [
    { file: '/var/log/nginx/access.log', match: /" 200 /, why: 'served traffic' },
    { file: '/var/log/nginx/access.log.1', match: /" 200 /, why: 'rotated daily' },
    { file: '/var/log/nginx/access.log', match: /" 5\d\d /, why: 'no server errors', absent: true },
    {
      file: '/var/log/nginx/error.log',
      match: /\[(error|crit|alert|emerg)\]/,
      why: 'no upstream errors',
      absent: true,
    },
  ],
  async run(ctx: LabContext) {
    await runHealthyDays(ctx, {
      start: Date.UTC(2026, 10, 12), // a Thursday
      days: 3,
      speed: 8_640,
      profile: officeHours(DAILY, 1),
      maxBurst: 6,
      paths: ['/', '/products/mug', '/products/teapot', '/cart', '/static/app.css', '/static/app.js', '/img/mug.jpg'],
      rotateEveryDays: 1,
      keep: 14,
      deploys: [],
      maxRequests: 60_000,
    });
  },
};
