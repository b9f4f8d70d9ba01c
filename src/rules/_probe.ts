// Shared reading of probe snapshots for the probe rules: the snapshots of the stack and how a process is named.
import type { ProbeSnapshotConfig } from '../formats/config/probe-snapshot.js';
import type { ProbeProcess } from '../probe/types.js';
import { componentsOf, type Stack } from '../stack/stack.js';

export function probeSnapshots(stack: Stack): ProbeSnapshotConfig[] {
  return componentsOf(stack, 'probe-snapshot').map((c) => c.data);
}

/** "node (pid 4242, pm2:api)": the contract's subject of a process, with its service when known. */
export function processLabel(p: ProbeProcess): string {
  return `${p.name} (pid ${p.pid}${p.service ? `, ${p.service}` : ''})`;
}

/** A share as a whole percentage, never rounded up to 100 before it is there. */
export function percent(part: number, whole: number): number {
  const p = (100 * part) / whole;
  return p >= 100 ? Math.round(p) : Math.min(99, Math.round(p));
}
