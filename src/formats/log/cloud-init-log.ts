// /var/log/cloud-init.log:
//
//   2022-07-11 14:19:13,123 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init-local' at Mon, …
//       cloud-init ≥ 0.7.9: Python logging "%(asctime)s - %(filename)s[%(levelname)s]: %(message)s"
//       (cloudinit/settings.py / 05_logging.cfg). asctime is local time without zone; cloud images run UTC.
//   Jul 11 14:19:13 ip-172-31-1-2 [CLOUDINIT] util.py[DEBUG]: Cloud-init v. 0.7.5 running 'init-local' at …
//       older releases, through rsyslog with the `[CLOUDINIT]` tag.
//
// Every boot runs stage `init-local` first: that banner is a reboot marker (fields.boot = 1). The banner also
// states the start time with an explicit offset and the uptime ("Up 21.52 seconds"), kept in fields.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { scanCloudInitLog } from './cloud-init-log-scan.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { msFromFraction, validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const MODERN_RE =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:,(\d{3}))? - ([\w.-]{1,64})\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\]: ?(.*)$/;
const SYSLOG_RE = new RegExp(
  `^(${MONTH_ALTERNATION}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\S+) \\[CLOUDINIT\\] ([\\w.-]{1,64})\\[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\\]: ?(.*)$`,
);
const BANNER_RE =
  /^Cloud-init v\. (\S+) (?:running|finished) '([\w-]{1,32})' at (?:[A-Z][a-z]{2}, )?(\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4})\. Up (\d{1,10}(?:\.\d{1,6})?) seconds/;

const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
};

function withBanner(parsed: ParsedLine): ParsedLine {
  const banner = BANNER_RE.exec(parsed.message);
  if (!banner) return parsed;
  const fields: Record<string, string | number> = {
    ...parsed.fields,
    cloudInitVersion: banner[1],
    stage: banner[2],
    stageTime: banner[3],
    upSeconds: Number(banner[4]),
  };
  if (banner[2] === 'init-local' && parsed.message.includes(' running ')) fields.boot = 1;
  parsed.fields = fields;
  return parsed;
}

function parseCloudInit(line: string): ParsedLine | null {
  const modern = MODERN_RE.exec(line);
  if (modern) {
    const ts: LocalTime = {
      year: Number(modern[1]),
      month: Number(modern[2]),
      day: Number(modern[3]),
      hour: Number(modern[4]),
      minute: Number(modern[5]),
      second: Number(modern[6]),
    };
    if (!validTime(ts)) return null;
    const ms = msFromFraction(modern[7]);
    if (ms !== undefined) ts.ms = ms;
    return withBanner({
      ts,
      program: 'cloud-init',
      level: LEVELS[modern[9]],
      message: modern[10],
      fields: { module: modern[8] },
    });
  }
  const old = SYSLOG_RE.exec(line);
  if (!old) return null;
  const ts: LocalTime = {
    month: monthFromName(old[1]),
    day: Number(old[2].trim()),
    hour: Number(old[3]),
    minute: Number(old[4]),
    second: Number(old[5]),
  };
  if (!validTime(ts)) return null;
  return withBanner({
    ts,
    program: 'cloud-init',
    level: LEVELS[old[8]],
    message: old[9],
    fields: { host: old[6], module: old[7] },
  });
}

function detectCloudInit(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (parseCloudInit(line)) hits++;
  }
  if (seen === 0 || hits === 0) return 0;
  return Math.min(1, (hits / seen) * 0.97 + (/cloud-init/.test(path) ? 0.03 : 0));
}

export const cloudInitLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: false,
    requests: false,
    process: () => ({ source: 'cloud-init-log' }),
    // The init-local banner is a boot (fields.boot), which no level tells; levels are in the facts.
    notableHints: ['Cloud-init v. '],
    scan: scanCloudInitLog,
  },
  id: 'cloud-init-log',
  detect: detectCloudInit,
  parse: parseCloudInit,
  samples: [
    // Seed 002, /var/log/cloud-init.log at the reboot
    "2022-07-11 14:19:13,123 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init-local' at Mon, 11 Jul 2022 14:19:13 +0000. Up 21.52 seconds.",
    '2022-07-11 14:19:13,124 - main.py[INFO]: setting up datasource',
    "2022-07-11 14:19:16,882 - util.py[DEBUG]: Cloud-init v. 21.4-0ubuntu1~18.04.1 running 'init' at Mon, 11 Jul 2022 14:19:16 +0000. Up 25.14 seconds.",
    "2022-07-11 14:19:17,002 - url_helper.py[WARNING]: Calling 'http://169.254.169.254/latest/api/token' failed [0/1s]: request error [HTTPConnectionPool(host='169.254.169.254', port=80): Read timed out. (read timeout=1.0)]",
    "2022-07-11 14:19:20,771 - util.py[WARNING]: Running module ssh-authkey-fingerprints (<module 'cloudinit.config.cc_ssh_authkey_fingerprints' from '/usr/lib/python3/dist-packages/cloudinit/config/cc_ssh_authkey_fingerprints.py'>) failed",
    "Jul 11 14:19:13 ip-172-31-1-2 [CLOUDINIT] util.py[DEBUG]: Cloud-init v. 0.7.5 running 'init-local' at Mon, 11 Jul 2022 14:19:13 +0000. Up 8.26 seconds.",
  ],
};
