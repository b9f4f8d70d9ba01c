// `faultline investigate --format markdown`: a postmortem draft with the sections of the seed
// postmortem (002) — Summary, Timeline (UTC), Analysis, What preceded failures (restarts and the
// endpoint table), Stop-gap and Long-term remedies — plus the time assumptions and the inputs. Redacted.
import { changesNear } from '../analysis/changes.js';
import type { InvestigateResult } from '../analysis/types.js';
import {
  duration,
  firstLine,
  forecastLines,
  inputRows,
  inputsHeadline,
  localClock,
  localZone,
  percent,
  piecesText,
  remedies,
  ruledOutLines,
  titleInSentence,
  unusualRows,
  utc,
  utcClock,
  where,
} from './investigate-parts.js';
import { forReport, redact } from './redact.js';
import type { InvestigateReporter } from './types.js';

export interface InvestigateMarkdownOptions {
  /** Timeline rows at most. */
  maxTimeline?: number;
  /** Restarts listed at most. */
  maxRestarts?: number;
}

/**
 * Inline code or prose inside a table cell: one line, pipes escaped (GFM reads `\|` as a pipe even inside code).
 * Prose has its backslashes escaped already (prose()); code shows them as they are.
 */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/**
 * Log text as inline code, so that it never renders as HTML, an image or a link: the fence is one backtick longer
 * than the longest run of backticks in the text (CommonMark), padded with a space when the text touches a backtick.
 */
export function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim()) ? ' ' : '';
  return t === '' ? '' : `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * Prose that quotes input (an explanation naming a log's message, a restart reason, a finding): outside its own code
 * spans, what would make HTML, an image or a link is escaped (`<img onerror=…>`, `![x](http://tracker/…)`, a bare
 * `http://` or `www.` that GFM links by itself), so that it reads as text.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/[\\<>[\]!|]/g, (c) => `\\${c}`)
            .replace(/:\/\//g, '\\://')
            .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`),
    )
    .join('');
}

export function investigateMarkdown(input: InvestigateResult, opts: InvestigateMarkdownOptions = {}): string {
  const result = forReport(input, true);
  const zone = localZone(result);
  const top = result.hypotheses[0];
  const title = result.incidents.length
    ? `Postmortem draft: ${top ? titleInSentence(top.title) : 'outage'} (${utc(result.incidents[0].start).slice(0, 10)})`
    : 'Log review: no incident found';
  const md: string[] = [
    `# ${title}`,
    '',
    '_Drafted by faultline from the logs below; every claim cites file:line. Review before sharing._',
    '',
  ];
  md.push(...summary(result, zone));
  md.push(...forecastSection(result));
  md.push(...timeline(result, opts.maxTimeline ?? 60));
  md.push(...analysis(result));
  md.push(...unusualSection(result));
  md.push(...whatChanged(result));
  md.push(...preceded(result, opts.maxRestarts ?? 30));
  md.push(...remedySections(result));
  md.push(...ruledOutSection(result));
  md.push(...findings(result));
  md.push(...assumptions(result, zone));
  md.push(...inputs(result));
  return redact(md.join('\n'));
}

function summary(result: InvestigateResult, zone: string | null): string[] {
  const md = ['## Summary', ''];
  if (!result.incidents.length) {
    md.push('No incident found: no error or 5xx bursts, silences, crashes, restarts or reboots in these logs.', '');
    return md;
  }
  for (const inc of result.incidents) {
    const local = zone ? ` (${localClock(inc.start, zone)} – ${localClock(inc.end, zone)}, ${zone})` : '';
    md.push(
      `- **${utc(inc.start)} → ${utcClock(inc.end)} UTC** (${duration(inc.end - inc.start)})${local}: ${prose(inc.summary)} _[${inc.kinds.join(', ')}]_`,
    );
  }
  md.push('');
  const top = result.hypotheses[0];
  if (top)
    md.push(
      `Most likely cause: **${top.title}** (\`${top.cause}\`, confidence ${percent(top.confidence)}). ${prose(top.explanation)}`,
      '',
    );
  if (result.restarts.length)
    md.push(`The logs record ${result.restarts.length} restart${result.restarts.length === 1 ? '' : 's'}.`, '');
  return md;
}

function timeline(result: InvestigateResult, maxTimeline: number): string[] {
  if (!result.timeline.length) return [];
  const md = ['## Timeline (UTC)', '', '| time | source | event |', '| --- | --- | --- |'];
  for (const e of result.timeline.slice(0, maxTimeline)) {
    const approx = e.approximate || e.timeBasis === 'inferred' ? '~' : '';
    md.push(`| ${approx}${utc(e.time)} | ${cell(code(where(e)))} | ${cell(code(firstLine(e.text, 240)))} |`);
  }
  if (result.timeline.length > maxTimeline)
    md.push('', `_${result.timeline.length - maxTimeline} more events not shown._`);
  md.push('');
  return md;
}

/** Each hypothesis: explanation, its evidence table, supporting findings, the commands that confirm it. */
function analysis(result: InvestigateResult): string[] {
  if (!result.hypotheses.length) return [];
  const md = ['## Analysis', ''];
  result.hypotheses.forEach((h, i) => {
    md.push(`### ${i + 1}. ${h.title} — \`${h.cause}\`, ${percent(h.confidence)}`, '', prose(h.explanation), '');
    if (h.evidence.length) {
      md.push('| time (UTC) | source | line |', '| --- | --- | --- |');
      for (const e of h.evidence)
        md.push(`| ${utc(e.time)} | ${cell(code(where(e)))} | ${cell(code(firstLine(e.text, 300)))} |`);
      md.push('');
    }
    if (h.findings?.length) md.push(`Supporting config findings: ${h.findings.map((f) => `\`${f}\``).join(', ')}.`, '');
    if (h.confirm.length) {
      md.push('To confirm:', '', '```sh', ...h.confirm, '```', '');
    }
  });
  return md;
}

/** What runs out next, from the logs over time. */
function forecastSection(result: InvestigateResult): string[] {
  const rows = forecastLines(result);
  if (!rows.length) return [];
  return [
    '## What runs out next',
    '',
    ...rows.flatMap((r) => [
      `- **${prose(r.what)}**: ${prose(r.when)} — ${prose(r.basis)}${r.where ? ` (${code(r.where)})` : ''}`,
      `  - wrong if ${prose(r.wrongIf)}`,
      ...r.confirm.map((x) => `  - check: ${code(x)}`),
      ...r.fix.map((x) => `  - fix: ${prose(x)}`),
    ]),
    '',
  ];
}

/** The causes examined without a hypothesis, each with the evidence against it. */
function ruledOutSection(result: InvestigateResult): string[] {
  const rows = ruledOutLines(result);
  if (!rows.length) return [];
  return [
    '## Ruled out',
    '',
    ...rows.map((r) => `- \`${r.cause}\`: ${prose(r.why)}${r.where ? ` (${code(r.where)})` : ''}`),
    '',
  ];
}

/** What is unusual in each incident window: a table per run, most improbable first. */
function unusualSection(result: InvestigateResult): string[] {
  const rows = unusualRows(result);
  if (!rows.length) return [];
  const md = [
    '## What is unusual in the incident window',
    '',
    'Line templates new in each incident or far above their rate outside incidents (one-sided Poisson p), and the field values most of their lines share.',
    '',
    '| incident | template | change | p | explained by | first line |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows)
    md.push(
      `| ${r.incident + 1} | ${cell(code(r.what))} | ${cell(r.change)} | ${cell(r.p)} | ${r.explained ? cell(code(r.explained)) : '—'} | ${r.where ? cell(code(r.where)) : '—'} |`,
    );
  md.push('');
  return md;
}

/** What changed in each incident or in the 30 minutes before it (the JSON lists every change). */
function whatChanged(result: InvestigateResult): string[] {
  const rows = result.incidents.flatMap((inc, n) =>
    changesNear(result.changes, inc)
      .slice(0, 20)
      .map(
        (ch) =>
          `| #${n + 1} | ${utc(ch.time)} | ${ch.kind} | ${cell(code(firstLine(ch.subject, 120)))} | ${ch.evidence[0] ? cell(code(where(ch.evidence[0]))) : '—'} |`,
      ),
  );
  if (!rows.length) return [];
  return [
    '## What changed',
    '',
    'Deploys, restarts, reloads, upgrades, cron jobs and renewals in each incident or in the 30 minutes before it.',
    '',
    '| incident | time (UTC) | kind | what | evidence |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

/** The restarts with the lines just before them, and the endpoints requested before failures. */
function preceded(result: InvestigateResult, maxRestarts: number): string[] {
  if (!result.restarts.length && !result.endpoints.length) return [];
  const md = ['## What preceded failures', ''];
  if (result.restarts.length) {
    md.push('| restart (UTC) | process | reason | just before |', '| --- | --- | --- | --- |');
    for (const r of result.restarts.slice(0, maxRestarts)) {
      const before = r.preceding
        .slice(-2)
        .map((p) => `${utcClock(p.time)} ${code(firstLine(p.text, 120))}`)
        .join('<br>');
      md.push(`| ${utc(r.time)} | ${cell(code(r.process))} | ${cell(prose(r.reason))} | ${cell(before) || '—'} |`);
    }
    if (result.restarts.length > maxRestarts)
      md.push('', `_${result.restarts.length - maxRestarts} more restarts not shown._`);
    md.push('');
  }
  if (result.endpoints.length) {
    md.push('Endpoint counts before failures:', '');
    md.push('| endpoint | requests before failures | share of all traffic | 5xx |', '| --- | ---: | ---: | ---: |');
    for (const e of result.endpoints.slice(0, 20)) {
      md.push(
        `| ${cell(code(`${e.method ? `${e.method} ` : ''}${e.endpoint}`))} | ${e.beforeFailures} | ${percent(e.overall)} | ${e.errors} |`,
      );
    }
    md.push('');
  }
  return md;
}

function remedySections(result: InvestigateResult): string[] {
  const { stopGap, longTerm } = remedies(result.hypotheses);
  const md: string[] = [];
  if (stopGap.length) md.push('## Stop-gap remedies', '', ...stopGap.map((r) => `- ${r.text} _(${r.cause})_`), '');
  if (longTerm.length) md.push('## Long-term remedies', '', ...longTerm.map((r) => `- ${r.text} _(${r.cause})_`), '');
  return md;
}

function findings(result: InvestigateResult): string[] {
  if (!result.findings.length) return [];
  const md = ['## Config findings', ''];
  for (const f of result.findings) {
    const loc = f.locations.map((l) => `${l.path}:${l.line}`).join(', ');
    md.push(`- **${f.title}** (\`${f.rule}\`, ${f.severity}) — ${prose(loc)}: ${prose(f.message)}`);
    if (f.evidence?.length) md.push(`  - fired during the incident: ${f.firing} lines, e.g.`);
    for (const e of f.evidence ?? [])
      md.push(`    - ${code(`${e.path}:${e.line}`)} ${code(e.text.split('\n')[0] ?? '')}`);
    if (f.atTimeout)
      md.push(`  - ${f.atTimeout.requests} 5xx request(s) ended at ${prose(f.atTimeout.setting)} (within 2 %)`);
  }
  md.push('');
  return md;
}

function assumptions(result: InvestigateResult, zone: string | null): string[] {
  const notes = [...result.assumptions];
  if (zone) notes.push(`Local times are given in ${zone}, the zone of the logs; the timeline is in UTC.`);
  if (!notes.length) notes.push('Every timestamp carried its own zone or is UTC by definition; nothing was assumed.');
  return ['## Time assumptions', '', ...notes.map((a) => `- ${prose(a)}`), ''];
}

function inputs(result: InvestigateResult): string[] {
  const span = result.span.start && result.span.end ? `, ${utc(result.span.start)} → ${utc(result.span.end)} UTC` : '';
  const md = [
    '## Inputs',
    '',
    `${inputsHeadline(result)}${span}.`,
    '',
    '| file | format | lines | zone | time basis |',
    '| --- | --- | ---: | --- | --- |',
  ];
  for (const { input: i, pieces } of inputRows(result.inputs)) {
    const name = i.host && !i.path.startsWith(`${i.host}/`) ? `${i.host}:${i.path}` : i.path;
    md.push(
      `| ${cell(code(name))}${pieces ? ` (${cell(prose(piecesText(pieces)))})` : ''} | ${i.format ? `${i.format}${i.error ? ` (failed: ${cell(prose(i.error))})` : ''}` : `skipped: ${cell(prose(i.error ?? i.note ?? 'unknown format'))}`} | ${i.lines ?? ''} | ${i.timezone ?? ''} | ${i.timeBasis ?? ''} |`,
    );
  }
  if (result.problems.length) {
    md.push('', 'Problems reading the input:', '');
    for (const p of result.problems) md.push(`- ${prose(p)}`);
  }
  md.push('');
  return md;
}

export const investigateMarkdownReporter: InvestigateReporter = {
  format: 'markdown',
  render: (result) => investigateMarkdown(result),
};
