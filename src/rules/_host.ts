// Shared reading of host facts for the rules: process counts (src/stack/pm2.ts), open-file limits, kernel settings.
import type { SourceLoc } from '../model/setting.js';
import type { HostModel } from '../stack/stack.js';

export { type Count, pm2AppsFor, pm2Instances } from '../stack/pm2.js';

export interface FdLimit {
  soft: number;
  hard: number;
  describe: string;
  loc?: SourceLoc;
  /** Where it came from: decides how sure a finding can be. */
  source: 'process' | 'directive' | 'systemd' | 'limits' | 'default';
}

/** systemd's default for services: DefaultLimitNOFILE=1024:524288 since systemd 240 (systemd-system.conf(5)). */
export const SYSTEMD_DEFAULT_NOFILE = { soft: 1024, hard: 524288 };

/**
 * The open-file limit a service's processes get: a /proc/PID/limits snapshot of that process, else the
 * LimitNOFILE of its systemd unit, else limits.conf for its user (which applies to PAM login sessions
 * only — services started by systemd ignore it), else nothing known. `user` is a name or a pattern of names
 * (Debian's Tomcat user is `tomcat7`, `tomcat8`, or `tomcat` from Tomcat 9).
 */
export function serviceFdLimit(
  host: HostModel,
  unitPattern: RegExp,
  user?: string | RegExp,
  processPattern?: RegExp,
): FdLimit | undefined {
  const proc = processPattern
    ? host.processLimits.find((p) => processPattern.test(p.process) && p.nofileSoft !== undefined)
    : undefined;
  if (proc?.nofileSoft !== undefined) {
    return {
      soft: proc.nofileSoft,
      hard: proc.nofileHard ?? proc.nofileSoft,
      describe: `Max open files ${proc.nofileSoft} of the running ${proc.process} (${proc.loc.path})`,
      loc: proc.loc,
      source: 'process',
    };
  }
  const unit = host.systemdUnits.find((u) => unitPattern.test(u.unit) && u.limitNofile);
  if (unit?.limitNofile) {
    const v = unit.limitNofile.value;
    return {
      soft: v.soft,
      hard: v.hard,
      describe: `LimitNOFILE=${unit.limitNofile.raw ?? v.soft} in ${unit.unit}`,
      loc: unit.limitNofile.loc,
      source: 'systemd',
    };
  }
  if (host.systemdUnits.some((u) => unitPattern.test(u.unit))) {
    const u = host.systemdUnits.find((x) => unitPattern.test(x.unit));
    return {
      soft: SYSTEMD_DEFAULT_NOFILE.soft,
      hard: SYSTEMD_DEFAULT_NOFILE.hard,
      describe: `${u?.unit} sets no LimitNOFILE: systemd's default soft limit 1024 (DefaultLimitNOFILE, systemd-system.conf)`,
      loc: u?.loc,
      source: 'default',
    };
  }
  if (user) {
    const entries = host.limits.filter(
      (e) =>
        e.item === 'nofile' &&
        (e.domain === '*' || (typeof user === 'string' ? e.domain === user : user.test(e.domain))),
    );
    const pick = (t: 'soft' | 'hard') =>
      entries
        .filter((e) => e.type === t || e.type === '-')
        .sort((a, b) => (a.domain === '*' ? 1 : 0) - (b.domain === '*' ? 1 : 0))[0];
    const soft = pick('soft');
    const hard = pick('hard');
    if (soft || hard) {
      const e = soft ?? hard;
      return {
        soft: (soft ?? hard)?.value ?? Number.POSITIVE_INFINITY,
        hard: (hard ?? soft)?.value ?? Number.POSITIVE_INFINITY,
        describe: `${e?.domain} ${e?.type} nofile ${e?.value} in limits.conf (applies to login sessions; a systemd service ignores it)`,
        loc: e?.loc,
        source: 'limits',
      };
    }
  }
  return undefined;
}

/** A kernel setting's effective value on the host, if the input tells it. */
export function sysctl(host: HostModel, key: string) {
  return host.sysctl[key];
}
