import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { resolveIo, TOMCAT_DEFAULTS, tomcatParser, versionFromPath } from './tomcat.js';
import type { ConfigFS } from './types.js';

const ROOT = 'test/fixtures/config/tomcat';
const noFS: ConfigFS = { read: () => undefined, glob: () => [] };

function parseFixture(tree: string, path: string) {
  return tomcatParser.parse({ path, text: readFileSync(join(ROOT, tree, path), 'utf8'), fs: noFS });
}

function parseText(text: string, path = 'conf/server.xml') {
  return tomcatParser.parse({ path, text, fs: noFS });
}

test('stock Tomcat 7 server.xml: HTTP/1.1 on 8080 and AJP on 8009; commented connectors and executor do not count', () => {
  const path = 'opt/apache-tomcat-7.0.52/conf/server.xml';
  const out = parseFixture('stock-7', path);
  assert.deepEqual(out.issues, []);
  const { connectors, executors, version } = out.data;
  assert.equal(version?.value, '7.0.52');
  assert.equal(version?.raw, 'apache-tomcat-7.0.52');
  assert.deepEqual(executors, []);
  assert.deepEqual(
    connectors.map((c) => [c.port, c.loc.line]),
    [
      [8080, 70],
      [8009, 92],
    ],
  );
  const [http, ajp] = connectors;
  assert.equal(http.protocol.value, 'HTTP/1.1');
  assert.deepEqual(http.protocol.loc, { path, line: 70 });
  assert.equal(http.io, 'bio');
  assert.equal(http.connectionTimeout.value, 20_000);
  assert.deepEqual(http.connectionTimeout.loc, { path, line: 71 });
  // keepAliveTimeout follows connectionTimeout, and says so.
  assert.equal(http.keepAliveTimeout.value, 20_000);
  assert.equal(http.keepAliveTimeout.isDefault, true);
  assert.equal(http.keepAliveTimeout.inheritedFrom, 'connectionTimeout');
  assert.deepEqual(http.keepAliveTimeout.loc, { path, line: 71 });
  assert.equal(http.maxThreads.value, 200);
  assert.equal(http.maxThreads.isDefault, true);
  assert.equal(http.maxThreads.defaultSource, TOMCAT_DEFAULTS.maxThreads);
  // BIO: one thread per connection, so maxConnections defaults to maxThreads.
  assert.equal(http.maxConnections.value, 200);
  assert.equal(http.maxConnections.defaultSource, TOMCAT_DEFAULTS.maxConnectionsBio);
  assert.equal(http.acceptCount.value, 100);
  assert.equal(http.acceptCount.isDefault, true);
  assert.equal(ajp.protocol.value, 'AJP/1.3');
  assert.equal(ajp.io, 'ajp-bio');
  assert.equal(ajp.connectionTimeout.value, Number.POSITIVE_INFINITY);
  assert.equal(ajp.connectionTimeout.defaultSource, TOMCAT_DEFAULTS.ajpConnectionTimeout);
});

test("seed thread's Tomcat 7: BIO with maxThreads 200, maxConnections 10000 written, acceptCount 100", () => {
  const path = 'etc/tomcat7/server.xml';
  const out = parseFixture('seed-bio', path);
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.version?.value, '7');
  const [http, https] = out.data.connectors;
  assert.equal(http.port, 80);
  assert.equal(http.io, 'bio');
  assert.equal(http.maxThreads.value, 200);
  assert.deepEqual(http.maxThreads.loc, { path, line: 21 });
  assert.equal(http.maxConnections.value, 10_000);
  assert.equal(http.maxConnections.isDefault, false);
  assert.deepEqual(http.maxConnections.loc, { path, line: 21 });
  assert.equal(http.acceptCount.value, 100);
  assert.equal(http.acceptCount.isDefault, false);
  assert.deepEqual(http.acceptCount.loc, { path, line: 22 });
  assert.equal(https.port, 443);
  assert.equal(https.io, 'bio');
  assert.equal(https.loc.line, 26);
  assert.equal(https.connectionTimeout.value, 60_000);
  assert.equal(https.connectionTimeout.isDefault, true);
  // keystorePass is not a field the parser keeps.
  assert.ok(!JSON.stringify(out).includes('changeit'));
});

test('Tomcat 9: NIO connector on a shared Executor takes its thread limit from the executor', () => {
  const path = 'etc/tomcat9/server.xml';
  const out = parseFixture('nio-executor', path);
  assert.deepEqual(out.issues, []);
  const [pool] = out.data.executors;
  assert.equal(pool.name, 'tomcatThreadPool');
  assert.deepEqual(pool.loc, { path, line: 14 });
  assert.equal(pool.maxThreads.value, 400);
  assert.deepEqual(pool.maxThreads.loc, { path, line: 15 });
  assert.equal(pool.minSpareThreads.value, 20);
  assert.equal(out.data.connectors.length, 2);
  const [app, health] = out.data.connectors;
  assert.equal(app.executor, 'tomcatThreadPool');
  assert.equal(app.io, 'nio');
  assert.equal(app.port, 8080);
  assert.equal(app.loc.line, 17);
  assert.equal(app.maxThreads.value, 400);
  assert.equal(app.maxThreads.inheritedFrom, 'Executor tomcatThreadPool');
  assert.deepEqual(app.maxThreads.loc, { path, line: 15 });
  assert.equal(app.maxConnections.value, 10_000);
  assert.equal(app.maxConnections.defaultSource, TOMCAT_DEFAULTS.maxConnectionsNio);
  assert.equal(app.keepAliveTimeout.value, 15_000);
  assert.equal(app.keepAliveTimeout.isDefault, false);
  assert.equal(app.acceptCount.value, 200);
  // HTTP/1.1 on Tomcat 9 (path says tomcat9) resolves to NIO.
  assert.equal(health.io, 'nio');
  assert.equal(health.maxThreads.value, 10);
  assert.equal(health.connectionTimeout.value, 5000);
});

test('protocol resolution by class and by version', () => {
  assert.equal(resolveIo('org.apache.coyote.http11.Http11Protocol', undefined), 'bio');
  assert.equal(resolveIo('org.apache.coyote.http11.Http11NioProtocol', 'le7'), 'nio');
  assert.equal(resolveIo('org.apache.coyote.http11.Http11Nio2Protocol', undefined), 'nio2');
  assert.equal(resolveIo('org.apache.coyote.http11.Http11AprProtocol', undefined), 'apr');
  assert.equal(resolveIo('HTTP/1.1', undefined), 'auto');
  assert.equal(resolveIo('HTTP/1.1', 'le7'), 'bio');
  assert.equal(resolveIo('HTTP/1.1', 'ge8'), 'nio');
  assert.equal(resolveIo('HTTP/1.1', 'ge8', true), 'apr');
  assert.equal(resolveIo('AJP/1.3', 'ge8'), 'ajp-nio');
  assert.equal(resolveIo('org.apache.coyote.ajp.AjpProtocol', undefined), 'ajp-bio');
  assert.equal(versionFromPath('usr/share/tomcat8/conf/server.xml')?.value, '8');
  assert.equal(versionFromPath('opt/tomcat/conf/server.xml'), undefined);
});

test('version unknown: HTTP/1.1 is "auto", unless the file shows its generation (JasperListener is Tomcat ≤ 7)', () => {
  const bare = parseText('<Server port="8005"><Service name="Catalina"><Connector port="8080"/></Service></Server>');
  assert.deepEqual(bare.issues, []);
  const [c] = bare.data.connectors;
  assert.equal(c.protocol.isDefault, true);
  assert.equal(c.protocol.value, 'HTTP/1.1');
  assert.equal(c.io, 'auto');
  assert.equal(c.maxConnections.value, 10_000);
  assert.equal(c.maxConnections.defaultSource, TOMCAT_DEFAULTS.maxConnectionsAuto);
  assert.equal(c.connectionTimeout.value, 60_000);
  const old = parseText(
    '<Server>\n<Listener className="org.apache.catalina.core.JasperListener"/>\n<Service name="Catalina">\n<Connector port="8080" protocol="HTTP/1.1" maxThreads="50"/>\n</Service></Server>',
  );
  assert.equal(old.data.connectors[0].io, 'bio');
  assert.equal(old.data.connectors[0].maxConnections.value, 50);
});

test('malformed XML: an issue with the line, connectors still read from their tags', () => {
  const text = [
    '<Server port="8005">',
    '  <Service name="Catalina">',
    '    <Connector port="8080" protocol="HTTP/1.1" maxThreads="lots"',
    '               connectionTimeout="20s" />',
    '    <Connector port="8009" protocol="AJP/1.3" />',
    '  </Service>',
    '</Servr>',
  ].join('\n');
  const out = parseText(text);
  const lines = out.issues.map((i) => i.line).sort((a, b) => a - b);
  assert.deepEqual(lines, [3, 4, 7]);
  assert.ok(out.issues.some((i) => i.line === 7 && /not well-formed XML/.test(i.message)));
  assert.ok(out.issues.some((i) => i.line === 3 && /maxThreads: expected a whole number, got "lots"/.test(i.message)));
  assert.deepEqual(
    out.data.connectors.map((c) => c.port),
    [8080, 8009],
  );
  assert.equal(out.data.connectors[0].maxThreads.isDefault, true);
});

test('an executor reference that matches no <Executor> is an issue; -1 means unlimited', () => {
  const out = parseText(
    '<Server>\n<Service name="C">\n<Connector port="8080" executor="pool" maxConnections="-1" connectionTimeout="-1"/>\n</Service>\n</Server>',
  );
  assert.deepEqual(out.issues, [
    { path: 'conf/server.xml', line: 3, message: 'executor "pool" is not defined by any <Executor name="…">' },
  ]);
  const [c] = out.data.connectors;
  assert.equal(c.maxConnections.value, Number.POSITIVE_INFINITY);
  assert.equal(c.connectionTimeout.value, Number.POSITIVE_INFINITY);
  assert.equal(c.maxThreads.value, 200);
});

test('detect: <Server> with <Connector> is tomcat; other XML is not', () => {
  const stock = readFileSync(join(ROOT, 'stock-7/opt/apache-tomcat-7.0.52/conf/server.xml'), 'utf8');
  assert.ok(tomcatParser.detect('/opt/apache-tomcat-7.0.52/conf/server.xml', stock) >= 0.9);
  assert.ok(tomcatParser.detect('/srv/x.xml', stock) >= 0.9);
  assert.ok(tomcatParser.detect('/etc/tomcat9/web.xml', '<web-app><servlet/></web-app>') < 0.5);
  assert.ok(tomcatParser.detect('/etc/x/server.xml', '<!-- <Server><Connector/></Server> -->') < 0.5);
});

test('parse never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), (text) => {
      assert.ok(Array.isArray(parseText(text).issues));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.constantFrom(
          '<Server>',
          '</Server>',
          '<Connector port="1"',
          '/>',
          '<!--',
          '-->',
          '<Executor name="a"/>',
          '<![CDATA[',
          "'",
          '"',
          '>',
          '<Connector executor="a">',
        ),
        { maxLength: 30 },
      ),
      (parts) => {
        parseText(parts.join('\n'));
      },
    ),
  );
});

test("Debian's Tomcat 10 server.xml (tomcat10 10.1): one NIO connector on 8080, version 10 from /etc/tomcat10", () => {
  const out = parseFixture('debian-10', 'etc/tomcat10/server.xml');
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.version?.value, '10');
  assert.deepEqual(
    out.data.connectors.map((c) => [c.port, c.loc.line, c.io, c.maxThreads.value, c.connectionTimeout.value]),
    [[8080, 70, 'nio', 200, 20_000]],
  );
});

test('the server.xml Tomcat 10.1 ran with in the lab: NIO on 127.0.0.1, maxThreads and the timeout as written', () => {
  const out = parseFixture('lab-tomcat10', 'etc/tomcat10/server.xml');
  assert.deepEqual(out.issues, []);
  assert.equal(out.data.version?.value, '10');
  const [c] = out.data.connectors;
  assert.equal(out.data.connectors.length, 1);
  assert.deepEqual([c.loc.line, c.io, c.protocol.value], [10, 'nio', 'HTTP/1.1']);
  assert.deepEqual([c.maxThreads.value, c.maxThreads.isDefault], [200, false]);
  assert.deepEqual([c.connectionTimeout.value, c.connectionTimeout.loc?.line], [20_000, 11]);
  // Unwritten: acceptCount 100 and keepAliveTimeout = connectionTimeout, both marked as defaults.
  assert.deepEqual([c.acceptCount.value, c.acceptCount.isDefault], [100, true]);
  assert.deepEqual([c.keepAliveTimeout.value, c.keepAliveTimeout.isDefault], [20_000, true]);
  assert.ok(c.port && c.port > 1024);
});
