// Contexts built from the lab corpus's real lines of the other stacks (PHP-FPM, gunicorn), for the detector
// tests: each line typed by the catalog as the pipeline would, at the time it carries.
import { readFileSync } from 'node:fs';
import { context, ev } from './analysis-context.js';

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
