// PM2's process counts and the PM2 apps that run a node app: read by the ladder (src/stack/ladder.ts) and the rules.
import { posix } from 'node:path';
import type { Pm2App } from '../formats/config/types.js';
import type { SourceLoc } from '../model/setting.js';
import type { Component, HostModel, NodeAppModel, Stack } from './stack.js';

export interface Count {
  value: number;
  /** "instances: 'max' = 2 CPUs (proc/cpuinfo)" */
  describe: string;
  locs: SourceLoc[];
  /** False when the count depends on a fact the input lacks (CPUs). */
  known: boolean;
}

/** PM2 process count: a number; "max"/0 = one per CPU; -1 = CPUs − 1 (PM2 docs, "Cluster Mode"). */
export function pm2Instances(app: Pm2App, host: HostModel): Count {
  const inst = app.instances;
  const locs = inst.loc ? [inst.loc] : [];
  const cpus = host.cpus?.value;
  const cpuText = host.cpus
    ? `${cpus} CPUs${host.cpus.loc ? ` (${host.cpus.loc.path})` : host.cpus.raw ? ` (${host.cpus.raw})` : ''}`
    : '';
  if (inst.value === 'max' || inst.value === 0) {
    if (cpus === undefined)
      return {
        value: 1,
        describe: `instances: ${inst.raw ?? 'max'} (one per CPU; CPU count not in the input — counted as 1, pass --cpus)`,
        locs,
        known: false,
      };
    return { value: cpus, describe: `instances: ${inst.raw ?? 'max'} = ${cpuText}`, locs, known: true };
  }
  if (typeof inst.value === 'number' && inst.value < 0) {
    if (cpus === undefined)
      return {
        value: 1,
        describe: `instances: ${inst.value} (CPUs − ${-inst.value}; CPU count not in the input)`,
        locs,
        known: false,
      };
    const n = Math.max(1, cpus + inst.value);
    return { value: n, describe: `instances: ${inst.value} = ${cpuText} − ${-inst.value}`, locs, known: true };
  }
  const n = typeof inst.value === 'number' ? inst.value : 1;
  return {
    value: n,
    describe: inst.isDefault ? 'one process (instances default 1)' : `instances: ${n}`,
    locs,
    known: true,
  };
}

/** The PM2 apps that run a Node app: ecosystem files in the app's folder tree (or the only PM2 app). */
export function pm2AppsFor(stack: Stack, app: NodeAppModel): { comp: Component<'pm2'>; app: Pm2App }[] {
  const pm2 = stack.components.filter((c): c is Component<'pm2'> => c.format === 'pm2');
  const dirs = app.components.map((id) => posix.dirname(id.slice(id.indexOf(':') + 1)));
  const related = pm2.filter((c) => {
    const d = posix.dirname(c.path);
    return dirs.some((a) => a === d || a.startsWith(`${d}/`) || d.startsWith(`${a}/`));
  });
  const comps = related.length ? related : pm2.length === 1 && stack.nodeApps.length === 1 ? pm2 : [];
  return comps.flatMap((comp) => comp.data.apps.map((a) => ({ comp, app: a })));
}
