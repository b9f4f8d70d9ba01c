// Pieces the investigate reports share: how times, places and remedies are written. Pure formatting;
// the analysis has already decided everything.
import type { Hypothesis, InvestigateResult } from '../analysis/types.js';
import type { CauseId } from '../model/causes.js';

export { utc, utcClock } from '../model/utc-text.js';

/** "18 min", "45 s", "2 h 5 min". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * The zone the team reads time in, when the logs' own zone was assumed or found non-UTC (the seed
 * postmortem's team worked in EST against UTC logs): the first non-UTC zone among the inputs.
 */
export function localZone(result: InvestigateResult): string | null {
  for (const i of result.inputs) {
    if (i.timezone && !/^(UTC|Etc\/UTC|GMT|Z)$/i.test(i.timezone) && isZone(i.timezone)) return i.timezone;
  }
  return null;
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "10:01:27 EDT" in the given zone. */
export function localClock(t: number | string, zone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(t));
}

/** Where a line is: "app1:var/log/syslog:12" when the host is not already the path's first folder. */
export function where(e: { path: string; line: number; host?: string }): string {
  const host = e.host && !e.path.startsWith(`${e.host}/`) ? `${e.host}:` : '';
  return `${host}${e.path}:${e.line}`;
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

export interface Remedy {
  cause: CauseId;
  text: string;
}

/**
 * Remedies split as the seed postmortem does: stop-gap (what to do today) and long-term. A fix written
 * "Stop-gap: …" is one; a hypothesis without such a line has its first fix taken as its stop-gap.
 */
export function remedies(hypotheses: readonly Hypothesis[]): { stopGap: Remedy[]; longTerm: Remedy[] } {
  const stopGap: Remedy[] = [];
  const longTerm: Remedy[] = [];
  const seen = new Set<string>();
  for (const h of hypotheses) {
    const explicit = h.fix.some((f) => /^stop-gap:/i.test(f));
    h.fix.forEach((f, i) => {
      const text = f.replace(/^(stop-gap|long-term):\s*/i, '');
      if (seen.has(text)) return;
      seen.add(text);
      const isStopGap = /^stop-gap:/i.test(f) || (!explicit && i === 0);
      (isStopGap ? stopGap : longTerm).push({ cause: h.cause, text });
    });
  }
  return { stopGap, longTerm };
}

/**
 * The headline of a possibly multi-line record, bounded: its first line, and when that line is only a
 * preamble ("You have triggered an unhandledRejection…"), the error line that follows it.
 */
export function firstLine(text: string, max = 200): string {
  const lines = text.split('\n');
  let line = lines[0];
  if (!/(Error|Exception)\b/.test(line)) {
    const error = lines.slice(1, 4).find((l) => /^\s*[A-Z]\w*(Error|Exception)\b/.test(l));
    if (error) line = `${line.trim()} ${error.trim()}`;
  }
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** "Stop-gap", "Long-term" or "Fix", and the remedy without its label. */
export function remedyLabel(fix: string): [string, string] {
  const m = /^(stop-gap|long-term):\s*/i.exec(fix);
  return m ? [m[1][0].toUpperCase() + m[1].slice(1).toLowerCase(), fix.slice(m[0].length)] : ['Fix', fix];
}
