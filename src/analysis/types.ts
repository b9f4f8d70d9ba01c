// What investigate's analysis produces and passes between its stages. Reports render these; they
// compute nothing of their own.
import type { CauseId } from '../model/causes.js';
import type { LogEvent } from '../model/event.js';
import type { LogInputRecord, MinuteRow } from '../read/types.js';
import type { Finding } from '../rules/types.js';
import type { EventType } from '../signatures/types.js';
import type { Forecast } from './forecasts.js';
import type { RuledOut } from './ruled-out.js';
import type { Unusual } from './unusual.js';

export type { LogInputRecord, MinuteRow };

export type IncidentKind = 'error-burst' | '5xx-burst' | 'silence' | 'crash' | 'restart' | 'reboot';

export interface Incident {
  start: number;
  end: number;
  kinds: IncidentKind[];
  summary: string;
  /** Notable events inside the window, best first (bounded). */
  events: LogEvent[];
  peak5xxPerMinute?: number;
  /** Silences improbable at their source's usual rate: the source's label, the run, its probability, the usual count. */
  silences?: { source: string; start: number; end: number; p: number; expected: number }[];
}

export interface PrecedingLine {
  time: number;
  path: string;
  line: number;
  text: string;
}

export interface Restart {
  time: number;
  /** "pm2:ob_api_server:0", "nginx", "host (reboot)" */
  process: string;
  /** "exited with code [1] via signal [SIGINT]", "memory limit (max_memory_restart)", "reboot", "crash: RangeError: Invalid string length" */
  reason: string;
  host?: string;
  evidence: PrecedingLine;
  /** Lines and requests of that process just before it (newest last, bounded). */
  preceding: PrecedingLine[];
}

/** Requests per endpoint in the minutes before failures, across all of them (the postmortem's table). */
export interface EndpointCount {
  endpoint: string;
  method?: string;
  /** Requests within the 60 s look-back before failures. */
  beforeFailures: number;
  /** Share of the requests in the look-backs that went to this endpoint, against `overall`. */
  beforeShare?: number;
  /** Share of all requests to this endpoint over the whole span, for contrast. */
  overall: number;
  /** 5xx responses of this endpoint. */
  errors: number;
  /** Its 5xx over its requests across the span (the table is ranked by this rate, shrunk towards ½ for few requests). */
  failureRate?: number;
}

export interface Evidence {
  path: string;
  line: number;
  time: string;
  text: string;
  host?: string;
  /** The same line in other files (kern.log and syslog): one event, counted once. */
  alsoAt?: { path: string; line: number }[];
}

/** When a remedy helps: now, until the cause is fixed; the fix of the cause; or what keeps it from coming back. */
export type RemedyKind = 'stop-gap' | 'fix' | 'long-term';

export interface Remedy {
  kind: RemedyKind;
  text: string;
}

/** What kind of change (docs/contract.md: `changes[].kind`). `config` is for a configuration change seen as such. */
export type ChangeKind = 'deploy' | 'restart' | 'reload' | 'upgrade' | 'config' | 'cron' | 'certificate';

/** Something done to what runs (a deploy, a reload, an upgrade, a start, a cron job): a candidate, not a cause. */
export interface Change {
  time: number;
  kind: ChangeKind;
  /** What changed: "nginx", "gunicorn", "mysqld 8.0.36", "tzdata:amd64 2025b-0+deb12u2", a cron command. */
  subject: string;
  host?: string;
  /** Its line, and its repeats within the minute (bounded). */
  evidence: Evidence[];
}

export interface Hypothesis {
  cause: CauseId;
  /** 0..1 */
  confidence: number;
  title: string;
  explanation: string;
  evidence: Evidence[];
  /** What to do, in the order to read them. */
  remedies: Remedy[];
  /** The remedies as the JSON contract's strings, "Stop-gap: …", "…", "Long-term: …" (derived from `remedies`). */
  fix: string[];
  /** Commands that confirm or rule out the hypothesis on the host. */
  confirm: string[];
  /** Audit findings that support it (rule ids), when configs were among the inputs. */
  findings?: string[];
}

/**
 * Everything the hypothesis detectors may look at: notable events (signature hits, bounded),
 * counts per signature and per event type, the per-minute series, incidents, restarts and audit findings.
 */
export interface AnalysisContext {
  events: LogEvent[];
  signatureCounts: Record<string, number>;
  eventTypeCounts: Partial<Record<EventType, number>>;
  series: MinuteRow[];
  incidents: Incident[];
  restarts: Restart[];
  endpoints: EndpointCount[];
  findings: Finding[];
  inputs: LogInputRecord[];
  /** Termination-state counts of HAProxy session lines ("cD": 12, "sQ": 3…). */
  haproxyTerminations: Record<string, number>;
  /** Connection counts by state from socket-states snapshots ({ ESTABLISHED: 20, TIME_WAIT: 4000 }). */
  socketStates: Record<string, number>;
  /** What is unusual in each incident (unusual.ts). */
  unusual?: Unusual[];
  /** Deploys, restarts, reloads, upgrades… in time order (changes.ts). */
  changes?: Change[];
}

/**
 * What a cause predicts, declared beside its detector so that it can be proved wrong: the lines that must appear
 * for it, those whose presence speaks against it (each lowers its score or silences it), and the order in which
 * they must come. docs/causes/<cause>.md prints it (scripts/cause-docs.ts).
 */
export interface Prediction {
  must: string[];
  mustNot: string[];
  order: string[];
}

export interface HypothesisDetector {
  cause: CauseId;
  detect(ctx: AnalysisContext): Hypothesis | null;
  predicts: Prediction;
}

export interface InvestigateResult {
  version: 1;
  inputs: LogInputRecord[];
  span: { start: string | null; end: string | null };
  incidents: Incident[];
  hypotheses: Hypothesis[];
  restarts: Restart[];
  /** What changed, in time order, over the whole span (bounded: analysis/changes.ts). */
  changes: Change[];
  findings: Finding[];
  endpoints: EndpointCount[];
  series: MinuteRow[];
  /** Requests and 5xx per second, for captures shorter than 15 minutes (the HTML charts; not in the JSON). */
  perSecond?: { t: number; requests: number; s5xx: number }[];
  /** Key events in time order for the timeline section (bounded). */
  timeline: LogEvent[];
  /** What was assumed about time, one line each ("app1/var/log/syslog: year 2022 from file date"). */
  assumptions: string[];
  /** One-line problems met reading the input. */
  problems: string[];
  /** Templates new or risen in each incident, top first per incident (unusual.ts). */
  unusual?: Unusual[];
  /** The causes examined without a hypothesis and the evidence against each (ruled-out.ts). */
  ruledOut?: RuledOut[];
  /** Causes whose lines would be in logs that are not among the inputs. */
  notExamined?: { cause: CauseId; needs: string[] }[];
  /** What runs out next, from what the logs show over time (forecasts.ts), soonest first. */
  forecasts?: Forecast[];
}
