import { formatSize } from '../model/units.js';
import { componentsOf } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

// Was a second message of pm2-memory-restart-exceeds-ram, shown as a WARNING under that rule's ERROR title
// ("…can never trigger before the host runs out of memory") which its body did not say: a rule of its own now.
const rule: Rule = {
  meta: {
    id: 'pm2-heap-above-memory-restart',
    severity: 'warning',
    title: 'PM2 restarts the app before V8 reaches its heap limit',
    summary:
      'A --max-old-space-size above max_memory_restart: PM2 kills the process on RSS before V8 ever collects harder near its heap limit.',
    explanation:
      'V8 collects more aggressively as the heap nears `--max-old-space-size`, and only throws "JavaScript heap out of memory" past it. PM2 restarts a process whose resident memory passes `max_memory_restart` (checked every 30 s by default). With the heap limit above the restart limit, PM2 decides when the process dies: a process that would have settled after a full collection is restarted instead, dropping its in-flight requests, and the heap limit never takes effect.',
    fix: 'Set `--max-old-space-size` a little below max_memory_restart (RSS includes more than the heap: about 80–90% of it), e.g. `--max-old-space-size=1700` with `max_memory_restart: "2G"`.',
    references: [
      'https://pm2.keymetrics.io/docs/usage/memory-limit/',
      'https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib',
    ],
    messages: {
      heapAbove:
        'PM2 app "{{app}}" gives V8 a heap of {{heap}} (--max-old-space-size) above its max_memory_restart {{limit}}: PM2 restarts it before V8 collects harder.',
    },
    requires: [['pm2']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'pm2')) {
      for (const app of comp.data.apps) {
        const limit = app.maxMemoryRestart;
        if (!limit || !app.maxOldSpaceSize || app.maxOldSpaceSize.value <= limit.value) continue;
        out.push({
          messageId: 'heapAbove',
          data: { app: app.name, heap: formatSize(app.maxOldSpaceSize.value), limit: formatSize(limit.value) },
          locations: uniqueLocs([app.maxOldSpaceSize.loc, limit.loc]),
        });
      }
    }
    return out;
  },
};

export default rule;
