import { mkdirSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

/** redis.conf with the directives Debian's /etc/redis/redis.conf sets, plus the scenario's memory policy. */
export function redisConf(ctx: LabContext, port: number, memory: string): string {
  return `# Redis configuration file (Debian layout, comments trimmed)
bind 127.0.0.1
protected-mode yes
port ${port}
tcp-backlog 511
timeout 0
tcp-keepalive 300
daemonize no
supervised no
pidfile ${ctx.p('/run/redis/redis-server.pid')}
loglevel notice
logfile ${ctx.p('/var/log/redis/redis-server.log')}
databases 16
always-show-logo no
set-proc-title yes
save ""
dbfilename dump.rdb
dir ${ctx.p('/var/lib/redis')}
${memory}
appendonly no
`;
}

export async function startRedis(ctx: LabContext, conf: string, port: number): Promise<Started> {
  const file = ctx.write('/etc/redis/redis.conf', conf);
  for (const d of ['/var/lib/redis', '/run/redis', '/var/log/redis']) mkdirSync(ctx.p(d), { recursive: true });
  const proc = start('redis-server', 'redis-server', [file], { log: `${ctx.tmp}/stdio/redis.log` });
  await waitListening(port, 'redis-server', 10000, proc);
  ctx.log(`redis-server pid ${proc.pid} on 127.0.0.1:${port}`);
  return proc;
}
