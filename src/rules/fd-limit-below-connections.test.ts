import { RuleTester } from '../../test/helpers/rule-tester.js';
import rule from './fd-limit-below-connections.js';

const NGINX = 'user www-data;\nworker_processes auto;\nevents {\n    worker_connections 4096;\n}\nhttp {\n}\n';

new RuleTester().run('fd-limit-below-connections', rule, {
  valid: [
    {
      name: 'worker_rlimit_nofile gives nginx its own limit',
      files: {
        'etc/nginx/nginx.conf': `worker_rlimit_nofile 16384;\n${NGINX}`,
        'etc/systemd/system/nginx.service': '[Service]\nLimitNOFILE=4096\n',
      },
    },
  ],
  invalid: [
    {
      name: 'nginx worker_connections × 2 above the unit’s LimitNOFILE',
      files: {
        'etc/nginx/nginx.conf': NGINX,
        'etc/systemd/system/nginx.service':
          '[Unit]\nDescription=nginx\n\n[Service]\nExecStart=/usr/sbin/nginx\nLimitNOFILE=4096\n',
      },
      findings: [
        {
          messageId: 'over',
          severity: 'error',
          locations: ['etc/nginx/nginx.conf:4', 'etc/systemd/system/nginx.service:6'],
          message: /8192 open files.*limit is 4096/s,
        },
      ],
    },
    {
      name: 'Tomcat from a /proc/PID/limits snapshot (seed 000)',
      files: {
        'opt/tomcat/conf/server.xml':
          '<Server port="8005" shutdown="SHUTDOWN">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="org.apache.coyote.http11.Http11NioProtocol" maxConnections="10000" />\n  </Service>\n</Server>\n',
        'proc/2817/limits': `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            4096                 4096                 files
Max processes             63445                63445                processes
`,
        'proc/2817/comm': 'java\n',
      },
      companions: ['proc/2817/comm'],
      findings: [
        {
          messageId: 'over',
          locations: ['opt/tomcat/conf/server.xml:3', 'proc/2817/limits:3'],
          message: /10100 open files.*limit is 4096/s,
        },
      ],
    },
    {
      name: 'limits.conf of Debian’s Tomcat 8 user (tomcat8) is matched to Tomcat',
      files: {
        'etc/tomcat8/server.xml':
          '<Server port="8005" shutdown="SHUTDOWN">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1" maxConnections="10000" />\n  </Service>\n</Server>\n',
        'etc/security/limits.conf': 'tomcat8 soft nofile 4096\ntomcat8 hard nofile 8192\n',
      },
      findings: [
        {
          messageId: 'over',
          severity: 'warning',
          locations: ['etc/tomcat8/server.xml:3', 'etc/security/limits.conf:1'],
          message: /tomcat8 soft nofile 4096/,
        },
      ],
    },
    {
      name: 'limits.conf gives a warning only: services started by systemd ignore it',
      files: {
        'etc/nginx/nginx.conf': NGINX,
        'etc/security/limits.conf': 'www-data soft nofile 1024\nwww-data hard nofile 4096\n',
      },
      findings: [
        { messageId: 'over', severity: 'warning', locations: ['etc/nginx/nginx.conf:4', 'etc/security/limits.conf:1'] },
      ],
    },
  ],
});
