// config-error: a start or restart failed on a configuration error and left the service down. The server names the
// file and line it rejected (nginx `[emerg] … in /etc/nginx/conf.d/x.conf:12`, HAProxy `[ALERT] … parsing
// [/etc/haproxy/haproxy.cfg:7]`). The same line is written when a *reload* fails, and then the old workers keep the
// old configuration: requests go on, it is a warning, not an outage. So the line is the cause only when the
// incident begins at it or within a minute after it and no request was served in the minutes between (the
// service did not come back); a rejected reload followed by served minutes is said as such and blames nothing.
import type { LogEvent } from '../../model/event.js';
import { clip } from '../../report/redact.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector, Incident } from '../types.js';
import { byTime, hasIncident, hypothesis, ofTypes, toEvidence } from './weigh.js';

const MINUTE = 60_000;
/** The rejected start comes at most this long before the incident's first minute (a silence starts on a minute). */
const BEFORE = 2 * MINUTE;
const AFTER = MINUTE;

const at = (t: number) => new Date(t).toISOString().slice(11, 19);
const minuteOf = (t: number) => Math.floor(t / MINUTE) * MINUTE;

/** Whether requests were served after the line and before the incident: then the old workers ran on (a reload). */
function servedAfter(ctx: AnalysisContext, e: LogEvent, until: number): boolean {
  return ctx.series.some((r) => r.t >= minuteOf(e.time) + MINUTE && r.t < until && r.requests > 0);
}

function where(e: LogEvent): string {
  const file = e.fields?.file;
  const line = e.fields?.cfgline;
  return file !== undefined && line !== undefined ? `${file}:${line}` : '';
}

function server(e: LogEvent): 'nginx' | 'haproxy' {
  return e.text.includes('[ALERT]') ? 'haproxy' : 'nginx';
}

interface Found {
  incident: Incident;
  line: LogEvent;
  reloads: LogEvent[];
}

function find(ctx: AnalysisContext, errors: LogEvent[]): Found | undefined {
  for (const incident of ctx.incidents) {
    const near = errors.filter((e) => e.time >= incident.start - BEFORE && e.time <= incident.start + AFTER);
    const down = near.filter((e) => !servedAfter(ctx, e, incident.start));
    const line = down.find((e) => where(e) !== '') ?? down[0];
    if (!line) continue;
    const reloads = errors.filter((e) => e.time < line.time && servedAfter(ctx, e, line.time));
    return { incident, line, reloads };
  }
  return undefined;
}

export function detectConfigError(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const errors = ofTypes(ctx, ['config-error']).sort(byTime);
  if (!errors.length) return null;
  const found = find(ctx, errors);
  if (!found) return null;
  const { incident, line, reloads } = found;
  const srv = server(line);
  const file = where(line);
  const said = clip(String(line.fields?.message ?? line.text), 120, '…');
  const silent = incident.kinds.includes('silence');
  const fileOnly = String(
    line.fields?.file ?? (srv === 'nginx' ? '/etc/nginx/nginx.conf' : '/etc/haproxy/haproxy.cfg'),
  );
  const directive = /"(?<d>[^"]+)"|'(?<q>[^']+)'/.exec(said)?.groups;
  const named = directive?.d ?? directive?.q;
  const reload = reloads[reloads.length - 1];
  return hypothesis(
    {
      cause: 'config-error',
      confidence: (silent ? 0.85 : 0.6) * (file ? 1 : 0.85),
      title: `${srv === 'nginx' ? 'nginx' : 'HAProxy'} did not start: its configuration was rejected${file ? ` at ${file}` : ''}`,
      explanation: [
        `At ${at(line.time)} UTC ${srv === 'nginx' ? 'nginx' : 'HAProxy'} refused its configuration: \`${said}\` (${line.path}:${line.line}).`,
        silent
          ? `No request was served after it: the access log is silent from ${at(incident.start)} UTC, so the start (or restart) failed and nothing listened.`
          : `The incident begins at ${at(incident.start)} UTC, right after it, with no request served in between.`,
        reload
          ? `The same rejection at ${at(reload.time)} UTC (${reload.path}:${reload.line}) was a failed reload: requests went on with the old configuration, a warning until the restart.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      evidence: [...(reload ? [toEvidence(reload)] : []), toEvidence(line)],
      remedies: [
        {
          kind: 'stop-gap',
          text: `restore the last working ${fileOnly} (or fix the line) and start ${srv} again.`,
        },
        {
          kind: 'fix',
          text: `correct ${named ? `\`${named}\`` : 'the directive'}${file ? ` at ${file}` : ''}: ${said}.`,
        },
        {
          kind: 'long-term',
          text: `test every change before applying it (${srv === 'nginx' ? '`nginx -t`' : '`haproxy -c -f`'} in the deploy) and reload rather than restart: a rejected reload keeps the old configuration running.`,
        },
      ],
      confirm:
        srv === 'nginx'
          ? ['nginx -t', `grep -n '${named ?? 'emerg'}' ${fileOnly}`, "grep -n 'emerg' /var/log/nginx/error.log | tail"]
          : ['haproxy -c -f /etc/haproxy/haproxy.cfg', `sed -n '${line.fields?.cfgline ?? 1}p' ${fileOnly}`],
    },
    [],
  );
}

export const configError: HypothesisDetector = {
  cause: 'config-error',
  detect: detectConfigError,
  predicts: {
    must: [
      "a server's own configuration error line naming the file and line it rejected (nginx `[emerg]`, HAProxy `[ALERT]` parsing errors)",
    ],
    mustNot: [
      'requests served in the minutes after the line (a failed reload keeps the old workers running: a warning, not an outage)',
    ],
    order: ['the error line at the start of the incident or within a minute before it, then no request served'],
  },
};
