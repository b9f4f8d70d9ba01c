import { probeLoc } from '../formats/config/probe-snapshot.js';
import { percent, probeSnapshots } from './_probe.js';
import { workerLimits } from './_service-limits.js';
import type { FindingDraft, Rule } from './types.js';

const WARN = 0.8;

const rule: Rule = {
  meta: {
    id: 'workers-near-limit',
    severity: 'warning',
    title: 'A worker pool runs close to the number of workers it may have',
    summary:
      'A php-fpm pool (pm = dynamic or ondemand) runs 80 % or more of its pm.max_children workers; an error when it runs all of them.',
    explanation:
      'A dynamic php-fpm pool spawns workers as requests come, up to pm.max_children. When every worker is busy, new requests wait in the pool\'s listen queue until one is free, and then time out at the web server (nginx 502/504, "upstream timed out"); php-fpm logs "WARNING: [pool www] server reached pm.max_children setting (5), consider raising it". The workers counted are the processes whose title is "php-fpm: pool <name>" in the probe snapshot; the limit comes from the pool\'s config beside it.',
    fix: 'Find why requests are slow (the slow log: `request_slowlog_timeout`, a database or API they wait on) before adding workers; then raise pm.max_children as far as memory allows (RAM for PHP ÷ the RSS of one worker), and set `request_terminate_timeout` so that a stuck request frees its worker.',
    references: ['https://www.php.net/manual/en/install.fpm.configuration.php'],
    messages: {
      near: 'php-fpm pool {{pool}} runs {{current}} workers of {{limit}} ({{pct}} %, {{describe}}): requests past them wait in its listen queue.',
    },
    requires: [['probe-snapshot'], ['php-fpm']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    const limits = workerLimits(stack);
    for (const data of probeSnapshots(stack)) {
      for (const l of limits) {
        const workers = data.snapshot.processes.filter((p) => p.workerOf === l.pool);
        if (workers.length === 0 || workers.length < WARN * l.limit) continue;
        out.push({
          messageId: 'near',
          data: {
            pool: l.pool.slice('php-fpm:'.length),
            current: workers.length,
            limit: l.limit,
            pct: percent(workers.length, l.limit),
            describe: l.describe,
          },
          locations: [probeLoc(data, `process:${workers[0].pid}`), l.loc],
          severity: workers.length >= l.limit ? 'error' : 'warning',
        });
      }
    }
    return out;
  },
};

export default rule;
