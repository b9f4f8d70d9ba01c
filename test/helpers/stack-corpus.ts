// Contexts built from the lab corpus's real lines of the other stacks (PHP-FPM, gunicorn), for the detector
// tests: each line typed by the catalog as the pipeline would, at the time it carries.
import { readFileSync } from 'node:fs';
import type { MinuteRow } from '../../src/analysis/types.js';
import { parseSupervisord } from '../../src/formats/log/supervisord-log.js';
import { context, ev, minutes, restart } from './analysis-context.js';

// The lab's php-fpm-max-children run (nginx 1.22 → PHP-FPM 8.2, pm.max_children = 2, listen.backlog = 1).
const FPM_CORPUS = new URL('../corpus/php-fpm-max-children/', import.meta.url).pathname;

export function nginxConnectTimeouts() {
  const lines = readFileSync(`${FPM_CORPUS}var/log/nginx/error.log`, 'utf8').split('\n');
  return lines.flatMap((text, i) =>
    text.includes('while connecting to upstream')
      ? [
          ev({
            path: 'var/log/nginx/error.log',
            line: i + 1,
            time: `${text.slice(0, 10).replaceAll('/', '-')}T${text.slice(11, 19)}Z`,
            text,
            format: 'nginx-error',
            event: 'queue-full',
          }),
        ]
      : [],
  );
}

export function fpmMaxChildren() {
  const lines = readFileSync(`${FPM_CORPUS}var/log/php8.2-fpm.log`, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes('max_children'));
  return ev({
    path: 'var/log/php8.2-fpm.log',
    line: i + 1,
    time: '2026-12-03T18:23:18Z',
    text: lines[i],
    format: 'php-fpm-log',
    level: 'warning',
    event: 'maxconn-reached',
  });
}

// The lab's gunicorn-worker-timeout run: gunicorn 20.1 (--timeout 3) behind nginx 1.22.
const GUNICORN = new URL('../corpus/gunicorn-worker-timeout/var/log/', import.meta.url).pathname;

/** Its WORKER TIMEOUT lines and nginx's closes, nginx's clock `skewMs` off (its error log carries no zone). */
export function gunicornTimeouts(skewMs: number) {
  const gunicorn = readFileSync(`${GUNICORN}gunicorn/error.log`, 'utf8').split('\n');
  const nginx = readFileSync(`${GUNICORN}nginx/error.log`, 'utf8').split('\n');
  const timeouts = gunicorn.flatMap((text, i) =>
    text.includes('WORKER TIMEOUT')
      ? [
          ev({
            path: 'var/log/gunicorn/error.log',
            line: i + 1,
            time: `${text.slice(1, 11)}T${text.slice(12, 20)}Z`,
            text,
            format: 'python-log',
            level: 'critical',
            event: 'request-timeout',
          }),
        ]
      : [],
  );
  const closes = nginx.flatMap((text, i) =>
    text.includes('prematurely closed')
      ? [
          ev({
            path: 'var/log/nginx/error.log',
            line: i + 1,
            time: new Date(
              Date.parse(`${text.slice(0, 10).replaceAll('/', '-')}T${text.slice(11, 19)}Z`) + skewMs,
            ).toISOString(),
            text,
            format: 'nginx-error',
            event: 'upstream-closed',
          }),
        ]
      : [],
  );
  return context({ events: [...timeouts, ...closes] });
}

// The lab's supervisord-crash-loop run: supervisor 4.2 starting a Node API that exits 1 at start, behind Apache.
const SUPERVISORD = new URL('../corpus/supervisord-crash-loop/var/log/supervisor/supervisord.log', import.meta.url)
  .pathname;

/**
 * Its supervisord log as the pipeline hands it to the detectors: every line an event, each `exited: … not
 * expected` and `gave up:` also a restart. `exits` keeps only the first so many exits (and no gave-up line).
 */
export function supervisordLoop(exits = Number.POSITIVE_INFINITY) {
  const lines = readFileSync(SUPERVISORD, 'utf8').split('\n');
  const events: ReturnType<typeof ev>[] = [];
  const restarts: ReturnType<typeof restart>[] = [];
  let kept = 0;
  lines.forEach((text, i) => {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) (\w+) (.*)$/.exec(text);
    if (!m) return;
    const time = `${m[1]}T${m[2]}.${m[3]}Z`;
    const exit = /exited: (\S+) \(exit status (\d+); not expected\)/.exec(m[5]);
    const gaveUp = /^gave up: (\S+) /.exec(m[5]);
    if ((exit && ++kept > exits) || (gaveUp && kept > exits)) return;
    // The fields the format's parser gives (app, supervisorEvent, exitCode…), as the pipeline keeps them.
    const fields = parseSupervisord(text)?.fields;
    const level = m[4] === 'WARN' ? 'warning' : m[4] === 'CRIT' ? 'critical' : 'info';
    const path = 'var/log/supervisor/supervisord.log';
    events.push(ev({ path, line: i + 1, time, text, format: 'supervisord-log', level, ...(fields ? { fields } : {}) }));
    if (exit) restarts.push(restart(time, `supervisord:${exit[1]}`, `exited with code ${exit[2]}`, path, i + 1, text));
    if (gaveUp)
      restarts.push(
        restart(
          time,
          `supervisord:${gaveUp[1]}`,
          'too many unstable restarts: supervisord stopped restarting',
          path,
          i + 1,
          text,
        ),
      );
  });
  return context({ events, restarts, inputs: [] });
}

// A day of the lab's healthy-shop access log (nginx 1.22, bursty pages) as the per-minute series, with the lab's
// memory-exhaustion PM2 max_memory_restart lines moved to chosen minutes of that day.
const SHOP_ACCESS = new URL('../corpus/healthy-shop/var/log/nginx/access.log', import.meta.url).pathname;
const PM2_LOG = new URL('../corpus/memory-exhaustion/home/app/.pm2/pm2.log', import.meta.url).pathname;
const MONTHS: Record<string, string> = { Oct: '10', Nov: '11', Dec: '12' };

/** Requests per minute of the shop's access log, as the series counts them. */
export function shopSeries(): MinuteRow[] {
  const perMinute = new Map<number, number>();
  for (const line of readFileSync(SHOP_ACCESS, 'utf8').split('\n')) {
    const m = /\[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):\d\d \+0000\]/.exec(line);
    if (!m) continue;
    const t = Date.parse(`${m[3]}-${MONTHS[m[2]]}-${m[1]}T${m[4]}:${m[5]}:00Z`);
    perMinute.set(t, (perMinute.get(t) ?? 0) + 1);
  }
  const first = Math.min(...perMinute.keys());
  const last = Math.max(...perMinute.keys());
  const starts = Array.from({ length: (last - first) / 60_000 + 1 }, (_, i) => first + i * 60_000);
  return minutes(
    new Date(first).toISOString(),
    starts.map((t) => ({ requests: perMinute.get(t) ?? 0 })),
  );
}

/** The PM2 memory restarts of the lab, one at each of `times` (epoch ms), in their order. */
export function memoryRestartsAt(times: number[]) {
  const lines = readFileSync(PM2_LOG, 'utf8').split('\n');
  const restarts = lines.flatMap((text, i) =>
    text.includes('exceeds --max-memory-restart') ? [{ text, line: i + 1 }] : [],
  );
  return times.map((t, k) => {
    const { text, line } = restarts[k % restarts.length];
    const stamp = new Date(t).toISOString().slice(0, 19);
    return ev({
      path: 'home/app/.pm2/pm2.log',
      line,
      time: `${stamp}Z`,
      text: `${stamp}${text.slice(19)}`,
      format: 'pm2-log',
      event: 'memory-limit-restart',
    });
  });
}
