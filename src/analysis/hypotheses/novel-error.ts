// novel-error: a failure no signature catalogues, named by its own lines. The "what is unusual" analysis
// (analysis/unusual.ts) finds the templates new or risen in each incident; when one error template that no known
// signature matches makes up most of the window's unusual error lines, it is the failure to explain: the title
// quotes it, the evidence is its first lines, and the confirm commands count it in the files that logged it.
// Known errors that outnumber it leave it to their own causes (a crash loop's ECONNREFUSED is not novel).
import { clip } from '../../report/redact.js';
import { shellQuote } from '../shell-arg.js';
import type { AnalysisContext, Evidence, Hypothesis, HypothesisDetector } from '../types.js';
import { prefixTokens, templateBody, type Unusual } from '../unusual.js';
import { hasIncident, hypothesis, plural } from './weigh.js';

/** Level rank of an error line (read/tally.ts LEVEL_RANK). */
const ERROR = 4;
/** The share of the window's unusual error lines the template must hold to dominate. */
const DOMINANT = 0.5;
const MIN_LINES = 3;

interface Dominant {
  u: Unusual;
  share: number;
}

/** Words that make a line an error whatever level its logger gave it (many apps print errors without one). */
const ERROR_WORDS = /(?:Error|Exception)\b|\b(?:failed|failure|fatal|panic|refused|unreadable|cannot|could not)\b/i;

/** An error line: logged at error level or above, or saying so in its fixed words. */
export function isError(u: Pick<Unusual, 'level' | 'template'>): boolean {
  return u.level >= ERROR || ERROR_WORDS.test(u.template);
}

/** The dominant unknown error template of each incident, best first. */
function dominant(unusual: readonly Unusual[]): Dominant[] {
  const byIncident = new Map<number, Unusual[]>();
  for (const u of unusual) {
    if (u.source === 'requests' || !isError(u)) continue;
    const list = byIncident.get(u.incident) ?? [];
    list.push(u);
    byIncident.set(u.incident, list);
  }
  const picks: Dominant[] = [];
  for (const list of byIncident.values()) {
    const total = list.reduce((n, u) => n + u.count, 0);
    const top = list.filter((u) => !u.known).sort((a, b) => b.count - a.count || a.p - b.p)[0];
    if (!top || top.count < MIN_LINES || total === 0) continue;
    const share = top.count / total;
    if (share >= DOMINANT) picks.push({ u: top, share });
  }
  return picks.sort((a, b) => b.u.count * b.share - a.u.count * a.share);
}

/** A template's line without the stamp, pid and level it starts with: the words that say what failed. */
export function headline(u: Unusual, e: Evidence | undefined): string {
  const skip = prefixTokens(u.template);
  if (!e) return templateBody(u.template);
  const words = e.text.split('\n', 1)[0].trim().split(/\s+/);
  return words.length > skip ? words.slice(skip).join(' ') : e.text;
}

/** The longest run of the template's fixed words: what to grep for. */
export function fixedWords(template: string): string {
  let best: string[] = [];
  let run: string[] = [];
  for (const t of template.split(' ')) {
    if (t.includes('<')) {
      if (run.length > best.length) best = run;
      run = [];
    } else run.push(t);
  }
  if (run.length > best.length) best = run;
  return best.join(' ');
}

export function detectNovelError(ctx: AnalysisContext): Hypothesis | null {
  if (!hasIncident(ctx) || !ctx.unusual?.length) return null;
  const [best] = dominant(ctx.unusual);
  if (!best) return null;
  const { u, share } = best;
  const first = u.evidence[0];
  const said = clip(headline(u, first), 100);
  const grep = fixedWords(u.template);
  const paths = [...new Set(u.evidence.map((e) => e.path))];
  const since = first ? ` from ${first.time.slice(11, 19)} UTC` : '';
  const before = u.new
    ? `never in the baseline (${u.baseline})`
    : `against ${u.baselineRate} a minute in the baseline (${u.baseline}), p = ${u.p.toExponential(1)}`;
  const fivexx = ctx.unusual.find((x) => x.incident === u.incident && x.source === 'requests');
  const confidence = (u.new ? 0.35 + 0.3 * share : 0.25 + 0.25 * share) * Math.min(1, u.count / 5);
  return hypothesis(
    {
      cause: 'novel-error',
      confidence,
      title: `An error no known signature matches: "${said}"`,
      explanation: [
        `\`${clip(templateBody(u.template), 160)}\` was logged ${plural(u.count, 'time')} in incident ${u.incident + 1}${since} (${paths.join(', ')}), ${before}.`,
        `It is ${Math.round(share * 100)} % of the unusual error lines in that window, and no failure signature faultline knows matches it, so the failure is named by its own lines.`,
        fivexx
          ? `It came with ${fivexx.count} × 5xx (${fivexx.windowRate} a minute against ${fivexx.baselineRate}).`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      evidence: u.evidence,
      remedies: [
        {
          kind: 'stop-gap',
          text: `undo what changed just before ${first ? first.time.slice(11, 19) : 'the first line'} UTC (a deploy, a published file, a config or data change): the error starts there.`,
        },
        {
          kind: 'fix',
          text: `read the code path that logs \`${clip(grep || u.template, 80)}\` and the input it names in the first lines (${first ? `${first.path}:${first.line}` : paths.join(', ')}); make it fail soft (keep the last good state) instead of failing every request.`,
        },
        {
          kind: 'long-term',
          text: 'alert on a new error template (a line that was never logged before), not only on the 5xx rate.',
        },
      ],
      confirm: paths
        .slice(0, 2)
        .flatMap((p) => [
          `grep -c ${shellQuote(grep)} ${shellQuote(p)}`,
          `grep -n -m 3 ${shellQuote(grep)} ${shellQuote(p)}`,
        ]),
    },
    [],
  );
}

export const novelError: HypothesisDetector = {
  cause: 'novel-error',
  detect: detectNovelError,
  predicts: {
    must: [
      "one error template that no signature knows making up most of an incident window's unusual error lines (3 or more)",
    ],
    mustNot: ['known errors outnumbering it (they leave it to their own causes)'],
    order: ['the template new or risen in the incident window'],
  },
};
