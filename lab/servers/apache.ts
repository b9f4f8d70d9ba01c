// Apache httpd (Debian's apache2, event MPM) as a reverse proxy, its logs where Debian writes them.
import { mkdirSync } from 'node:fs';
import type { LabContext } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

const MODULES = '/usr/lib/apache2/modules';

/** An apache2.conf with one virtual host that proxies everything to 127.0.0.1:appPort. */
export function apacheProxyConf(ctx: LabContext, webPort: number, appPort: number): string {
  return `DefaultRuntimeDir ${ctx.p('/run/apache2')}
PidFile ${ctx.p('/run/apache2/apache2.pid')}
Mutex file:${ctx.p('/run/apache2')} default
User www-data
Group www-data
ServerName web1
Timeout 30
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule proxy_module ${MODULES}/mod_proxy.so
LoadModule proxy_http_module ${MODULES}/mod_proxy_http.so
ErrorLog ${ctx.p('/var/log/apache2/error.log')}
LogLevel warn
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
Listen 127.0.0.1:${webPort}

<VirtualHost 127.0.0.1:${webPort}>
\tServerName api.example.com
\tProxyPass / http://127.0.0.1:${appPort}/
\tProxyPassReverse / http://127.0.0.1:${appPort}/
\tCustomLog ${ctx.p('/var/log/apache2/access.log')} combined
</VirtualHost>
`;
}

export async function startApache(ctx: LabContext, conf: string, port: number): Promise<Started> {
  const file = ctx.write('/etc/apache2/apache2.conf', conf);
  mkdirSync(ctx.p('/var/log/apache2'), { recursive: true });
  mkdirSync(ctx.p('/run/apache2'), { recursive: true });
  const proc = start('apache2', 'apache2', ['-f', file, '-DFOREGROUND'], { log: `${ctx.tmp}/stdio/apache2.log` });
  await waitListening(port, 'apache2', 10000, proc);
  ctx.log(`apache2 pid ${proc.pid} on 127.0.0.1:${port}`);
  return proc;
}
