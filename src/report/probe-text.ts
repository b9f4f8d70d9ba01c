// Terminal text for `faultline probe`: what runs out first, then the findings, then the host, its busiest
// processes, listeners, filesystems and what could not be read.
import pc from 'picocolors';
import { formatSize } from '../model/units.js';
import type { Forecast, ProbeProcess, ProbeResult } from '../probe/types.js';
import type { Severity } from '../rules/types.js';
import { wrap } from './audit-text.js';
import { forReport, redact } from './redact.js';

const ORDER: Severity[] = ['error', 'warning', 'info'];
/** Processes shown in the table: the ones nearest their fd limit, then the largest. */
const TOP = 15;

export function probeText(input: ProbeResult, opts: { color: boolean }): string {
  const r = forReport(input, true);
  const c = pc.createColors(opts.color);
  const h = r.host;
  const window =
    r.duration > 0 ? `, ${r.duration} s sampled (${new Set(r.hostSamples.map((s) => s.time)).size} samples)` : '';
  const lines: string[] = [
    c.bold(
      `faultline probe: ${h.name || 'host'}, Linux ${h.kernel || '?'}, ${h.cpus} CPUs, ${r.processes.length} process${r.processes.length === 1 ? '' : 'es'}${window}`,
    ),
    '',
    c.bold('What runs out first'),
    ...forecastLines(r, c),
  ];
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  for (const sev of ORDER) {
    const group = r.findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    lines.push('', paint[sev](c.bold(`${sev.toUpperCase()} (${group.length})`)));
    for (const f of group) {
      lines.push(`  ${paint[sev]('●')} ${c.bold(f.title)} ${c.dim(`[${f.rule}]`)}`);
      // A /proc or /sys file is one fact: its line says nothing; a config's does.
      const where = (l: { path: string; line: number }) =>
        /^\/(proc|sys|dev)\//.test(l.path) ? l.path : `${l.path}:${l.line}`;
      lines.push(`    ${c.underline(f.locations.map(where).join(', '))}`);
      lines.push(...wrap(f.message, 100).map((l) => `    ${l}`));
      lines.push(...wrap(`Fix: ${f.fix}`, 100).map((l) => `    ${c.green(l)}`));
    }
  }
  if (!r.findings.length) lines.push('', c.green('No findings.'));
  lines.push('', c.bold('Host'), ...hostLines(r));
  lines.push('', c.bold('Processes'), ...processLines(r.processes));
  if (r.listeners.length) {
    lines.push('', c.bold('Listeners'));
    for (const l of r.listeners) {
      const owner = r.processes.find((p) => p.pid === l.pid);
      lines.push(
        `  ${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}  ${owner ? `${owner.name} (pid ${owner.pid})` : 'owner not readable'}  queue ${l.backlog}/${l.backlogLimit ?? '?'}${l.overflows ? `, ${l.overflows} overflows` : ''}  TIME_WAIT ${l.timeWait}  ${c.dim(`limit: ${l.limitSource}`)}`,
      );
    }
  }
  if (r.mounts.length) {
    lines.push('', c.bold('Filesystems'));
    for (const m of r.mounts) {
      const usable = m.used + m.available;
      const pct = usable > 0 ? Math.round((100 * m.used) / usable) : 0;
      const ipct = m.inodes > 0 ? Math.round((100 * m.inodesUsed) / m.inodes) : 0;
      lines.push(
        `  ${m.mount}  ${m.fstype}${m.readOnly ? ' (ro)' : ''}  ${pct} % of ${formatSize(m.size)} used, ${formatSize(m.available)} left; inodes ${ipct} %`,
      );
    }
  }
  if (r.certificates.length) {
    lines.push('', c.bold('Certificates'));
    for (const cert of r.certificates)
      lines.push(
        `  ${cert.subject}  ${cert.path}  ${cert.daysLeft < 0 ? `expired ${-cert.daysLeft} days ago` : `${cert.daysLeft} days left`} (${cert.notAfter.slice(0, 10)})  ${c.dim(`${cert.referencedBy.path}:${cert.referencedBy.line}`)}`,
      );
  }
  if (r.configs.length) {
    lines.push('', c.bold(`Configs read beside the snapshot (${r.configs.length})`));
    for (const cfg of r.configs) lines.push(c.dim(`  ${cfg.path}  ${cfg.format}${cfg.error ? `  ${cfg.error}` : ''}`));
  }
  if (r.unreadable.length) {
    lines.push('', c.bold(`Not readable (${r.unreadable.length})`));
    for (const u of r.unreadable.slice(0, 8)) lines.push(c.dim(`  ${u.path}: ${u.why}`));
    if (r.unreadable.length > 8)
      lines.push(c.dim(`  … ${r.unreadable.length - 8} more (--format json lists them all)`));
  }
  return `${redact(lines.join('\n'))}\n`;
}

function forecastLines(r: ProbeResult, c: ReturnType<typeof pc.createColors>): string[] {
  const listed = r.forecasts.map((f) => `  ${describe(f, Date.parse(r.time))}`);
  if (r.duration === 0)
    return [
      ...listed,
      c.dim('  One snapshot: sample with --duration 30s (or longer) to see what grows and when it runs out.'),
    ];
  if (!r.forecasts.length) return [c.green(`  Nothing grew beyond doubt over the ${r.duration} s sampled.`)];
  return listed;
}

function describe(f: Forecast, now: number): string {
  if (f.resource === 'certificate')
    return `${'certificate'.padEnd(12)} ${f.subject}: expires ${(f.eta ?? '?').slice(0, 16).replace('T', ' ')} UTC${f.eta ? ` (in ${span((Date.parse(f.eta) - now) / 1000)})` : ''}`;
  const unit = (n: number) =>
    f.resource === 'memory' || f.resource === 'disk' ? formatSize(Math.round(n)) : String(Math.round(n));
  const when = (iso: string | null) => (iso === null ? 'never' : `${iso.slice(0, 16).replace('T', ' ')} UTC`);
  const within = f.eta ? ` (in ${span((Date.parse(f.eta) - now) / 1000)})` : '';
  return `${f.resource.padEnd(12)} ${f.subject}: ${unit(f.current)} of ${unit(f.limit)}, +${unit(f.slopePerHour)}/h → full ${when(f.eta)}${within}; 95 %: ${when(f.low)} to ${when(f.high)}`;
}

function span(seconds: number): string {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

function hostLines(r: ProbeResult): string[] {
  const h = r.host;
  const pct = h.memTotal > 0 ? Math.round((100 * h.memAvailable) / h.memTotal) : 0;
  const psi = Object.entries(h.pressure)
    .map(([k, v]) => `${k} ${v.some10} %`)
    .join(', ');
  const sockets = Object.entries(h.sockets)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const overflow =
    h.listenOverflowsDelta !== null
      ? `; ListenOverflows +${h.listenOverflowsDelta}, ListenDrops +${h.listenDropsDelta ?? 0} over the window`
      : `; ListenOverflows ${h.listenOverflows ?? '?'} since boot`;
  return [
    `  memory: ${formatSize(h.memAvailable)} available of ${formatSize(h.memTotal)} (${pct} %), swap ${formatSize(h.swapUsed)} used of ${formatSize(h.swapTotal)}${psi ? `; stalled (10 s): ${psi}` : ''}`,
    `  load ${h.load ? h.load.join(' ') : '?'} on ${h.cpus} CPUs; vm.overcommit_memory ${h.overcommitMemory ?? '?'}, vm.swappiness ${h.swappiness ?? '?'}, THP ${h.thp ?? '?'}, net.core.somaxconn ${h.somaxconn ?? '?'}`,
    `  TCP: ${sockets || 'none'}${overflow}`,
    ...r.oomKills
      .slice(-3)
      .map((k) => `  OOM kill ${k.time ?? '?'}: ${k.process} (pid ${k.pid ?? '?'})${k.cgroup ? ', cgroup limit' : ''}`),
  ];
}

function processLines(processes: ProbeProcess[]): string[] {
  const share = (p: ProbeProcess) => (p.fds !== null && p.fdSoftLimit ? p.fds / p.fdSoftLimit : 0);
  const top = [...processes].sort((a, b) => share(b) - share(a) || (b.rss ?? 0) - (a.rss ?? 0)).slice(0, TOP);
  const rows = top.map((p) => [
    String(p.pid),
    p.name,
    p.service ?? '-',
    `${p.fds ?? '?'}/${p.fdSoftLimit ?? '?'}`,
    p.rss === null ? '?' : formatSize(p.rss),
    String(p.threads ?? '?'),
    `${p.sockets.ESTABLISHED ?? 0}/${p.sockets.CLOSE_WAIT ?? 0}/${p.sockets.LISTEN ?? 0}`,
  ]);
  const head = ['PID', 'NAME', 'SERVICE', 'FDS/SOFT', 'RSS', 'THREADS', 'ESTAB/CLOSE_WAIT/LISTEN'];
  const widths = head.map((hd, i) => Math.max(hd.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd();
  const more = processes.length > TOP ? [`  … ${processes.length - TOP} more (--format json lists them all)`] : [];
  return [fmt(head), ...rows.map(fmt), ...more];
}
