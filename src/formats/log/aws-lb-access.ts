// AWS load balancer access logs, as the load balancer writes them to S3 (one request per line, UTC):
//
//   http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80
//     0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:… "Root=…" …
//       Application Load Balancer: type, time, elb, client:port, target:port, request/target/response processing
//       times, elb_status_code, target_status_code, received/sent bytes, "request", "user_agent", then the TLS,
//       target group, trace and (newer) action/error/classification fields
//   2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200
//     0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -
//       Classic Load Balancer: the same without the type; logs from before 2015 end after "request"
//
// Field lists: docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html and
// …/classic/access-log-collection.html. A processing time is -1 when the load balancer could not dispatch the
// request or the target did not answer before the idle timeout; the target is `-` and its status `-` (ALB) or 0
// (Classic) when no target answered. The duration is the sum of the three times (seconds) when all are known.
import type { HttpRequestFields, ParsedLine } from '../../model/event.js';
import type { LogFormat } from './types.js';

const STAMP = '(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?Z';
/** client, target, three times, the two statuses, the two byte counts, "request". */
const CORE =
  '(\\S+) (\\S+) (-?\\d+(?:\\.\\d+)?) (-?\\d+(?:\\.\\d+)?) (-?\\d+(?:\\.\\d+)?) (\\d{3}|-) (\\d{1,3}|-) (\\d+|-) (\\d+|-) "([^"]*)"';
const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';

const ALB_RE = new RegExp(`^(https?|h2|grpcs?|wss?) ${STAMP} (\\S+) ${CORE} ${QUOTED} (.*)$`);
const CLASSIC_RE = new RegExp(`^${STAMP} (\\S+) ${CORE}(?: ${QUOTED} (\\S+) (\\S+))?$`);
/** The request line: method, URL (scheme://host:port/path), protocol; TCP listeners log `- - - `. */
const REQUEST_RE = /^([A-Z]{1,20}) (\S+)(?: (\S+))?$/;
/** The error_reason of newer ALB lines: the third quoted field after the request creation time. */
const ALB_TAIL_RE = /^(?:\S+ ){2}\S+ "[^"]*" "[^"]*" "[^"]*" \S+ \S+ "([^"]*)" "[^"]*" "([^"]*)"/;

function pathOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]{0,20}:\/\/[^/\s]*(\/\S*)?$/i.exec(url);
  if (!m) return url;
  return m[1] ?? '/';
}

function hostOnly(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  const colon = hostPort.lastIndexOf(':');
  return colon > 0 ? hostPort.slice(0, colon) : hostPort;
}

/** m[0..] from the core groups, starting at `at` (the client group). */
function requestOf(m: RegExpExecArray, at: number): HttpRequestFields {
  const request: HttpRequestFields = {};
  const line = REQUEST_RE.exec(m[at + 9]);
  if (line) {
    request.method = line[1];
    request.path = pathOf(line[2]);
  }
  if (m[at + 5] !== '-') request.status = Number(m[at + 5]);
  if (m[at + 6] !== '-') request.upstreamStatus = m[at + 6];
  if (m[at + 8] !== '-') request.bytes = Number(m[at + 8]);
  const times = [m[at + 2], m[at + 3], m[at + 4]].map(Number);
  if (times.every((t) => t >= 0)) request.duration = Math.round((times[0] + times[1] + times[2]) * 1e6) / 1e6;
  if (m[at] !== '-') request.client = hostOnly(m[at]);
  if (m[at + 1] !== '-') request.backend = m[at + 1];
  return request;
}

function stampOf(m: RegExpExecArray, at: number): ParsedLine['ts'] {
  const ts: NonNullable<ParsedLine['ts']> = {
    year: Number(m[at]),
    month: Number(m[at + 1]),
    day: Number(m[at + 2]),
    hour: Number(m[at + 3]),
    minute: Number(m[at + 4]),
    second: Number(m[at + 5]),
    offsetMinutes: 0,
  };
  if (m[at + 6] !== undefined) ts.ms = Number(m[at + 6].slice(0, 3).padEnd(3, '0'));
  return ts;
}

function parseAlb(m: RegExpExecArray): ParsedLine {
  // groups: 1 type, 2-8 stamp, 9 elb, 10.. core, 20 user agent, 21 rest
  const request = requestOf(m, 10);
  const fields: Record<string, string> = { type: m[1], elb: m[9], targetStatus: m[16] };
  const tail = ALB_TAIL_RE.exec(m[21]);
  if (tail) {
    fields.actions = tail[1];
    if (tail[2] !== '-') fields.errorReason = tail[2];
  }
  return { ts: stampOf(m, 2), program: m[9], message: m[19], request, fields };
}

function parseClassic(m: RegExpExecArray): ParsedLine {
  // groups: 1-7 stamp, 8 elb, 9.. core, 19 user agent, 20 cipher, 21 protocol
  const request = requestOf(m, 9);
  return { ts: stampOf(m, 1), program: m[8], message: m[18], request, fields: { elb: m[8], targetStatus: m[15] } };
}

function parseLbAccess(line: string): ParsedLine | null {
  if (line.length > 64 * 1024) return null;
  const c = line.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) {
    const m = CLASSIC_RE.exec(line);
    return m ? parseClassic(m) : null;
  }
  const m = ALB_RE.exec(line);
  return m ? parseAlb(m) : null;
}

function detectLbAccess(sample: string[], path: string): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    if (parseLbAccess(line)) hits++;
  }
  if (seen === 0 || hits / seen < 0.9) return 0;
  // Above syslog (≤ 0.95), which reads `stamp host tag` into a Classic line.
  return Math.min(1, (hits / seen) * 0.98 + (/elasticloadbalancing/.test(path) ? 0.02 : 0));
}

export const awsLbAccess: LogFormat = {
  behaviour: {
    proxy: true,
    time: 'wall',
    multiline: false,
    requests: true,
    process: () => ({ source: 'aws-lb' }),
    notableHints: [],
  },
  id: 'aws-lb-access',
  detect: detectLbAccess,
  parse: parseLbAccess,
  samples: [
    // docs.aws.amazon.com ALB user guide, "Access log entry examples" (awsdocs/elb-application-load-balancers-user-guide)
    'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-"',
    'https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-"',
    'http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse"',
    // docs.aws.amazon.com Classic Load Balancer guide, "Access log entry examples"
    '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -',
    '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -',
    // github.com/cboscolo/elb2loggly/issues/9: a Classic 504 with no backend (line quoted up to the request)
    '2015-08-03T19:35:21.383076Z xxxxx-production 1.1.1.1:63484 - -1 -1 -1 504 0 0 0 "GET https://xxxx:443/xxxx"',
  ],
};
