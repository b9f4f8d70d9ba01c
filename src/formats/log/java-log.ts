// Java application logs written by log4j 1/2, logback and java.util.logging with a date-first pattern, as the
// JVM frameworks and the Java servers ship them:
//
//   2024-03-05 10:12:01,123 ERROR [main] com.example.App - msg                log4j (`%d %-5p [%t] %c - %m%n`)
//   2024-03-05 10:12:01.123 [http-nio-8080-exec-1] ERROR c.e.App - msg       logback (`%d [%thread] %-5level %logger`)
//   2024-03-05T10:12:01.123+01:00 ERROR 1234 --- [app] [   main] o.s.b.SpringApplication : msg
//       Spring Boot 3.2+ (`--- [app] [thread]`); Boot 1/2 and 3.0–3.1 write `--- [thread]` only
//   2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0.0.0.0:2181:Leader@774] - msg     ZooKeeper
//   17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: msg                      Spark (`%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m`)
//   2021-02-18 14:53:58,411+0000 localhost-startStop-1 INFO      [c.a.jira.startup.JiraStartupLogger] msg   Jira
//   2019-05-03 10:34:51,317 INFO [localhost-startStop-1] [com.atlassian.confluence.lifecycle] msg          Confluence
//
// The header after the stamp is read token by token (level, thread in brackets — ZooKeeper's nest —, Spring's pid
// and `---`, logger, `-`/`:` separator), so one reader covers the pattern orders without a regex per product.
// Stack traces (`\tat …`, `Caused by: …`, `\t... 12 more`, the exception line itself, the JVM's own
// `Exception in thread "…"`) are continuations of the record above. Times carry no zone unless the pattern writes
// one (Spring Boot 3's ISO offset, Jira's `+0000`). Tomcat's catalina.out shapes (JULI's `dd-MMM-yyyy`, JUL's
// two-line record) are the tomcat-log format's and are not read here.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { parseIsoStamp, validTime } from './syslog.js';
import { exceptionIn } from './tomcat-log.js';
import type { LogFormat } from './types.js';

const LEVELS: Record<string, Level> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  FINEST: 'debug',
  FINER: 'debug',
  FINE: 'debug',
  CONFIG: 'info',
  INFO: 'info',
  NOTICE: 'notice',
  WARN: 'warning',
  WARNING: 'warning',
  ERROR: 'error',
  SEVERE: 'error',
  FATAL: 'critical',
};

/** The level a word names; own keys only, so a `__proto__` or `constructor` in the line names none. */
function levelOf(word: string): Level | undefined {
  return Object.hasOwn(LEVELS, word) ? LEVELS[word] : undefined;
}

/** Spark's and Hadoop's two-digit-year stamp: `17/06/09 20:10:40`. */
const SHORT_DATE_RE = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})/;
const FRAME_RE = /^(?:\s*at [\w$.<>/-]+\(|\s+\.\.\. \d+ (?:more|common frames omitted)|Caused by: |\s*Suppressed: )/;
const EXCEPTION_RE = /^\s?(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/;
const UNCAUGHT_RE = /^Exception in thread "[^"]*" (?:[a-z][\w$]*\.)+[A-Z][\w$]*/;
/** A logger name as the patterns print it: `com.example.App`, `c.e.App`, `SparkContext`, `o.s.b.w.e.t.Tomcat$1`. */
const LOGGER_RE = /^[.A-Za-z_$][\w$.#-]*$/;

interface Header {
  level?: Level;
  thread?: string;
  app?: string;
  logger?: string;
  pid?: number;
  message: string;
}

function stampOf(line: string): { ts: LocalTime; end: number } | null {
  const c = line.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return null;
  if (line[4] === '-') return parseIsoStamp(line);
  const m = SHORT_DATE_RE.exec(line);
  if (!m) return null;
  const ts: LocalTime = {
    year: 2000 + Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  return validTime(ts) ? { ts, end: m[0].length } : null;
}

/**
 * The end of a `[…]` group at `p`: nested brackets counted, as ZooKeeper's thread names have them; when they do not
 * balance (logback abbreviates Tomcat's `ContainerBase.[Catalina].[localhost]` to `C.[.[localhost]`), the first
 * `] `. -1 when neither closes it.
 */
function bracketEnd(line: string, p: number): number {
  let depth = 0;
  for (let i = p; i < line.length; i++) {
    const c = line[i];
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  const close = line.indexOf('] ', p + 1);
  return close < 0 ? -1 : close + 1;
}

function skipSpaces(line: string, p: number): number {
  let i = p;
  while (line[i] === ' ') i++;
  return i;
}

/** The next space-delimited token at `p`. */
function wordAt(line: string, p: number): string {
  const sp = line.indexOf(' ', p);
  return sp < 0 ? line.slice(p) : line.slice(p, sp);
}

/** Brackets after the level: Spring Boot 3.2+ writes `[app] [thread]`, others a thread or a `[logger]`. */
function readBrackets(line: string, start: number, h: Header, spring: boolean): number {
  const groups: string[] = [];
  let p = start;
  while (line[p] === '[' && groups.length < 3) {
    const end = bracketEnd(line, p);
    if (end < 0) return -1;
    groups.push(line.slice(p + 1, end - 1).trim());
    p = skipSpaces(line, end);
  }
  if (spring && groups.length >= 2) {
    h.app = groups[0];
    h.thread = groups[1];
  } else {
    for (const g of groups) {
      if (h.thread === undefined && !(h.level && /^[a-z][\w$]*\.[\w$.]+$/.test(g))) h.thread = g;
      else if (h.logger === undefined) h.logger = g;
    }
  }
  return p;
}

/** Reads the header after the stamp; null when no level stands where a Java pattern puts it. */
function readHeader(line: string, start: number, shortStamp: boolean): Header | null {
  if (line[start] !== ' ') return null;
  const h: Header = { message: '' };
  let p = skipSpaces(line, start);
  // Before the level: ZooKeeper's `- `, logback's `[thread] `, Jira's bare thread name (at most two tokens).
  for (let before = 0; before < 3; before++) {
    const word = wordAt(line, p);
    if (levelOf(word) !== undefined) break;
    if (before === 2) return null;
    if (word === '-') p = skipSpaces(line, p + 1);
    else if (line[p] === '[') {
      const end = bracketEnd(line, p);
      if (end < 0) return null;
      h.thread = line.slice(p + 1, end - 1).trim();
      p = skipSpaces(line, end);
    } else if (word.length > 0 && h.thread === undefined && /^[\w.$-]+$/.test(word)) {
      h.thread = word;
      p = skipSpaces(line, p + word.length);
    } else return null;
  }
  const levelWord = wordAt(line, p);
  h.level = levelOf(levelWord);
  if (h.level === undefined) return null;
  p = skipSpaces(line, p + levelWord.length);
  let spring = false;
  const pid = /^(\d{1,10}) --- /.exec(line.slice(p, p + 16));
  if (pid) {
    h.pid = Number(pid[1]);
    spring = true;
    p = skipSpaces(line, p + pid[0].length);
  }
  p = readBrackets(line, p, h, spring);
  if (p < 0) return null;
  return readLoggerAndMessage(line, p, h, spring, shortStamp);
}

/** The logger (bare, or `logger:` as Spark writes it) and the message after a `-` or `:` separator. */
function readLoggerAndMessage(
  line: string,
  start: number,
  h: Header,
  spring: boolean,
  shortStamp: boolean,
): Header | null {
  let p = start;
  const word = wordAt(line, p);
  if (word !== '-' && word !== ':' && h.logger === undefined) {
    const name = word.endsWith(':') ? word.slice(0, -1) : word;
    // A bare `Name:` is Spark's `%c{1}:` only under Spark's own stamp; elsewhere it is any text (`exited: …`).
    const colonName = word.endsWith(':') && (name.includes('.') || shortStamp);
    if (
      LOGGER_RE.test(name) &&
      (colonName || (!word.endsWith(':') && name.includes('.')) || isSeparatorAfter(line, p + word.length))
    ) {
      h.logger = name;
      p = skipSpaces(line, p + word.length);
    } else if (spring) return null;
  }
  const sep = line[p];
  if ((sep === '-' || sep === ':') && (line[p + 1] === ' ' || p + 1 === line.length)) p = skipSpaces(line, p + 1);
  else if (spring) return null;
  // `stamp LEVEL text` alone is any logger's shape (Python's, Go's…): a Java pattern names a thread or a logger.
  if (h.thread === undefined && h.logger === undefined) return null;
  h.message = line.slice(p);
  return h;
}

function isSeparatorAfter(line: string, p: number): boolean {
  const q = skipSpaces(line, p);
  return (line[q] === '-' || line[q] === ':') && line[q + 1] === ' ';
}

function continuationOf(line: string): ParsedLine | null {
  if (FRAME_RE.test(line) || EXCEPTION_RE.test(line) || UNCAUGHT_RE.test(line)) {
    return withException({ message: line.trim(), continuation: true });
  }
  // Any other indented text (a multi-line message, Spring's banner) belongs to the record above.
  if ((line[0] === '\t' || line[0] === ' ') && line.trim() !== '') return { message: line.trim(), continuation: true };
  return null;
}

function withException(parsed: ParsedLine): ParsedLine {
  const exception = exceptionIn(parsed.message);
  if (exception) parsed.fields = { ...parsed.fields, exception };
  return parsed;
}

function parseJava(line: string): ParsedLine | null {
  const stamp = stampOf(line);
  if (!stamp) return continuationOf(line);
  const h = readHeader(line, stamp.end, line[4] !== '-');
  if (!h) return null;
  const fields: Record<string, string | number> = {};
  if (h.thread !== undefined) fields.thread = h.thread;
  if (h.app !== undefined) fields.app = h.app;
  const parsed: ParsedLine = { ts: stamp.ts, level: h.level, message: h.message };
  if (h.logger !== undefined) parsed.program = h.logger;
  if (h.pid !== undefined) parsed.pid = h.pid;
  if (Object.keys(fields).length > 0) parsed.fields = fields;
  return withException(parsed);
}

/**
 * Evidence that a file is a JVM's and not another date-first log (Python's logging writes WARNING/CRITICAL and
 * no thread): a frame, a log4j-only level, Spring's `--- [`, a cause, or Spark's and Hadoop's `yy/MM/dd` stamp.
 */
const JAVA_EVIDENCE_RE =
  /^\s+at [\w$.<>/-]+\(| (?:WARN|FATAL|TRACE|SEVERE) | --- \[|^Caused by: |^\d{2}\/\d{2}\/\d{2} /;

function detectJava(sample: string[], path: string): number {
  let seen = 0;
  let ours = 0;
  let stamped = 0;
  let evidence = false;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const parsed = parseJava(line);
    if (!parsed) continue;
    ours++;
    if (parsed.ts) stamped++;
    if (
      !evidence &&
      (JAVA_EVIDENCE_RE.test(line) || (parsed.fields?.thread !== undefined && parsed.program?.includes('.')))
    )
      evidence = true;
  }
  // Stack frames alone are any JVM's (Tomcat's catalina.out too): a stamped Java record must be seen.
  if (seen === 0 || stamped === 0) return 0;
  const ratio = ours / seen;
  if (ratio < 0.9) return ratio * 0.5;
  return (
    ratio * (evidence ? 0.93 : 0.8) +
    (/(?:^|\/)(?:atlassian-|spring|zookeeper|spark|log4j|logback)/i.test(path) ? 0.02 : 0)
  );
}

export const javaLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'java' }),
    notableHints: ['ERROR', 'SEVERE', 'FATAL'],
  },
  id: 'java-log',
  detect: detectJava,
  parse: parseJava,
  samples: [
    // HikariCP issue #2096 (log4j `%d [%t] %-5p %c - %m%n`)
    '2023-08-15 08:47:40,719 [HikariPool-1 connection adder] DEBUG com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Added connection com.mysql.jdbc.JDBC4Connection@13dfcf58',
    // HikariCP issue #1710 (Spring Boot 2 default console pattern)
    '2020-12-28 08:23:35.766 DEBUG 28421 --- [Hikari housekeeper] com.zaxxer.hikari.pool.HikariPool        : Hikari - Pool stats (total=5, active=0, idle=5, waiting=0)',
    // DeemOpen/excord#17 (Spring Boot 2)
    '2020-04-21 02:11:18.364 ERROR 13624 --- [           main] o.s.boot.SpringApplication               : Application run failed',
    // docs.spring.io Spring Boot 3.3 reference, Logging › Log Format (Boot ≥ 3.2: `[app] [thread]`, ISO with zone)
    '2025-05-10T01:34:33.608Z  INFO 88909 --- [myapp] [           main] o.s.b.d.f.logexample.MyApplication       : Starting MyApplication using Java 17.0.15 with PID 88909 (/opt/apps/myapp.jar started by myuser in /opt/apps/)',
    // loghub Zookeeper_2k.log and Spark_2k.log
    '2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
    '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
    '17/06/09 20:10:41 INFO storage.MemoryStore: MemoryStore started with capacity 17.7 GB',
    // HikariCP#963
    'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30014ms.',
    '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:601)',
  ],
};
