// A config finding that fired during an incident, shown firing: the log lines its mechanism writes, inside (or just
// before) an incident. nginx's "upstream timed out … while reading response header" is proxy_read_timeout running
// out; "upstream prematurely closed connection" with gunicorn's WORKER TIMEOUT is the app server killing first;
// MySQL's 2013 "Lost connection … during query" is HAProxy's timeout cutting the session.
import type { LogEvent } from '../model/event.js';
import type { Finding } from '../rules/types.js';
import { toEvidence } from './hypotheses/weigh.js';
import type { Evidence, Incident } from './types.js';

const PROXY_GAVE_UP = ['nginx-upstream-timed-out'];
const APP_KILLED = [
  'nginx-upstream-prematurely-closed',
  'gunicorn-worker-timeout',
  'uwsgi-harakiri',
  'php-fpm-execution-timed-out',
];
const SESSION_CUT = [
  'mysql-lost-connection-2013',
  'mysql-protocol-connection-lost',
  'mysql-protocol-connection-lost-code',
  'mysql-aborted-connection-read-error',
];

/** The signatures that show a finding firing, by "rule" or "rule/messageId". */
const FIRING: Record<string, string[]> = {
  // The proxy gave up; the worker it abandoned keeps a PHP-FPM child busy until the pool is full.
  'app-timeout-mismatches-proxy/appOutlivesProxy': [...PROXY_GAVE_UP, 'php-fpm-max-children-reached'],
  'app-timeout-mismatches-proxy/appKillsFirst': APP_KILLED,
  'timeout-ladder-inverted': PROXY_GAVE_UP,
  'timeout-missing-inner': PROXY_GAVE_UP,
  'haproxy-timeout-kills-db-sessions': SESSION_CUT,
  'django-conn-max-age-outlives-proxy': SESSION_CUT,
};

const MAX_LINES = 5;
/** An incident's lines may start a little before its detected start (the first timeouts cause it). */
const BEFORE_MS = 5 * 60_000;

export function firingSignatures(f: Finding): string[] | undefined {
  return FIRING[`${f.rule}/${f.messageId}`] ?? FIRING[f.rule];
}

/**
 * The findings with `evidence`: for each whose signatures appear during an incident, the first lines (where it
 * started) and the last one (that it went on). Findings without such lines are returned as they are.
 */
export function findingEvidence(findings: Finding[], events: readonly LogEvent[], incidents: Incident[]): Finding[] {
  if (!incidents.length) return findings;
  const during = (t: number) => incidents.some((i) => t >= i.start - BEFORE_MS && t <= i.end);
  return findings.map((f) => {
    const sigs = firingSignatures(f);
    if (!sigs) return f;
    const hits = events.filter((e) => e.signature && sigs.includes(e.signature) && during(e.time));
    if (!hits.length) return f;
    const picked = hits.length > MAX_LINES ? [...hits.slice(0, MAX_LINES - 1), hits[hits.length - 1]] : hits;
    const evidence: Evidence[] = picked.map(toEvidence);
    return { ...f, evidence, firing: hits.length };
  });
}
