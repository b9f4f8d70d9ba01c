// Real files of test/real-logs that faultline reads WRONG today, keyed by `<kind>/<file>`: their EXPECTED.json
// holds the true format (and the line/skip counts that format gives); `today` is what detection says now. Log-format
// detection is being made content-based (issue 9 item 3); real-logs.test.ts fails when a listed file is read
// right, so this list only shrinks: remove the entry when the fix lands.

export const WRONG_TODAY: Record<string, { today: string | null; why: string }> = {
  'vmware/lnav-logfile_vmw_log.0': {
    today: 'pm2-log',
    why: "a `…T…mmmZ` prefix is taken for PM2's `--time` stamp",
  },
  'vmware/lnav-logfile_vpxd.0': {
    today: 'pm2-log',
    why: "a `…T…mmmZ` prefix is taken for PM2's `--time` stamp",
  },
  'caddy/lnav-logfile_caddy_log-head.0': {
    today: null,
    why: 'compose-prefixed output whose inner lines are JSON with an epoch-seconds `ts` is not taken for container output',
  },
  'syslog-lnav/lnav-logfile_syslog_fr.0': {
    today: null,
    why: 'a localised month name (`août`) is not read',
  },
};
