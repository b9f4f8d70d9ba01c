// Tomcat 10.1 (Debian's tomcat10) run from its CATALINA_HOME, /usr/share/tomcat10, with a CATALINA_BASE laid out
// as Debian lays out /var/lib/tomcat10: conf → /etc/tomcat10, logs → /var/log/tomcat10, the webapps beside them.
// `catalina.sh run` keeps it in the foreground (what Debian's tomcat-start.sh execs under systemd).
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lib/context.js';
import { REPO_ROOT } from '../lib/context.js';
import { type Started, start, waitListening } from '../lib/procs.js';

const HOME = '/usr/share/tomcat10';
const BASE = '/var/lib/tomcat10';

export interface TomcatOptions {
  port: number;
  /** The JVM's options as /etc/default/tomcat10 sets them (JAVA_OPTS), e.g. a small -Xmx. */
  javaOpts: string;
  maxThreads?: number;
}

/** server.xml as Debian ships it, trimmed to what runs: one HTTP connector on 127.0.0.1, the access log valve. */
export function tomcatServerXml(o: TomcatOptions): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- /etc/tomcat10/server.xml (Debian's, comments and the commented-out connectors removed) -->
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
  <Listener className="org.apache.catalina.core.AprLifecycleListener" />
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener" />

  <Service name="Catalina">
    <Connector port="${o.port}" address="127.0.0.1" protocol="HTTP/1.1"
               connectionTimeout="20000"
               maxThreads="${o.maxThreads ?? 200}"
               redirectPort="8443"
               maxParameterCount="1000"
               />

    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost"  appBase="webapps"
            unpackWARs="true" autoDeploy="false">
        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs"
               prefix="localhost_access_log" suffix=".txt"
               pattern="%h %l %u %t &quot;%r&quot; %s %b" />
      </Host>
    </Engine>
  </Service>
</Server>
`;
}

/** Debian's jars of SLF4J and logback (libslf4j-java, liblogback-java), which the webapp logs its own lines with. */
const WEBAPP_JARS = ['slf4j-api', 'logback-core', 'logback-classic'];

/** Copies a webapp from lab/apps/<app>/ROOT into the base's webapps/ROOT, with Debian's logging jars in
 * WEB-INF/lib (copied: Tomcat does not follow links out of a webapp). */
export function installWebapp(ctx: LabContext, app: string): void {
  const dir = ctx.p(`${BASE}/webapps/ROOT`);
  mkdirSync(`${dir}/WEB-INF/lib`, { recursive: true });
  cpSync(join(REPO_ROOT, 'lab/apps', app, 'ROOT'), dir, { recursive: true });
  for (const jar of WEBAPP_JARS) cpSync(`/usr/share/java/${jar}.jar`, `${dir}/WEB-INF/lib/${jar}.jar`);
}

export async function startTomcat(ctx: LabContext, o: TomcatOptions): Promise<Started> {
  // Debian's conf files (logging.properties with its two JULI file handlers, web.xml, context.xml) unchanged.
  mkdirSync(ctx.p('/etc/tomcat10'), { recursive: true });
  for (const f of ['catalina.properties', 'context.xml', 'jaspic-providers.xml', 'logging.properties', 'web.xml'])
    cpSync(`${HOME}/etc/${f}`, ctx.p(`/etc/tomcat10/${f}`));
  ctx.write('/etc/tomcat10/server.xml', tomcatServerXml(o));
  ctx.write('/etc/tomcat10/tomcat-users.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<tomcat-users/>\n');
  ctx.write('/etc/default/tomcat10', `# Debian's defaults file for the tomcat10 service\nJAVA_OPTS="${o.javaOpts}"\n`);
  for (const d of ['/var/log/tomcat10', '/var/cache/tomcat10', `${BASE}/webapps`, `${BASE}/temp`])
    mkdirSync(ctx.p(d), { recursive: true });
  symlinkSync(ctx.p('/etc/tomcat10'), ctx.p(`${BASE}/conf`));
  symlinkSync(ctx.p('/var/log/tomcat10'), ctx.p(`${BASE}/logs`));
  symlinkSync(ctx.p('/var/cache/tomcat10'), ctx.p(`${BASE}/work`));
  const base = ctx.p(BASE);
  // Under systemd, stdout goes to the journal (SyslogIdentifier=tomcat10); the JULI files hold the same records.
  const proc = start('tomcat', `${HOME}/bin/catalina.sh`, ['run'], {
    log: `${ctx.tmp}/stdio/tomcat.log`,
    cwd: base,
    env: {
      ...process.env,
      CATALINA_HOME: HOME,
      CATALINA_BASE: base,
      CATALINA_TMPDIR: ctx.p(`${BASE}/temp`),
      JAVA_OPTS: o.javaOpts,
    },
  });
  await waitListening(o.port, 'tomcat', 30000, proc);
  ctx.log(`tomcat pid ${proc.pid} on 127.0.0.1:${o.port} (${o.javaOpts})`);
  return proc;
}
