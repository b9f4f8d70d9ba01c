// disk-full: no space left on device — ENOSPC from Node, "No space left on device" from nginx, Redis
// ("Write error saving DB on disk"), MySQL/PostgreSQL ("could not extend file"), the kernel. Writes fail,
// then logs, temp files, sockets for uploads and database commits fail with them.
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
  weigh,
  when,
} from './weigh.js';

const KINDS: Kind[] = [
  {
    types: ['disk-full'],
    base: 0.9,
    max: 0.97,
    say: (ev, n) =>
      `${distinct(ev.map(programName)).join(', ')} could not write: no space left on device, ${plural(n, 'time')} ${when(ev)} (${files(ev)}): \`${quote(ev[0])}\`.`,
  },
  {
    types: ['redis-misconf'],
    base: 0.4,
    max: 0.5,
    supporting: true,
    say: (ev, n) => `Redis refused writes after failing to persist to disk (MISCONF) ${plural(n, 'time')} ${when(ev)}.`,
  },
];
KINDS.push(otherHints('disk-full', KINDS, (ev) => `Other write failures ${when(ev)}: \`${quote(ev[0])}\`.`));

export function detectDiskFull(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx)) return null;
  const w = weigh(ctx, KINDS);
  if (!w.primary) return null;
  return hypothesis(
    {
      cause: 'disk-full',
      confidence: w.confidence,
      title: 'No space left on device',
      explanation: w.sentences.join(' '),
      evidence: pickEvidence(w.groups),
      remedies: [
        {
          kind: 'stop-gap',
          text: 'free space now — old rotated logs (`journalctl --vacuum-size=200M`, `/var/log/*.gz`), core dumps, old releases and Docker images (`docker system prune`); a deleted file still held open keeps its space until the process restarts (`lsof +L1`).',
        },
        {
          kind: 'fix',
          text: 'Rotate and cap logs: logrotate with `maxsize`, `pm2 install pm2-logrotate`, `SystemMaxUse=` for journald.',
        },
        {
          kind: 'long-term',
          text: 'alert at 80% disk and inode use, and keep data (databases, uploads) on their own volume so logs cannot fill it.',
        },
      ],
      confirm: ['df -h && df -i', 'du -xh / --max-depth=2 2>/dev/null | sort -h | tail -20', 'lsof +L1 | head'],
    },
    [],
  );
}

export const diskFull: HypothesisDetector = {
  cause: 'disk-full',
  detect: detectDiskFull,
  predicts: {
    must: ['"No space left on device" (ENOSPC) from any process, or a database blocked on a full disk'],
    mustNot: ['the lines far from every incident (background)'],
    order: ['the first ENOSPC at or before the failures it explains'],
  },
};
