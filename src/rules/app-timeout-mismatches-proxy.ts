import type { Setting } from '../model/setting.js';
import { formatDuration } from '../model/units.js';
import { type AppServer, appServers, type ProxyRoute, proxyRoutes, reaches } from '../stack/app-servers.js';
import { uniqueLocs } from './_haproxy.js';
import type { FindingDraft, Rule } from './types.js';

function source(s: Setting<number>, name: string): string {
  if (s.isDefault) return `${name} default, ${s.defaultSource ?? 'documented default'}`;
  const at = `${s.raw ?? s.value} at ${s.loc?.path}:${s.loc?.line}`;
  // Apache's ProxyTimeout unset takes Timeout's value: name the line that was written.
  return s.inheritedFrom ? `${s.inheritedFrom} ${at}, as ${name} is not set` : `${name} ${at}`;
}

const AFTER_504: Record<AppServer['kind'], string> = {
  'php-fpm':
    'the PHP worker keeps running the request nobody waits for, and under slow requests every child stays busy: "server reached pm.max_children setting"',
  uwsgi:
    'the uWSGI worker keeps running the request nobody waits for, and under slow requests every worker stays busy: the listen queue fills ("uWSGI listen queue of socket … full")',
  gunicorn:
    'the gunicorn worker keeps running the request nobody waits for, and under slow requests every worker stays busy while nginx queues or refuses the rest',
};

function check(route: ProxyRoute, app: AppServer): FindingDraft | undefined {
  const wait = route.readTimeout;
  const limit = app.requestTimeout;
  // Two documented defaults that disagree are the servers' design, not a choice someone made here.
  if (wait.isDefault && limit.isDefault && limit.value > 0) return undefined;
  const proxy = route.component.format === 'nginx' ? 'nginx' : 'Apache';
  const data = {
    proxy,
    route: route.name,
    proxyWait: formatDuration(wait.value),
    proxySource: source(wait, route.timeoutName),
    app: app.name,
    appLimit: limit.value === 0 ? 'with no time limit' : formatDuration(limit.value),
    appSource: source(limit, app.timeoutName),
  };
  const locations = uniqueLocs([route.loc, wait.loc, limit.loc]);
  // The app's limit just below the proxy's is the intended ladder (the fix): within 10 s or 10 % of it.
  const close = Math.max(10_000, wait.value * 0.1);
  if (limit.value > 0 && wait.value - limit.value > close) {
    return { messageId: 'appKillsFirst', data, locations };
  }
  if (limit.value === 0 || limit.value > wait.value) {
    if (wait.value === 0) return undefined;
    return { messageId: 'appOutlivesProxy', data: { ...data, after: AFTER_504[app.kind] }, locations };
  }
  return undefined;
}

const rule: Rule = {
  meta: {
    id: 'app-timeout-mismatches-proxy',
    severity: 'warning',
    title: 'The proxy and the app server stop a slow request at different times',
    summary:
      'nginx or Apache waits for a response longer than gunicorn, uWSGI or PHP-FPM lets the request run (502s instead of the intended limit), or gives up (504) while the app keeps the worker busy.',
    explanation:
      'A slow request has two clocks: the proxy waits for the response for its read timeout — nginx `proxy_read_timeout`, `fastcgi_read_timeout`, `uwsgi_read_timeout` (60 s by default), Apache `ProxyPass timeout=`, else `ProxyTimeout`, else `Timeout` (60 s by default, 300 s in Debian\'s apache2.conf) — and the app server kills the worker after its own limit: gunicorn `timeout` (30 s by default; "[CRITICAL] WORKER TIMEOUT"), uWSGI `harakiri` (off by default; "HARAKIRI ON WORKER"), PHP-FPM `request_terminate_timeout` (0, off, by default; "execution timed out … terminating"). When the app kills first, the proxy sees the connection close without a response and answers 502 ("upstream prematurely closed connection while reading response header from upstream"): the proxy limit someone raised for long reports or uploads is never reached, and the 502s look like crashes. When the proxy gives up first it answers 504, but the worker goes on with a request nobody waits for; with slow requests piling up every worker is busy and new requests queue or are refused.',
    fix: "Put the app server's limit a little below the proxy's and raise both together for long requests: e.g. `proxy_read_timeout 120s;` with gunicorn `--timeout 110`, `fastcgi_read_timeout 60s;` with `request_terminate_timeout = 55s`, `uwsgi_read_timeout 60s;` with `harakiri = 55`. Move work that takes minutes to a task queue instead.",
    references: [
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout',
      'https://nginx.org/en/docs/http/ngx_http_fastcgi_module.html#fastcgi_read_timeout',
      'https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxytimeout',
      'https://docs.gunicorn.org/en/stable/settings.html#timeout',
      'https://uwsgi-docs.readthedocs.io/en/latest/Options.html#harakiri',
      'https://www.php.net/manual/en/install.fpm.configuration.php#request-terminate-timeout',
    ],
    messages: {
      appKillsFirst:
        '{{proxy}} ({{route}}) waits up to {{proxyWait}} for a response ({{proxySource}}), but {{app}} kills the worker after {{appLimit}} ({{appSource}}): requests slower than {{appLimit}} end in 502 "upstream prematurely closed connection", and the {{proxyWait}} limit is never reached.',
      appOutlivesProxy:
        '{{proxy}} ({{route}}) gives up after {{proxyWait}} ({{proxySource}}) and answers 504, but {{app}} lets a request run {{appLimit}} ({{appSource}}): {{after}}.',
    },
    requires: [
      ['nginx', 'apache'],
      ['gunicorn', 'uwsgi', 'php-fpm', 'systemd', 'procfile'],
    ],
  },
  check(stack) {
    const servers = appServers(stack);
    const out: FindingDraft[] = [];
    for (const route of proxyRoutes(stack)) {
      for (const app of servers) {
        if (!reaches(route, app)) continue;
        const f = check(route, app);
        if (f) out.push(f);
      }
    }
    return out;
  },
};

export default rule;
