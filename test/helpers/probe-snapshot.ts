// Probe snapshots for rule tests: the snapshot of the captured root (test/fixtures/probe-root, real /proc files of
// the build machine) with the values a case needs set on it, written as probe writes it.
import type { ProbeData } from '../../src/formats/config/probe-snapshot.js';
import { takeSnapshot } from '../../src/probe/snapshot.js';

const root = new URL('../fixtures/probe-root', import.meta.url).pathname;

export const SNAPSHOT_PATH = 'probe-snapshot.json';

/** The captured snapshot, edited by `edit`, as JSON text; its mounts are the captured root's "/" with fixed sizes. */
export function snapshotText(edit: (s: ProbeData) => void = () => {}): string {
  const s: ProbeData = takeSnapshot({ root, ss: false });
  s.time = '2026-12-04T18:22:00.000Z';
  s.mounts = [
    {
      mount: '/',
      fstype: 'ext4',
      device: '/dev/vda',
      readOnly: false,
      size: 270553174016,
      used: 25189261312,
      available: 83755032576,
      inodes: 16777216,
      inodesUsed: 454898,
    },
  ];
  edit(s);
  return `${JSON.stringify(s, null, 2)}\n`;
}

/** "probe-snapshot.json:<line>" of the first line that includes `needle`. */
export function at(text: string, needle: string): string {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return `${SNAPSHOT_PATH}:${i + 1}`;
}
