// Real files of test/real-logs that faultline reads WRONG today, keyed by `<kind>/<file>`: their EXPECTED.json
// holds the true format and the line/skip counts that format must give; `today` is what detection says now. Log-format
// detection is being made content-based (issue 9 item 3); real-logs.test.ts fails when a listed file is read
// right, so this list only shrinks: remove the entry when the fix lands (and check its counts then).

export const WRONG_TODAY: Record<string, { today: string | null; why: string }> = {
  'caddy/lnav-logfile_caddy_log-head.0': {
    today: null,
    why: 'compose-prefixed output (`caddy  | `, a service name without the Compose v2 `-1` index) whose inner lines are JSON with an epoch-seconds `ts` is not taken for container output',
  },
  'lnav-generic/lnav-logfile_ts_value.0': {
    today: 'syslog',
    why: 'an RFC 3339 stamp followed by a level word is taken for a syslog line whose host is `INFO`',
  },
  'syslog-rfc5424/lnav-logfile_with_zones.0': {
    today: 'pm2-log',
    why: "an RFC 3339 stamp ending in `Z` is taken for PM2's `--time` prefix",
  },
  'vmware/lnav-logfile_vmw_log.0': {
    today: 'pm2-log',
    why: "a `…T…mmmZ` prefix is taken for PM2's `--time` stamp",
  },
};
