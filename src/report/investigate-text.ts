// Terminal text for `faultline investigate`: the incidents (UTC, and the team's zone when one was
// assumed), the top hypotheses with their best evidence and fix, the key events in time order, the
// restarts with what preceded them, and what was assumed about time. Redacted.
import pc from 'picocolors';
import { changesNear } from '../analysis/changes.js';
import { REMEDY_LABEL } from '../analysis/remedies.js';
import type { InvestigateResult } from '../analysis/types.js';
import { wrap } from './audit-text.js';
import {
  duration,
  firstLine,
  forecastLines,
  inputRows,
  inputsHeadline,
  labelled,
  localClock,
  localZone,
  percent,
  piecesText,
  ruledOutLines,
  sparkText,
  unusualRows,
  utc,
  utcClock,
  where,
} from './investigate-parts.js';
import { forReport, redact } from './redact.js';
import type { InvestigateReporter } from './types.js';

export interface InvestigateTextOptions {
  color: boolean;
  /** Hypotheses shown in full (the rest get one line). */
  top?: number;
  /** Key events listed at most. */
  maxEvents?: number;
}

const WIDTH = 100;

type Colors = ReturnType<typeof pc.createColors>;

export function investigateText(input: InvestigateResult, opts: InvestigateTextOptions): string {
  // Redacted and neutralised before anything is cut or coloured: see forReport.
  const result = forReport(input, true);
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  pushInputs(out, result, c);
  // What runs out next comes first, and on healthy logs too: nothing has broken yet, something will.
  pushForecasts(out, result, c);
  if (!result.incidents.length) {
    out.push(
      '',
      c.green(c.bold('No incident found.')),
      c.dim('  No error bursts, 5xx bursts, silences, crashes, restarts or reboots in these logs.'),
    );
    if (result.findings.length)
      out.push(
        c.dim(`  ${result.findings.length} config finding(s): run \`faultline audit\` on the same inputs for details.`),
      );
    pushAssumptions(out, result, c);
    return `${redact(out.join('\n'))}\n`;
  }
  pushIncidents(out, result, c);
  pushHypotheses(out, result, c, opts.top ?? 3);
  pushUnusual(out, result, c);
  pushChanges(out, result, c);
  pushTimeline(out, result, c, opts.maxEvents ?? 30);
  pushRestarts(out, result, c);
  pushEndpoints(out, result, c);
  pushRuledOut(out, result, c);
  pushFindings(out, result, c);
  pushAssumptions(out, result, c);
  return `${redact(out.join('\n'))}\n`;
}

/** The headline (files, lines, span), one line per input, and the problems met reading them. */
function pushInputs(out: string[], result: InvestigateResult, c: Colors): void {
  const span = result.span.start && result.span.end ? `, ${utc(result.span.start)} → ${utc(result.span.end)} UTC` : '';
  out.push(c.bold(`faultline investigate: ${inputsHeadline(result)}${span}`));
  for (const { input: i, pieces } of inputRows(result.inputs)) {
    const what = i.format
      ? `${i.format}${i.lines !== undefined ? `, ${i.lines} lines` : ''}${i.timezone ? `, ${i.timezone}` : ''}${pieces ? ` (${piecesText(pieces)})` : ''}${i.error ? `, failed: ${i.error}` : ''}`
      : i.error
        ? `skipped: ${i.error}`
        : i.note?.startsWith('time zone')
          ? i.note
          : `not read: ${i.note ?? 'format not recognised'}`;
    out.push(c.dim(`  ${i.host && !i.path.startsWith(`${i.host}/`) ? `${i.host}:` : ''}${i.path}  ${what}`));
  }
  if (result.problems.length) {
    out.push('', c.bold('Problems reading the input'));
    for (const p of result.problems) out.push(c.yellow(`  ${p}`));
  }
}

/** What runs out next, first: the other half of the question. */
function pushForecasts(out: string[], result: InvestigateResult, c: Colors): void {
  const rows = forecastLines(result);
  if (!rows.length) return;
  out.push('', c.bold(c.yellow('What runs out next')));
  for (const r of rows) {
    out.push(`  ${c.bold(r.what)}: ${r.when}`);
    out.push(...wrap(`${r.basis}${r.where ? ` (${r.where})` : ''}`, WIDTH - 6).map((l) => `     ${c.dim(l)}`));
    out.push(...wrap(`Wrong if ${r.wrongIf}.`, WIDTH - 6).map((l) => `     ${l}`));
    if (r.confirm.length) out.push(...wrap(`Check: ${r.confirm.join('; ')}`, WIDTH - 6).map((l) => `     ${l}`));
    if (r.fix.length) out.push(...wrap(`Fix: ${r.fix.join('; ')}`, WIDTH - 6).map((l) => `     ${l}`));
  }
}

function pushIncidents(out: string[], result: InvestigateResult, c: Colors): void {
  const zone = localZone(result);
  out.push('', c.bold(c.red(`${result.incidents.length} incident${result.incidents.length === 1 ? '' : 's'}`)));
  result.incidents.forEach((inc, n) => {
    const local = zone ? c.dim(`  (${localClock(inc.start, zone)} – ${localClock(inc.end, zone)} ${zone})`) : '';
    out.push(
      `  ${c.bold(`#${n + 1}`)} ${utc(inc.start)} → ${utcClock(inc.end)} UTC, ${duration(inc.end - inc.start)}${local}  ${c.dim(`[${inc.kinds.join(', ')}]`)}`,
    );
    out.push(...wrap(inc.summary, WIDTH - 6).map((l) => `     ${l}`));
  });
}

/** The top hypotheses in full (explanation, evidence, every remedy, confirm commands), the rest one line each. */
function pushHypotheses(out: string[], result: InvestigateResult, c: Colors, top: number): void {
  if (!result.hypotheses.length) {
    out.push('', c.yellow('No hypothesis fits the evidence well enough; the key events below are what the logs show.'));
    return;
  }
  out.push('', c.bold('Most likely causes'));
  result.hypotheses.slice(0, top).forEach((h, n) => {
    out.push('', `  ${c.bold(`${n + 1}. ${h.title}`)}  ${c.cyan(h.cause)}  ${c.bold(percent(h.confidence))}`);
    out.push(...wrap(h.explanation, WIDTH - 5).map((l) => `     ${l}`));
    for (const e of h.evidence.slice(0, 3)) {
      out.push(`     ${c.underline(where(e))}  ${c.dim(utc(e.time))}`);
      out.push(`       ${c.dim(firstLine(e.text, WIDTH * 2))}`);
    }
    for (const r of h.remedies) {
      const pad = ' '.repeat(REMEDY_LABEL[r.kind].length + 2);
      out.push(...wrap(labelled(r), WIDTH - 5).map((l, i) => `     ${c.green(i ? `${pad}${l}` : l)}`));
    }
    if (h.confirm.length) out.push(`     ${c.dim('Confirm:')} ${c.dim(`$ ${h.confirm[0]}`)}`);
    for (const cmd of h.confirm.slice(1, 3)) out.push(`              ${c.dim(`$ ${cmd}`)}`);
  });
  const rest = result.hypotheses.slice(top);
  if (rest.length) {
    out.push('', c.bold('Also possible'));
    for (const h of rest) out.push(`  ${percent(h.confidence).padStart(4)}  ${h.title}  ${c.dim(h.cause)}`);
  }
}

/** What is unusual in each incident: templates new or risen against the baseline, and what explains them. */
function pushUnusual(out: string[], result: InvestigateResult, c: Colors): void {
  const rows = unusualRows(result);
  if (!rows.length) return;
  out.push('', c.bold('What is unusual in the incident window'));
  let incident = -1;
  for (const r of rows) {
    if (result.incidents.length > 1 && r.incident !== incident) out.push(`  ${c.bold(`#${r.incident + 1}`)}`);
    incident = r.incident;
    out.push(`  ${c.yellow(r.change)}  ${c.dim(r.p)}  ${c.cyan(sparkText(r.spark))}`);
    out.push(...wrap(r.what, WIDTH - 6).map((l) => `     ${l}`));
    const tail = [r.explained && `explained by ${r.explained}`, r.where].filter(Boolean).join(' · ');
    if (tail) out.push(`     ${c.dim(tail)}`);
  }
}

function pushTimeline(out: string[], result: InvestigateResult, c: Colors, maxEvents: number): void {
  if (!result.timeline.length) return;
  const shown = result.timeline.slice(0, maxEvents);
  out.push(
    '',
    c.bold(
      `Key events (${shown.length}${result.timeline.length > shown.length ? ` of ${result.timeline.length}` : ''}, UTC)`,
    ),
  );
  for (const e of shown) {
    const approx = e.approximate || e.timeBasis === 'inferred' ? '~' : ' ';
    const sev =
      e.level === 'critical' || e.level === 'error' ? c.red : e.level === 'warning' ? c.yellow : (s: string) => s;
    out.push(`  ${approx}${utc(e.time)}  ${c.dim(where(e))}`);
    out.push(`     ${sev(firstLine(e.text, WIDTH * 2))}`);
  }
}

/** What changed in each incident or in the 30 minutes before it (the JSON lists every change). */
function pushChanges(out: string[], result: InvestigateResult, c: Colors): void {
  const per = result.incidents.map((inc) => changesNear(result.changes, inc));
  if (per.every((list) => list.length === 0)) return;
  out.push('', c.bold('What changed (in each incident or the 30 min before it)'));
  per.forEach((list, n) => {
    for (const ch of list.slice(0, 10)) {
      out.push(
        `  ${c.bold(`#${n + 1}`)} ${utc(ch.time)}  ${ch.kind.padEnd(11)} ${c.bold(firstLine(ch.subject, 80))}  ${ch.evidence[0] ? c.dim(where(ch.evidence[0])) : ''}`,
      );
    }
    if (list.length > 10) out.push(c.dim(`     … and ${list.length - 10} more`));
  });
}

function pushRestarts(out: string[], result: InvestigateResult, c: Colors): void {
  if (!result.restarts.length) return;
  out.push('', c.bold(`Restarts (${result.restarts.length})`));
  for (const r of result.restarts.slice(0, 20)) {
    out.push(`  ${utc(r.time)}  ${c.bold(r.process)}  ${r.reason}`);
    const before = r.preceding.slice(-3);
    for (const p of before) out.push(c.dim(`     ← ${utcClock(p.time)}  ${where(p)}  ${firstLine(p.text, 120)}`));
  }
  if (result.restarts.length > 20) out.push(c.dim(`  … and ${result.restarts.length - 20} more`));
}

function pushEndpoints(out: string[], result: InvestigateResult, c: Colors): void {
  if (!result.endpoints.length) return;
  out.push('', c.bold('Endpoints requested in the 60 s before failures, the most failing first'));
  for (const e of result.endpoints.slice(0, 10)) {
    const share =
      e.beforeShare === undefined
        ? ''
        : c.dim(`  ${percent(e.beforeShare)} of those requests, ${percent(e.overall)} overall`);
    out.push(
      `  ${String(e.beforeFailures).padStart(5)}  ${e.method ? `${e.method} ` : ''}${e.endpoint}${e.errors ? c.red(`  ${e.errors} × 5xx${e.failureRate !== undefined ? ` (${percent(e.failureRate)} of its requests)` : ''}`) : ''}${share}`,
    );
  }
}

/** The causes examined and the evidence against each: what a hypothesis would have needed. */
function pushRuledOut(out: string[], result: InvestigateResult, c: Colors): void {
  const rows = ruledOutLines(result);
  if (!rows.length) return;
  out.push('', c.bold('Ruled out'));
  for (const r of rows) {
    const lines = wrap(`${r.why}${r.where ? ` (${r.where})` : ''}`, WIDTH - 26);
    out.push(`  ${c.dim(r.cause.padEnd(22))}  ${lines[0]}`, ...lines.slice(1).map((l) => `${' '.repeat(26)}${l}`));
  }
}

function pushFindings(out: string[], result: InvestigateResult, c: Colors): void {
  if (!result.findings.length) return;
  out.push('', c.bold(`Config findings (${result.findings.length})`));
  for (const f of result.findings.slice(0, 10)) {
    const loc = f.locations[0];
    out.push(
      `  ${f.severity === 'error' ? c.red('●') : c.yellow('●')} ${f.title} ${c.dim(`[${f.rule}]${loc ? ` ${loc.path}:${loc.line}` : ''}`)}`,
    );
    // Fired during the incident: the lines that show it (a few), and how many there were.
    if (f.evidence?.length) {
      out.push(`    ${c.bold(`fired during the incident: ${f.firing} line${f.firing === 1 ? '' : 's'}`)}`);
      for (const e of f.evidence) out.push(`      ${c.dim(`${e.path}:${e.line}`)} ${e.text.split('\n')[0]}`);
    }
    if (f.atTimeout)
      out.push(`    ${c.bold(`${f.atTimeout.requests} 5xx request(s) ended at ${f.atTimeout.setting} (within 2 %)`)}`);
  }
}

function pushAssumptions(out: string[], result: InvestigateResult, c: Colors): void {
  const zone = localZone(result);
  const notes = [...result.assumptions];
  if (zone) notes.push(`local times are shown in ${zone}, the zone of the logs`);
  if (!notes.length) return;
  out.push('', c.bold('Time assumptions'));
  for (const a of notes) out.push(c.dim(`  - ${a}`));
}

export const investigateTextReporter: InvestigateReporter = { format: 'text', render: investigateText };
