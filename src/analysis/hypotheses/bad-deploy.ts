// bad-deploy: the errors start right after a change (a deploy, a reload with new code or config, an upgrade) and
// stop after the next one (the rollback). The change is the candidate only when the service ran before it — an
// earlier start of the same subject — with no error in the 2 minutes before it and no process death just before
// it (a restart after a crash is the crash's consequence, not a deploy); the errors must follow within a minute.
import type { LogEvent } from '../../model/event.js';
import { clip } from '../../report/redact.js';
import type { AnalysisContext, Change, Evidence, Hypothesis, HypothesisDetector } from '../types.js';
import { headline, isError as isErrorTemplate } from './novel-error.js';
import { byTime, deathTimes, hasIncident, hasNear, hypothesis, plural, quote, toEvidence } from './weigh.js';

const SECOND = 1000;
const MINUTE = 60_000;
const CANDIDATE: ReadonlySet<string> = new Set(['deploy', 'restart', 'reload', 'upgrade', 'config']);
/** The service ran at least this long before the change (an earlier start of the same subject). */
const RAN_BEFORE = 5 * SECOND;
const CLEAN_BEFORE = 2 * MINUTE;
const ERRORS_WITHIN = MINUTE;
/** In-flight requests of the old workers may still fail this long after the rollback. */
const DRAIN = 3 * SECOND;
const MIN_ERRORS = 3;

interface Found {
  change: Change;
  rollback?: Change;
  /** Error lines as evidence, in time order (signature hits and the unusual error templates' first lines). */
  errors: Evidence[];
  /** Error lines in the incident from the change to the rollback (estimated for mined templates). */
  count: number;
  first: number;
  /** What the first error says, without its stamp. */
  said: string;
  /** The earliest earlier change of the same service: it ran since then. */
  ranSince: number;
}

const isError = (e: LogEvent) => e.level === 'error' || e.level === 'critical';

/** An error template of the incident, from what is unusual: its lines are the errors no signature knows. */
interface ErrorTemplate {
  first: number;
  last: number;
  count: number;
  paths: Set<string>;
  evidence: Evidence[];
  said: string;
}

function errorTemplates(ctx: AnalysisContext, incident: number): ErrorTemplate[] {
  return (ctx.unusual ?? [])
    .filter((u) => u.incident === incident && u.source !== 'requests' && u.new && u.first !== '' && isErrorTemplate(u))
    .map((u) => ({
      first: Date.parse(u.first),
      last: Date.parse(u.last),
      count: u.count,
      paths: new Set(u.evidence.map((e) => e.path)),
      evidence: u.evidence,
      said: headline(u, u.evidence[0]),
    }))
    .filter((t) => Number.isFinite(t.first));
}

function candidateFor(ctx: AnalysisContext, i: number, errors: LogEvent[], deaths: number[]): Found | undefined {
  const inc = ctx.incidents[i];
  const inside = errors.filter((e) => e.time >= inc.start - MINUTE && e.time <= inc.end);
  const templates = errorTemplates(ctx, i).filter((t) => t.first <= inc.end);
  const onset = Math.min(inside[0]?.time ?? Number.POSITIVE_INFINITY, ...templates.map((t) => t.first));
  if (!Number.isFinite(onset)) return undefined;
  const changes = (ctx.changes ?? []).filter((c) => CANDIDATE.has(c.kind));
  // The latest change before the onset that is a deploy of a service that ran, not a start after a crash: of a
  // PM2 reload the app's own restart line names the service, the reload line only PM2.
  const before = changes.filter((c) => c.time <= onset && c.time >= onset - ERRORS_WITHIN).reverse();
  const change = before.find(
    (c) =>
      changes.some((o) => o.subject === c.subject && o.time <= c.time - RAN_BEFORE) &&
      !hasNear(deaths, c.time, 30 * SECOND, 0) &&
      !errors.some((e) => e.time < c.time && e.time >= c.time - CLEAN_BEFORE),
  );
  if (!change) return undefined;
  const fresh = templates.filter((t) => t.first >= change.time);
  const paths = new Set([...inside.map((e) => e.path), ...fresh.flatMap((t) => [...t.paths])]);
  // The rollback: a later change of the same service after which those errors are not logged again.
  const rollback = changes.find(
    (c) =>
      c.time > onset &&
      c.subject === change.subject &&
      !errors.some((e) => paths.has(e.path) && e.time > c.time + DRAIN && e.time <= inc.end + 5 * MINUTE) &&
      fresh.every((t) => !(t.last > c.time + DRAIN)),
  );
  const last = rollback ? rollback.time + DRAIN : inc.end;
  const during = inside.filter((e) => e.time >= change.time && e.time <= last);
  const count = during.length + fresh.reduce((n, t) => n + t.count, 0);
  if (count < MIN_ERRORS) return undefined;
  const lines = [...during.map(toEvidence), ...fresh.flatMap((t) => t.evidence)].sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time),
  );
  const firstEvent = during[0];
  const firstTemplate = [...fresh].sort((a, b) => a.first - b.first)[0];
  const said =
    firstEvent && !(firstTemplate && firstTemplate.first < firstEvent.time)
      ? quote(firstEvent)
      : (firstTemplate?.said ?? '');
  const ranSince = Math.min(...changes.filter((o) => o.subject === change.subject).map((o) => o.time));
  return { change, rollback, errors: lines, count, first: onset, said, ranSince };
}

export function detectBadDeploy(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx) || !ctx.changes?.length) return null;
  const errors = ctx.events.filter(isError).sort(byTime);
  const deaths = deathTimes(ctx);
  const all = ctx.changes;
  /** "the reload of PM2 app cart": a PM2 reload restarts each instance, and the instances' lines name the app. */
  const named = (c: Change) => {
    const reload =
      c.kind === 'restart' && all.some((o) => o.kind === 'reload' && Math.abs(o.time - c.time) <= 5 * SECOND);
    const subject = c.subject.startsWith('pm2:') ? `PM2 app ${c.subject.slice(4)}` : c.subject;
    return `${reload ? 'reload' : c.kind} of ${subject}`;
  };
  const found = ctx.incidents
    .map((_, i) => candidateFor(ctx, i, errors, deaths))
    .filter((f): f is Found => f !== undefined)
    .sort((a, b) => b.count - a.count)[0];
  if (!found) return null;
  const { change, rollback, errors: during, count } = found;
  const first = during[0];
  const gap = Math.max(0, Math.round((found.first - change.time) / SECOND));
  const at = (t: number) => new Date(t).toISOString().slice(11, 19);
  const confidence = (rollback ? 0.85 : 0.55) * Math.min(1, count / 5);
  const changeLine = change.evidence[0];
  const evidence = [
    ...(changeLine ? [changeLine] : []),
    ...during.slice(0, 2),
    ...(rollback?.evidence[0] ? [rollback.evidence[0]] : []),
    ...(during.length > 2 ? [during[during.length - 1]] : []),
  ];
  const pm2 = changeLine?.path.includes('.pm2/') === true;
  return hypothesis(
    {
      cause: 'bad-deploy',
      confidence,
      title: `Errors began ${gap} s after the ${named(change)}${rollback ? ' and stopped after the next one (a rollback)' : ''}`,
      explanation: [
        `The ${named(change)} at ${at(change.time)} UTC${changeLine ? ` (${changeLine.path}:${changeLine.line})` : ''} came after the service had run without an error since ${at(found.ranSince)} UTC;`,
        `${plural(count, 'error line')} followed from ${at(found.first)} UTC, the first \`${clip(found.said, 100, '…')}\` (${first.path}:${first.line}).`,
        rollback
          ? `They stopped after the ${named(rollback)} at ${at(rollback.time)} UTC: what the first change brought, the second took away.`
          : 'No later change of the same service was logged after which they stopped: nothing rolled it back.',
      ].join(' '),
      evidence,
      remedies: [
        {
          kind: 'stop-gap',
          text: rollback
            ? `stay on what runs since ${at(rollback.time)} UTC and hold the release that started at ${at(change.time)} UTC.`
            : `roll back the ${named(change)} made at ${at(change.time)} UTC.`,
        },
        {
          kind: 'fix',
          text: `find what the release changed on the failing path (the first error names it: \`${clip(found.said, 80, '…')}\`) and test that path before the next deploy.`,
        },
        {
          kind: 'long-term',
          text: 'deploy to one instance first (a canary) and roll back automatically when its error rate rises.',
        },
      ],
      confirm: pm2
        ? [
            `pm2 describe ${change.subject.replace(/^pm2:/, '')}   # restarts, uptime, the env it runs with`,
            "grep -nE 'reload|starting in|online' ~/.pm2/pm2.log | tail -20",
            'git log --since "1 day ago" --oneline   # in the app directory: what was deployed',
          ]
        : [
            `journalctl --since "${new Date(change.time - MINUTE).toISOString().slice(0, 19).replace('T', ' ')}" --until "${new Date(found.first + MINUTE).toISOString().slice(0, 19).replace('T', ' ')}" --utc`,
            'git log --since "1 day ago" --oneline   # in the app directory: what was deployed',
          ],
    },
    [],
  );
}

export const badDeploy: HypothesisDetector = {
  cause: 'bad-deploy',
  detect: detectBadDeploy,
  predicts: {
    must: [
      'a change of a service that ran before it (a deploy, a reload with new code or config, an upgrade)',
      'error lines (error-level signature hits or error templates new in the incident) starting within a minute after it',
    ],
    mustNot: [
      'an error in the 2 minutes before the change (the trouble began before it)',
      "a death of the process just before the change (a restart after a crash is the crash's consequence)",
      'errors going on after a later change of the same service (no rollback: the score drops from 0.85 to 0.55)',
    ],
    order: [
      'the change, then the errors within a minute, then (for the full score) a later change of the same service after which its errors stop',
    ],
  },
};
