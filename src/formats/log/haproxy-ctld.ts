// OpenShift's haproxy_ctld (app-root/logs/haproxy_ctld.log): the auto-scaler that watches HAProxy sessions and adds
// or removes gears. It logs with Ruby's Logger default format, `%s, [%s #%d] %5s -- %s: %s`:
//
//   I, [2014-10-13T07:14:48.857616 #74934]  INFO -- : add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%
//
// (Ruby Logger::Formatter; the severity is right-aligned to five characters, hence two spaces before INFO.)
// The stamp has no zone: the gear's local time.
import type { Level, ParsedLine } from '../../model/event.js';
import { scanHaproxyCtld } from './haproxy-ctld-scan.js';
import type { LogFormat } from './types.js';

const RUBY_LOGGER_RE =
  /^([DIWEFA]), \[(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? #(\d+)\] +(DEBUG|INFO|WARN|ERROR|FATAL|ANY) -- ([^:]*): ?(.*)$/;
/** `add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%` */
const GEAR_ACTION_RE = /^(add-gear|remove-gear)\b/;
const METRIC_RE = /(?:^|\W)(\w+): (-?\d+(?:\.\d+)?)%?/g;

const LEVELS: Record<string, Level> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warning',
  ERROR: 'error',
  FATAL: 'critical',
  ANY: 'info',
};

function parseCtld(line: string): ParsedLine | null {
  const m = RUBY_LOGGER_RE.exec(line);
  if (!m) return null;
  const message = m[12];
  const parsed: ParsedLine = {
    ts: {
      year: Number(m[2]),
      month: Number(m[3]),
      day: Number(m[4]),
      hour: Number(m[5]),
      minute: Number(m[6]),
      second: Number(m[7]),
    },
    level: LEVELS[m[10]],
    program: m[11] || 'haproxy_ctld',
    pid: Number(m[9]),
    message,
  };
  if (m[8]) parsed.ts!.ms = Number(m[8].slice(0, 3).padEnd(3, '0'));
  const action = GEAR_ACTION_RE.exec(message);
  if (action) {
    const fields: Record<string, string | number> = { action: action[1] };
    for (const metric of message.matchAll(METRIC_RE)) fields[metric[1]] = Number(metric[2]);
    parsed.fields = fields;
  }
  return parsed;
}

function detectCtld(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  let gear = false;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parseCtld(line);
    if (parsed) {
      hits++;
      if (/gear|haproxy/i.test(parsed.message)) gear = true;
    }
  }
  if (seen === 0 || hits === 0) return 0;
  // Ruby's Logger format is shared by many Ruby programs; it is haproxy_ctld when the name or the words say so.
  const specific = gear || /haproxy_ctld/i.test(path);
  return (hits / seen) * (specific ? 0.95 : 0.5);
}

export const haproxyCtld: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: false,
    requests: false,
    process: () => ({ source: 'haproxy-ctld' }),
    // Every line states its Ruby Logger level, which the scanner reads.
    notableHints: [],
    scan: scanHaproxyCtld,
  },
  id: 'haproxy-ctld',
  detect: detectCtld,
  parse: parseCtld,
  samples: [
    // Seed 000 case 1 (whitespace as Ruby's Logger writes it)
    'I, [2014-10-13T07:14:48.857616 #74934]  INFO -- : add-gear - capacity: 143.75% gear_count: 1 sessions: 23 up_thresh: 90.0%',
    'I, [2014-10-13T07:31:02.112004 #74934]  INFO -- : remove-gear - capacity: 9.375% gear_count: 2 sessions: 3 remove_thresh: 49.9%',
    'D, [2014-10-13T07:14:18.402113 #74934] DEBUG -- : GEAR_INFO - capacity: 87.5% gear_count: 1 sessions: 14 up/remove_thresh: 90.0%/49.9% sec_left_til_remove: 120 gear_remove_thresh: 0/20',
    'E, [2014-10-13T07:16:51.020301 #74934] ERROR -- : Failed to get information from haproxy',
  ],
};
