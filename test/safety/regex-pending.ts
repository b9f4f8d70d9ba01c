// Regexes that recheck does not prove linear and that stay, keyed by `file: /source/flags`. regex-safety.test.ts
// fails when a key is no longer in src/ (fixed or changed), so these lists only shrink; a new pattern is never
// added here: it must be linear.

const BOUNDED =
  'bounded gap: a match can only start at the literal prefix and reads at most the bound ({0,N}) past it, so a ' +
  'line costs O(N × length); recheck measures the growth below the bound and calls it polynomial ' +
  '(scripts/fuzz-scaling.ts feeds the signature matcher repeated prefixes)';

/** Checked by reasoning, with the reason. */
export const JUSTIFIED: Record<string, string> = {
  'signatures/catalog.ts: /Aborted connection (?<conn>\\d+) to db: .{0,300}?\\((?<reason>Got an error reading communication packets)\\)/':
    BOUNDED,
  'signatures/catalog.ts: /Aborted connection (?<conn>\\d+) to db: .{0,300}?\\((?<reason>Got timeout reading communication packets)\\)/':
    BOUNDED,
  'signatures/catalog.ts: /Disk (?:is )?full .{0,200}?\\(Errcode: 28/': BOUNDED,
  'signatures/catalog.ts: /systemd-udevd\\[\\d+\\]: (?:seq \\d+ )?.{0,300}? is taking a long time/': BOUNDED,
};

const OTHER_ENGINEER =
  'super-linear (recheck); in a file another engineer is editing now (src/read/*, src/analysis/ingest.ts): fix pending';

/** Not fixed yet. */
export const PENDING: Record<string, string> = {
  'analysis/hypotheses/crash-loop.ts: /^\\s*at .*?\\(?((?:\\/|[A-Za-z]:\\\\)[^():]+):(\\d+):\\d+\\)?\\s*$/':
    "super-linear (recheck: 'at ' + '/ ' × n); needs a scanner for the last path:line:col of a stack frame",
  'read/time.ts: /^\\s*(?:ZONE|TIMEZONE)\\s*=\\s*"?([^"\\s]+)"?/m': OTHER_ENGINEER,
  'read/time.ts: /zoneinfo\\/(.+)$/': OTHER_ENGINEER,
};
