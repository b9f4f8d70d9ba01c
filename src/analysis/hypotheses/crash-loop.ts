// crash-loop: the process keeps dying on uncaught exceptions or unhandled promise rejections and the
// process manager keeps restarting it (PM2, forever, systemd, Heroku "App crashed"). Three or more
// restarts that follow such errors make it a loop. When the errors themselves name a more specific
// cause (RangeError: Invalid string length, heap out of memory, EMFILE, ENOSPC), that cause ranks first.
import { typesWith } from '../../signatures/traits.js';
import type { EventType } from '../../signatures/types.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector, Restart } from '../types.js';
import {
  distinct,
  files,
  hasIncident,
  hypothesis,
  type Line,
  ofTypes,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  typeOf,
  when,
} from './weigh.js';

const FINDINGS = ['paas-process-manager-in-dyno', 'pm2-memory-restart-exceeds-ram'];

/** Errors that kill the process when nothing catches them. */
const CRASH_TYPES = typesWith('crash');
/** Crash reasons that another detector explains more precisely. */
const SPECIFIC: Partial<Record<EventType, string>> = {
  'invalid-string-length': 'oversized-payload',
  'heap-out-of-memory': 'memory-exhaustion',
  'too-many-open-files': 'fd-exhaustion',
  'disk-full': 'disk-full',
};
/** How long before a restart an error still counts as what killed the process. */
const LOOKBACK = 60_000;

function isHostRestart(r: Restart): boolean {
  return /reboot|^host\b|kernel/i.test(`${r.process} ${r.reason}`);
}

/** What killed the process: a logged event, or the error line rebuilt from what preceded the restart. */
type KillingError = Line & { signature?: string; event?: EventType };

/** The first line of the error, without the log prefix: "RangeError: Invalid string length". */
function errorName(e: KillingError): string {
  const m = /\b([A-Z]\w*(?:Error|Exception)\b[^\n]{0,80})/.exec(e.text);
  return (m?.[1] ?? quote(e, 90)).trim();
}

/** The first application frame of a stack trace (not node_modules, not node: internals). */
export function appFrame(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^\s*at .*?\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?\s*$/.exec(line);
    if (m && !m[1].includes('node_modules') && !m[1].startsWith('node:')) return `${m[1]}:${m[2]}`;
  }
  return undefined;
}

/**
 * Node prints an uncaught exception as a bare stack trace that no signature names; the pipeline keeps the
 * lines that preceded each restart in that process. The last error line among them, with the frames
 * after it, is what killed the process.
 */
function precedingError(restart: Restart): KillingError | undefined {
  const lines = restart.preceding.filter((p) => p.time >= restart.time - LOOKBACK);
  let at = -1;
  for (let i = lines.length - 1; i >= 0 && at < 0; i--) if (ERROR_LINE.test(lines[i].text)) at = i;
  if (at < 0) return undefined;
  const first = lines[at];
  const frames = lines.slice(at + 1).filter((p) => p.path === first.path && /^\s+at /.test(p.text));
  const event: KillingError = {
    time: first.time,
    path: first.path,
    line: first.line,
    text: [first.text, ...frames.slice(0, 12).map((f) => f.text)].join('\n'),
    event: 'uncaught-exception',
  };
  if (restart.host) event.host = restart.host;
  return event;
}

const ERROR_LINE =
  /^\s*(?:Uncaught |Unhandled )?[A-Z]\w*(?:Error|Exception)\b|unhandledRejection|uncaughtException|FATAL ERROR/;

/** The restarts an error preceded (same host, within the look-back), each with the last such error. */
function errorsBefore(restarts: Restart[], crashes: KillingError[]): { restart: Restart; error: KillingError }[] {
  const out: { restart: Restart; error: KillingError }[] = [];
  for (const restart of restarts) {
    let error: KillingError | undefined;
    for (const e of crashes) {
      if (e.time > restart.time + 1000) break;
      const sameHost = !e.host || !restart.host || e.host === restart.host;
      if (e.time >= restart.time - LOOKBACK && sameHost) error = e;
    }
    error ??= precedingError(restart);
    if (error) out.push({ restart, error });
  }
  return out;
}

export function detectCrashLoop(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const restarts = ctx.restarts.filter((r) => !isHostRestart(r)).sort((a, b) => a.time - b.time);
  const afterError = errorsBefore(restarts, ofTypes(ctx, CRASH_TYPES));
  const platformCrashes = ofTypes(ctx, ['app-crashed']);
  const stopped = ofTypes(ctx, ['restart-loop-stopped']);
  // Two deaths after errors within two minutes already make a loop: the process manager brought it back
  // and the same kind of request killed it again.
  const quickRepeat =
    afterError.length >= 2 && afterError[afterError.length - 1].restart.time - afterError[0].restart.time <= 2 * 60_000;
  const loops =
    afterError.length >= 3 ||
    quickRepeat ||
    (restarts.length >= 3 && afterError.length >= 2) ||
    platformCrashes.length >= 3;
  if (!loops && !(stopped.length && afterError.length)) return startupLoop(ctx, restarts, stopped);

  const sentences: string[] = [];
  const procs = distinct(restarts.map((r) => r.process.replace(/^pm2:/, '').replace(/:\d+$/, '')));
  if (restarts.length) {
    sentences.push(`${procs.join(', ') || 'The app'} restarted ${plural(restarts.length, 'time')} ${when(restarts)}.`);
  }
  const byError = new Map<string, { n: number; first: KillingError }>();
  for (const c of afterError) {
    const name = errorName(c.error);
    const entry = byError.get(name) ?? { n: 0, first: c.error };
    entry.n++;
    byError.set(name, entry);
  }
  for (const [name, { n, first }] of [...byError].sort((a, b) => b[1].n - a[1].n).slice(0, 3)) {
    const frame = appFrame(first.text);
    sentences.push(
      `${n} ${n === 1 ? 'restart' : 'restarts'} followed \`${name}\`${frame ? ` thrown from ${frame}` : ''} (${files([first])}:${first.line}).`,
    );
  }
  if (platformCrashes.length)
    sentences.push(
      `The platform reported the app crashed ${plural(platformCrashes.length, 'time')} ${when(platformCrashes)}.`,
    );
  if (stopped.length)
    sentences.push(
      `The process manager gave up after too many unstable restarts ${when(stopped)}: \`${quote(stopped[0])}\`.`,
    );

  let confidence = Math.max(
    afterError.length ? 0.68 + Math.min(0.17, (afterError.length - 3) * 0.02) : 0,
    platformCrashes.length >= 3 ? 0.7 : 0,
  );
  if (stopped.length) confidence += (1 - confidence) * 0.3;
  // When the errors themselves name a cause, that cause is the root and the loop its consequence.
  const specific = afterError.filter((c) => SPECIFIC[typeOf(c.error) as EventType]);
  if (afterError.length && specific.length / afterError.length >= 0.5) {
    const named = distinct(specific.map((c) => SPECIFIC[typeOf(c.error) as EventType]));
    confidence *= 0.8;
    sentences.push(`Most crashes have a more specific cause (${named.join(', ')}); the loop is its consequence.`);
  }
  const support = supportingFindings(ctx, FINDINGS);
  if (support.rules.length) sentences.push(`The configs among the inputs: ${support.rules.join(', ')}.`);
  const restartLines: Line[] = restarts.map((r) => r.evidence);
  const app = procs[0]?.replace(/^supervisord:/, '') ?? '<app>';
  return hypothesis(
    {
      cause: 'crash-loop',
      confidence: confidence + support.boost,
      title: 'Crash loop: uncaught errors kill the process and it is restarted',
      explanation: sentences.join(' '),
      evidence: pickEvidence([afterError.map((c) => c.error), restartLines, stopped, platformCrashes]),
      remedies: [
        {
          kind: 'fix',
          text: 'Fix the errors that kill the process (the stack traces above): catch the rejected promises (`await` inside try/catch, `.catch()` on every chain) and forward Express errors with `next(err)`.',
        },
        {
          kind: 'fix',
          text: "Log before dying: `process.on('unhandledRejection', (e) => { logger.error(e); })` and `process.on('uncaughtException', …)` that logs, drains and exits — so each restart leaves its reason.",
        },
        {
          kind: 'long-term',
          text: 'run several instances (PM2 cluster mode) so one crash does not drop every in-flight request, close DB pools on shutdown so crashed workers do not leak connections, and alert on the restart count (`pm2 describe` ↺).',
        },
      ],
      confirm: restarts.some(bySupervisord)
        ? supervisorCommands(app)
        : [
            `pm2 describe ${app}   # restarts (↺), unstable restarts, last exit code`,
            `pm2 logs ${app} --err --lines 200`,
            "grep -nE 'unhandledRejection|UnhandledPromiseRejection|Uncaught|exited with code' ~/.pm2/pm2.log ~/.pm2/logs/*-error*.log",
          ],
    },
    support.rules,
  );
}

// ── A program that dies at every start, as its supervisor logs it (issue 14) ─────────────────────────────
// supervisord (process.py) logs `exited: api (exit status 1; not expected)` for each death and, when every start
// of a row died within `startsecs`, `gave up: api entered FATAL state, too many start retries too quickly`. Its
// log says nothing of why — the program's stderr_logfile does — but the loop itself is in its lines.

const bySupervisord = (r: Restart) => r.process.startsWith('supervisord:');
/** Exits of one program within this of each other are one loop: supervisord's back-off is 1 s, 2 s, 3 s… */
const LOOP_GAP = 2 * 60_000;

function supervisorCommands(app: string): string[] {
  return [
    `supervisorctl status ${app}   # FATAL or BACKOFF, and since when`,
    `supervisorctl tail ${app} stderr   # why it exits: its stderr_logfile`,
    `grep -nE 'exited: ${app} |gave up: ${app} ' /var/log/supervisor/supervisord.log`,
    `grep -nE 'command|startsecs|startretries|environment' /etc/supervisor/conf.d/*.conf`,
  ];
}

/** The longest run of one program's supervisord exits, each within LOOP_GAP of the one before. */
function longestRun(restarts: readonly Restart[]): Restart[] {
  const byProgram = new Map<string, Restart[]>();
  for (const r of restarts.filter(bySupervisord)) byProgram.set(r.process, [...(byProgram.get(r.process) ?? []), r]);
  let best: Restart[] = [];
  for (const list of byProgram.values()) {
    let run: Restart[] = [];
    for (const r of list) {
      run = run.length && r.time - run[run.length - 1].time > LOOP_GAP ? [r] : [...run, r];
      if (run.length > best.length) best = run;
    }
  }
  return best;
}

/** How long each start lasted: from the program's `spawned:` line before each exit, when it is logged. */
function uptimes(ctx: AnalysisContext, program: string, exits: readonly Restart[]): number[] {
  const spawns = ofTypes(ctx, ['process-start'])
    .filter((e) => e.fields?.supervisorEvent === 'spawned' && e.fields.app === program)
    .map((e) => e.time);
  return exits.flatMap((r) => {
    const before = spawns.filter((t) => t <= r.time);
    return before.length ? [r.time - before[before.length - 1]] : [];
  });
}

function startupLoop(ctx: AnalysisContext, restarts: Restart[], stopped: Line[]): Hypothesis | null {
  const exits = longestRun(restarts.filter((r) => !/stopped restarting/.test(r.reason)));
  const program = exits[0]?.process.replace(/^supervisord:/, '');
  const gaveUp = stopped.filter((e) => program !== undefined && e.text.includes(`gave up: ${program} `));
  if (!program || (exits.length < 3 && !(gaveUp.length && exits.length >= 1))) return null;
  const up = uptimes(ctx, program, exits);
  const sentences = [
    `supervisord started ${program} ${plural(exits.length, 'time')} ${when(exits.map((r) => r.evidence))} and it exited each time (\`${quote(exits[0].evidence)}\`).`,
  ];
  if (up.length)
    sentences.push(
      `Each start lasted at most ${(Math.max(...up) / 1000).toFixed(1)} s: it dies while starting (a missing file or setting, a port in use, a failed import), before it serves a request.`,
    );
  if (gaveUp.length)
    sentences.push(
      `Then supervisord gave up ${when(gaveUp)}: \`${quote(gaveUp[0])}\` — it stays down until someone starts it.`,
    );
  const stderr = ctx.inputs.find((i) => i.path.includes(program) && /err/.test(i.path.split('/').pop() ?? ''));
  sentences.push(
    `supervisord's log does not say why; the program's stderr does${stderr ? ` (${stderr.path} in the input)` : ''}.`,
  );
  let confidence = 0.62 + Math.min(0.1, (exits.length - 3) * 0.03);
  if (gaveUp.length) confidence += (1 - confidence) * 0.35;
  return hypothesis(
    {
      cause: 'crash-loop',
      confidence,
      title: `Crash loop: ${program} exits at every start and supervisord restarts it${gaveUp.length ? ' (then gave up: FATAL)' : ''}`,
      explanation: sentences.join(' '),
      evidence: pickEvidence([exits.map((r) => r.evidence), gaveUp]),
      remedies: [
        {
          kind: 'fix',
          text: `Fix what stops ${program} at start — its stderr (\`supervisorctl tail ${program} stderr\`) names it: a config file or environment variable the release lacks, a dependency not installed, the port already taken.`,
        },
        {
          kind: 'stop-gap',
          text: `roll back to the release that started, then \`supervisorctl start ${program}\`: after FATAL supervisord does not try again by itself.`,
        },
        {
          kind: 'long-term',
          text: "start the new release once before switching to it (a health check in the deploy), and alert on supervisord's `gave up:` and `not expected` lines; a larger `startretries` only delays the FATAL.",
        },
      ],
      confirm: supervisorCommands(program),
    },
    [],
  );
}

export const crashLoop: HypothesisDetector = {
  cause: 'crash-loop',
  detect: detectCrashLoop,
  predicts: {
    must: [
      'three or more restarts of the process by its manager (PM2, systemd, supervisord, Heroku)',
      'uncaught exceptions or unhandled rejections just before the restarts',
    ],
    mustNot: [
      'errors that name a more specific cause (Invalid string length, heap out of memory, EMFILE, ENOSPC): that cause ranks first',
      'restarts asked for (a deploy, a clean stop) rather than deaths',
    ],
    order: ["each death's error line just before its restart"],
  },
};
