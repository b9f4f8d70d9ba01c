// Drain-like clustering of the run's masked keys into templates: keys of the same source, token count and leading
// token are one group; a key joins the group's most similar template when at least SIMILARITY of its tokens match
// (a `<*>` matches anything), and the positions that differ become `<*>`. Keys are taken in sorted order, so the
// templates do not depend on how the input was split across pieces or threads.
import { type KeyStats, mergeTemplates, OTHER_KEY, type TemplateTally } from './templates.js';

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

/** Clusters the keys into templates, most lines first; beyond MAX_TEMPLATES they count under "(other)". */
export function clusterTemplates(keys: TemplateTally): Template[] {
  const groups = new Map<string, Group>();
  const other: TemplateTally = new Map();
  let made = 0;
  for (const key of [...keys.keys()].sort()) {
    const stats = keys.get(key) as KeyStats;
    if (key === OTHER_KEY) {
      mergeTemplates(other, new Map([[OTHER_KEY, stats]]));
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
      const merged: TemplateTally = new Map([['k', best.stats]]);
      mergeTemplates(merged, new Map([['k', stats]]));
      best.stats = merged.get('k') as KeyStats;
    } else if (made < MAX_TEMPLATES) {
      g.templates.push({ tokens: [...tokens], stats: copy(stats) });
      made++;
    } else mergeTemplates(other, new Map([[OTHER_KEY, stats]]));
  }
  const out: Template[] = [];
  for (const g of groups.values()) for (const t of g.templates) out.push({ text: t.tokens.join(' '), stats: t.stats });
  const rest = other.get(OTHER_KEY);
  if (rest) out.push({ text: OTHER_KEY, stats: rest });
  return out.sort((a, b) => b.stats.count - a.stats.count || a.text.localeCompare(b.text));
}

function copy(s: KeyStats): KeyStats {
  return { ...s, minutes: new Map(s.minutes), examples: [...s.examples] };
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

/** The template a line's key belongs to, for matching events to templates (read-only). */
export function templateOf(templates: Template[], key: string, source: string): Template | undefined {
  const tokens = key.split(' ');
  for (const t of templates) {
    if (t.stats.source !== source) continue;
    const tt = t.text.split(' ');
    if (tt.length !== tokens.length) continue;
    let ok = true;
    for (let i = 0; i < tt.length && ok; i++) ok = tt[i] === WILD || tt[i] === tokens[i];
    if (ok) return t;
  }
  return undefined;
}
