import { componentsOf } from '../stack/stack.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'app-engine-single-instance',
    severity: 'warning',
    title: 'App Engine app may run on a single instance',
    summary:
      'With a minimum of one instance, a health-check failure or restart of that instance leaves no capacity: 502s until a new one starts.',
    explanation:
      'App Engine removes and restarts instances that fail health checks (memory pressure and long GC pauses make them fail — seed 000, the App Engine story). With automatic scaling at a minimum of one instance, the remaining capacity is nothing, or an instance that takes all the traffic and fails in turn; the nginx sidecar and the load balancer answer 502. App Engine flexible defaults to a minimum of 2 instances; the standard environment scales to zero by default.',
    fix: 'Set `automatic_scaling: min_num_instances: 2` (flexible) or `min_instances: 2` (standard) or more, watch latency jitter (GC) and memory per instance, and size the instance class so health checks keep passing under load.',
    references: [
      'https://cloud.google.com/appengine/docs/flexible/reference/app-yaml#automatic_scaling',
      'https://cloud.google.com/appengine/docs/standard/reference/app-yaml#scaling_elements',
    ],
    messages: {
      single:
        'app.yaml scales {{env}} App Engine down to {{min}} instance{{s}} ({{where}}): when that instance fails its health checks or restarts, nothing is left to serve.',
    },
    requires: [['app-engine']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const comp of componentsOf(stack, 'app-engine')) {
      const d = comp.data;
      const manual = d.manualScaling?.instances;
      const auto = d.automaticScaling?.minInstances;
      const setting = manual ?? auto;
      if (!setting || setting.isDefault || !setting.loc || setting.value > 1) continue;
      out.push({
        messageId: 'single',
        data: {
          env: d.env.value,
          min: setting.value,
          s: setting.value === 1 ? '' : 's',
          where: `${manual ? 'manual_scaling.instances' : 'min instances'} at ${setting.loc.path}:${setting.loc.line}`,
        },
        locations: uniqueLocs([setting.loc, d.automaticScaling?.loc]),
      });
    }
    return out;
  },
};

export default rule;
