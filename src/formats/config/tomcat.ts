// Tomcat server.xml: every <Connector> and <Executor> with its effective thread and connection limits
// (Tomcat Configuration Reference: "The HTTP Connector", "The AJP Connector", "The Executor").
//
// Sample (the seed thread's Tomcat 7, /etc/tomcat7/server.xml):
//
//   <Connector port="80" protocol="HTTP/1.1" maxThreads="200" maxConnections="10000"
//              connectionTimeout="20000" redirectPort="443" />
//
// → io "bio" (HTTP/1.1 on Tomcat 7 without APR is the blocking connector: one thread per connection),
//   maxThreads 200, maxConnections 10000 as written, acceptCount 100 by default.
//
// fast-xml-parser gives no line numbers, so start tags are also found by scanning the text (outside
// comments and CDATA) and matched to the parsed elements in document order.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ParseIssue, Setting, SourceLoc } from '../../model/setting.js';
import { byDefault } from '../../model/setting.js';
import { tomcatDuration } from '../../model/units.js';
import type { ConfigParser, TomcatConfig, TomcatConnector, TomcatExecutor } from './types.js';

const HTTP_DOC = 'Tomcat Configuration Reference, The HTTP Connector';
const AJP_DOC = 'Tomcat Configuration Reference, The AJP Connector';

export const TOMCAT_DEFAULTS = {
  protocol: `${HTTP_DOC}: protocol default "HTTP/1.1"`,
  maxThreads: `${HTTP_DOC}: maxThreads default 200`,
  acceptCount: `${HTTP_DOC}: acceptCount default 100`,
  connectionTimeout: `${HTTP_DOC}: connectionTimeout default 60000 ms (the stock server.xml writes 20000)`,
  ajpConnectionTimeout: `${AJP_DOC}: connectionTimeout default -1 (no timeout)`,
  keepAliveTimeout: `${HTTP_DOC}: keepAliveTimeout defaults to the connectionTimeout value`,
  maxConnectionsBio: `${HTTP_DOC} (Tomcat 7): maxConnections for BIO defaults to maxThreads (the Executor's when one is used)`,
  maxConnectionsNio: `${HTTP_DOC} (Tomcat 7-9): maxConnections for NIO and NIO2 default 10000`,
  maxConnectionsApr: `${HTTP_DOC} (Tomcat 7-9): maxConnections for APR/native default 8192`,
  maxConnectionsAuto: `${HTTP_DOC}: maxConnections default 10000 for NIO (Tomcat 8+); Tomcat version unknown, on Tomcat 7 with BIO it would be maxThreads`,
  executorMaxThreads: 'Tomcat Configuration Reference, The Executor: maxThreads default 200',
  executorMinSpareThreads: 'Tomcat Configuration Reference, The Executor: minSpareThreads default 25',
} as const;

type Attrs = Record<string, string>;
type Tag = { name: 'Connector' | 'Executor' | 'Listener'; offset: number; line: number; text: string };

export const tomcatParser: ConfigParser<TomcatConfig> = {
  id: 'tomcat',
  detect(path, sample) {
    const body = stripComments(sample);
    // The root element: server.xml is a <Server> document; code or prose quoting one is not.
    const server = /^\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!DOCTYPE[^>]{0,500}>\s*)?<Server[\s>]/.test(body);
    const connector = /<Connector[\s/>]/.test(body);
    const service = /<Service[\s>]/.test(body);
    const byName = /(^|\/)server\.xml$/.test(path);
    if (server && connector) return 0.95;
    if (server && service) return 0.85;
    if (connector && byName) return 0.85;
    if (server && byName && /catalina|tomcat/i.test(sample)) return 0.7;
    return 0;
  },
  parse({ path, text }) {
    const issues: ParseIssue[] = [];
    const tags = scanTags(text);
    const version = versionFromPath(path);
    const parsed = parsedAttributes(text, path, issues);

    const attrsOf = (kind: Tag['name']) => {
      const scanned = tags.filter((t) => t.name === kind);
      const fromParser = parsed?.[kind];
      if (fromParser && fromParser.length !== scanned.length) {
        issues.push({
          path,
          line: 1,
          message: `found ${scanned.length} <${kind}> tags but the XML parser saw ${fromParser.length}`,
        });
      }
      return scanned.map((tag, i) => ({ tag, attrs: fromParser?.[i] ?? tagAttributes(tag.text) }));
    };

    const listeners = attrsOf('Listener').map((l) => l.attrs);
    const generation = tomcatGeneration(version?.value, text);
    const useAprConnector = listeners.some(
      (l) => /AprLifecycleListener$/.test(l.className ?? '') && l.useAprConnector === 'true',
    );

    const executors: TomcatExecutor[] = attrsOf('Executor').map(({ tag, attrs }) => {
      const at = attrLoc(path, tag);
      return {
        name: attrs.name ?? '',
        loc: { path, line: tag.line },
        maxThreads: intAttr(attrs, 'maxThreads', at, issues) ?? byDefault(200, TOMCAT_DEFAULTS.executorMaxThreads),
        minSpareThreads:
          intAttr(attrs, 'minSpareThreads', at, issues) ?? byDefault(25, TOMCAT_DEFAULTS.executorMinSpareThreads),
      };
    });

    const connectors: TomcatConnector[] = attrsOf('Connector').map(({ tag, attrs }) => {
      const at = attrLoc(path, tag);
      const protocol: Setting<string> =
        attrs.protocol !== undefined
          ? { value: attrs.protocol, raw: attrs.protocol, loc: at('protocol'), isDefault: false }
          : byDefault('HTTP/1.1', TOMCAT_DEFAULTS.protocol);
      const io = resolveIo(protocol.value, generation, useAprConnector);
      const isAjp = io === 'ajp-bio' || io === 'ajp-nio' || protocol.value.toUpperCase().startsWith('AJP');

      const executor = attrs.executor !== undefined ? executors.find((e) => e.name === attrs.executor) : undefined;
      if (attrs.executor !== undefined && !executor) {
        issues.push({
          ...at('executor'),
          message: `executor "${attrs.executor}" is not defined by any <Executor name="…">`,
        });
      }
      // With an executor, the connector's own thread attributes are ignored (HTTP Connector docs, "executor").
      const maxThreads: Setting<number> = executor
        ? {
            ...executor.maxThreads,
            inheritedFrom: `Executor ${executor.name}`,
            loc: executor.maxThreads.loc ?? executor.loc,
          }
        : (intAttr(attrs, 'maxThreads', at, issues) ?? byDefault(200, TOMCAT_DEFAULTS.maxThreads));

      const connectionTimeout =
        timeAttr(attrs, 'connectionTimeout', at, issues) ??
        (isAjp
          ? byDefault(Number.POSITIVE_INFINITY, TOMCAT_DEFAULTS.ajpConnectionTimeout)
          : byDefault(60_000, TOMCAT_DEFAULTS.connectionTimeout));
      const keepAliveTimeout: Setting<number> = timeAttr(attrs, 'keepAliveTimeout', at, issues) ?? {
        value: connectionTimeout.value,
        raw: connectionTimeout.raw,
        loc: connectionTimeout.loc,
        isDefault: true,
        defaultSource: TOMCAT_DEFAULTS.keepAliveTimeout,
        inheritedFrom: 'connectionTimeout',
      };

      const written = intAttr(attrs, 'maxConnections', at, issues, true);
      const maxConnections = written ?? defaultMaxConnections(io, maxThreads);

      const connector: TomcatConnector = {
        loc: { path, line: tag.line },
        protocol,
        io,
        maxThreads,
        maxConnections,
        acceptCount: intAttr(attrs, 'acceptCount', at, issues) ?? byDefault(100, TOMCAT_DEFAULTS.acceptCount),
        connectionTimeout,
        keepAliveTimeout,
      };
      if (attrs.port !== undefined) {
        // "${http.port}" placeholders come from catalina.properties: the port is then unknown here.
        if (/^\d+$/.test(attrs.port)) connector.port = Number(attrs.port);
        else if (!attrs.port.includes('${'))
          issues.push({ ...at('port'), message: `port: expected a TCP port number, got "${clip(attrs.port)}"` });
      }
      if (attrs.executor !== undefined) connector.executor = attrs.executor;
      return connector;
    });

    const data: TomcatConfig = { connectors, executors };
    if (version) data.version = version;
    return { data, issues, consumed: [] };
  },
  listeners(data) {
    return data.connectors.flatMap((c) =>
      c.port === undefined ? [] : [{ role: 'tomcat', name: 'connector', port: c.port }],
    );
  },
};

/**
 * What "HTTP/1.1" and "AJP/1.3" resolve to. Tomcat ≤ 7: the blocking Java connector (BIO) unless the APR
 * native library is installed; Tomcat 8.0: NIO unless APR is installed; 8.5 and 9: NIO unless the
 * AprLifecycleListener says useAprConnector="true" (HTTP Connector docs, "protocol"). Whether the native
 * library is installed cannot be seen in server.xml, so ≤ 7 resolves to the Java connector.
 */
export function resolveIo(
  protocol: string,
  generation: 'le7' | 'ge8' | undefined,
  useAprConnector = false,
): TomcatConnector['io'] {
  const p = protocol.trim();
  const byClass: Record<string, TomcatConnector['io']> = {
    'org.apache.coyote.http11.Http11Protocol': 'bio',
    'org.apache.coyote.http11.Http11NioProtocol': 'nio',
    'org.apache.coyote.http11.Http11Nio2Protocol': 'nio2',
    'org.apache.coyote.http11.Http11AprProtocol': 'apr',
    'org.apache.coyote.ajp.AjpProtocol': 'ajp-bio',
    'org.apache.coyote.ajp.AjpNioProtocol': 'ajp-nio',
    // NIO2 and APR AJP connectors are non-blocking too: a thread is not held by an idle connection.
    'org.apache.coyote.ajp.AjpNio2Protocol': 'ajp-nio',
    'org.apache.coyote.ajp.AjpAprProtocol': 'ajp-nio',
  };
  if (byClass[p]) return byClass[p];
  if (p.toUpperCase() === 'HTTP/1.1') {
    if (generation === 'le7') return 'bio';
    if (generation === 'ge8') return useAprConnector ? 'apr' : 'nio';
    return 'auto';
  }
  if (p.toUpperCase() === 'AJP/1.3') {
    if (generation === 'le7') return 'ajp-bio';
    if (generation === 'ge8') return 'ajp-nio';
    return 'auto';
  }
  return 'auto';
}

function defaultMaxConnections(io: TomcatConnector['io'], maxThreads: Setting<number>): Setting<number> {
  if (io === 'bio' || io === 'ajp-bio') return byDefault(maxThreads.value, TOMCAT_DEFAULTS.maxConnectionsBio);
  if (io === 'apr') return byDefault(8192, TOMCAT_DEFAULTS.maxConnectionsApr);
  if (io === 'auto') return byDefault(10_000, TOMCAT_DEFAULTS.maxConnectionsAuto);
  return byDefault(10_000, TOMCAT_DEFAULTS.maxConnectionsNio);
}

/** Tomcat version from an install path: /opt/apache-tomcat-7.0.52/conf, /etc/tomcat7/, /usr/share/tomcat8. */
export function versionFromPath(path: string): Setting<string> | undefined {
  const m = /(?:^|\/)(apache-tomcat-(\d+(?:\.\d+)*)|tomcat-?(\d+(?:\.\d+)*))(?:\/|$)/i.exec(path);
  if (!m) return undefined;
  return { value: m[2] ?? m[3], raw: m[1], isDefault: false };
}

/**
 * Which side of the Tomcat 8 change (HTTP/1.1 no longer BIO) this server.xml is on: from the version in the
 * path, else from what only one side's stock file contains (JasperListener was removed in Tomcat 8;
 * <SSLHostConfig> and <UpgradeProtocol> arrived in 8.5).
 */
function tomcatGeneration(version: string | undefined, text: string): 'le7' | 'ge8' | undefined {
  if (version) return Number(version.split('.')[0]) <= 7 ? 'le7' : 'ge8';
  const body = stripComments(text);
  if (/<Listener[^<>]*className="org\.apache\.catalina\.core\.JasperListener"/.test(body)) return 'le7';
  if (/<(SSLHostConfig|UpgradeProtocol)[\s>]/.test(body)) return 'ge8';
  return undefined;
}

/** Start tags of interest, outside comments, CDATA and processing instructions, in document order. */
function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  const re =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<(Connector|Executor|Listener)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>?/g;
  let line = 1;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    if (!m[1]) continue;
    line += countNewlines(text, last, m.index);
    last = m.index;
    tags.push({ name: m[1] as Tag['name'], offset: m.index, line, text: m[0] });
  }
  return tags;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Attributes of Connector, Executor and Listener elements as fast-xml-parser reads them, in document order. */
function parsedAttributes(text: string, path: string, issues: ParseIssue[]): Record<Tag['name'], Attrs[]> | undefined {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    issues.push({ path, line: valid.err.line || 1, message: `not well-formed XML: ${valid.err.msg}` });
    return undefined;
  }
  let tree: unknown;
  try {
    tree = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      preserveOrder: true,
      parseAttributeValue: false,
      allowBooleanAttributes: true,
      processEntities: true,
    }).parse(text);
  } catch (err) {
    issues.push({ path, line: 1, message: `not well-formed XML: ${err instanceof Error ? err.message : String(err)}` });
    return undefined;
  }
  const out: Record<Tag['name'], Attrs[]> = { Connector: [], Executor: [], Listener: [] };
  const walk = (nodes: unknown) => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes) {
      if (!node || typeof node !== 'object') continue;
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (key === ':@') continue;
        if (key === 'Connector' || key === 'Executor' || key === 'Listener') {
          const attrs = (record[':@'] ?? {}) as Record<string, unknown>;
          out[key].push(Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])));
        }
        walk(record[key]);
      }
    }
  };
  walk(tree);
  return out;
}

/** Attributes read straight from a start tag, for when the document as a whole is not well-formed. */
function tagAttributes(tagText: string): Attrs {
  const attrs: Attrs = Object.create(null);
  for (const m of tagText.matchAll(/(?:^|[^\w.:-])([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs[m[1]] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

function decodeEntities(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? '',
  );
}

/** file:line of an attribute inside a (possibly multi-line) start tag. */
function attrLoc(path: string, tag: Tag): (attr: string) => SourceLoc {
  return (attr) => {
    const i = tag.text.search(new RegExp(`\\s${attr}\\s*=`));
    return { path, line: tag.line + (i < 0 ? 0 : countNewlines(tag.text, 0, i + 1)) };
  };
}

function intAttr(
  attrs: Attrs,
  name: string,
  at: (attr: string) => SourceLoc,
  issues: ParseIssue[],
  minusOneIsUnlimited = false,
): Setting<number> | undefined {
  const raw = attrs[name];
  if (raw === undefined) return undefined;
  const v = raw.trim();
  if (minusOneIsUnlimited && v === '-1')
    return { value: Number.POSITIVE_INFINITY, raw, loc: at(name), isDefault: false };
  if (!/^\d+$/.test(v)) {
    if (!v.includes('${'))
      issues.push({ ...at(name), message: `${name}: expected a whole number, got "${clip(raw)}"` });
    return undefined;
  }
  return { value: Number(v), raw, loc: at(name), isDefault: false };
}

function timeAttr(
  attrs: Attrs,
  name: string,
  at: (attr: string) => SourceLoc,
  issues: ParseIssue[],
): Setting<number> | undefined {
  const raw = attrs[name];
  if (raw === undefined) return undefined;
  // -1 means no timeout for both connectionTimeout and keepAliveTimeout.
  const value = raw.trim() === '-1' ? Number.POSITIVE_INFINITY : tomcatDuration(raw);
  if (value === null || value < 0) {
    if (!raw.includes('${'))
      issues.push({ ...at(name), message: `${name}: expected milliseconds, got "${clip(raw)}"` });
    return undefined;
  }
  return { value, raw, loc: at(name), isDefault: false };
}

function stripComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '');
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
