// The host model: the facts of one host folder combined in the order the system applies them —
// sysctl.d then sysctl.conf then a /proc/sys snapshot, limits.conf entries, systemd units, RAM and CPUs
// from /proc (or App Engine's instance class), and the --ram/--cpus overrides last.
import { type Setting, written } from '../model/setting.js';
import type { Size } from '../model/units.js';
import type { Component, HostModel } from './stack.js';

export interface HostOverrides {
  /** --ram */
  ram?: Size;
  /** --cpus */
  cpus?: number;
  /**
   * The Node.js version the logs state, by host name ("" for a single host): used for an app whose files name none
   * (PM2's start banner, the line after an uncaught exception), cited at its log line.
   */
  nodeVersions?: ReadonlyMap<string, Setting<string>>;
}

export function buildHosts(components: Component[], overrides: HostOverrides): HostModel[] {
  // Grouped in one pass: a filter per host was quadratic (40,000 hosts of one file each took 31 s).
  const byHost = new Map<string, Component[]>();
  for (const c of components) {
    const list = byHost.get(c.host);
    if (list) list.push(c);
    else byHost.set(c.host, [c]);
  }
  if (byHost.size === 0) byHost.set('', []);
  return [...byHost.keys()].sort().map((name) => buildHost(name, byHost.get(name) ?? [], overrides));
}

function buildHost(name: string, comps: Component[], overrides: HostOverrides): HostModel {
  const host: HostModel = { name, sysctl: {}, limits: [], systemdUnits: [], processLimits: [] };
  // sysctl: procps' `sysctl --system` reads sysctl.d/*.conf in lexical order, then /etc/sysctl.conf last;
  // a /proc/sys snapshot is what actually runs and wins over both.
  const sysctlFiles = comps
    .filter((c): c is Component<'sysctl'> => c.format === 'sysctl')
    .sort((a, b) => sysctlOrder(a.path) - sysctlOrder(b.path) || a.path.localeCompare(b.path));
  for (const c of sysctlFiles) {
    for (const [k, v] of Object.entries(c.data.values)) host.sysctl[k] = written(v.value, v.loc, v.value);
  }
  for (const c of comps) {
    if (c.format === 'host-facts') {
      const f = c.data;
      if (f.memTotal) host.ram = f.memTotal;
      if (f.cpus) host.cpus = f.cpus;
      if (f.transparentHugepage) host.transparentHugepage = f.transparentHugepage;
      for (const [k, v] of Object.entries(f.sysctl)) host.sysctl[k] = written(v.value, v.loc, v.value);
      host.processLimits.push(...f.processLimits);
    } else if (c.format === 'limits') {
      host.limits.push(...c.data.entries);
    } else if (c.format === 'systemd') {
      host.systemdUnits.push(...c.data.units);
    }
  }
  if (!host.ram) {
    const ae = comps
      .filter((c): c is Component<'app-engine'> => c.format === 'app-engine')
      .find((c) => !!c.data.memory);
    if (ae?.data.memory) host.ram = ae.data.memory;
  }
  if (overrides.ram !== undefined) host.ram = { value: overrides.ram, isDefault: false, raw: '--ram' };
  if (overrides.cpus !== undefined) host.cpus = { value: overrides.cpus, isDefault: false, raw: '--cpus' };
  return host;
}

function sysctlOrder(path: string): number {
  if (/(^|\/)sysctl\.d\//.test(path)) return 1;
  if (/(^|\/)sysctl\.conf$/.test(path)) return 2;
  return 0;
}
