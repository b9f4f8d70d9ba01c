// Drain-like clustering of the run's masked keys into templates: keys of the same source, token count and leading
// token are one group; a key joins the group's most similar template when at least SIMILARITY of its tokens match
// (a `<*>` matches anything), and the positions that differ become `<*>`. Keys are taken in sorted order, so the
// templates do not depend on how the input was split across pieces or threads.
import { addStats, copyStats, type KeyStats, OTHER_KEY, type TemplateTally } from './templates.js';

export const MAX_TEMPLATES = 10_000;
const SIMILARITY = 0.6;
const WILD = '<*>';

export interface Template {
  /** The template's text: fixed words and masks. */
  text: string;
  stats: KeyStats;
}

interface Group {
  templates: { tokens: string[]; stats: KeyStats }[];
}

export interface Clustered {
  /** Most lines first; "(other)" last of its count. */
  templates: Template[];
  /** Masked key → its templates, one per source that logged it (matching events to templates without a scan). */
  byKey: Map<string, Template[]>;
}

/** Clusters the keys into templates, most lines first; beyond MAX_TEMPLATES they count under "(other)". */
export function clusterTemplates(keys: TemplateTally): Clustered {
  const groups = new Map<string, Group>();
  const members: [string, Group['templates'][number]][] = [];
  let other: KeyStats | undefined;
  const toOther = (s: KeyStats) => {
    if (other) addStats(other, s);
    else other = copyStats(s);
  };
  let made = 0;
  for (const key of [...keys.keys()].sort()) {
    const stats = keys.get(key) as KeyStats;
    if (key === OTHER_KEY) {
      toOther(stats);
      continue;
    }
    const tokens = key.split(' ');
    const gk = `${stats.source}\u0000${tokens.length}\u0000${leading(tokens[0])}`;
    let g = groups.get(gk);
    if (!g) {
      g = { templates: [] };
      groups.set(gk, g);
    }
    const best = mostSimilar(g, tokens);
    if (best) {
      for (let i = 0; i < tokens.length; i++) if (best.tokens[i] !== tokens[i]) best.tokens[i] = WILD;
      addStats(best.stats, stats);
      members.push([key, best]);
    } else if (made < MAX_TEMPLATES) {
      const t = { tokens: [...tokens], stats: copyStats(stats) };
      g.templates.push(t);
      members.push([key, t]);
      made++;
    } else toOther(stats);
  }
  const built = new Map<Group['templates'][number], Template>();
  for (const g of groups.values())
    for (const t of g.templates) built.set(t, { text: t.tokens.join(' '), stats: t.stats });
  const templates = [...built.values()];
  if (other) templates.push({ text: OTHER_KEY, stats: other });
  templates.sort((a, b) => b.stats.count - a.stats.count || a.text.localeCompare(b.text));
  const byKey = new Map<string, Template[]>();
  for (const [k, t] of members) {
    const list = byKey.get(k);
    if (list) list.push(built.get(t) as Template);
    else byKey.set(k, [built.get(t) as Template]);
  }
  return { templates, byKey };
}

/** Masked leading tokens (a stamp) do not split groups; words do. */
function leading(t: string): string {
  return t.startsWith('<') ? '<>' : t;
}

function mostSimilar(g: Group, tokens: string[]): Group['templates'][number] | undefined {
  let best: Group['templates'][number] | undefined;
  let bestSim = SIMILARITY;
  for (const t of g.templates) {
    let same = 0;
    for (let i = 0; i < tokens.length; i++) if (t.tokens[i] === tokens[i] || t.tokens[i] === WILD) same++;
    const sim = same / tokens.length;
    if (sim >= bestSim) {
      best = t;
      bestSim = sim;
    }
  }
  return best;
}
