// fd-exhaustion: a process reached its open-files limit. EMFILE / "Too many open files" is direct
// evidence whoever prints it (nginx "(24: Too many open files)", Node `EMFILE`, Tomcat's
// `java.net.SocketException: Too many open files`); a low limit found among the configs adds weight.
import { programName } from '../process-names.js';
import type { AnalysisContext, Hypothesis, HypothesisDetector } from '../types.js';
import {
  distinct,
  files,
  hasIncident,
  hypothesis,
  type Kind,
  otherHints,
  pickEvidence,
  plural,
  quote,
  supportingFindings,
  weigh,
  when,
} from './weigh.js';

const FINDINGS = ['fd-limit-below-connections'];

const KINDS: Kind[] = [
  {
    types: ['too-many-open-files'],
    base: 0.88,
    max: 0.96,
    say: (ev, n) =>
      `${distinct(ev.map(programName)).join(', ')} ran out of file descriptors ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
];
KINDS.push(
  otherHints('fd-exhaustion', KINDS, (ev) => `Other file-descriptor errors ${when(ev)}: \`${quote(ev[0])}\`.`),
);

export function detectFdExhaustion(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  const support = supportingFindings(ctx, FINDINGS);
  const procs = distinct(w.found.flatMap((f) => f.events.map(programName)));
  const sockets = Object.values(ctx.socketStates).reduce((a, b) => a + b, 0);
  const sentences = [...w.sentences];
  if (sockets)
    sentences.push(
      `The captured socket table holds ${sockets} connections (${describeStates(ctx.socketStates)}); each one is a descriptor.`,
    );
  if (support.rules.length)
    sentences.push(
      `The configs among the inputs set a limit below the connections allowed: ${support.rules.join(', ')}.`,
    );
  const pname = procs[0] ?? 'node';
  return hypothesis(
    {
      cause: 'fd-exhaustion',
      confidence: w.confidence + support.boost,
      title: 'Open-file limit reached (EMFILE, Too many open files)',
      explanation: sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'stop-gap',
          text: `raise the limit of ${procs.join(', ') || 'the process'} and restart it: \`LimitNOFILE=65536\` in its systemd unit (or \`ulimit -n 65536\` in the shell that starts PM2), \`worker_rlimit_nofile 65536;\` for nginx.`,
        },
        {
          kind: 'fix',
          text: 'Make it last: set `nofile` in /etc/security/limits.conf for the service user, and keep nginx `worker_connections` × 2 (client + upstream) below the worker limit.',
        },
        {
          kind: 'long-term',
          text: 'find the leak — sockets or files opened per request and never closed (missing `res.end()`, unclosed streams, HTTP agents without keep-alive, a proxy splitting one client into many connections).',
        },
      ],
      confirm: [
        `cat /proc/$(pgrep -of ${pname})/limits | grep 'open files'`,
        `ls /proc/$(pgrep -of ${pname})/fd | wc -l`,
        "grep -c 'Too many open files' /var/log/nginx/error.log",
        "ss -tan | awk '{print $1}' | sort | uniq -c",
      ],
    },
    support.rules,
  );
}

function describeStates(states: Record<string, number>): string {
  return Object.entries(states)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
}

export const fdExhaustion: HypothesisDetector = {
  cause: 'fd-exhaustion',
  detect: detectFdExhaustion,
  predicts: {
    must: ['EMFILE / "Too many open files" from any process'],
    mustNot: ['the lines far from every incident (background)'],
    order: ['the first EMFILE at or before the failures it explains'],
  },
};
