// Tomcat's catalina.out (java.util.logging through JULI, plus whatever the JVM and the webapps print on stdout).
//
// Tomcat ≤ 7 (java.util.logging.SimpleFormatter, two lines per record):
//   Oct 12, 2014 6:01:40 AM org.apache.catalina.startup.Catalina start
//   INFO: Server startup in 1234 ms
// Tomcat 8+ (org.apache.juli.OneLineFormatter, the default since 8.0):
//   12-Oct-2014 06:01:40.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in 1234 ms
//
// In the two-line format the first line yields the time and the logging class, the second is a `continuation`
// carrying the level and message; stack frames (`\tat …`, `Caused by: …`, `… 12 more`) are continuations too.
// Neither format writes a zone. Whatever the webapps print (Spring Boot's banner and log lines, logback, SLF4J's
// warnings) is read too, so a catalina.out stays Tomcat's with an app in it.
import type { Level, LocalTime, ParsedLine } from '../../model/event.js';
import { javaLog } from './java-log.js';
import { MONTH_ALTERNATION, monthFromName } from './months.js';
import { scanTomcatLog } from './tomcat-log-scan.js';
import type { LogFormat } from './types.js';

const JUL_LEVELS = 'SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST';
const HEADER_RE = new RegExp(
  `^(${MONTH_ALTERNATION}) (\\d{1,2}), (\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2}) (AM|PM) ([\\w.$]+)(?: ([\\w$<>.-]+))?$`,
);
const SECOND_LINE_RE = new RegExp(`^(${JUL_LEVELS}): (.*)$`);
const ONE_LINE_RE = new RegExp(
  `^(\\d{2})-(${MONTH_ALTERNATION})-(\\d{4}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{3}))? (${JUL_LEVELS}) \\[([^\\]]*)\\] (\\S+) ?([\\s\\S]*)$`,
);
const FRAME_RE = /^(?:\s+at [\w$.<>/-]+\(|\s+\.\.\. \d+ (?:more|common frames omitted)|Caused by: |\s*Suppressed: )/;
/** A bare exception line (`java.lang.OutOfMemoryError: Java heap space`) continues the record above it. */
const EXCEPTION_RE = /^\s?(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/;
/** The JVM itself prints this on stdout when a thread dies; it starts a record of its own. */
const UNCAUGHT_RE = /^Exception in thread "([^"]*)" ((?:[a-z][\w$]*\.)+[A-Z][\w$]*)/;
/**
 * Jasper's JasperException message, which StandardWrapperValve logs verbatim inside its SEVERE record: the JSP's
 * lines around the failing one (`12:   for (…)`, JspServletWrapper.handleJspException) and `Stacktrace:] with root
 * cause` closing the record's text. Both continue the record above.
 */
const JASPER_EXCERPT_RE = /^(?:\d{1,6}: |Stacktrace:)/;
const VERSION_RE = /Server version(?: name)?:\s+Apache Tomcat\/(\S+)/;

const LEVELS: Record<string, Level> = {
  SEVERE: 'error',
  WARNING: 'warning',
  INFO: 'info',
  CONFIG: 'info',
  FINE: 'debug',
  FINER: 'debug',
  FINEST: 'debug',
};

/** The first fully qualified `…Exception`/`…Error` class named in a message, found without an unanchored regex. */
export function exceptionIn(message: string): string | undefined {
  for (const word of ['Exception', 'Error']) {
    let at = message.indexOf(word);
    while (at >= 0) {
      const end = at + word.length;
      const after = message.charCodeAt(end);
      // The class name ends here unless more identifier characters follow ("ErrorPage", "Exceptions").
      if (!(after >= 0x30 && after <= 0x39) && !(after >= 0x41 && after <= 0x5a) && !(after >= 0x61 && after <= 0x7a)) {
        let start = at;
        while (start > 0 && at - start < 300 && /[\w$.]/.test(message[start - 1])) start--;
        const name = message.slice(start, end);
        if (/^(?:[a-z][\w$]*\.)+[A-Z][\w$]*$/.test(name)) return name;
      }
      at = message.indexOf(word, end);
    }
  }
  return undefined;
}

function withMessageFields(parsed: ParsedLine): ParsedLine {
  const version = VERSION_RE.exec(parsed.message);
  const exception = exceptionIn(parsed.message);
  if (version || exception) {
    parsed.fields = { ...parsed.fields };
    if (version) parsed.fields.version = version[1];
    if (exception) parsed.fields.exception = exception;
  }
  return parsed;
}

/** The first line of Spring Boot's ASCII-art banner that is not indented (the others are). */
const SPRING_BANNER_RE = /^\( \( \)\\___ \|/;
/** logback's default console pattern (`%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg`): no date. */
const LOGBACK_TIME_ONLY_RE = /^\d{2}:\d{2}:\d{2}\.\d{3} \[[^\]]{0,200}\] (TRACE|DEBUG|INFO|WARN|ERROR) {1,2}(\S.*)$/;
const TIME_ONLY_LEVELS: Record<string, Level> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warning',
  ERROR: 'error',
};

/**
 * What the webapps print into catalina.out (their stdout and stderr): their logging framework's lines (log4j,
 * logback, Spring Boot — java-log's shapes), logback's date-less default, SLF4J's binding warnings, Spring Boot's
 * banner and indented text. Lines with a date are records of their own; the others continue the record above.
 * Anything else (a bare System.out.println) stays unclaimed.
 */
function webappLine(line: string): ParsedLine | null {
  const java = javaLog.parse(line);
  if (java) return java;
  if (line.startsWith('SLF4J: ')) return { program: 'slf4j', message: line, continuation: true };
  const timeOnly = LOGBACK_TIME_ONLY_RE.exec(line);
  if (timeOnly) return withMessageFields({ level: TIME_ONLY_LEVELS[timeOnly[1]], message: line, continuation: true });
  if (SPRING_BANNER_RE.test(line)) return { message: line, continuation: true };
  return null;
}

/** Tomcat's own lines (JULI, JUL, the JVM's), without what the webapps print. */
function parseTomcatOwn(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c >= 0x30 && c <= 0x39 && (m = ONE_LINE_RE.exec(line))) {
    const ts: LocalTime = {
      year: Number(m[3]),
      month: monthFromName(m[2]),
      day: Number(m[1]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
    if (m[7]) ts.ms = Number(m[7]);
    return withMessageFields({
      ts,
      level: LEVELS[m[8]],
      program: m[10],
      message: m[11],
      fields: { thread: m[9] },
    });
  }
  if ((m = HEADER_RE.exec(line))) {
    const hour12 = Number(m[4]) % 12;
    const parsed: ParsedLine = {
      ts: {
        year: Number(m[3]),
        month: monthFromName(m[1]),
        day: Number(m[2]),
        hour: m[7] === 'PM' ? hour12 + 12 : hour12,
        minute: Number(m[5]),
        second: Number(m[6]),
      },
      program: m[8],
      message: m[9] ? `${m[8]} ${m[9]}` : m[8],
    };
    if (m[9]) parsed.fields = { method: m[9] };
    return parsed;
  }
  if ((m = SECOND_LINE_RE.exec(line))) {
    return withMessageFields({ level: LEVELS[m[1]], message: m[2], continuation: true });
  }
  if (FRAME_RE.test(line)) return withMessageFields({ message: line.trim(), continuation: true });
  if (JASPER_EXCERPT_RE.test(line)) return { message: line, continuation: true };
  if (EXCEPTION_RE.test(line)) return withMessageFields({ level: 'error', message: line.trim(), continuation: true });
  if ((m = UNCAUGHT_RE.exec(line))) {
    return withMessageFields({ level: 'error', message: line, fields: { thread: m[1] } });
  }
  return null;
}

function parseTomcat(line: string): ParsedLine | null {
  return parseTomcatOwn(line) ?? webappLine(line);
}

function detectTomcat(sample: string[], path: string): number {
  let seen = 0;
  let stamped = 0;
  let ours = 0;
  for (const line of sample) {
    if (!line.trim()) continue;
    seen++;
    const own = parseTomcatOwn(line);
    if (own?.ts) stamped++;
    if (own || webappLine(line)) ours++;
  }
  // Frames alone (any JVM's stack traces), or a webapp's own logging, are not enough: a Tomcat stamp must be seen.
  if (seen === 0 || stamped === 0) return 0;
  return Math.min(1, (ours / seen) * 0.95 + (/catalina|tomcat/i.test(path) ? 0.05 : 0));
}

export const tomcatLog: LogFormat = {
  behaviour: {
    time: 'wall',
    multiline: true,
    requests: false,
    process: () => ({ source: 'tomcat-log' }),
    // JUL levels are in the scanner's facts; exception lines (level error by their shape) go to the parser.
    notableHints: [],
    scan: scanTomcatLog,
  },
  id: 'tomcat-log',
  detect: detectTomcat,
  parse: parseTomcat,
  samples: [
    'Oct 12, 2014 6:01:40 AM org.apache.catalina.startup.Catalina start',
    'INFO: Server startup in 1234 ms',
    'Mar 04, 2014 2:17:03 PM org.apache.catalina.startup.VersionLoggerListener log',
    'INFO: Server version: Apache Tomcat/7.0.52',
    'Oct 12, 2014 11:42:17 PM org.apache.tomcat.util.net.JIoEndpoint$Acceptor run',
    'SEVERE: Socket accept failed',
    'java.net.SocketException: Too many open files',
    '\tat java.net.PlainSocketImpl.socketAccept(Native Method)',
    '\tat java.net.AbstractPlainSocketImpl.accept(AbstractPlainSocketImpl.java:398)',
    'Oct 12, 2014 11:43:02 PM org.apache.catalina.core.StandardWrapperValve invoke',
    'SEVERE: Servlet.service() for servlet [dispatcher] in context with path [] threw exception [Handler processing failed; nested exception is java.lang.OutOfMemoryError: Java heap space] with root cause',
    'java.lang.OutOfMemoryError: Java heap space',
    'Oct 12, 2014 11:40:00 PM org.apache.tomcat.util.threads.ThreadPoolExecutor execute',
    'WARNING: Maximum number of threads (200) created for connector with address null and port 8080',
    '12-Oct-2014 06:01:40.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in 1234 ms',
    '12-Oct-2014 06:01:38.002 INFO [main] org.apache.catalina.startup.VersionLoggerListener.log Server version:        Apache Tomcat/8.0.14',
    '13-Oct-2014 02:11:09.554 SEVERE [http-nio-8080-Acceptor-0] org.apache.tomcat.util.net.NioEndpoint$Acceptor.run Socket accept failed',
    'Exception in thread "http-bio-8080-exec-117" java.lang.OutOfMemoryError: GC overhead limit exceeded',
    'Caused by: java.net.SocketException: Connection reset',
    '\t... 24 more',
  ],
};
