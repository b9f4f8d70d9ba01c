// The stack: every parsed config as a component, the host facts, and the links between layers
// (who forwards to whom), each setting with its effective value, whether it is a default, and its source.
import type {
  ConfigDataByFormat,
  ConfigFormatId,
  HostFactsConfig,
  LimitsEntry,
  NodeAppConfig,
  ServiceRole,
  SystemdUnit,
} from '../formats/config/types.js';
import type { Setting, SourceLoc } from '../model/setting.js';
import type { Duration, Size } from '../model/units.js';

/** One component per config format, each with that format's facts. */
type ComponentOfEachFormat = {
  [K in ConfigFormatId]: {
    /** Unique id: "<format>:<path>" */
    id: string;
    format: K;
    path: string;
    /** Host folder of a multi-host bundle, or "" */
    host: string;
    /** With several inputs named: the one it comes from; links by port stay within it when they can. */
    input?: string;
    data: ConfigDataByFormat[K];
  };
}[ConfigFormatId];

/**
 * One parsed config file (plus its includes). A union discriminated by `format`, so that
 * `if (c.format === 'mysql')` narrows `data` to MySQL's facts; `Component<'mysql' | 'postgres'>` is either.
 */
export type Component<F extends ConfigFormatId = ConfigFormatId> = Extract<ComponentOfEachFormat, { format: F }>;

export interface LinkEnd {
  component: string;
  /** "backend mysql-cluster / server db1", "upstream api", "knex pool" */
  name: string;
  loc: SourceLoc;
}

export interface Link {
  from: LinkEnd;
  /** The component it reaches, when found in the input. */
  to?: { component: string; role: ServiceRole; name: string };
  /** Target port as written. */
  port?: number;
  host?: string;
  /** The role of the target: from the component found, or from a well-known port. */
  role?: ServiceRole;
  /** How the target was recognised. */
  via: 'port' | 'well-known-port' | 'unresolved';
  /** One line for reports, e.g. "port 3306 is MySQL's well-known port; no MySQL config in the input". */
  note: string;
}

/** A node application: its source settings merged with the PM2 app that runs it, if any. */
export interface NodeAppModel {
  name: string;
  components: string[];
  config: NodeAppConfig;
  /** Resolved `keepAliveTimeout`: written, or Node's default for the detected version. */
  keepAliveTimeout: Setting<Duration>;
  headersTimeout: Setting<Duration>;
  nodeMajor?: Setting<number>;
}

export interface HostModel {
  /** "" for a single-host input. */
  name: string;
  /** RAM: /proc/meminfo, --ram, or the App Engine instance class. */
  ram?: Setting<Size>;
  cpus?: Setting<number>;
  transparentHugepage?: Setting<string>;
  /** Effective kernel settings: /proc/sys snapshots (what runs) over sysctl.d over sysctl.conf. */
  sysctl: Record<string, Setting<string>>;
  limits: LimitsEntry[];
  systemdUnits: SystemdUnit[];
  /** Open-file limits of running processes from /proc/PID/limits snapshots. */
  processLimits: HostFactsConfig['processLimits'];
}

export interface Stack {
  components: Component[];
  hosts: HostModel[];
  links: Link[];
  nodeApps: NodeAppModel[];
  /** Formats present in the input (for rule requirements). */
  formats: Set<ConfigFormatId>;
}

/** All components of one format, typed. */
export function componentsOf<F extends ConfigFormatId>(stack: Stack, format: F): Component<F>[] {
  return stack.components.filter((c): c is Component<F> => c.format === format);
}

/** The component with this id when it is of one of these formats (a link's target, typed). */
export function componentById<F extends ConfigFormatId>(
  stack: Stack,
  id: string | undefined,
  ...formats: F[]
): Component<F> | undefined {
  return stack.components.find((c): c is Component<F> => c.id === id && (formats as string[]).includes(c.format));
}

/** The host model of a component ("" host when single-host). */
export function hostOf(stack: Stack, component: Component): HostModel {
  return (
    stack.hosts.find((h) => h.name === component.host) ??
    stack.hosts[0] ?? { name: '', sysctl: {}, limits: [], systemdUnits: [], processLimits: [] }
  );
}
