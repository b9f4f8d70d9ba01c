// A configuration value as the stack model sees it: its effective value, where it was written
// (file:line), or, when nobody wrote it, the documented default and where that default is documented.

export interface SourceLoc {
  /** Path as the user named it (relative to the input root for bundles and directories). */
  path: string;
  /** 1-based line number. */
  line: number;
}

export interface Setting<T> {
  value: T;
  /** The text as written ("50s", "28800"); absent for defaults. */
  raw?: string;
  /** Where it was written; for an inherited value, the line it was inherited from. Absent for defaults. */
  loc?: SourceLoc;
  /** True when the user did not write it and `value` is the documented default. */
  isDefault: boolean;
  /** For defaults: the document that states the default, e.g. "nginx docs, ngx_http_upstream_module: keepalive_timeout 60s". */
  defaultSource?: string;
  /** For inherited values: where it came from, e.g. "defaults" or "defaults mysql-defaults". */
  inheritedFrom?: string;
}

export function written<T>(value: T, loc: SourceLoc, raw?: string): Setting<T> {
  return { value, loc, raw, isDefault: false };
}

export function byDefault<T>(value: T, defaultSource: string): Setting<T> {
  return { value, isDefault: true, defaultSource };
}

/** A problem met while reading a file: one line naming file:line and what was expected. */
export interface ParseIssue {
  path: string;
  line: number;
  message: string;
}
