// Reads every input once, as a stream: detects each file's format from its content, parses its lines,
// places them in UTC, matches signatures, and keeps only what the analysis needs — per-minute counters,
// per-minute endpoint counts, bounded notable events with exact counts, and the lines of application
// logs for "what preceded each restart". Memory is bounded whatever the input size.
import { posix } from 'node:path';
import type { TextFile } from '../evidence/collect.js';
import { readLines } from '../evidence/lines.js';
import { isBinary, sampleLines, sniff } from '../evidence/sample.js';
import type { InputEntry, InputProblem } from '../evidence/types.js';
import { walkInputs } from '../evidence/walk.js';
import { nginxParser } from '../formats/config/nginx.js';
import { detectConfigFormat } from '../formats/config/registry.js';
import { compileNginxLogFormat, joinQuotedFormat } from '../formats/log/log-format-compiler.js';
import { detectLogFormat } from '../formats/log/registry.js';
import type { LogFormat } from '../formats/log/types.js';
import type { Level, LocalTime, LogEvent, LogFormatId, ParsedLine, TimeBasis } from '../model/event.js';
import { inferYear, localToUtc, zoneFromHostFile, zoneFromLocaltimeLink } from '../read/time.js';
import { SIGNATURES } from '../signatures/catalog.js';
import { createMatcher } from '../signatures/match.js';
import type { EventType, Signature } from '../signatures/types.js';
import { type AccessScan, normaliseEndpoint, PARALLEL_THRESHOLD, scanAccessFile } from './access-scan.js';
import type { LogInputRecord, MinuteRow } from './types.js';

export interface IngestOptions {
  paths: string[];
  /** --tz: zone of timestamps that carry none. */
  tz?: string;
  /** --year: year of year-less lines. */
  year?: number;
  from?: number;
  to?: number;
  onProgress?: (bytes: number) => void;
  /** Worker threads for large access logs (default: the machine's cores). */
  workers?: number;
}

export interface AppLine {
  time: number;
  line: number;
  text: string;
}

export interface AppLog {
  path: string;
  host?: string;
  /** App name when the file tells it (PM2 `<app>-out.log`, `<app>-error.log`). */
  app?: string;
  lines: AppLine[];
}

export interface IngestResult {
  inputs: LogInputRecord[];
  events: LogEvent[];
  signatureCounts: Record<string, number>;
  eventTypeCounts: Partial<Record<EventType, number>>;
  series: Map<number, MinuteRow>;
  /** Epoch minute → endpoint → [requests, 5xx]. */
  endpointMinutes: Map<number, Map<string, [number, number]>>;
  appLogs: AppLog[];
  haproxyTerminations: Record<string, number>;
  socketStates: Record<string, number>;
  configTexts: TextFile[];
  assumptions: string[];
  problems: string[];
}

const MINUTE = 60_000;
/** Notable events kept per file and signature: the first and the last this many (counts stay exact). */
const KEEP_EACH_END = 100;
/** Lines of one application log kept for "what preceded" (a bigger log keeps none). */
const APP_LOG_MAX_LINES = 200_000;
const APP_LOG_BUDGET = 1_000_000;
/** Text kept of a joined multi-line record. */
const RECORD_MAX_LINES = 20;
const RECORD_MAX_CHARS = 4000;
const CONFIG_MAX_BYTES = 4 * 1024 * 1024;
const APP_FORMATS = new Set<LogFormatId>(['pm2-log', 'node-log', 'json-log']);
const LEVEL_RANK: Record<Level, number> = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5 };
const SEVERITY_LEVEL: Record<Signature['severity'], Level> = {
  info: 'info',
  notice: 'notice',
  warning: 'warning',
  error: 'error',
  critical: 'critical',
};

const matcher = createMatcher(SIGNATURES);

interface HostState {
  zone?: string;
  zoneSource?: string;
  /** Time range of the host's logs whose lines carry a year. */
  explicitMin: number;
  explicitMax: number;
  customAccess: LogFormat[];
  /** Boot times learned from kernel lines that carry both a time and an uptime, and cloud-init banners. */
  boots: { t: number; lt?: LocalTime; zone: string; minus: number }[];
}

interface Kept {
  first: LogEvent[];
  last: LogEvent[];
  /** Hot path: the newest lines of a full bucket, turned into events only once the file is read. */
  lastRaw: { line: string; lineNo: number }[];
  /** A uniform sample (reservoir) of the lines after the first ones, so bursts in the middle are seen too. */
  sample: LogEvent[];
  sampleRaw: { line: string; lineNo: number }[];
  /** Lines offered to the reservoir so far. */
  seen: number;
}

export async function ingest(opts: IngestOptions): Promise<IngestResult> {
  const out: IngestResult = {
    inputs: [],
    events: [],
    signatureCounts: {},
    eventTypeCounts: {},
    series: new Map(),
    endpointMinutes: new Map(),
    appLogs: [],
    haproxyTerminations: {},
    socketStates: {},
    configTexts: [],
    assumptions: [],
    problems: [],
  };
  prng = 0x9e3779b9;
  const hosts = new Map<string, HostState>();
  const host = (name: string): HostState => {
    let h = hosts.get(name);
    if (!h) {
      h = { explicitMin: Number.POSITIVE_INFINITY, explicitMax: Number.NEGATIVE_INFINITY, customAccess: [], boots: [] };
      hosts.set(name, h);
    }
    return h;
  };
  const kept = new Map<string, Kept>();
  /** Year-less files: their events and minute rows are re-placed once the host's year is known. */
  const yearless: {
    host: string;
    input: LogInputRecord;
    events: { e: LogEvent; lt: LocalTime; zone: string }[];
    year: number;
    source: string;
  }[] = [];
  const untimedFiles: {
    host: string;
    path: string;
    input: LogInputRecord;
    items: { time: number; line: number; text: string }[];
    mtime?: number;
  }[] = [];
  let appBudget = APP_LOG_BUDGET;
  /** dmesg lines (uptime only): the k-th boot of the file is the k-th boot the host's logs know of. */
  const uptimeLines: { host: string; bootIndex: number; uptime: number; items: { time: number }[] }[] = [];
  const uptimeInputs: { host: string; input: LogInputRecord }[] = [];
  /** Large access scans run one after another (each on the worker threads), beside this thread's work. */
  let scans: Promise<void> = Promise.resolve();
  let bytesSeen = 0;

  const onProblem = (p: InputProblem) =>
    out.problems.push(p.message.startsWith(p.path) ? p.message : `${p.path}: ${p.message}`);

  for await (const entry of walkInputs(opts.paths, { onProblem })) {
    const hostName = entry.host ?? '';
    const hs = host(hostName);
    if (entry.kind === 'symlink') {
      if (/\/etc\/localtime$/.test(entry.hostPath) && entry.linkTarget) {
        const z = zoneFromLocaltimeLink(entry.linkTarget);
        if (z && !hs.zone) {
          hs.zone = z;
          hs.zoneSource = `${entry.path} → ${entry.linkTarget}`;
        }
      }
      out.inputs.push({
        path: entry.path,
        format: null,
        error: null,
        host: entry.host,
        note: `symbolic link to ${entry.linkTarget ?? '?'} (not followed)`,
      });
      continue;
    }
    if (entry.kind !== 'file') {
      out.inputs.push({ path: entry.path, format: null, error: `${entry.kind} entry (not read)`, host: entry.host });
      continue;
    }
    let sniffed: Awaited<ReturnType<typeof sniff>>;
    try {
      sniffed = await sniff(entry.open(), { bytes: 64 * 1024 });
    } catch (err) {
      out.inputs.push({
        path: entry.path,
        format: null,
        error: String((err as Error).message ?? err),
        host: entry.host,
      });
      continue;
    }
    if (sniffed.binary || isBinary(sniffed.sample)) {
      sniffed.stream.resume();
      out.inputs.push({ path: entry.path, format: null, error: 'binary file skipped', host: entry.host });
      continue;
    }
    const sampleText = sniffed.sample.toString('utf8');
    // Zone files of the host.
    const zone = zoneFromHostFile(entry.hostPath, sampleText);
    if (zone) {
      if (!hs.zone) {
        hs.zone = zone;
        hs.zoneSource = entry.path;
      }
      sniffed.stream.resume();
      out.inputs.push({ path: entry.path, format: null, error: null, host: entry.host, note: `time zone ${zone}` });
      continue;
    }
    // Configs among the inputs are audited (never used to create a hypothesis).
    const small = entry.size === undefined || entry.size <= CONFIG_MAX_BYTES;
    const cfg = small && !entry.compressed ? detectConfigFormat(entry.hostPath, sampleText) : null;
    const lines = sampleLines(sniffed.sample, 60);
    let detected = detectLogFormat(lines, entry.hostPath);
    if (cfg && (!detected || detected.confidence < cfg.confidence)) {
      const text = await readAll(sniffed.stream, CONFIG_MAX_BYTES);
      const file: TextFile = {
        path: entry.path,
        host: hostName,
        hostPath: entry.hostPath,
        rootPath: entry.rootPath,
        text,
        mtime: entry.mtime,
      };
      out.configTexts.push(file);
      if (cfg.parser.id === 'nginx') learnLogFormats(file, hs);
      continue; // listed by the audit
    }
    // A custom nginx log_format from a config read earlier, when combined does not fit.
    if (hs.customAccess.length > 0 && (!detected || detected.format.id === 'nginx-access')) {
      const custom = detectLogFormat(lines, entry.hostPath, hs.customAccess);
      if (custom && (!detected || custom.confidence > detected.confidence)) detected = custom;
    }
    if (!detected) {
      sniffed.stream.resume();
      out.inputs.push({ path: entry.path, format: null, error: null, host: entry.host, note: 'format not recognised' });
      continue;
    }
    const format = detected.format;
    const input: LogInputRecord = {
      path: entry.path,
      format: format.id,
      error: null,
      host: entry.host,
      lines: 0,
      skipped: 0,
    };
    out.inputs.push(input);

    // Large plain access logs: the Buffer hot path on worker threads.
    if (
      format.id === 'nginx-access' &&
      !hs.customAccess.includes(format) &&
      !entry.compressed &&
      entry.size !== undefined &&
      entry.size >= PARALLEL_THRESHOLD &&
      entry.realPath
    ) {
      sniffed.stream.destroy();
      // Runs on worker threads while this thread goes on with the other files.
      const size = entry.size;
      const realPath = entry.realPath;
      scans = scans
        .then(() =>
          scanAccessFile(realPath, { workers: opts.workers }).then((scan) => {
            absorbAccessScan(scan, input, out, opts);
            input.timezone = 'UTC';
            input.timeBasis = 'explicit';
            bytesSeen += size;
            opts.onProgress?.(bytesSeen);
          }),
        )
        .catch((err: unknown) => {
          // A failed scan is this file's error; the run goes on.
          input.error = `${input.path}: ${err instanceof Error ? err.message : String(err)}`;
          out.problems.push(input.error);
        });
      continue;
    }

    // Time placement for this file.
    const zoneName = opts.tz ?? hs.zone ?? 'UTC';
    const zoneWhy = opts.tz
      ? '--tz'
      : hs.zone
        ? `host zone from ${hs.zoneSource}`
        : 'no zone in the line or the host folder: UTC assumed';
    const provisionalYear = opts.year;
    let yearWhy = opts.year ? '--year' : '';
    if (provisionalYear === undefined) {
      if (Number.isFinite(hs.explicitMax)) {
        yearWhy = "from the host's other logs";
      } else if (entry.mtime) {
        yearWhy = `from the file date (${entry.mtime.toISOString().slice(0, 10)})`;
      } else {
        yearWhy = 'from the current date (no file date)';
      }
    }
    const refMs = Number.isFinite(hs.explicitMax)
      ? hs.explicitMax + 86_400_000
      : (entry.mtime?.getTime() ?? Date.now());
    let sawYearless = false;
    let sawZoneless = false;
    let sawExplicit = false;
    let sawInferred = false;
    let noTimestamps = false;
    let sawUptime = false;
    /** Lines with a year (with or without an offset): this file dates the host. */
    let sawDated = false;
    let prevUptime = Number.POSITIVE_INFINITY;
    let bootIndex = -1;
    const fileYearless: { e: LogEvent; lt: LocalTime; zone: string }[] = [];

    const source =
      format.id === 'pm2-log' || format.id === 'node-log'
        ? `pm2:${appName(entry.path) ?? posix.basename(entry.path)}`
        : format.id;
    const appLog: AppLog | undefined =
      APP_FORMATS.has(format.id) && appBudget > 0
        ? { path: entry.path, host: entry.host, app: appName(entry.path), lines: [] }
        : undefined;

    let lastTime = Number.NaN;
    /** Untimed events and app lines before the file's first timestamp: placed at that first timestamp. */
    const untimed: { time: number; line: number; text: string }[] = [];
    let record: { e: LogEvent; lines: number; wrapper: boolean } | undefined;
    const fileKeptKeys: string[] = [];

    const place = (p: ParsedLine): { time: number; basis: TimeBasis; lt?: LocalTime } | undefined => {
      const lt = p.ts;
      if (!lt) return undefined;
      if (lt.offsetMinutes !== undefined && lt.year !== undefined) {
        sawExplicit = true;
        return { time: localToUtc(lt, 'UTC', lt.year), basis: 'explicit' };
      }
      let year = lt.year;
      if (year === undefined) {
        sawYearless = true;
        year = provisionalYear ?? inferYear(lt, refMs);
      }
      // HAProxy's old `285/071506` stamps count days from 1 January (0-based): month and day depend on the
      // year, which is known only now (the parser assumed a non-leap year).
      const yday = p.fields?.haproxyYday;
      if (yday !== undefined && lt.year === undefined) {
        const d = new Date(Date.UTC(year, 0, 1 + Number(yday)));
        lt.month = d.getUTCMonth() + 1;
        lt.day = d.getUTCDate();
      }
      if (lt.offsetMinutes === undefined) sawZoneless = true;
      if (lt.year !== undefined) sawDated = true;
      const t = localToUtc(lt, zoneName, year);
      return { time: t, basis: 'assumed', lt: lt.year === undefined ? { ...lt } : undefined };
    };

    const flush = () => {
      if (!record) return;
      const e = record.e;
      record = undefined;
      keepEvent(e);
    };

    /** Counts a notable line: signature and event-type totals, errors and restarts per minute. */
    const countLine = (time: number, level: Level, sig: string | undefined): boolean => {
      if (opts.from !== undefined && time < opts.from) return false;
      if (opts.to !== undefined && time > opts.to) return false;
      const type = sig ? SIG_BY_ID.get(sig)?.event : undefined;
      if (sig) {
        out.signatureCounts[sig] = (out.signatureCounts[sig] ?? 0) + 1;
        if (type) out.eventTypeCounts[type] = (out.eventTypeCounts[type] ?? 0) + 1;
      }
      if (!Number.isFinite(time)) return true;
      const restart = type !== undefined && RESTART_TYPES.has(type);
      if (LEVEL_RANK[level] >= LEVEL_RANK.error) {
        const row = minuteRow(out.series, time);
        row.errors[source] = (row.errors[source] ?? 0) + 1;
        if (restart) row.restarts++;
      } else if (restart) minuteRow(out.series, time).restarts++;
      return true;
    };

    const keepEvent = (e: LogEvent) => {
      if (!countLine(e.time, e.level, e.signature)) return;
      const sig = e.signature;
      if (!sig && LEVEL_RANK[e.level] < LEVEL_RANK.error) return;
      const key = `${e.path}\u0000${sig ?? `level:${e.level}`}`;
      let k = kept.get(key);
      if (!k) {
        k = { first: [], last: [], lastRaw: [], sample: [], sampleRaw: [], seen: 0 };
        kept.set(key, k);
        fileKeptKeys.push(key);
      }
      if (k.first.length < KEEP_EACH_END) k.first.push(e);
      else {
        if (k.last.length >= KEEP_EACH_END) k.last.shift();
        k.last.push(e);
        reservoir(k.sample, e, ++k.seen);
      }
    };

    let lineCount = 0;
    let skipped = 0;
    try {
      for await (const batch of readLines(sniffed.stream, { path: entry.path, onProblem })) {
        for (const { line, lineNo } of batch) {
          lineCount = lineNo;
          bytesSeen += line.length + 1;
          if (line.length === 0) continue;
          // nginx error logs are large and mostly repeat a few messages: once a message's first events are
          // kept, its lines only count (time, level, signature) and the newest are kept as raw lines.
          if (format.id === 'nginx-error') {
            const q = quickNginxError(line);
            if (q) {
              const m = matcher.match('nginx-error', line);
              const level = m ? maxLevel(q.level, SEVERITY_LEVEL[m.signature.severity]) : q.level;
              const k = kept.get(`${entry.path}\u0000${m ? m.signature.id : `level:${level}`}`);
              if (!m && LEVEL_RANK[level] < LEVEL_RANK.error) {
                sawZoneless = true;
                lastTime = localToUtc(q.lt, zoneName, q.lt.year as number);
                flush();
                continue;
              }
              if (k && k.first.length >= KEEP_EACH_END) {
                flush();
                sawZoneless = true;
                const time = localToUtc(q.lt, zoneName, q.lt.year as number);
                lastTime = time;
                if (countLine(time, level, m?.signature.id)) {
                  if (k.lastRaw.length >= KEEP_EACH_END) k.lastRaw.shift();
                  const raw = { line, lineNo };
                  k.lastRaw.push(raw);
                  reservoir(k.sampleRaw, raw, ++k.seen);
                }
                continue;
              }
            }
          }
          const p = format.parse(line);
          if (!p) {
            skipped++;
            continue;
          }
          const placed = place(p);
          let time = placed?.time ?? Number.NaN;
          let basis: TimeBasis = placed?.basis ?? 'inferred';
          if (placed) {
            if (!Number.isFinite(lastTime) && untimed.length) for (const u of untimed.splice(0)) u.time = time;
            lastTime = time;
            // A kernel line with both a wall-clock time and its uptime stamp tells when the host booted.
            const up =
              p.uptime ?? (p.fields?.boot && p.fields.upSeconds !== undefined ? Number(p.fields.upSeconds) : undefined);
            if (up !== undefined && (p.fields?.boot || up < 600)) {
              hs.boots.push({ t: time - up * 1000, lt: placed.lt, zone: zoneName, minus: up * 1000 });
            }
          } else if (p.uptime !== undefined) {
            // dmesg: seconds since boot, re-based once every file has told its boot times.
            if (p.uptime < prevUptime || p.fields?.boot) bootIndex++;
            prevUptime = p.uptime;
            uptimeLines.push({ host: hostName, bootIndex, uptime: p.uptime, items: [] });
            basis = 'inferred';
            sawUptime = true;
          } else if (!Number.isFinite(time)) {
            // No timestamp: placed by the previous timestamped line of the same file.
            time = lastTime;
            basis = 'inferred';
            sawInferred = true;
          }
          const m = matcher.match(format.id, line);
          if (p.continuation && record) {
            if (record.lines < RECORD_MAX_LINES && record.e.text.length < RECORD_MAX_CHARS) {
              record.e.text += `\n${line.slice(0, 400)}`;
              record.lines++;
            }
            // The real error of a wrapped record often sits on a later line (seed 002's RangeError).
            if (m && (record.wrapper || !record.e.signature)) {
              record.e.signature = m.signature.id;
              record.e.cause = m.signature.cause;
              record.e.level = maxLevel(record.e.level, SEVERITY_LEVEL[m.signature.severity]);
              record.wrapper = WRAPPER_TYPES.has(m.signature.event);
            }
            if (appLog) pushAppLine(appLog, time, lineNo, line);
            continue;
          }
          flush();
          if (appLog) {
            const l = pushAppLine(appLog, time, lineNo, line);
            if (l && !Number.isFinite(time)) untimed.push(l);
          }
          if (placed?.lt) sawYearless = true;
          const req = p.request;
          // Only access-style lines (with a status) are requests; an error line's `request:` is context.
          if (
            req?.status !== undefined &&
            Number.isFinite(time) &&
            (opts.from === undefined || time >= opts.from) &&
            (opts.to === undefined || time <= opts.to)
          ) {
            countRequest(out, time, req.status, req.duration, req.method, req.path);
            if (req.termination)
              out.haproxyTerminations[req.termination] = (out.haproxyTerminations[req.termination] ?? 0) + 1;
          }
          if (format.id === 'socket-states' && p.fields?.state) {
            const st = String(p.fields.state);
            out.socketStates[st] = (out.socketStates[st] ?? 0) + 1;
          }
          let level: Level = p.level ?? (req?.status && req.status >= 500 ? 'warning' : 'info');
          if (m) level = maxLevel(level, SEVERITY_LEVEL[m.signature.severity]);
          if (!m && LEVEL_RANK[level] < LEVEL_RANK.error && !p.fields?.boot) continue;
          const e: LogEvent = {
            time,
            timeBasis: basis,
            approximate: basis === 'inferred' ? true : undefined,
            path: entry.path,
            line: lineNo,
            host: entry.host,
            format: format.id,
            program: p.program,
            pid: p.pid,
            level,
            signature: m?.signature.id,
            cause: m?.signature.cause,
            text: line.length > RECORD_MAX_CHARS ? line.slice(0, RECORD_MAX_CHARS) : line,
            fields: m ? { ...p.fields, ...m.groups } : p.fields,
            request: req,
          };
          if (placed?.lt) fileYearless.push({ e, lt: placed.lt, zone: zoneName });
          if (!Number.isFinite(time)) {
            if (p.uptime !== undefined && !placed) uptimeLines[uptimeLines.length - 1]?.items.push(e);
            else untimed.push(e);
          }
          record = { e, lines: 1, wrapper: m ? WRAPPER_TYPES.has(m.signature.event) : false };
        }
        opts.onProgress?.(bytesSeen);
      }
    } catch (err) {
      input.error = `${entry.path}:${lineCount + 1}: ${(err as Error).message ?? err}`;
    }
    // A file with no timestamp at all (plain PM2 logs) is placed once every file has been read: at the
    // end of what the host's other logs cover, or at the file's date.
    if (untimed.length) {
      if (!Number.isFinite(lastTime)) {
        noTimestamps = true;
        untimedFiles.push({
          host: hostName,
          path: entry.path,
          input,
          items: untimed.splice(0),
          mtime: entry.mtime?.getTime(),
        });
      }
      sawInferred = true;
    }
    flush();
    const materialise = (line: string, lineNo: number): LogEvent | undefined => {
      const p = format.parse(line);
      if (!p?.ts) return undefined;
      const m = matcher.match(format.id, line);
      return {
        time: localToUtc(p.ts, zoneName, p.ts.year ?? provisionalYear ?? inferYear(p.ts, refMs)),
        timeBasis: 'assumed',
        path: entry.path,
        line: lineNo,
        host: entry.host,
        format: format.id,
        program: p.program,
        pid: p.pid,
        level: m ? maxLevel(p.level ?? 'info', SEVERITY_LEVEL[m.signature.severity]) : (p.level ?? 'info'),
        signature: m?.signature.id,
        cause: m?.signature.cause,
        text: line.length > RECORD_MAX_CHARS ? line.slice(0, RECORD_MAX_CHARS) : line,
        fields: m ? { ...p.fields, ...m.groups } : p.fields,
        request: p.request,
      };
    };
    for (const key of fileKeptKeys) {
      const k = kept.get(key);
      if (!k) continue;
      for (const { line, lineNo } of k.lastRaw.splice(0)) {
        const e = materialise(line, lineNo);
        if (!e) continue;
        if (k.last.length >= KEEP_EACH_END) k.last.shift();
        k.last.push(e);
      }
      for (const { line, lineNo } of k.sampleRaw.splice(0)) {
        const e = materialise(line, lineNo);
        if (e) k.sample.push(e);
      }
    }
    input.lines = lineCount;
    input.skipped = skipped;
    input.timezone = sawZoneless ? zoneName : 'UTC';
    input.timeBasis =
      (sawInferred || sawUptime) && !sawExplicit && !sawZoneless && !sawYearless
        ? 'inferred'
        : sawZoneless || sawYearless
          ? 'assumed'
          : 'explicit';
    const why: string[] = [];
    if (sawUptime) {
      uptimeInputs.push({ host: hostName, input });
      why.push("uptime stamps re-based on the boot times of the host's kernel log and cloud-init (approximate)");
    }
    if (sawZoneless) why.push(`zone ${zoneName} (${zoneWhy})`);
    if (sawYearless) why.push(`year ${yearWhy}`);
    if (noTimestamps)
      why.push("no timestamp in the file: its lines are placed at the end of the host's other logs (approximate)");
    else if (sawInferred) why.push('lines without a timestamp placed at the previous timestamped line (approximate)');
    if (why.length) {
      input.assumption = why.join('; ');
      out.assumptions.push(`${entry.path}: ${input.assumption}`);
    }
    // Range of this file, and the host's explicit-year range for later year-less files.
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const key of fileKeptKeys) {
      const k = kept.get(key);
      for (const e of [...(k?.first ?? []), ...(k?.last ?? [])]) {
        if (!Number.isFinite(e.time)) continue;
        lo = Math.min(lo, e.time);
        hi = Math.max(hi, e.time);
      }
    }
    if (Number.isFinite(lastTime)) hi = Math.max(hi, lastTime);
    if (Number.isFinite(lo)) input.firstTime = lo;
    if (Number.isFinite(hi)) input.lastTime = hi;
    if (!sawYearless && (sawExplicit || sawDated) && Number.isFinite(hi)) {
      hs.explicitMin = Math.min(hs.explicitMin, lo);
      hs.explicitMax = Math.max(hs.explicitMax, hi);
    }
    if (sawYearless && opts.year === undefined && fileYearless.length > 0) {
      yearless.push({ host: hostName, input, events: fileYearless, year: 0, source: yearWhy });
    }
    if (appLog && appLog.lines.length > 0) {
      out.appLogs.push(appLog);
      appBudget -= appLog.lines.length;
    }
  }

  await scans;

  // Year-less files read before the host's dated logs: re-place them once the host's year is known.
  for (const y of yearless) {
    const hs = hosts.get(y.host);
    if (!hs || !Number.isFinite(hs.explicitMax)) continue;
    const ref = hs.explicitMax + 86_400_000;
    for (const b of hs.boots) if (b.lt) b.t = localToUtc(b.lt, b.zone, inferYear(b.lt, ref)) - b.minus;
    for (const { e, lt, zone } of y.events) {
      const year = inferYear(lt, ref);
      const t = localToUtc(lt, zone, year);
      e.time = t;
    }
    if (y.input.assumption?.includes('from the file date')) {
      y.input.assumption = y.input.assumption.replace(/from the file date \([^)]*\)/, "from the host's other logs");
    }
  }

  for (const u of uptimeLines) {
    const boots = [...new Set(hosts.get(u.host)?.boots.map((b) => Math.round(b.t / 1000) * 1000) ?? [])].sort(
      (a, b) => a - b,
    );
    // Boot times within a minute of each other are the same boot.
    const distinctBoots = boots.filter((b, i) => i === 0 || b - boots[i - 1] > 60_000);
    const boot = distinctBoots.length
      ? distinctBoots[Math.min(Math.max(u.bootIndex, 0), distinctBoots.length - 1)]
      : Number.NaN;
    for (const item of u.items) item.time = boot + u.uptime * 1000;
  }
  for (const { host: h, input } of uptimeInputs) {
    if (!hosts.get(h)?.boots.length && input.assumption) {
      input.assumption = input.assumption.replace(
        /uptime stamps re-based[^;]*/,
        'uptime stamps only: no boot time in the input, lines not placed',
      );
    }
  }

  // Untimed application logs: align them with the process manager's restarts of that app (the k-th crash
  // trace of an error log preceded the k-th restart), else place them at the end of the host's other logs.
  const restartTimes = new Map<string, number[]>();
  for (const k of kept.values()) {
    for (const e of [...k.first, ...k.last]) {
      const type = e.signature ? SIG_BY_ID.get(e.signature)?.event : undefined;
      if (!type || !RESTART_TYPES.has(type) || type === 'reboot' || !Number.isFinite(e.time)) continue;
      const key = `${e.host ?? ''}\u0000${e.fields?.app ?? ''}`;
      const list = restartTimes.get(key) ?? [];
      list.push(e.time);
      restartTimes.set(key, list);
    }
  }
  for (const u of untimedFiles) {
    const app = appName(u.path);
    const times = (restartTimes.get(`${u.host}\u0000${app ?? ''}`) ?? []).sort((a, b) => a - b);
    const items = u.items.sort((a, b) => a.line - b.line);
    if (app && times.length > 0) {
      const isErr = /[-_](err|error)(?:[-_]\d+)?\.log/.test(u.path);
      let k = -1;
      let inTrace = false;
      for (const item of items) {
        const first = item.text.split('\n')[0];
        if (isErr) {
          const starts: boolean = CRASH_START.test(first) && !inTrace;
          if (starts || k < 0) k++;
          inTrace = starts || (inTrace && /^\s+at |^\s*[{}]|^\s+\w+: /.test(first));
        } else if (START_BANNER.test(first) || k < 0) k++;
        item.time = times[Math.min(Math.max(k, 0), times.length - 1)] - 1000;
      }
      u.input.assumption = `no timestamp in the file: lines placed by aligning them with PM2's ${times.length} restart(s) of ${app} (approximate)`;
      continue;
    }
    const ends = out.inputs
      .filter((i) => (i.host ?? '') === u.host && i.lastTime !== undefined)
      .map((i) => i.lastTime as number);
    const at = ends.length ? Math.max(...ends) : (u.mtime ?? Number.NaN);
    for (const item of items) item.time = at;
  }
  // First, sampled and last events of each signature and file; a line kept twice counts once.
  const keptLines = new Set<string>();
  for (const k of kept.values()) {
    for (const e of [...k.first, ...k.sample, ...k.last]) {
      const id = `${e.path}\u0000${e.line}`;
      if (keptLines.has(id)) continue;
      keptLines.add(id);
      out.events.push(e);
    }
  }
  out.events.sort((a, b) => a.time - b.time || a.path.localeCompare(b.path) || a.line - b.line);
  out.assumptions = out.inputs.filter((i) => i.assumption).map((i) => `${i.path}: ${i.assumption}`);
  return out;
}

const SIG_BY_ID = new Map(SIGNATURES.map((s) => [s.id, s]));
/** The first line of a crash trace in an error log. */
const CRASH_START =
  /^(?:Uncaught |Unhandled )?[A-Z]\w*(?:Error|Exception)\b|unhandledRejection|uncaughtException|FATAL ERROR|You have triggered an unhandledRejection/;
/** A process start in an out log. */
const START_BANNER = /\b(listening|started|starting|ready)\b/i;

/** Event types that mean a process or host went down and came back (or was stopped). */
export const RESTART_TYPES = new Set<EventType>([
  'process-restart',
  'memory-limit-restart',
  'process-exit',
  'app-crashed',
  'reboot',
  'restart-loop-stopped',
]);

const WRAPPER_TYPES = new Set<EventType>([
  'unhandled-rejection',
  'uncaught-exception',
  'memory-warning',
  'process-exit',
  'app-crashed',
  'other',
]);

const NGINX_LEVELS: Record<string, Level> = {
  debug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warning',
  error: 'error',
  crit: 'critical',
  alert: 'critical',
  emerg: 'critical',
};

/** `2022/07/11 14:01:27 [error] …`: the time and level only, without building the whole record. */
function quickNginxError(line: string): { lt: LocalTime; level: Level } | undefined {
  if (line.length < 24 || line.charCodeAt(4) !== 47 || line.charCodeAt(7) !== 47 || line.charCodeAt(20) !== 91)
    return undefined;
  const close = line.indexOf(']', 21);
  const level = close > 0 ? NGINX_LEVELS[line.slice(21, close)] : undefined;
  if (!level) return undefined;
  const n = (a: number, b: number) => {
    let v = 0;
    for (let i = a; i < b; i++) {
      const c = line.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return Number.NaN;
      v = v * 10 + c;
    }
    return v;
  };
  const lt: LocalTime = {
    year: n(0, 4),
    month: n(5, 7),
    day: n(8, 10),
    hour: n(11, 13),
    minute: n(14, 16),
    second: n(17, 19),
  };
  if (Number.isNaN((lt.year as number) + lt.month + lt.day + lt.hour + lt.minute + lt.second)) return undefined;
  return { lt, level };
}

let prng = 0x9e3779b9;
/** Deterministic (xorshift) so that two runs on the same input keep the same lines. */
function random(): number {
  prng ^= prng << 13;
  prng ^= prng >>> 17;
  prng ^= prng << 5;
  return (prng >>> 0) / 4294967296;
}

/** Algorithm R: after `seen` offers, each line is in the sample with probability KEEP_EACH_END / seen. */
function reservoir<T>(sample: T[], item: T, seen: number): void {
  if (sample.length < KEEP_EACH_END) sample.push(item);
  else {
    const j = Math.floor(random() * seen);
    if (j < KEEP_EACH_END) sample[j] = item;
  }
}

function maxLevel(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** `home/app/.pm2/logs/api-error-0.log` → "api". */
export function appName(path: string): string | undefined {
  const base = posix.basename(path).replace(/\.gz$/, '');
  const m = /^(.+?)[-_](?:out|err|error)(?:[-_]\d+)?\.log(?:\.\d+)?$/.exec(base);
  return m ? m[1] : undefined;
}

function pushAppLine(log: AppLog, time: number, line: number, text: string): AppLine | undefined {
  if (log.lines.length >= APP_LOG_MAX_LINES) return undefined;
  const l = { time, line, text: text.length > 300 ? `${text.slice(0, 300)}…` : text };
  log.lines.push(l);
  return l;
}

export function minuteRow(series: Map<number, MinuteRow>, t: number): MinuteRow {
  const minute = t - (((t % MINUTE) + MINUTE) % MINUTE);
  let row = series.get(minute);
  if (!row) {
    row = {
      t: minute,
      requests: 0,
      s5xx: 0,
      s502: 0,
      s503: 0,
      s504: 0,
      s4xx: 0,
      errors: {},
      restarts: 0,
      durSum: 0,
      durCount: 0,
    };
    series.set(minute, row);
  }
  return row;
}

function countRequest(
  out: IngestResult,
  t: number,
  status: number | undefined,
  duration: number | undefined,
  method?: string,
  path?: string,
): void {
  const row = minuteRow(out.series, t);
  row.requests++;
  const isErr = status !== undefined && status >= 500 && status < 600;
  if (isErr) {
    row.s5xx++;
    if (status === 502) row.s502++;
    else if (status === 503) row.s503++;
    else if (status === 504) row.s504++;
  } else if (status !== undefined && status >= 400 && status < 500) row.s4xx++;
  if (duration !== undefined && Number.isFinite(duration)) {
    row.durSum += duration;
    row.durCount++;
  }
  if (path) {
    const ep = normaliseEndpoint(method ?? '-', path);
    let m = out.endpointMinutes.get(row.t);
    if (!m) {
      m = new Map();
      out.endpointMinutes.set(row.t, m);
    }
    const c = m.get(ep);
    if (c) {
      c[0]++;
      if (isErr) c[1]++;
    } else if (m.size < 2000) m.set(ep, [1, isErr ? 1 : 0]);
  }
}

function absorbAccessScan(scan: AccessScan, input: LogInputRecord, out: IngestResult, opts: IngestOptions): void {
  input.lines = scan.lines;
  input.skipped = scan.skipped;
  if (Number.isFinite(scan.firstTime)) input.firstTime = scan.firstTime;
  if (Number.isFinite(scan.lastTime)) input.lastTime = scan.lastTime;
  for (const [t, m] of scan.minutes) {
    if ((opts.from !== undefined && t < opts.from - MINUTE) || (opts.to !== undefined && t > opts.to)) continue;
    const row = minuteRow(out.series, t);
    row.requests += m.requests;
    row.s4xx += m.s4xx;
    row.s5xx += m.s5xx;
    row.s502 += m.s502;
    row.s503 += m.s503;
    row.s504 += m.s504;
    row.durSum += m.durSum;
    row.durCount += m.durCount;
  }
  for (const [t, ep] of scan.endpointMinutes) {
    let m = out.endpointMinutes.get(t);
    if (!m) {
      m = new Map();
      out.endpointMinutes.set(t, m);
    }
    for (let i = 0; i < ep.counts.length && i < scan.endpoints.length; i++) {
      if (ep.counts[i] === 0) continue;
      const name = scan.endpoints[i];
      const c = m.get(name);
      if (c) {
        c[0] += ep.counts[i];
        c[1] += ep.errors[i];
      } else m.set(name, [ep.counts[i], ep.errors[i]]);
    }
  }
  // 5xx lines become evidence (bounded samples of the first and last).
  for (const s of [...scan.firstErrors, ...scan.lastErrors]) {
    out.events.push({
      time: s.time,
      timeBasis: 'explicit',
      path: input.path,
      line: s.line,
      host: input.host,
      format: 'nginx-access',
      level: 'warning',
      text: s.text,
      request: { status: s.status },
    });
  }
}

function learnLogFormats(file: TextFile, hs: HostState): void {
  try {
    const parsed = nginxParser.parse({
      path: file.path,
      text: file.text,
      fs: { read: () => undefined, glob: () => [] },
    });
    for (const lf of parsed.data.logFormats) {
      if (lf.name === 'combined') continue;
      const compiled = compileNginxLogFormat(joinQuotedFormat(lf.format), {
        escape: lf.escape as 'default' | 'json' | 'none' | undefined,
      });
      if (compiled) hs.customAccess.push(compiled);
    }
  } catch {
    // A config that does not parse teaches no format; the audit reports it.
  }
}

async function readAll(stream: NodeJS.ReadableStream, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = c as Buffer;
    total += b.length;
    if (total > max) break;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type { InputEntry };
