import { posix } from 'node:path';
import { componentsOf } from '../stack/stack.js';
import type { FindingDraft, Rule } from './types.js';

const DAEMONS: [RegExp, string][] = [
  [/\bforever\s+start\b|\bforever\b/, 'forever'],
  [/\bpm2\s+start\b/, 'pm2 start'],
  [/\bnodemon\b/, 'nodemon'],
];

const rule: Rule = {
  meta: {
    id: 'paas-process-manager-in-dyno',
    severity: 'warning',
    title: 'A process manager runs inside a Heroku dyno',
    summary:
      'forever/pm2/nodemon inside a dyno hides crashes from the platform and mishandles its SIGTERM: H10/H99 errors, lost requests on restarts.',
    explanation:
      'The dyno manager already supervises the process in the Procfile: it restarts it on crash, sends SIGTERM and allows 30 s to exit on restarts, scaling and daily cycling, and idles free dynos. A daemonizing manager (`forever start`, `pm2 start`) returns at once — the dyno manager thinks the process exited — or keeps a crashed app "running" behind its back; nodemon restarts on file changes. The result is the seed thread’s Node-on-Heroku story: H99 platform errors, idling, SIGTERM not reaching the app, requests dropped. `pm2-runtime` is PM2’s foreground mode for containers and behaves; the usual advice is plain `node server.js`, with the cluster module (or throng) for several processes and shared state (sessions) in Redis.',
    fix: 'Run the app in the foreground: `web: node server.js` (or `web: pm2-runtime start ecosystem.config.js`); handle SIGTERM to finish in-flight requests within 30 s; use the cluster module for more processes per dyno.',
    references: [
      'https://devcenter.heroku.com/articles/dynos#restarting',
      'https://devcenter.heroku.com/articles/node-concurrency',
      'https://pm2.keymetrics.io/docs/usage/docker-pm2-nodejs/',
    ],
    messages: {
      procfile: 'Procfile process "{{type}}" runs `{{command}}`: {{manager}} inside a dyno fights the dyno manager.',
      script:
        'package.json start script runs {{manager}} and the app is deployed with a Procfile ({{procfile}}): {{manager}} inside a dyno fights the dyno manager.',
    },
    requires: [['procfile']],
  },
  check(stack) {
    const out: FindingDraft[] = [];
    for (const pf of componentsOf(stack, 'procfile')) {
      let fired = false;
      for (const p of pf.data.processes) {
        if (/\bpm2-runtime\b/.test(p.command)) continue;
        const hit = DAEMONS.find(([re]) => re.test(p.command));
        if (!hit) continue;
        fired = true;
        out.push({
          messageId: 'procfile',
          data: { type: p.type, command: p.command, manager: hit[1] },
          locations: [p.loc],
        });
      }
      if (fired) continue;
      // `web: npm start` with a start script that daemonizes.
      if (!pf.data.processes.some((p) => /\b(npm|yarn)\s+(run\s+)?start\b/.test(p.command))) continue;
      const dir = posix.dirname(pf.path);
      for (const app of stack.nodeApps) {
        for (const pm of app.config.processManagers) {
          if (!pm.loc || posix.dirname(pm.loc.path) !== dir || /runtime/.test(pm.value)) continue;
          out.push({
            messageId: 'script',
            data: { manager: pm.value, procfile: pf.path },
            locations: [pm.loc, pf.data.processes[0].loc],
          });
        }
      }
    }
    return out;
  },
};

export default rule;
