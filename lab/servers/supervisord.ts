// supervisord (Debian's supervisor package) in the foreground, with its log, the programs' logs and the
// program file where a host has them (/etc/supervisor/conf.d), so the bundle carries startretries.
import { mkdirSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start } from '../lib/procs.js';

export interface Program {
  name: string;
  command: string;
  directory: string;
  env?: Record<string, string>;
  /** How many failed starts in a row before supervisord gives up (FATAL); supervisord's default is 3. */
  startretries: number;
}

function programConf(p: Program, hostPaths: (x: string) => string): string {
  const env = Object.entries(p.env ?? {})
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `[program:${p.name}]
command=${p.command}
directory=${hostPaths(p.directory)}
autostart=true
autorestart=true
startsecs=1
startretries=${p.startretries}
stdout_logfile=${hostPaths(`/var/log/${p.name}/${p.name}.out.log`)}
stderr_logfile=${hostPaths(`/var/log/${p.name}/${p.name}.err.log`)}
${env ? `environment=${env}\n` : ''}`;
}

export function startSupervisord(ctx: LabContext, programs: Program[]): Started {
  mkdirSync(ctx.p('/var/log/supervisor'), { recursive: true });
  mkdirSync(ctx.p('/run'), { recursive: true });
  for (const p of programs) {
    mkdirSync(ctx.p(`/var/log/${p.name}`), { recursive: true });
    ctx.write(`/etc/supervisor/conf.d/${p.name}.conf`, programConf(p, ctx.p));
  }
  const main = ctx.write(
    '/etc/supervisor/supervisord.conf',
    `[supervisord]
nodaemon=true
logfile=${ctx.p('/var/log/supervisor/supervisord.log')}
pidfile=${ctx.p('/run/supervisord.pid')}
childlogdir=${ctx.p('/var/log/supervisor')}

[include]
files = ${ctx.p('/etc/supervisor/conf.d')}/*.conf
`,
  );
  const proc = start('supervisord', 'supervisord', ['-n', '-c', main], { log: `${ctx.tmp}/stdio/supervisord.log` });
  ctx.log(`supervisord pid ${proc.pid} (${programs.map((p) => p.name).join(', ')})`);
  return proc;
}
