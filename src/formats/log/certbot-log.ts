// certbot's debug log, /var/log/letsencrypt/letsencrypt.log:
//
//   2017-11-24 12:07:02,945:DEBUG:certbot.main:certbot version: 0.19.0
//   2026-09-28 04:19:51,494:DEBUG:certbot._internal.display.obj:Notifying user: Renewing an existing certificate for x.test
//
// Python logging with certbot's own format (certbot/_internal/log.py: "%(asctime)s:%(levelname)s:%(name)s:%(message)s"),
// local time without a zone; the logger is certbot's module (certbot.*, acme.*, urllib3.*), kept as program.
// A record's later lines (a traceback, an HTTP response, a PEM block) continue it.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { validTime } from './syslog.js';
import type { LogFormat } from './types.js';

const LINE_RE =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}):(DEBUG|INFO|WARNING|ERROR|CRITICAL):([\w.]{1,200}):(.*)$/;
const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
};

export function parseCertbot(line: string): ParsedLine | null {
  if (line === '') return null;
  const m = LINE_RE.exec(line);
  if (!m) {
    // Another log's stamped line is not this record's text.
    if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(line)) return null;
    return { message: line, continuation: true };
  }
  const ts: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    ms: Number(m[7]),
  };
  if (!validTime(ts)) return null;
  return { ts, level: LEVELS[m[8]], program: m[9], message: m[10] };
}

/** certbot's and its ACME client's loggers (certbot/_internal/*, acme/client.py). */
const LOGGER_RE = /^(?:certbot|acme)(?:\.|$)/;

function detectCertbot(sample: string[], _path: string): number {
  let seen = 0;
  let records = 0;
  let parsed = 0;
  let own = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const p = parseCertbot(line);
    if (!p) continue;
    parsed++;
    if (p.continuation) continue;
    records++;
    if (p.program && LOGGER_RE.test(p.program)) own++;
  }
  if (seen === 0 || records === 0 || own / records < 0.5) return 0;
  const share = parsed / seen;
  // Above python-log and generic-log: the colon-joined layout with certbot's loggers is certbot's alone.
  return share >= 0.9 && records / seen >= 0.3 ? Math.min(1, share) : 0;
}

export const certbotLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'certbot' }),
    notableHints: [':ERROR:', ':CRITICAL:'],
  },
  id: 'certbot-log',
  detect: detectCertbot,
  parse: parseCertbot,
  samples: [
    // github.com/certbot/certbot/issues/5261
    '2017-11-24 12:07:02,945:DEBUG:certbot.main:certbot version: 0.19.0',
    "2017-11-24 12:07:02,945:DEBUG:certbot.main:Arguments: ['--quiet']",
    '2017-11-24 12:07:02,984:INFO:certbot.log:Saving debug log to /var/log/letsencrypt/letsencrypt.log',
    // github.com/nextcloud/nextcloudpi/issues/550
    '2018-06-21 10:30:36,354:INFO:certbot.renewal:Cert not yet due for renewal',
    // github.com/Greenstand/Greenstand-Overview/issues/53
    '2018-12-10 04:25:48,694:ERROR:certbot.renewal:All renewal attempts failed. The following certs could not be renewed:',
  ],
};
