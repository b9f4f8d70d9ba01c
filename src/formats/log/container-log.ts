// What a container runtime stores of a container's output, around the program's own lines:
//
//   Docker's json-file driver (/var/lib/docker/containers/<id>/<id>-json.log, docker's default logging driver):
//     {"log":"2024/03/05 10:12:01 [error] 29#29: *1 connect() failed (111: Connection refused) …\n","stream":"stderr","time":"2024-03-05T10:12:01.123456789Z"}
//   CRI (containerd, CRI-O: /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log; kubelet's format):
//     2024-03-05T10:12:01.123456789Z stderr F <line>        (F: full line, P: partial, continued by the next)
//   `docker compose logs` output: `web-1  | <line>` (Compose v2, `web_1` in v1; a service with `container_name:`
//   is named without an index, `caddy  | `), `-t` adds the time after the bar.
//
// The runtime's time is exact (UTC); the line inside is the program's, read with the format the survey detects
// for the file's inner lines (nginx, a Node app's JSON, Python…) and matched against that format's signatures.
import type { LocalTime, ParsedLine } from '../../model/event.js';
import { parseIsoStamp } from './syslog.js';
import type { LogFormat } from './types.js';

const CRI = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([FP]) ?/;
/** A container name (lower case, as Compose derives it; an index `-1`/`_1` unless `container_name:` is set), padded. */
const COMPOSE = /^([a-z0-9][a-z0-9_.-]{0,67}) {1,40}\| ?/;

function stamp(text: string): LocalTime | undefined {
  const m = parseIsoStamp(text, true);
  return m && m.ts.offsetMinutes !== undefined ? m.ts : undefined;
}

function parseDockerJson(line: string): ParsedLine | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object') return null;
  const { log, stream, time } = o as Record<string, unknown>;
  if (typeof log !== 'string' || typeof time !== 'string') return null;
  const ts = stamp(time);
  if (!ts) return null;
  // A line over 16 KiB is split into several entries; only the last ends with a newline.
  const text = log.endsWith('\n') ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log;
  const p: ParsedLine = { ts, message: text, inner: { text } };
  if (stream === 'stdout' || stream === 'stderr') p.fields = { stream };
  return p;
}

export function parseContainer(line: string): ParsedLine | null {
  if (line.charCodeAt(0) === 0x7b) return parseDockerJson(line);
  const cri = CRI.exec(line);
  if (cri) {
    const ts = stamp(cri[1]);
    if (!ts) return null;
    const text = line.slice(cri[0].length);
    return {
      ts,
      message: text,
      inner: { text },
      fields: { stream: cri[2], ...(cri[3] === 'P' ? { partial: 1 } : {}) },
    };
  }
  const compose = COMPOSE.exec(line);
  if (compose) {
    let text = line.slice(compose[0].length);
    // `docker compose logs -t`: the runtime's time after the bar.
    const t = /^(\d{4}-\d{2}-\d{2}T[\d:.]{8,18}Z) /.exec(text);
    const ts = t ? stamp(t[1]) : undefined;
    if (t) text = text.slice(t[0].length);
    const p: ParsedLine = { message: text, inner: { text }, fields: { service: compose[1] } };
    if (ts) p.ts = ts;
    return p;
  }
  return null;
}

function detectContainer(sample: string[]): number {
  const lines = sample.filter((l) => l.trim() !== '').slice(0, 200);
  if (lines.length === 0) return 0;
  let entries = 0;
  for (const l of lines) {
    if ((l.startsWith('{"log":') && l.includes('"time":"')) || CRI.test(l) || COMPOSE.test(l)) entries++;
  }
  return entries / lines.length >= 0.9 ? 0.98 : 0;
}

export const containerLog: LogFormat = {
  id: 'container-log',
  detect: detectContainer,
  parse: parseContainer,
  behaviour: {
    time: 'optional',
    multiline: false,
    // The inner lines may be requests (an nginx or gunicorn container's access log).
    requests: true,
    process: (path) => {
      const m =
        /containers\/([0-9a-f]{12})[0-9a-f]{0,52}\//.exec(path) ?? /pods\/[^/]{1,253}\/([^/]{1,253})\//.exec(path);
      return { source: m ? `container:${m[1]}` : 'container' };
    },
    notableHints: [],
    wraps: true,
  },
  samples: [
    // Docker's json-file driver documentation (docs.docker.com/config/containers/logging/json-file/)
    '{"log":"Log line is here\\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}',
    // The CRI log format (kubernetes kubelet-cri-logging design): a partial line and its end
    '2016-10-06T00:17:09.669794202Z stdout P log content 1-1',
    '2016-10-06T00:17:09.669794203Z stdout F log content 1-2',
    // A Kafka broker under containerd
    '2023-01-31T22:46:07.635701791Z stdout F [2023-01-31 22:46:07,635] INFO [GroupMetadataManager brokerId=1001] Removed 0 expired offsets in 0 milliseconds. (kafka.coordinator.group.GroupMetadataManager)',
    // docker compose logs (Compose v2)
    'db-1   | 2026-10-04 04:05:18.047 UTC [1] LOG:  database system is ready to accept connections',
  ],
};
