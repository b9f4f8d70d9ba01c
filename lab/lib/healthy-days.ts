// Days to weeks of a healthy host, lived in a minute under a sped-up clock (fast-clock.ts): nginx in front of a
// small Node API, a day's traffic curve (quiet nights, weekends), logrotate's weekly or daily rotation with
// nginx reopening its logs, and a deploy at night. Nothing goes wrong: investigate must find no incident.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { nginxMain, proxySite, startNginx } from '../servers/nginx.js';
import { type LabContext, REPO_ROOT } from './context.js';
import { dayTraffic, FastClock, type Milestone, type Profile, rotateNumbered } from './fast-clock.js';
import { freePort } from './ports.js';
import { type Started, start, stopOne, waitListening } from './procs.js';

const DAY = 86_400_000;

export interface HealthyDays {
  /** Fake epoch ms the run starts at; days to live; fake seconds per real second. */
  start: number;
  days: number;
  speed: number;
  profile: Profile;
  maxBurst: number;
  paths: string[];
  /** Rotate nginx's logs every this many days (logrotate: weekly = 7, daily = 1), keeping `keep`. */
  rotateEveryDays: number;
  keep: number;
  /** Deploys: fake epoch ms at which the app is stopped cleanly and its next version started. */
  deploys: number[];
  maxRequests: number;
}

const APP_LOG = '/var/log/quiet-api/app.log';

function startApp(ctx: LabContext, clock: FastClock, port: number, version: string): Started {
  mkdirSync(ctx.p('/srv/quiet-api'), { recursive: true });
  const file = ctx.p('/srv/quiet-api/server.js');
  copyFileSync(join(REPO_ROOT, 'lab/apps/quiet-api.cjs'), file);
  return start('quiet-api', process.execPath, [file], {
    log: ctx.p(APP_LOG),
    env: clock.env({ ...process.env, PORT: String(port), APP_VERSION: version }),
  });
}

export async function runHealthyDays(ctx: LabContext, o: HealthyDays): Promise<void> {
  const [appPort, web] = [await freePort(), await freePort()];
  const clock = new FastClock(o.start, o.speed);
  let app = startApp(ctx, clock, appPort, '1.8.0');
  await waitListening(appPort, 'quiet-api', 10000, app);
  const conf = nginxMain(
    ctx,
    proxySite(
      web,
      appPort,
      '\n\t\tkeepalive 16;',
      '\n\t\t\tproxy_http_version 1.1;\n\t\t\tproxy_set_header Connection "";',
    ),
  );
  const nginx = await startNginx(ctx, conf, web, clock.env());
  const milestones: Milestone[] = [];
  for (let d = o.rotateEveryDays; d < o.days; d += o.rotateEveryDays) {
    milestones.push({
      at: o.start + d * DAY,
      run: async () => {
        for (const f of ['/var/log/nginx/access.log', '/var/log/nginx/error.log']) rotateNumbered(ctx.p(f), o.keep);
        process.kill(nginx.pid, 'SIGUSR1');
      },
    });
  }
  for (const [i, at] of o.deploys.entries()) {
    milestones.push({
      at,
      run: async () => {
        await stopOne(app, 5000);
        app = startApp(ctx, clock, appPort, `1.8.${i + 1}`);
        await waitListening(appPort, 'quiet-api', 10000, app);
        ctx.log(`deployed quiet-api 1.8.${i + 1} at ${new Date(clock.fakeNow()).toISOString()} (fake)`);
      },
    });
  }
  const responses = await dayTraffic(clock, {
    port: web,
    paths: o.paths,
    until: o.start + o.days * DAY,
    profile: o.profile,
    maxBurst: o.maxBurst,
    maxRequests: o.maxRequests,
    deadlineMs: ((o.days * DAY) / o.speed) * 1.5 + 10_000,
    milestones,
  });
  ctx.observed.responses = responses;
  ctx.observed.fakeDays = o.days;
  ctx.observed.speed = o.speed;
  ctx.log(`responses: ${JSON.stringify(responses)}; fake clock now ${new Date(clock.fakeNow()).toISOString()}`);
}

/** Sessions per minute of a weekday hour, scaled down at weekends (UTC, the servers' zone). */
export function officeHours(perHour: number[], weekend: number): Profile {
  return (t) => {
    const d = new Date(t);
    const day = d.getUTCDay();
    return perHour[d.getUTCHours()] * (day === 0 || day === 6 ? weekend : 1);
  };
}
