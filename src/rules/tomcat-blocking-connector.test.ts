import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './tomcat-blocking-connector.js';

// Every case carries a commented-out blocking connector: it must not count.
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

new RuleTester().run('tomcat-blocking-connector', rule, {
  valid: [
    {
      name: 'NIO (and a commented-out blocking connector)',
      files: {
        'conf/server.xml': SERVER('<Connector port="8080" protocol="org.apache.coyote.http11.Http11NioProtocol" />'),
      },
    },
    {
      name: 'HTTP/1.1 on Tomcat 9',
      files: { 'opt/tomcat9/conf/server.xml': SERVER('<Connector port="8080" protocol="HTTP/1.1" />') },
    },
  ],
  invalid: [
    {
      name: 'HTTP/1.1 in a Tomcat 7 install (seed 000, the Tomcat story)',
      files: {
        'opt/apache-tomcat-7.0.52/conf/server.xml': SERVER(
          '<Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000" redirectPort="8443" />',
        ),
      },
      findings: [
        {
          messageId: 'bio',
          severity: 'warning',
          locations: ['opt/apache-tomcat-7.0.52/conf/server.xml:5'],
          message: /Tomcat 7\.0\.52.*200 threads \+ 100 queued ≈ 300/s,
        },
      ],
    },
    {
      name: 'an explicit Http11Protocol',
      files: {
        'conf/server.xml': SERVER(
          '<Connector port="8080" protocol="org.apache.coyote.http11.Http11Protocol" maxThreads="400" acceptCount="50" />',
        ),
      },
      findings: [
        {
          messageId: 'bio',
          severity: 'warning',
          locations: ['conf/server.xml:5'],
          message: /400 threads \+ 50 queued ≈ 450/,
        },
      ],
    },
    {
      name: 'HTTP/1.1 with the Tomcat version unknown: info',
      files: { 'conf/server.xml': SERVER('<Connector port="8080" protocol="HTTP/1.1" />') },
      findings: [{ messageId: 'bio', severity: 'info', locations: ['conf/server.xml:5'], message: /if Tomcat ≤ 7/ }],
    },
  ],
});
