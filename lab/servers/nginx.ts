import { mkdirSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

/** nginx.conf head the way Debian ships it (user, pid, worker settings), rooted in the run's host tree. */
export function nginxMain(ctx: LabContext, http: string): string {
  return `user www-data;
worker_processes 1;
pid ${ctx.p('/run/nginx.pid')};
error_log ${ctx.p('/var/log/nginx/error.log')};

events {
\tworker_connections 768;
}

http {
\tsendfile on;
\ttcp_nopush on;
\ttypes_hash_max_size 2048;
\tdefault_type application/octet-stream;

\taccess_log ${ctx.p('/var/log/nginx/access.log')};

\tgzip on;

${http}
}
`;
}

/** `env`: the server's environment (a sped-up clock for the healthy-days runs); the lab's own by default. */
export async function startNginx(
  ctx: LabContext,
  conf: string,
  port: number,
  env?: NodeJS.ProcessEnv,
): Promise<Started> {
  const file = ctx.write('/etc/nginx/nginx.conf', conf);
  mkdirSync(ctx.p('/var/log/nginx'), { recursive: true });
  mkdirSync(ctx.p('/run'), { recursive: true });
  // -e: nginx opens its compiled-in error log before reading the config; keep even that one in the tree.
  const proc = start('nginx', 'nginx', ['-c', file, '-e', ctx.p('/var/log/nginx/error.log'), '-g', 'daemon off;'], {
    log: `${ctx.tmp}/stdio/nginx.log`,
    env,
  });
  await waitListening(port, 'nginx', 10000, proc);
  ctx.log(`nginx pid ${proc.pid} on 127.0.0.1:${port}`);
  return proc;
}

/** The usual reverse-proxy site: one upstream, one server block, Stack Overflow-style proxy headers. */
export function proxySite(webPort: number, appPort: number, upstreamExtra = '', locationExtra = ''): string {
  return `\tupstream app {
\t\tserver 127.0.0.1:${appPort};${upstreamExtra}
\t}

\tserver {
\t\tlisten 127.0.0.1:${webPort};
\t\tserver_name api.example.com;

\t\tlocation / {
\t\t\tproxy_pass http://app;
\t\t\tproxy_set_header Host $host;
\t\t\tproxy_set_header X-Real-IP $remote_addr;
\t\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;${locationExtra}
\t\t}
\t}`;
}
