// MANIFEST.json, as ../shared/CONTRACT.md fixes it: every bundled item with its sha256, size, source path, and what
// was redacted or truncated; every skipped file with why; every command run with its exit status and duration.
// Extensions (welcome by the contract): `root` and `live: false` for a --root run, `links` (symbolic links bundled
// as links), `pseudonymised` per item and at the top, `window` (--since/--until) and `outsideWindow` per item (lines left out).

export interface ManifestItem {
  /** The member's path in the tarball. */
  path: string;
  /** Where it came from: a host path (`/var/log/nginx/access.log`), a command line, or `faultline probe`. */
  source: string;
  sha256: string;
  bytes: number;
  /** Cut to its newest lines (the per-file cap, or what was left of the total). */
  truncated: boolean;
  /** Secrets replaced by [REDACTED]. */
  redacted: number;
  /** The source was a link to this target inside the root; the item holds the target's content. */
  link?: string;
  /** Addresses and names replaced by tokens (--pseudonymise only). */
  pseudonymised?: number;
  /** Lines of the log stamped outside --since/--until, left out. */
  outsideWindow?: number;
}

export interface ManifestCommand {
  command: string;
  /** null: killed at its time limit or output cap, or it could not start. */
  exit: number | null;
  seconds: number;
  note?: string;
}

export interface Manifest {
  version: 1;
  created: string;
  host: string;
  items: ManifestItem[];
  skipped: { source: string; why: string }[];
  commands: ManifestCommand[];
  links: { path: string; source: string; target: string }[];
  window?: { since?: string; until?: string };
  pseudonymised?: boolean;
  root?: string;
  live?: false;
}

export const MANIFEST_NAME = 'MANIFEST.json';
export const SNAPSHOT_NAME = 'probe-snapshot.json';
