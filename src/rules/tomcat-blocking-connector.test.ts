import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFiles, findingsOf, where } from '../../test/helpers/audit-fixture.js';

const ID = 'tomcat-blocking-connector';
const SERVER = (connector: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <!-- <Connector port="9090" protocol="org.apache.coyote.http11.Http11Protocol" /> -->
    ${connector}
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true" />
    </Engine>
  </Service>
</Server>
`;

test('fires on HTTP/1.1 in a Tomcat 7 install (seed 000, the Tomcat story)', () => {
  const f = findingsOf(
    auditFiles({
      'opt/apache-tomcat-7.0.52/conf/server.xml': SERVER(
        '<Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000" redirectPort="8443" />',
      ),
    }),
    ID,
  );
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'warning');
  assert.deepEqual(where(f), ['opt/apache-tomcat-7.0.52/conf/server.xml:5']);
  assert.match(f[0].message, /Tomcat 7\.0\.52.*200 threads \+ 100 queued ≈ 300/s);
});

test('fires on an explicit Http11Protocol; info when the version is unknown', () => {
  const explicit = findingsOf(
    auditFiles({
      'conf/server.xml': SERVER(
        '<Connector port="8080" protocol="org.apache.coyote.http11.Http11Protocol" maxThreads="400" acceptCount="50" />',
      ),
    }),
    ID,
  );
  assert.equal(explicit[0].severity, 'warning');
  assert.match(explicit[0].message, /400 threads \+ 50 queued ≈ 450/);
  const unknown = findingsOf(
    auditFiles({ 'conf/server.xml': SERVER('<Connector port="8080" protocol="HTTP/1.1" />') }),
    ID,
  );
  assert.equal(unknown[0].severity, 'info');
  assert.match(unknown[0].message, /if Tomcat ≤ 7/);
});

test('does not fire on NIO, or HTTP/1.1 on Tomcat 9, or a commented-out connector', () => {
  assert.deepEqual(
    findingsOf(
      auditFiles({
        'conf/server.xml': SERVER('<Connector port="8080" protocol="org.apache.coyote.http11.Http11NioProtocol" />'),
      }),
      ID,
    ),
    [],
  );
  assert.deepEqual(
    findingsOf(
      auditFiles({ 'opt/tomcat9/conf/server.xml': SERVER('<Connector port="8080" protocol="HTTP/1.1" />') }),
      ID,
    ).filter((x) => x.severity !== 'info'),
    [],
  );
});
