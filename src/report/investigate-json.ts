// `faultline investigate --format json`: the contract's shape (times ISO-8601 UTC), plus welcome extras.
import type { InvestigateResult } from '../analysis/types.js';
import type { Unusual } from '../analysis/unusual.js';
import { forReport } from './redact.js';
import type { InvestigateReporter } from './types.js';

const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);

/** An unusual template as the contract has it (its internal tallies left out). */
function unusualJson(u: Unusual) {
  return {
    incident: u.incident,
    template: u.template,
    baselineRate: u.baselineRate,
    windowRate: u.windowRate,
    p: u.p,
    new: u.new,
    first: u.first,
    last: u.last,
    explainedBy: u.explainedBy,
    evidence: u.evidence,
    baseline: u.baseline,
    count: u.count,
    source: u.source,
  };
}

export function investigateJson(r: InvestigateResult): string {
  const out = {
    version: 1,
    inputs: r.inputs.map((i) => ({
      path: i.path,
      format: i.format,
      lines: i.lines ?? null,
      skipped: i.skipped ?? null,
      timezone: i.timezone ?? null,
      timeBasis: i.timeBasis ?? null,
      host: i.host ?? null,
      error: i.error,
      ...(i.note ? { note: i.note } : {}),
      ...('inner' in i && i.inner ? { inner: i.inner } : {}),
      ...('server' in i && i.server ? { server: i.server } : {}),
      ...(i.assumption ? { assumption: i.assumption } : {}),
      ...(i.series ? { series: i.series } : {}),
      ...(i.clockOffsetMs !== undefined ? { clockOffsetSeconds: i.clockOffsetMs / 1000 } : {}),
    })),
    span: r.span,
    incidents: r.incidents.map((i) => ({
      start: iso(i.start),
      end: iso(i.end),
      summary: i.summary,
      kinds: i.kinds,
      ...(i.silences && {
        silences: i.silences.map((s) => ({
          source: s.source,
          start: iso(s.start),
          end: iso(s.end),
          p: Number(s.p.toPrecision(3)),
          expected: Math.round(s.expected * 10) / 10,
        })),
      }),
    })),
    hypotheses: r.hypotheses.map((h) => ({
      cause: h.cause,
      confidence: Math.round(h.confidence * 100) / 100,
      title: h.title,
      explanation: h.explanation,
      evidence: h.evidence.map((e) => ({
        path: e.path,
        line: e.line,
        time: e.time,
        text: e.text,
        ...(e.host ? { host: e.host } : {}),
        ...(e.alsoAt ? { alsoAt: e.alsoAt } : {}),
      })),
      fix: h.fix,
      confirm: h.confirm,
      remedies: h.remedies.map((r) => ({ kind: r.kind, text: r.text })),
      ...(h.findings?.length ? { findings: h.findings } : {}),
    })),
    restarts: r.restarts.map((x) => ({
      time: iso(x.time),
      process: x.process,
      reason: x.reason,
      evidence: { path: x.evidence.path, line: x.evidence.line, text: x.evidence.text },
      preceding: x.preceding.map((p) => ({ time: iso(p.time), path: p.path, line: p.line, text: p.text })),
    })),
    changes: r.changes.map((c) => ({
      time: iso(c.time),
      kind: c.kind,
      subject: c.subject,
      ...(c.host ? { host: c.host } : {}),
      evidence: c.evidence.map((e) => ({
        path: e.path,
        line: e.line,
        time: e.time,
        text: e.text,
        ...(e.host ? { host: e.host } : {}),
        ...(e.alsoAt ? { alsoAt: e.alsoAt } : {}),
      })),
    })),
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      title: f.title,
      message: f.message,
      locations: f.locations,
      fix: f.fix,
      references: f.references,
      ...(f.evidence ? { evidence: f.evidence, firing: f.firing } : {}),
      ...(f.atTimeout ? { atTimeout: f.atTimeout } : {}),
    })),
    endpoints: r.endpoints,
    ruledOut: r.ruledOut ?? [],
    forecasts: r.forecasts ?? [],
    notExamined: r.notExamined ?? [],
    unusual: (r.unusual ?? []).map(unusualJson),
    assumptions: r.assumptions,
    problems: r.problems,
    series: r.series.map(({ clients: _clients, ...m }) => ({ ...m, t: iso(m.t) })),
    timeline: r.timeline.map((e) => ({
      time: iso(e.time),
      path: e.path,
      line: e.line,
      host: e.host ?? null,
      level: e.level,
      signature: e.signature ?? null,
      approximate: e.approximate ?? false,
      text: e.text.split('\n')[0],
      ...(e.alsoAt ? { alsoAt: e.alsoAt } : {}),
    })),
  };
  return `${JSON.stringify(forReport(out, false), null, 2)}\n`;
}

export const investigateJsonReporter: InvestigateReporter = {
  format: 'json',
  render: (result) => investigateJson(result),
};
