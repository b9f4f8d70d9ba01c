import { formatDuration } from '../model/units.js';
import { componentsOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

/** Values people write as seconds: common idle/keep-alive/DB timeouts. */
const SECONDS_LIKE = new Set([10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800, 3600, 7200, 28800, 86400]);

/**
 * A bare number is milliseconds in HAProxy. It reads like seconds when taken as ms it is absurdly short
 * (under 1 s for client/server/tunnel/keep-alive timeouts), or when it is a well-known seconds value
 * (28800 = MySQL's wait_timeout) that as ms is under a minute.
 */
export function readsLikeSeconds(name: string, ms: number): boolean {
  if (name === 'connect' || name === 'check') return ms < 100 && SECONDS_LIKE.has(ms);
  if (ms < 1000) return true;
  return ms < 60000 && SECONDS_LIKE.has(ms);
}

const rule: Rule = {
  meta: {
    id: 'haproxy-timeout-unit',
    severity: 'warning',
    title: 'HAProxy timeout without a unit reads like seconds but is milliseconds',
    summary: 'A bare-number HAProxy timeout is milliseconds: `timeout client 28800` is 28.8 s, not 8 hours.',
    explanation:
      'HAProxy reads a time value without a unit as milliseconds (configuration manual, 2.5 "Time format"). A value copied from a seconds-based setting — MySQL’s `wait_timeout 28800`, a 30 s keep-alive — becomes a timeout a thousand times shorter, which cuts idle sessions and long requests. The seed talk (HAProxy in front of Galera) warns about exactly this.',
    fix: 'Always write the unit: `timeout client 8h`, `timeout server 30s`.',
    references: [
      'https://docs.haproxy.org/2.8/configuration.html#2.5',
      'https://docs.haproxy.org/2.8/configuration.html#4-timeout%20client',
    ],
    messages: {
      bare: '`timeout {{name}} {{raw}}` in {{where}} has no unit, so HAProxy reads it as {{asMs}}. If {{asSeconds}} was meant, write `timeout {{name}} {{suggest}}`.',
    },
    requires: [['haproxy']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const comp of componentsOf(stack, 'haproxy')) {
      const sections = [
        ...comp.data.defaults.map((d) => ({ where: d.name ? `defaults ${d.name}` : 'defaults', timeouts: d.timeouts })),
        ...comp.data.proxies.map((p) => ({ where: `${p.kind} ${p.name}`, timeouts: p.timeouts })),
      ];
      for (const sec of sections) {
        for (const [name, s] of Object.entries(sec.timeouts)) {
          if (!s?.loc || !s.raw || !/^\d+$/.test(s.raw.trim())) continue;
          if (s.inheritedFrom) continue; // reported where it is written
          const key = `${s.loc.path}:${s.loc.line}`;
          if (seen.has(key) || !readsLikeSeconds(name, s.value)) continue;
          seen.add(key);
          const n = Number(s.raw);
          const suggest = n % 3600 === 0 ? `${n / 3600}h` : n % 60 === 0 && n >= 120 ? `${n / 60}m` : `${n}s`;
          out.push({
            messageId: 'bare',
            data: {
              name,
              raw: s.raw,
              where: sec.where,
              asMs: formatDuration(s.value),
              asSeconds: formatDuration(n * 1000),
              suggest,
            },
            locations: [s.loc],
            fix: `Write \`timeout ${name} ${suggest}\` (or \`${s.raw}ms\` if milliseconds were meant).`,
          });
        }
      }
    }
    return out;
  },
};

export default rule;
